// The overlayfs snapshotter. On disk, under <root>:
//   layers/<chain-id hex>/fs     one unpacked layer (overlay whiteouts inside)
//   active/<key>/{upper,work}    a container's writable layer
//   active/<key>/layers.json     the chain IDs below it, bottom first
// Layer directories are passed to mount relative to <root>/layers (mount runs with that cwd),
// which keeps the option string short: the kernel refuses options over one page, and absolute
// paths would cap an image at ~100 layers (engine-notes §6).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { type Digest, digestHex, isDigest } from '../../util/digest.ts';
import { errnoCode, internal, invalidArgument, notFound } from '../../util/errors.ts';
import { runCommand } from '../../util/exec.ts';
import { removePath, writeFileAtomic } from '../../util/fs.ts';
import type { Snapshotter } from './snapshotter.ts';

export class OverlaySnapshotter implements Snapshotter {
  private readonly layersDir: string;
  private readonly activeDir: string;
  private readonly pending = new Map<Digest, Promise<void>>();

  constructor(root: string) {
    this.layersDir = path.join(root, 'layers');
    this.activeDir = path.join(root, 'active');
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.layersDir, { recursive: true });
    await fsp.mkdir(this.activeDir, { recursive: true });
    // Half-unpacked layers of an interrupted unpack.
    for (const name of await fsp.readdir(this.layersDir)) {
      if (name.startsWith('.tmp-')) await removePath(path.join(this.layersDir, name));
    }
    await fsp.mkdir(path.join(this.layersDir, 'empty'), { recursive: true });
  }

  layerPath(chainId: Digest): string {
    return path.join(this.layerDir(chainId), 'fs');
  }

  /** A layer's directory; the chain ID is checked so that it can only name a directory in layers/. */
  private layerDir(chainId: Digest): string {
    if (!isDigest(chainId)) throw invalidArgument(`invalid layer chain ID ${JSON.stringify(chainId)}: want sha256:<64 lowercase hex digits>`);
    return path.join(this.layersDir, digestHex(chainId));
  }

  async hasLayer(chainId: Digest): Promise<boolean> {
    try {
      await fsp.access(this.layerPath(chainId));
      return true;
    } catch {
      return false;
    }
  }

  ensureLayer(chainId: Digest, fill: (dir: string) => Promise<void>): Promise<void> {
    let job = this.pending.get(chainId);
    if (!job) {
      job = this.createLayer(chainId, fill).finally(() => this.pending.delete(chainId));
      this.pending.set(chainId, job);
    }
    return job;
  }

  private async createLayer(chainId: Digest, fill: (dir: string) => Promise<void>): Promise<void> {
    if (await this.hasLayer(chainId)) return;
    const tmp = path.join(this.layersDir, `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      await fsp.mkdir(path.join(tmp, 'fs'), { recursive: true, mode: 0o755 });
      await fill(path.join(tmp, 'fs'));
      await fsp.rename(tmp, this.layerDir(chainId));
    } finally {
      await removePath(tmp);
    }
  }

  async removeLayer(chainId: Digest): Promise<void> {
    await removePath(this.layerDir(chainId));
  }

  async listLayers(): Promise<Digest[]> {
    const names = await fsp.readdir(this.layersDir);
    return names.map((hex) => `sha256:${hex}`).filter(isDigest) as Digest[];
  }

  upperPath(key: string): string {
    return path.join(this.activeDir, key, 'upper');
  }

  async prepare(key: string, layers: readonly Digest[]): Promise<void> {
    const dir = path.join(this.activeDir, key);
    await fsp.mkdir(path.join(dir, 'upper'), { recursive: true, mode: 0o755 });
    await fsp.mkdir(path.join(dir, 'work'), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path.join(dir, 'layers.json'), JSON.stringify(layers));
  }

  async layersOf(key: string): Promise<Digest[]> {
    try {
      return JSON.parse(await fsp.readFile(path.join(this.activeDir, key, 'layers.json'), 'utf8')) as Digest[];
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw notFound(`snapshot ${key} does not exist`);
      throw err;
    }
  }

  async mount(key: string, target: string, options: { readonly?: boolean } = {}): Promise<void> {
    const layers = await this.layersOf(key);
    for (const chainId of layers) {
      if (!(await this.hasLayer(chainId))) throw internal(`snapshot ${key}: its layer ${chainId} is missing from ${this.layersDir}`);
    }
    const lower = layers.length === 0 ? ['empty'] : layers.toReversed().map((chainId) => `${digestHex(chainId)}/fs`);
    const dir = path.join(this.activeDir, key);
    // index=off: remounting an upper dir over other lowers must not fail with ESTALE (engine-notes §6).
    const mountOptions = options.readonly
      ? `lowerdir=${path.join(dir, 'upper')}:${lower.join(':')},index=off`
      : `lowerdir=${lower.join(':')},upperdir=${path.join(dir, 'upper')},workdir=${path.join(dir, 'work')},index=off`;
    await fsp.mkdir(target, { recursive: true });
    await runCommand('mount', ['-t', 'overlay', 'overlay', '-o', mountOptions, target], { cwd: this.layersDir });
  }

  async unmount(target: string): Promise<void> {
    const result = await runCommand('umount', [target], { allowFailure: true });
    if (result.code === 0) return;
    if (/not mounted|no mount point|No such file/.test(result.stderr)) return;
    // Still busy (a process keeps a file open): detach it so removal can go on.
    const lazy = await runCommand('umount', ['-l', target], { allowFailure: true });
    if (lazy.code !== 0 && !/not mounted|No such file/.test(lazy.stderr)) {
      throw internal(`cannot unmount ${target}: ${result.stderr.trim()}`);
    }
  }

  async remove(key: string): Promise<void> {
    await removePath(path.join(this.activeDir, key));
  }

  async listActive(): Promise<string[]> {
    return (await fsp.readdir(this.activeDir)).filter((name) => !name.startsWith('.'));
  }
}
