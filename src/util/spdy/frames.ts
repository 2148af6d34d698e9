// SPDY/3.1 framing (the wire format behind Kubernetes' httpstream: `kubectl port-forward`, and
// exec/attach over SPDY), written by hand. The npm package `spdy-transport` (node-spdy) was tried
// first and is not used: it implements SPDY as a carrier of HTTP only — a SYN_STREAM without
// `:method` and `:path` is a connection error there ("Missing `:method` and/or `:path` header"),
// and Kubernetes' streams carry only `streamtype`, `port` and `requestid` — and it enforces the
// peer's 64 KiB send window, which spdystream (the Go SPDY of kubectl and the kubelet) never
// refills: it sends no WINDOW_UPDATE at all, so every transfer would stall after 64 KiB.
//
// Frames (draft-mbelshe-httpbis-spdy-00, version 3):
//   control: 1 bit 1 | 15 bits version (3) | 16 bits type | 8 bits flags | 24 bits length | data
//   data:    1 bit 0 | 31 bits stream id               | 8 bits flags | 24 bits length | data
// Header blocks (SYN_STREAM, SYN_REPLY, HEADERS) are one zlib stream per direction for the whole
// session, primed with the SPDY/3 dictionary: inbound blocks go through one zlib inflater (async:
// see HeaderDecompressor), outbound ones are written as zlib *stored* blocks — valid deflate that
// any inflater reads, needs no compressor state, and costs nothing for headers of a few bytes.
import * as zlib from 'node:zlib';

export const spdyVersion = 3;

export const frameType = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goaway: 7, headers: 8, windowUpdate: 9 } as const;

export const flagFin = 0x01;
export const flagUnidirectional = 0x02;

/** RST_STREAM status codes. */
export const rstStatus = { protocolError: 1, invalidStream: 2, refusedStream: 3, unsupportedVersion: 4, cancel: 5, internalError: 6, flowControlError: 7, streamInUse: 8, streamAlreadyClosed: 9, frameTooLarge: 11 } as const;

/** GOAWAY status codes. */
export const goawayStatus = { ok: 0, protocolError: 1, internalError: 2 } as const;

export const settingsInitialWindowSize = 7;
export const defaultInitialWindow = 64 * 1024;
/** Frames longer than this end the session: spdystream sends DATA of at most 32 KiB (io.Copy's buffer). */
export const defaultMaxFrameLength = 1024 * 1024;

