// Blobs by content, and which repository holds which (links). A blob file appears only by an
// atomic rename of verified content, so readers never see a partial or wrong blob; a
// repository "has" a blob when both its link and the content exist.
import { promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { errnoCode } from '../../../util/errors.ts';
import { pathExists, writeFileAtomic } from '../../../util/fs.ts';
import type { RegistryLayout } from './layout.ts';
import type { Sha256Digest } from './names.ts';

async function statIfExists(file: string): Promise<Stats | undefined> {
  try {
    return await fsp.stat(file);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

export class BlobStore {
  private readonly layout: RegistryLayout;

  constructor(layout: RegistryLayout) {
    this.layout = layout;
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.layout.blobsDir, { recursive: true });
  }

  /**
   * Whether the repository holds the blob: uploaded or mounted into it, or a manifest of it
   * (distribution serves manifests through the blob endpoint too).
   */
  async isLinked(name: string, digest: Sha256Digest): Promise<boolean> {
    return (await pathExists(this.layout.layerLink(name, digest))) || (await pathExists(this.layout.revisionLink(name, digest)));
  }

  /** Opens a blob the repository holds for reading; undefined when it does not hold it. */
  async open(name: string, digest: Sha256Digest): Promise<{ handle: FileHandle; size: number } | undefined> {
    if (!(await this.isLinked(name, digest))) return undefined;
    let handle: FileHandle;
    try {
      handle = await fsp.open(this.layout.blob(digest), 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return { handle, size: (await handle.stat()).size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Whether the content exists at all, in any repository. */
  async hasContent(digest: Sha256Digest): Promise<boolean> {
    return (await statIfExists(this.layout.blob(digest))) !== undefined;
  }

  async link(name: string, digest: Sha256Digest): Promise<void> {
    const link = this.layout.layerLink(name, digest);
    await fsp.mkdir(path.dirname(link), { recursive: true });
    await fsp.writeFile(link, '');
  }

  /** Removes the repository's link (the content stays for other repositories); false when there was none. */
  async unlink(name: string, digest: Sha256Digest): Promise<boolean> {
    try {
      await fsp.unlink(this.layout.layerLink(name, digest));
      return true;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return false;
      throw err;
    }
  }

  /** Moves verified content into place. Same content under the same name: a concurrent twin is harmless. */
  async commitFile(file: string, digest: Sha256Digest): Promise<void> {
    await fsp.rename(file, this.layout.blob(digest));
  }

  /** Stores small content held in memory (manifests), already digested by the caller. */
  async putSmall(data: Buffer, digest: Sha256Digest): Promise<void> {
    if (await this.hasContent(digest)) return;
    await writeFileAtomic(this.layout.blob(digest), data);
  }

  /** Reads small content (manifests) by digest; undefined when absent. */
  async readSmall(digest: Sha256Digest): Promise<Buffer | undefined> {
    try {
      return await fsp.readFile(this.layout.blob(digest));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }
}
