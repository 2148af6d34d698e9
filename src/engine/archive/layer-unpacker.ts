// Writes the entries of one layer into a directory that will be an overlayfs lower layer: OCI
// whiteouts become overlay whiteouts, and nothing is ever written outside the directory.
import { constants as fsConstants, promises as fsp } from 'node:fs';
import { internal } from '../../util/errors.ts';
import { bytesOf } from './byte-string.ts';
import { ConcurrentWrites } from './concurrent-writes.ts';
import { ConfinedRoot } from './confined-root.ts';
import { DeferredWork, type NodeMetadata } from './deferred-work.ts';
import { checkSymlinkTarget, entryComponents, hardlinkTargetComponents } from './entry-path.ts';
import { entryFailure, layerEntryError, quoted } from './layer-entry-error.ts';
import { makeSpecialNodes, type SpecialNode } from './special-nodes.ts';
import type { TarEntry, TarHeader } from './tar-reader.ts';
import { classifyBasename, isReservedComponent, OVERLAY_OPAQUE_XATTR } from './whiteout.ts';
import { restoreXattrs, type Xattrs } from './xattr-dump.ts';
import { isLayerXattr } from './xattr-policy.ts';

const CREATE_NEW_FILE = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW;
/** Files up to this size are read into memory and written concurrently; bigger ones in line. */
const CONCURRENT_FILE_MAX_SIZE = 1 << 20;
const CONCURRENT_WRITES = 16;

export class LayerUnpacker {
  private readonly root: ConfinedRoot;
  private readonly deferred = new DeferredWork();
  private readonly writes = new ConcurrentWrites(CONCURRENT_WRITES);
  /** Without root, ownership is left alone and device nodes are skipped (for unprivileged tests). */
  private readonly privileged: boolean;

  private constructor(root: ConfinedRoot, privileged: boolean) {
    this.root = root;
    this.privileged = privileged;
  }

  /** `root`: absolute path of an existing directory, normally empty, that nothing else changes meanwhile. */
  static async open(root: string, privileged: boolean): Promise<LayerUnpacker> {
    return new LayerUnpacker(await ConfinedRoot.open(root), privileged);
  }

  /**
   * Writes one entry (small regular files possibly still in flight when this returns). The body
   * must be consumed, or abandoned, before the next entry is read.
   */
  async unpack(entry: TarEntry): Promise<void> {
    try {
      await this.unpackEntry(entry);
    } catch (err) {
      throw entryFailure(entry.header.name, err);
    }
  }

  private async unpackEntry({ header, body }: TarEntry): Promise<void> {
    const components = entryComponents(header.name);
    if (components.length === 0) return this.rootDirectory(header);
    // Below a reserved name (AUFS's .wh..wh.plnk, say) is the old format's bookkeeping: skipped.
    if (components.slice(0, -1).some(isReservedComponent)) return;
    await this.waitForWritesTouching(components.join('/'));

    const marker = classifyBasename(components.at(-1)!);
    switch (marker.kind) {
      case 'invalid':
        throw layerEntryError(header.name, marker.reason);
      case 'meta':
        return;
      case 'opaque':
        await this.prepareParents(components, header.name);
        this.deferred.opaqueDirs.add(components.slice(0, -1).join('/'));
        return;
      case 'whiteout':
        return this.whiteout(header, [...components.slice(0, -1), marker.target]);
      case 'none':
        break;
    }

    await this.prepareParents(components, header.name);
    const rel = components.join('/');
    switch (header.type) {
      case 'directory':
        return this.directory(header, rel);
      case 'file':
        return this.file(header, rel, body);
      case 'symlink':
        return this.symlink(header, components, rel);
      case 'link':
        return this.hardlink(header, rel);
      case 'char':
      case 'block':
      case 'fifo':
        return this.specialNode(header, rel);
    }
  }

  /** Everything batched for the end: special nodes, xattrs, then directory metadata. */
  async finish(): Promise<void> {
    await this.writes.drain();
    await this.flushNodes();
    await this.applyXattrs();
    await this.applyDirectoryMetadata();
  }

  /** After a failure: lets writes in flight end, so nothing is written once the caller hears of it. */
  async abort(): Promise<void> {
    await this.writes.settle();
  }

  /** Whatever an entry does to a path being written (or below it) must wait for that write. */
  private async waitForWritesTouching(rel: string): Promise<void> {
    if (this.writes.touches(rel)) await this.writes.drain();
  }