export type Frame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | { type: 'syn_stream'; streamId: number; associatedId: number; priority: number; fin: boolean; unidirectional: boolean; headerBlock: Buffer }
  | { type: 'syn_reply'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; entries: { id: number; flags: number; value: number }[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'window_update'; streamId: number; delta: number }
  | { type: 'unknown'; frameType: number };

/** The peer broke the protocol: the session ends with GOAWAY PROTOCOL_ERROR. */
export class SpdyProtocolError extends Error {}

const controlNames: Record<number, string> = { 1: 'SYN_STREAM', 2: 'SYN_REPLY', 3: 'RST_STREAM', 4: 'SETTINGS', 6: 'PING', 7: 'GOAWAY', 8: 'HEADERS', 9: 'WINDOW_UPDATE' };

function expectLength(type: number, length: number, ok: boolean): void {
  if (!ok) throw new SpdyProtocolError(`invalid ${controlNames[type]} frame: length ${length}`);
}

function parseControl(type: number, flags: number, body: Buffer): Frame {
  const length = body.length;
  const id = () => body.readUInt32BE(0) & 0x7fffffff;
  switch (type) {
    case frameType.synStream: {
      expectLength(type, length, length >= 10);
      if (id() === 0) throw new SpdyProtocolError('SYN_STREAM for stream 0');
      return { type: 'syn_stream', streamId: id(), associatedId: body.readUInt32BE(4) & 0x7fffffff, priority: body[8]! >> 5, fin: (flags & flagFin) !== 0, unidirectional: (flags & flagUnidirectional) !== 0, headerBlock: body.subarray(10) };
    }
    case frameType.synReply:
      expectLength(type, length, length >= 4);
      return { type: 'syn_reply', streamId: id(), fin: (flags & flagFin) !== 0, headerBlock: body.subarray(4) };
    case frameType.rstStream:
      expectLength(type, length, length === 8);
      return { type: 'rst_stream', streamId: id(), status: body.readUInt32BE(4) };
    case frameType.settings: {
      expectLength(type, length, length >= 4);
      const count = body.readUInt32BE(0);
      expectLength(type, length, length === 4 + 8 * count);
      const entries = [];
      for (let i = 0; i < count; i++) {
        const at = 4 + 8 * i;
        entries.push({ flags: body[at]!, id: body.readUIntBE(at + 1, 3), value: body.readUInt32BE(at + 4) });
      }
      return { type: 'settings', entries };
    }
    case frameType.ping:
      expectLength(type, length, length === 4);
      return { type: 'ping', id: body.readUInt32BE(0) };
    case frameType.goaway:
      expectLength(type, length, length === 8);
      return { type: 'goaway', lastGoodStreamId: id(), status: body.readUInt32BE(4) };
    case frameType.headers:
      expectLength(type, length, length >= 4);
      return { type: 'headers', streamId: id(), fin: (flags & flagFin) !== 0, headerBlock: body.subarray(4) };
    case frameType.windowUpdate:
      expectLength(type, length, length === 8);
      return { type: 'window_update', streamId: id(), delta: body.readUInt32BE(4) & 0x7fffffff };
    default:
      return { type: 'unknown', frameType: type }; // the spec says: ignore
  }
}

/** Splits a byte stream into frames; push() as bytes arrive. Throws SpdyProtocolError. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly maxFrameLength: number;

  constructor(maxFrameLength = defaultMaxFrameLength) {
    this.maxFrameLength = maxFrameLength;
  }

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUIntBE(5, 3);
      if (length > this.maxFrameLength) throw new SpdyProtocolError(`frame of ${length} bytes is larger than ${this.maxFrameLength}`);
      const control = (this.pending[0]! & 0x80) !== 0;
      if (control) {
        const version = this.pending.readUInt16BE(0) & 0x7fff;
        if (version !== spdyVersion) throw new SpdyProtocolError(`unsupported SPDY version ${version}: want ${spdyVersion}`);
      }
      if (this.pending.length < 8 + length) break;
      const flags = this.pending[4]!;
      // A copy: the frame may outlive the buffer it arrived in (it is queued while headers inflate).
      const body = Buffer.from(this.pending.subarray(8, 8 + length));
      frames.push(control ? parseControl(this.pending.readUInt16BE(2), flags, body) : { type: 'data', streamId: this.pending.readUInt32BE(0) & 0x7fffffff, fin: (flags & flagFin) !== 0, data: body });
      this.pending = this.pending.subarray(8 + length);
    }
    return frames;
  }
}

// ---- encoding -----------------------------------------------------------------------------------

function control(type: number, flags: number, body: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(8 + body.length);
  frame.writeUInt16BE(0x8000 | spdyVersion, 0);
  frame.writeUInt16BE(type, 2);
  frame[4] = flags;
  frame.writeUIntBE(body.length, 5, 3);
  body.copy(frame, 8);
  return frame;
}

function words(...values: number[]): Buffer {
  const body = Buffer.allocUnsafe(4 * values.length);
  values.forEach((value, i) => body.writeUInt32BE(value >>> 0, 4 * i));
  return body;
}

export function encodeData(streamId: number, data: Buffer, fin = false): Buffer {
  const frame = Buffer.allocUnsafe(8 + data.length);
  frame.writeUInt32BE(streamId & 0x7fffffff, 0);
  frame[4] = fin ? flagFin : 0;
  frame.writeUIntBE(data.length, 5, 3);
  data.copy(frame, 8);
  return frame;
}

export function encodeSynStream(streamId: number, headerBlock: Buffer, options: { fin?: boolean; unidirectional?: boolean; priority?: number; associatedId?: number } = {}): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt32BE(streamId & 0x7fffffff, 0);
  fixed.writeUInt32BE((options.associatedId ?? 0) & 0x7fffffff, 4);
  fixed[8] = ((options.priority ?? 0) & 7) << 5;
  const flags = (options.fin ? flagFin : 0) | (options.unidirectional ? flagUnidirectional : 0);
  return control(frameType.synStream, flags, Buffer.concat([fixed, headerBlock]));
}

export function encodeSynReply(streamId: number, headerBlock: Buffer, fin = false): Buffer {
  return control(frameType.synReply, fin ? flagFin : 0, Buffer.concat([words(streamId & 0x7fffffff), headerBlock]));
}

export function encodeHeaders(streamId: number, headerBlock: Buffer, fin = false): Buffer {
  return control(frameType.headers, fin ? flagFin : 0, Buffer.concat([words(streamId & 0x7fffffff), headerBlock]));
}

export function encodeRstStream(streamId: number, status: number): Buffer {
  return control(frameType.rstStream, 0, words(streamId & 0x7fffffff, status));
}

export function encodeSettings(entries: { id: number; value: number; flags?: number }[]): Buffer {
  const body = Buffer.allocUnsafe(4 + 8 * entries.length);
  body.writeUInt32BE(entries.length, 0);
  entries.forEach((entry, i) => {
    body[4 + 8 * i] = entry.flags ?? 0;
    body.writeUIntBE(entry.id, 5 + 8 * i, 3);
    body.writeUInt32BE(entry.value >>> 0, 8 + 8 * i);
  });
  return control(frameType.settings, 0, body);
}

export function encodePing(id: number): Buffer {
  return control(frameType.ping, 0, words(id));
}

export function encodeGoaway(lastGoodStreamId: number, status: number): Buffer {
  return control(frameType.goaway, 0, words(lastGoodStreamId & 0x7fffffff, status));
}

export function encodeWindowUpdate(streamId: number, delta: number): Buffer {
  return control(frameType.windowUpdate, 0, words(streamId & 0x7fffffff, delta & 0x7fffffff));
}

// ---- header blocks ------------------------------------------------------------------------------

/** Header names are lower case; a name with several values has them joined by NUL. */
export type SpdyHeaders = Record<string, string>;

/** The uncompressed header block: count, then (length, name, length, value) pairs, 32-bit lengths. */
export function encodeHeaderPairs(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [words(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(value);
    parts.push(words(n.length), n, words(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderPairs(block: Buffer): SpdyHeaders {
  let at = 0;
  const u32 = (what: string) => {
    if (at + 4 > block.length) throw new SpdyProtocolError(`header block ends inside ${what}`);
    const value = block.readUInt32BE(at);
    at += 4;
    return value;
  };
  const bytes = (length: number, what: string) => {
    if (at + length > block.length) throw new SpdyProtocolError(`header block ends inside ${what} (${length} bytes announced)`);
    const value = block.toString('utf8', at, at + length);
    at += length;
    return value;
  };
  const count = u32('the pair count');
  if (count > block.length / 8) throw new SpdyProtocolError(`header block announces ${count} pairs in ${block.length} bytes`);
  const headers: SpdyHeaders = Object.create(null) as SpdyHeaders;
  for (let i = 0; i < count; i++) {
    const name = bytes(u32('a name length'), 'a name');
    if (name.length === 0) throw new SpdyProtocolError('empty header name');
    const value = bytes(u32('a value length'), `the value of ${JSON.stringify(name)}`);
    const key = name.toLowerCase();
    if (key in headers) throw new SpdyProtocolError(`duplicate header ${JSON.stringify(key)}`);
    headers[key] = value;
  }
  if (at !== block.length) throw new SpdyProtocolError(`${block.length - at} bytes after the last header`);
  return headers;
}

/** The SPDY/3 header dictionary: 65 length-prefixed words, then a run of common text. */
export const spdyDictionary: Buffer = (() => {
  const list = [
    'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-ranges', 'age', 'allow',
    'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5',
    'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range',
    'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
    'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning', 'www-authenticate', 'method', 'get',
    'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
  ];
  const tail =
    '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
    '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found' +
    '500 Internal Server Error501 Not Implemented503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 ' +
    'Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,' +
    'text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';
  return Buffer.concat([...list.flatMap((word) => [words(word.length), Buffer.from(word, 'latin1')]), Buffer.from(tail, 'latin1')]);
})();

export function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * One direction's outgoing header stream: the first block opens a zlib stream (with the
 * dictionary's id, as the spec wants), every block is deflate stored blocks and ends with the
 * sync-flush marker, so each is complete on its own — what a sync flush gives, without a compressor.
 */
export class HeaderCompressor {
  private started = false;

  compress(headers: SpdyHeaders): Buffer {
    const raw = encodeHeaderPairs(headers);
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      // CMF 0x78: deflate, 32 KiB window. FLG: FDICT, and FCHECK making (CMF·256 + FLG) % 31 == 0.
      const flg = 0x20 + (31 - ((0x78 * 256 + 0x20) % 31));
      parts.push(Buffer.from([0x78, flg]), words(adler32(spdyDictionary)));
    }
    for (let at = 0; at < raw.length; at += 0xffff) {
      const piece = raw.subarray(at, at + 0xffff);
      const head = Buffer.alloc(5); // BFINAL 0, BTYPE 00 (stored), padding to the byte; LEN, NLEN
      head.writeUInt16LE(piece.length, 1);
      head.writeUInt16LE(~piece.length & 0xffff, 3);
      parts.push(head, piece);
    }
    // The sync-flush marker (an empty stored block), as zlib's Z_SYNC_FLUSH ends a block: Go's
    // inflater hands out a stored block's bytes only when the next block starts, and must not
    // have to read beyond this frame for it ("compressed payload size was incorrect").
    parts.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(parts);
  }
}

/**
 * One direction's incoming header stream, inflated block by block (each block ends with the
 * sender's sync flush). Blocks must be given in the order they arrived, one at a time. A block
 * that inflates to more than `maxBytes` fails (a small block can inflate to a lot).
 */
export class HeaderDecompressor {
  private readonly inflate: zlib.Inflate;
  private readonly maxBytes: number;
  private chunks: Buffer[] = [];
  private size = 0;
  private failure: Error | undefined;
  private rejectPending: ((err: Error) => void) | undefined;

  constructor(maxBytes = 64 * 1024) {
    this.maxBytes = maxBytes;
    this.inflate = zlib.createInflate({ dictionary: spdyDictionary });
    this.inflate.on('data', (chunk: Buffer) => {
      this.size += chunk.length;
      if (this.size > this.maxBytes) this.fail(new SpdyProtocolError(`a header block inflates to more than ${this.maxBytes} bytes`));
      else this.chunks.push(chunk);
    });
    this.inflate.on('error', (err) => this.fail(new SpdyProtocolError(`invalid compressed header block: ${err.message}`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.rejectPending?.(this.failure);
    this.rejectPending = undefined;
  }

  async decompress(block: Buffer): Promise<SpdyHeaders> {
    if (this.failure) throw this.failure;
    const raw = await new Promise<Buffer>((resolve, reject) => {
      this.rejectPending = reject;
      this.inflate.write(block);
      this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.rejectPending = undefined;
        if (this.failure) return reject(this.failure);
        const out = Buffer.concat(this.chunks);
        this.chunks = [];
        this.size = 0;
        resolve(out);
      });
    });
    return decodeHeaderPairs(raw);
  }

  close(): void {
    this.inflate.destroy();
  }
}
