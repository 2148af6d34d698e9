// Upload sessions (POST, PATCH…, PUT ?digest=). Their bytes live in uploads/<uuid>/data, apart
// from the blobs, and become a blob only by a rename after the digest of everything received
// has matched the one the client claims — so an interrupted or lying upload is never visible.
//
// A chunk is all or nothing: when a client goes away in the middle of a PATCH, the data file is
// cut back to where the chunk began, and the session can go on from the offset it reports.
// Chunks of one session are applied one at a time (a lock per session); sessions are
// independent, so any number of clients may upload the same blob at once.
//
// The sha256 of what a session holds is kept in memory between chunks (so finishing costs no
// second read); after a restart it is recomputed from the data file on first use.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { errnoCode } from '../../../util/errors.ts';
import { removePath, writeFileAtomic } from '../../../util/fs.ts';
import type { BlobStore } from './blob-store.ts';
import type { RegistryLayout } from './layout.ts';
import { isUploadId, type Sha256Digest } from './names.ts';
import { registryError } from './registry-errors.ts';
import { KeyedLock } from '../../../util/keyed-lock.ts';

export interface UploadSession {
  id: string;
  /** The repository the session belongs to; it answers under no other name. */
  name: string;
  /** Bytes received so far. */
  size: number;
  startedAt: string;
}

/** What the client said about a chunk (Content-Range / Content-Length). */
export interface ChunkExpectation {
  /** The offset the chunk must start at (416 otherwise). */
  start?: number;
  /** How many bytes the chunk must have. */
  length?: number;
}

interface Progress {
  size: number;
  hash: Hash;
}

const dataFile = 'data';
const infoFile = 'info.json';

export class UploadStore {
  private readonly layout: RegistryLayout;
  private readonly blobs: BlobStore;
  private readonly progress = new Map<string, Progress>();
  private readonly locks = new KeyedLock();