  private async prepareParents(components: readonly string[], entryName: string): Promise<void> {
    // A created directory replaces a node that was only recorded (a pending whiteout, say).
    for (const created of await this.root.prepareParents(components, entryName)) this.deferred.forget(created, false);
  }

  /** Removes whatever is at `rel`, on disk or only recorded, so a new node can take its place. */
  private async replace(rel: string): Promise<void> {
    // Removing a directory removes whatever is being written inside it.
    if ((await this.root.lstat(rel))?.isDirectory()) await this.writes.drain();
    const removed = await this.root.remove(rel);
    this.deferred.forget(rel, removed === 'directory');
  }

  private recordXattrs(rel: string, header: TarHeader): void {
    const xattrs: Xattrs = new Map();
    for (const [name, value] of header.xattrs) if (isLayerXattr(name)) xattrs.set(name, value);
    if (xattrs.size > 0) this.deferred.xattrs.set(rel, xattrs);
    else this.deferred.xattrs.delete(rel);
  }

  private rootDirectory(header: TarHeader): void {
    if (header.type !== 'directory') throw layerEntryError(header.name, 'the root entry must be a directory');
    this.deferred.dirMetadata.set('', metadataOf(header));
    this.recordXattrs('', header);
  }

  private async whiteout(header: TarHeader, target: string[]): Promise<void> {
    await this.prepareParents(target, header.name);
    const rel = target.join('/');
    await this.waitForWritesTouching(rel);
    // A whiteout hides what lower layers have; if this layer itself has the file, the file wins.
    if (this.deferred.nodes.has(rel) || (await this.root.lstat(rel)) !== undefined) return;
    this.deferred.nodes.set(rel, { kind: 'whiteout' });
  }

  private async directory(header: TarHeader, rel: string): Promise<void> {
    const existing = await this.root.lstat(rel);
    if (existing === undefined || !existing.isDirectory()) {
      await this.replace(rel);
      await fsp.mkdir(this.root.fsPath(rel), { mode: 0o700 });
      this.root.noteDirectory(rel);
    }
    this.deferred.dirMetadata.set(rel, metadataOf(header));
    this.recordXattrs(rel, header);
  }

  private async file(header: TarHeader, rel: string, body: AsyncIterable<Buffer>): Promise<void> {
    await this.replace(rel);
    this.root.noteMade(rel);
    this.recordXattrs(rel, header);
    if (header.size > CONCURRENT_FILE_MAX_SIZE) return this.writeFile(rel, header, body);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    await this.writes.start(rel, () => this.writeFile(rel, header, chunks));
  }

