// Byte-level helpers for DNS messages (RFC 1035 §4.1). dns-packet builds and reads the messages
// the responder itself answers; forwarded messages stay bytes, because re-encoding an upstream
// answer through a decoder would lose name compression and any record it does not fully model.
// Everything here reads defensively: a short or malformed message gives -1 or a minimal reply,
// never an exception.

export const HEADER_BYTES = 12;

/** Response codes used here (RFC 1035 §4.1.1). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

// Flag bits in header byte 2 (QR, opcode, AA, TC, RD) and byte 3 (RA, Z, AD, CD, rcode).
const QR = 0x80;
const OPCODE_AND_RD = 0x79;
const TC = 0x02;
const RA = 0x80;
const CD = 0x10;
const TYPE_OPT = 41;

export const messageId = (msg: Buffer): number => msg.readUInt16BE(0);
export const isResponse = (msg: Buffer): boolean => (msg[2]! & QR) !== 0;
export const isTruncated = (msg: Buffer): boolean => (msg[2]! & TC) !== 0;
export const opcodeOf = (msg: Buffer): number => (msg[2]! >> 3) & 0x0f;
export const rcodeOf = (msg: Buffer): number => msg[3]! & 0x0f;

/** A copy of the message with another ID. */
export function withId(msg: Buffer, id: number): Buffer {
  const copy = Buffer.from(msg);
  copy.writeUInt16BE(id, 0);
  return copy;
}

/** The message with the two-byte length prefix DNS over TCP uses (RFC 1035 §4.2.2). */
export function framed(msg: Buffer): Buffer {
  const out = Buffer.allocUnsafe(2 + msg.length);
  out.writeUInt16BE(msg.length, 0);
  msg.copy(out, 2);
  return out;
}

/** The offset just past the (possibly compressed) name at `offset`, or -1. Pointers are not followed: one ends the name. */
function skipName(msg: Buffer, offset: number): number {
  for (let labels = 0; labels < 128; labels++) {
    if (offset >= msg.length) return -1;
    const len = msg[offset]!;
    if (len === 0) return offset + 1;
    if ((len & 0xc0) === 0xc0) return offset + 2 <= msg.length ? offset + 2 : -1;
    if ((len & 0xc0) !== 0) return -1;
    offset += 1 + len;
  }
  return -1;
}

/** The offset just past the question at `offset`, or -1. */
function skipQuestion(msg: Buffer, offset: number): number {
  const end = skipName(msg, offset);
  return end < 0 || end + 4 > msg.length ? -1 : end + 4;
}

/** The offset just past the resource record at `offset`, or -1. */
function skipRecord(msg: Buffer, offset: number): number {
  const nameEnd = skipName(msg, offset);
  if (nameEnd < 0 || nameEnd + 10 > msg.length) return -1;
  const end = nameEnd + 10 + msg.readUInt16BE(nameEnd + 8);
  return end > msg.length ? -1 : end;
}

function header(from: Buffer, byte2: number, byte3: number, counts: readonly number[]): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt16BE(messageId(from), 0);
  out[2] = byte2;
  out[3] = byte3;
  for (let i = 0; i < 4; i++) out.writeUInt16BE(counts[i] ?? 0, 4 + 2 * i);
  return out;
}

/**
 * A reply to `query` carrying only `rcode` and, when it can be read, the query's first question.
 * `query` must be at least HEADER_BYTES long.
 */
export function errorResponse(query: Buffer, rcode: number): Buffer {
  const questionEnd = query.readUInt16BE(4) > 0 ? skipQuestion(query, HEADER_BYTES) : -1;
  const byte2 = QR | (query[2]! & OPCODE_AND_RD);
  const byte3 = RA | (query[3]! & CD) | (rcode & 0x0f);
  if (questionEnd < 0) return header(query, byte2, byte3, [0, 0, 0, 0]);
  return Buffer.concat([header(query, byte2, byte3, [1, 0, 0, 0]), query.subarray(HEADER_BYTES, questionEnd)]);
}

/**
 * The response cut down to at most `limit` bytes with the TC bit set, as a UDP reply must be
 * (RFC 1035 §4.2.1, RFC 6891 §7). It keeps the questions and as many whole records as fit, in
 * order, so a client that ignores TC (older musl) still gets a usable partial answer; an EDNS
 * OPT record is kept when there is room. Cutting only at the end keeps compression pointers valid.
 * A response that already fits is returned unchanged.
 */
export function truncateToFit(msg: Buffer, limit: number): Buffer {
  if (msg.length <= limit) return msg;
  const byte2 = msg[2]! | TC;
  const byte3 = msg[3]!;
  const bare = header(msg, byte2, byte3, [0, 0, 0, 0]);
  if (msg.length < HEADER_BYTES) return bare;

  const qdcount = msg.readUInt16BE(4);
  let offset = HEADER_BYTES;
  for (let i = 0; i < qdcount; i++) {
    offset = skipQuestion(msg, offset);
    if (offset < 0) return bare;
  }
  const questionsEnd = offset;
  if (questionsEnd > limit) return bare;

  // Walk the records once: where each ends, which section it is in, and where the OPT record is.
  const sectionCounts = [msg.readUInt16BE(6), msg.readUInt16BE(8), msg.readUInt16BE(10)];
  const records: { section: number; end: number; isOpt: boolean }[] = [];
  let opt: Buffer | undefined;
  walk: for (let section = 0; section < 3; section++) {
    for (let i = 0; i < sectionCounts[section]!; i++) {
      const end = skipRecord(msg, offset);
      if (end < 0) break walk;
      const isOpt = section === 2 && msg[offset] === 0 && msg.readUInt16BE(offset + 1) === TYPE_OPT;
      if (isOpt) opt = msg.subarray(offset, end);
      records.push({ section, end, isOpt });
      offset = end;
    }
  }

  const budget = limit - (opt?.length ?? 0);
  const kept = [0, 0, 0];
  let cut = questionsEnd;
  let optKept = false;
  for (const record of records) {
    if (record.end > budget) break;
    kept[record.section]!++;
    cut = record.end;
    optKept ||= record.isOpt;
  }
  const parts = [header(msg, byte2, byte3, [qdcount, ...kept]), msg.subarray(HEADER_BYTES, cut)];
  if (opt && !optKept && cut + opt.length <= limit) {
    parts.push(opt);
    parts[0]!.writeUInt16BE(kept[2]! + 1, 10);
  }
  return Buffer.concat(parts);
}
