// Container logs as conmon writes them (the CRI "k8s-file" format, one line per chunk):
//   2026-11-21T23:40:44.672932963+00:00 stdout F hello
// F ends a line; P is a partial line (no newline yet). Reading supports what `docker logs`
// does: --since/--until, --tail, and following a running container until it exits.
import { watch, promises as fsp } from 'node:fs';
import { errnoCode } from '../../util/errors.ts';

export interface LogEntry {
  /** RFC 3339 with nanoseconds, UTC ("…Z"), as Docker prints with --timestamps. */
  timestamp: string;
  /** Seconds since the epoch (fractional), for --since/--until. */
  seconds: number;
  stream: 'stdout' | 'stderr';
  /** The chunk, with its newline unless it was a partial line. */
  content: Buffer;
}

const linePattern = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d) (stdout|stderr) ([PF]) ?/;

export function parseLogLine(line: Buffer): LogEntry | undefined {
  const head = line.subarray(0, 80).toString('latin1');
  const match = linePattern.exec(head);
  if (!match) return undefined;
  const [prefix, base, fraction = '', zone, stream, tag] = match as unknown as [string, string, string | undefined, string, 'stdout' | 'stderr', string];
  const wholeSeconds = Date.parse(`${base}${zone}`) / 1000;
  const nanos = (fraction.slice(1) + '000000000').slice(0, 9);
  const utc = new Date(wholeSeconds * 1000).toISOString().slice(0, 19);
  const body = line.subarray(Buffer.byteLength(prefix, 'latin1'));
  return {
    timestamp: `${utc}.${nanos}Z`,
    seconds: wholeSeconds + Number(nanos) / 1e9,
    stream,
    content: tag === 'F' ? Buffer.concat([body, Buffer.from('\n')]) : body,
  };
}

export interface ReadLogOptions {
  since?: number;
  until?: number;
  /** Only the last N entries of what is already written. */
  tail?: number;
  follow?: boolean;
  /** When following: resolves when no more output can come (the container stopped). */
  stopped?: Promise<unknown>;
  /** Ends the read early (the client went away). */
  signal?: AbortSignal;
}

function selected(entry: LogEntry, options: ReadLogOptions): boolean {
  if (options.since !== undefined && entry.seconds < options.since) return false;
  if (options.until !== undefined && entry.seconds > options.until) return false;
  return true;
}

/** Splits bytes into lines, keeping an unfinished last line for the next chunk. */
class LineSplitter {
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: Buffer[] = [];
    let start = 0;
    let newline: number;
    while ((newline = data.indexOf(10, start)) >= 0) {
      lines.push(data.subarray(start, newline));
      start = newline + 1;
    }
    this.rest = Buffer.from(data.subarray(start));
    return lines;
  }
}

async function readFrom(file: string, position: number): Promise<{ data: Buffer; position: number }> {
  let handle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { data: Buffer.alloc(0), position };
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size < position) position = 0; // truncated
    const data = Buffer.alloc(size - position);
    let offset = 0;
    while (offset < data.length) {
      const { bytesRead } = await handle.read(data, offset, data.length - offset, position + offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { data: data.subarray(0, offset), position: position + offset };
  } finally {
    await handle.close();
  }
}

export async function* readContainerLog(file: string, options: ReadLogOptions = {}): AsyncGenerator<LogEntry> {
  const splitter = new LineSplitter();
  let { data, position } = await readFrom(file, 0);
  let existing = splitter.push(data).map(parseLogLine).filter((entry): entry is LogEntry => entry !== undefined && selected(entry, options));
  if (options.tail !== undefined && options.tail >= 0) existing = options.tail === 0 ? [] : existing.slice(-options.tail);
  yield* existing;
  if (!options.follow) return;

  let stopped = false;
  let wake: (() => void) | undefined;
  const nudge = () => wake?.();
  options.stopped?.then(() => {
    stopped = true;
    nudge();
  });
  options.signal?.addEventListener('abort', nudge);
  const watcher = watchQuietly(file, nudge);
  try {
    while (!options.signal?.aborted) {
      const finalRead = stopped;
      ({ data, position } = await readFrom(file, position));
      for (const line of splitter.push(data)) {
        const entry = parseLogLine(line);
        if (entry && selected(entry, options)) yield entry;
      }
      if (finalRead) return;
      // fs.watch can miss events on some filesystems: also poll every 250 ms.
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 250).unref();
      });
    }
  } finally {
    watcher?.close();
    options.signal?.removeEventListener('abort', nudge);
  }
}

function watchQuietly(file: string, onChange: () => void) {
  try {
    const watcher = watch(file, { persistent: false }, onChange);
    watcher.on('error', () => undefined);
    return watcher;
  } catch {
    return undefined;
  }
}
