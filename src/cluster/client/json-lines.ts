// A watch stream's body: one JSON document per line, arriving in chunks that may end anywhere —
// mid-line, or mid-character (the caller decodes bytes with setEncoding('utf8'), which holds a
// split character back until its remaining bytes arrive).

export class JsonLineDecoder {
  private buffered = '';

  /** The complete lines in `chunk` (with what was held back before it), parsed; the rest is held. */
  push(chunk: string): unknown[] {
    this.buffered += chunk;
    const values: unknown[] = [];
    let start = 0;
    for (let newline = this.buffered.indexOf('\n', start); newline >= 0; newline = this.buffered.indexOf('\n', start)) {
      const line = this.buffered.slice(start, newline);
      start = newline + 1;
      if (line.trim() !== '') values.push(parseLine(line));
    }
    this.buffered = this.buffered.slice(start);
    return values;
  }

  /** The stream ended: a last line without its newline, if any. */
  end(): unknown[] {
    const rest = this.buffered;
    this.buffered = '';
    return rest.trim() === '' ? [] : [parseLine(rest)];
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new SyntaxError(`a watch event that is not JSON: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`);
  }
}