  /** Runs in line or concurrently, so it names its entry in its own errors. */
  private async writeFile(rel: string, header: TarHeader, data: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
    try {
      // O_EXCL: never write through whatever might be at the path, a symlink in particular.
      const handle = await fsp.open(this.root.fsPath(rel), CREATE_NEW_FILE, 0o600);
      try {
        for await (const chunk of data) {
          for (let offset = 0; offset < chunk.length; ) offset += (await handle.write(chunk, offset)).bytesWritten;
        }
        if (this.privileged) await handle.chown(header.uid, header.gid);
        await handle.chmod(header.mode); // after chown, which clears setuid and setgid
        await handle.utimes(header.mtime, header.mtime);
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw entryFailure(header.name, err);
    }
  }

  private async symlink(header: TarHeader, components: readonly string[], rel: string): Promise<void> {
    checkSymlinkTarget(header.name, components, header.linkname);
    await this.replace(rel);
    const linkPath = this.root.fsPath(rel);
    await fsp.symlink(bytesOf(header.linkname), linkPath);
    this.root.noteMade(rel);
    if (this.privileged) await fsp.lchown(linkPath, header.uid, header.gid);
    await fsp.lutimes(linkPath, header.mtime, header.mtime);
  }

  /** A second name for a node earlier in the layer; the node keeps its own metadata. */
  private async hardlink(header: TarHeader, rel: string): Promise<void> {
    const targetComponents = hardlinkTargetComponents(header.name, header.linkname);
    const targetRel = targetComponents.join('/');
    const what = `hardlink target ${quoted(header.linkname)}`;
    if (targetRel === rel) throw layerEntryError(header.name, 'hardlink to itself');
    await this.waitForWritesTouching(targetRel);
    await this.root.checkExistingParents(targetComponents, header.name, what);
    const pending = this.deferred.nodes.get(targetRel);
    if (pending?.kind === 'whiteout') throw layerEntryError(header.name, `${what} does not exist in the layer`);
    if (pending !== undefined) await this.flushNodes(); // a fifo or device from this layer: make it now
    const target = await this.root.lstat(targetRel);
    if (target === undefined) throw layerEntryError(header.name, `${what} does not exist in the layer`);
    if (target.isDirectory()) throw layerEntryError(header.name, `${what} is a directory`);
    await this.replace(rel);
    await fsp.link(this.root.fsPath(targetRel), this.root.fsPath(rel));
    this.root.noteMade(rel);
  }

  private async specialNode(header: TarHeader, rel: string): Promise<void> {
    if (header.type !== 'fifo' && !this.privileged) return;
    await this.replace(rel);
    const kind = header.type === 'fifo' ? 'fifo' : header.type === 'char' ? 'char' : 'block';
    this.deferred.nodes.set(rel, { kind, major: header.devmajor, minor: header.devminor, ...metadataOf(header) });
  }

  /** Makes the recorded device nodes, fifos and whiteouts with one spawn, then sets their metadata. */
  private async flushNodes(): Promise<void> {
    const nodes = [...this.deferred.nodes];
    this.deferred.nodes.clear();
    if (nodes.length === 0) return;
    const checked = new Set<string>();
    const specs: SpecialNode[] = [];
    for (const [rel, node] of nodes) {
      await this.root.assertParentsAreDirectories(rel, checked);
      const path = this.root.absolute(rel);
      if (node.kind === 'whiteout') specs.push({ path, kind: 'char', major: 0, minor: 0, mode: 0 });
      else specs.push({ path, kind: node.kind, major: node.major, minor: node.minor, mode: node.mode });
    }
    await makeSpecialNodes(specs);
    for (const [rel] of nodes) this.root.noteMade(rel);
    for (const [rel, node] of nodes) {
      if (node.kind === 'whiteout') continue;
      const nodePath = this.root.fsPath(rel);
      if (this.privileged) await fsp.lchown(nodePath, node.uid, node.gid);
      await fsp.chmod(nodePath, node.mode); // just made by mknod, so not a symlink
      await fsp.lutimes(nodePath, node.mtime, node.mtime);
    }
  }

  /** Sets all recorded xattrs with one spawn. After every chown: chown clears security.capability. */
  private async applyXattrs(): Promise<void> {
    const checked = new Set<string>();
    const files: [string, Xattrs][] = [];
    for (const rel of new Set([...this.deferred.xattrs.keys(), ...this.deferred.opaqueDirs])) {
      await this.root.assertParentsAreDirectories(rel, checked);
      const stat = await this.root.lstat(rel);
      const opaque = this.deferred.opaqueDirs.has(rel);
      if (stat === undefined || !(stat.isDirectory() || (stat.isFile() && !opaque))) {
        throw internal(`layer root changed while unpacking: ${quoted(rel)} is not what the layer made`);
      }
      const xattrs: Xattrs = new Map(this.deferred.xattrs.get(rel));
      if (opaque) xattrs.set(OVERLAY_OPAQUE_XATTR, Buffer.from('y'));
      files.push([this.root.absolute(rel), xattrs]);
    }
    await restoreXattrs(files);
  }

  /** Deepest first, so an unprivileged run can still reach children before a parent turns read-only. */
  private async applyDirectoryMetadata(): Promise<void> {
    const depth = (rel: string) => (rel === '' ? 0 : rel.split('/').length);
    const dirs = [...this.deferred.dirMetadata].sort(([a], [b]) => depth(b) - depth(a));
    const checked = new Set<string>();
    for (const [rel, metadata] of dirs) {
      await this.root.assertParentsAreDirectories(rel, checked);
      if (!(await this.root.lstat(rel))?.isDirectory()) {
        throw internal(`layer root changed while unpacking: ${quoted(rel)} is no longer a directory`);
      }
      const dirPath = this.root.fsPath(rel);
      if (this.privileged) await fsp.lchown(dirPath, metadata.uid, metadata.gid);
      await fsp.chmod(dirPath, metadata.mode);
      await fsp.lutimes(dirPath, metadata.mtime, metadata.mtime);
    }
  }
}

function metadataOf(header: TarHeader): NodeMetadata {
  return { mode: header.mode, uid: header.uid, gid: header.gid, mtime: header.mtime };
}
