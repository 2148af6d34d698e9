// Just enough of ASN.1 DER to read a PKCS#10 certificate request: tag-length-value elements,
// their children, object identifiers and strings. Node's crypto parses certificates but not
// requests; what it lacks is read here and everything cryptographic is left to node:crypto.
export interface DerElement {
  /** The identifier octet (e.g. 0x30 SEQUENCE, 0x31 SET, 0x06 OID, 0xa0 [0] constructed). */
  tag: number;
  /** The contents octets. */
  value: Buffer;
  /** The whole element, header included (what a signature covers). */
  raw: Buffer;
}

export class DerError extends Error {}

/** The element at `offset` of `input`. */
export function readElement(input: Buffer, offset = 0): DerElement {
  if (offset + 2 > input.length) throw new DerError(`truncated DER element at byte ${offset}`);
  const tag = input[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte DER tags are not supported (byte ${offset})`);
  let length = input[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new DerError(`unsupported DER length form at byte ${offset}`);
    if (offset + 2 + octets > input.length) throw new DerError(`truncated DER length at byte ${offset}`);
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + input[offset + 2 + i]!;
    header += octets;
  }
  const end = offset + header + length;
  if (end > input.length) throw new DerError(`DER element at byte ${offset} runs past the end of its input`);
  return { tag, value: input.subarray(offset + header, end), raw: input.subarray(offset, end) };
}

/** The elements inside a constructed element (SEQUENCE, SET, [n]). */
export function children(element: DerElement): DerElement[] {
  const result: DerElement[] = [];
  for (let offset = 0; offset < element.value.length; ) {
    const child = readElement(element.value, offset);
    result.push(child);
    offset += child.raw.length;
  }
  return result;
}

/** An OBJECT IDENTIFIER's dotted form ("2.5.4.3"). */
export function oidOf(element: DerElement): string {
  if (element.tag !== 0x06) throw new DerError(`expected an OBJECT IDENTIFIER, found tag 0x${element.tag.toString(16)}`);
  const bytes = element.value;
  if (bytes.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** The text of a string element (UTF8String, PrintableString, IA5String, T61String). */
export function stringOf(element: DerElement): string {
  if (element.tag === 0x1e) {
    // BMPString: UTF-16BE.
    const swapped = Buffer.from(element.value);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return element.value.toString(element.tag === 0x0c ? 'utf8' : 'latin1');
}
