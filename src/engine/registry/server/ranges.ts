// Byte ranges, both ways: the Range header of a blob GET (RFC 9110 §14, one range; resumable
// pulls use it) and the Content-Range of an upload chunk ("<start>-<end>", inclusive, as the
// distribution spec writes it; "bytes " and "/<total>" as some clients add are tolerated).

export type RangeRequest =
  | { kind: 'whole' } // no Range, a unit other than bytes, or several ranges: answer 200 with everything
  | { kind: 'partial'; start: number; end: number } // inclusive, within the blob
  | { kind: 'unsatisfiable' }; // 416 with Content-Range: bytes */size

/**
 * Interprets a Range header against a blob of `size` bytes. Several ranges (multipart answers)
 * are served as the whole blob, which RFC 9110 allows; an empty blob is always served whole,
 * as Go's http.ServeContent (distribution) does.
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return { kind: 'whole' };
  const specs = match[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length === 0) return { kind: 'unsatisfiable' };
  if (specs.length > 1) return { kind: 'whole' };
  const spec = /^(\d*)-(\d*)$/.exec(specs[0]!);
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'unsatisfiable' };
  if (size === 0) return { kind: 'whole' };
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

export interface ChunkRange {
  start: number;
  end: number;
}

/** An upload chunk's Content-Range; undefined when it is not a range at all. */
export function parseContentRange(header: string): ChunkRange | undefined {
  const match = /^\s*(?:bytes[ =])?\s*(\d+)-(\d+)(?:\/(?:\d+|\*))?\s*$/i.exec(header);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return undefined;
  return { start, end };
}

/** The Range header of an upload's status: "0-<last byte>", and "0-0" while empty, as distribution says. */
export function uploadRangeHeader(size: number): string {
  return `0-${Math.max(0, size - 1)}`;
}
