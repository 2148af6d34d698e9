// Content digests (OCI: "sha256:<64 hex>") and streams that compute them on the way through.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { invalidArgument } from './errors.ts';

export type Digest = `sha256:${string}`;

const digestPattern = /^sha256:[a-f0-9]{64}$/;

export function sha256(data: Buffer | string): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function isDigest(value: string): value is Digest {
  return digestPattern.test(value);
}

/** Validates a digest string; `what` names the field in the error. */
export function parseDigest(value: string, what = 'digest'): Digest {
  if (!isDigest(value)) throw invalidArgument(`invalid ${what} "${value}": want sha256:<64 lowercase hex digits>`);
  return value;
}

export function digestHex(digest: Digest): string {
  return digest.slice('sha256:'.length);
}

/** A pass-through stream that hashes and counts what flows through it. */
export class DigestingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  /** Only valid once the stream has finished. */
  digest(): Digest {
    return `sha256:${this.hash.digest('hex')}`;
  }
}
