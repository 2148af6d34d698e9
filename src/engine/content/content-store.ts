// The content-addressable blob store: every manifest, config and layer the engine holds, kept
// by digest in the OCI image-layout shape (<root>/blobs/sha256/<hex>). Blobs are written to
// <root>/ingest first and renamed into place only once their digest is verified, so a reader
// never sees a partial or corrupt blob.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Digest, DigestingStream, digestHex, isDigest, sha256 } from '../../util/digest.ts';
import { errnoCode, invalidArgument, notFound } from '../../util/errors.ts';

export interface BlobInfo {
  digest: Digest;
  size: number;
}

export class ContentStore {
  readonly root: string;
  private readonly blobsDir: string;
  private readonly ingestDir: string;

  constructor(root: string) {
    this.root = root;
    this.blobsDir = path.join(root, 'blobs', 'sha256');
    this.ingestDir = path.join(root, 'ingest');
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.blobsDir, { recursive: true });
    await fsp.rm(this.ingestDir, { recursive: true, force: true }); // leftovers of interrupted writes
    await fsp.mkdir(this.ingestDir, { recursive: true });
  }

  /** Where a blob lives. The digest is checked: one read from a document must not name a path. */
  blobPath(digest: Digest): string {
    if (!isDigest(digest)) throw invalidArgument(`invalid digest ${JSON.stringify(digest)}: want sha256:<64 lowercase hex digits>`);
    return path.join(this.blobsDir, digestHex(digest));
  }

  async has(digest: Digest): Promise<boolean> {
    try {
      await fsp.access(this.blobPath(digest));
      return true;
    } catch {
      return false;
    }
  }

  async info(digest: Digest): Promise<BlobInfo> {
    try {
      const stat = await fsp.stat(this.blobPath(digest));
      return { digest, size: stat.size };
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw notFound(`blob ${digest} not found`);
      throw err;
    }
  }

  /** Streams a blob in; when `expected` is given the digest (and size) must match or nothing is kept. */
  async ingest(input: Readable | AsyncIterable<Buffer>, expected?: { digest?: Digest; size?: number }): Promise<BlobInfo> {
    const tmp = path.join(this.ingestDir, randomBytes(12).toString('hex'));
    const hasher = new DigestingStream();
    try {
      await pipeline(input, hasher, createWriteStream(tmp, { mode: 0o644 }));
      const info: BlobInfo = { digest: hasher.digest(), size: hasher.size };
      if (expected?.digest && expected.digest !== info.digest) {
        throw invalidArgument(`content digest mismatch: expected ${expected.digest}, got ${info.digest}`);
      }
      if (expected?.size !== undefined && expected.size !== info.size) {
        throw invalidArgument(`content size mismatch for ${info.digest}: expected ${expected.size} bytes, got ${info.size}`);
      }
      await fsp.rename(tmp, this.blobPath(info.digest));
      return info;
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  /** Stores a small blob held in memory (manifests, configs). */
  async put(data: Buffer | string): Promise<BlobInfo> {
    const buffer = typeof data === 'string' ? Buffer.from(data) : data;
    const digest = sha256(buffer);
    const file = this.blobPath(digest);
    if (!(await this.has(digest))) {
      const tmp = path.join(this.ingestDir, randomBytes(12).toString('hex'));
      await fsp.writeFile(tmp, buffer, { mode: 0o644 });
      await fsp.rename(tmp, file);
    }
    return { digest, size: buffer.length };
  }

  /** Adopts a file already on this filesystem (e.g. a layer written by a build) under its digest. */
  async adopt(file: string, info: BlobInfo): Promise<void> {
    await fsp.rename(file, this.blobPath(info.digest));
  }

  /** A scratch path inside the store's filesystem, for writers that want to adopt() later. */
  scratchPath(): string {
    return path.join(this.ingestDir, randomBytes(12).toString('hex'));
  }

  async read(digest: Digest): Promise<Buffer> {
    try {
      return await fsp.readFile(this.blobPath(digest));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw notFound(`blob ${digest} not found`);
      throw err;
    }
  }

  async readJson<T>(digest: Digest): Promise<T> {
    return JSON.parse((await this.read(digest)).toString('utf8')) as T;
  }

  openRead(digest: Digest): Readable {
    return createReadStream(this.blobPath(digest));
  }

  async delete(digest: Digest): Promise<void> {
    await fsp.rm(this.blobPath(digest), { force: true });
  }

  async list(): Promise<Digest[]> {
    const names = await fsp.readdir(this.blobsDir);
    return names.map((hex) => `sha256:${hex}`).filter(isDigest) as Digest[];
  }
}