  constructor(layout: RegistryLayout, blobs: BlobStore) {
    this.layout = layout;
    this.blobs = blobs;
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.layout.uploadsDir, { recursive: true });
  }

  async start(name: string): Promise<UploadSession> {
    const id = randomUUID();
    const dir = this.layout.upload(id);
    const startedAt = new Date().toISOString();
    await fsp.mkdir(dir, { recursive: true });
    await fsp.writeFile(path.join(dir, dataFile), '');
    await writeFileAtomic(path.join(dir, infoFile), JSON.stringify({ name, startedAt }));
    this.progress.set(id, { size: 0, hash: createHash('sha256') });
    return { id, name, size: 0, startedAt };
  }

  /** The session `id` of repository `name`; BLOB_UPLOAD_UNKNOWN for anything else. */
  async find(name: string, id: string): Promise<UploadSession> {
    const unknown = () => registryError('BLOB_UPLOAD_UNKNOWN', { detail: { uuid: id } });
    if (!isUploadId(id)) throw unknown();
    const dir = this.layout.upload(id);
    let info: { name?: unknown; startedAt?: unknown };
    let size: number;
    try {
      info = JSON.parse(await fsp.readFile(path.join(dir, infoFile), 'utf8')) as typeof info;
      size = (await fsp.stat(path.join(dir, dataFile))).size;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || err instanceof SyntaxError) throw unknown();
      throw err;
    }
    if (info.name !== name) throw unknown();
    return { id, name, size: this.progress.get(id)?.size ?? size, startedAt: String(info.startedAt) };
  }

  /** Appends one chunk; answers the session as it is afterwards. */
  append(name: string, id: string, body: AsyncIterable<Buffer>, expect: ChunkExpectation = {}): Promise<UploadSession> {
    return this.locked(id, async () => {
      const session = await this.find(name, id);
      await this.receive(session, body, expect);
      return session;
    });
  }

  /**
   * Appends the optional last chunk, verifies the digest of the whole and commits the blob.
   * A digest that does not match ends the session (as distribution does): nothing is kept.
   */
  complete(name: string, id: string, digest: Sha256Digest, body: AsyncIterable<Buffer>, expect: ChunkExpectation = {}): Promise<{ digest: Sha256Digest; size: number }> {
    return this.locked(id, async () => {
      const session = await this.find(name, id);
      await this.receive(session, body, expect);
      const progress = await this.progressOf(session);
      const actual = `sha256:${progress.hash.copy().digest('hex')}`;
      if (actual !== digest) {
        await this.remove(id);
        throw registryError('DIGEST_INVALID', {
          message: `provided digest ${digest} does not match the uploaded content (${actual}, ${progress.size} bytes)`,
          detail: { digest, actual },
        });
      }
      const file = path.join(this.layout.upload(id), dataFile);
      const handle = await fsp.open(file, 'r+');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await this.blobs.commitFile(file, digest);
      await this.remove(id);
      return { digest, size: progress.size };
    });
  }

  cancel(name: string, id: string): Promise<void> {
    return this.locked(id, async () => {
      await this.find(name, id);
      await this.remove(id);
    });
  }

  /** Removes sessions no one has touched for `maxIdleMs` (clients that went away without DELETE). */
  async purge(maxIdleMs: number, now = Date.now()): Promise<string[]> {
    let entries: string[];
    try {
      entries = await fsp.readdir(this.layout.uploadsDir);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    const removed: string[] = [];
    for (const entry of entries) {
      if (this.locks.busy(entry)) continue;
      const dir = path.join(this.layout.uploadsDir, entry);
      let touched: number;
      try {
        const stat = await fsp.stat(path.join(dir, dataFile)).catch(() => fsp.stat(dir));
        touched = stat.mtimeMs;
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') continue;
        throw err;
      }
      if (now - touched < maxIdleMs) continue;
      if (isUploadId(entry)) this.progress.delete(entry);
      await removePath(dir);
      removed.push(entry);
    }
    return removed;
  }

  private async remove(id: string): Promise<void> {
    this.progress.delete(id);
    await removePath(this.layout.upload(id));
  }

  private async progressOf(session: UploadSession): Promise<Progress> {
    const known = this.progress.get(session.id);
    if (known) return known;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(path.join(this.layout.upload(session.id), dataFile))) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const progress = { size, hash };
    this.progress.set(session.id, progress);
    return progress;
  }

  /** Streams a chunk into the data file; on any failure the file is cut back and the session is as before. */
  private async receive(session: UploadSession, body: AsyncIterable<Buffer>, expect: ChunkExpectation): Promise<void> {
    const progress = await this.progressOf(session);
    session.size = progress.size;
    if (expect.start !== undefined && expect.start !== progress.size) {
      throw registryError('BLOB_UPLOAD_INVALID', {
        status: 416,
        message: `chunk starts at byte ${expect.start}, but the upload has ${progress.size} bytes: the next chunk must start at ${progress.size}`,
        detail: { uuid: session.id, offset: progress.size },
      });
    }
    const hash = progress.hash.copy();
    let position = progress.size;
    const handle: FileHandle = await fsp.open(path.join(this.layout.upload(session.id), dataFile), 'r+');
    try {
      for await (const chunk of body) {
        const buffer = chunk as Buffer;
        let written = 0;
        while (written < buffer.length) {
          const { bytesWritten } = await handle.write(buffer, written, buffer.length - written, position + written);
          written += bytesWritten;
        }
        hash.update(buffer);
        position += buffer.length;
      }
      const received = position - progress.size;
      if (expect.length !== undefined && received !== expect.length) {
        throw registryError('SIZE_INVALID', { message: `chunk has ${received} bytes, but its Content-Range says ${expect.length}`, detail: { uuid: session.id } });
      }
    } catch (err) {
      await handle.truncate(progress.size).catch(() => undefined);
      throw err;
    } finally {
      await handle.close();
    }
    progress.hash = hash;
    progress.size = position;
    session.size = position;
  }

  private locked<T>(id: string, action: () => Promise<T>): Promise<T> {
    return this.locks.run(id, action);
  }

}
