// Pulls exact byte counts out of a stream of chunks, for parsing a block format like tar.
import { invalidArgument } from '../../util/errors.ts';

export class ByteReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Pulls chunks until `n` bytes are buffered or the source ends; says whether it got them. */
  private async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      if (chunk.length === 0) continue;
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    return this.buffered >= n;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      this.buffered -= n;
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const used = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    this.buffered -= n;
    return out;
  }

  /** Exactly `n` bytes; undefined if the source ended before any of them; throws on a partial read. */
  async readExact(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(n))) {
      if (this.buffered === 0) return undefined;
      throw invalidArgument('layer is truncated: unexpected end of the tar stream');
    }
    return this.take(n);
  }

  /** Between 1 and `max` bytes, without copying when a chunk allows; throws at the end. */
  async readSome(max: number): Promise<Buffer> {
    if (!(await this.fill(1))) throw invalidArgument('layer is truncated: unexpected end of the tar stream');
    return this.take(Math.min(max, this.chunks[0]!.length));
  }

  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) left -= (await this.readSome(left)).length;
  }

  /** Reads and discards everything up to the end of the source. */
  async drain(): Promise<void> {
    this.chunks.length = 0;
    this.buffered = 0;
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
    }
  }
}
