// The directory a layer is unpacked into, and the rule that keeps writes inside it: every parent
// of a path written is checked, with lstat, to be a real directory, so no symlink is ever followed.
// Paths are relative to the root, as byte strings; "" is the root itself.
import type { Stats } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { errnoCode, internal } from '../../util/errors.ts';
import { byteStringOf, bytesOf } from './byte-string.ts';
import { layerEntryError, quoted } from './layer-entry-error.ts';

export type RemovedNode = 'nothing' | 'directory' | 'other';

/** Past this many nodes, tracking what was made costs more memory than the lstat calls it saves. */
const MAX_TRACKED_NODES = 500_000;

export class ConfinedRoot {
  /** The root's absolute path as a byte string. */
  private readonly root: string;
  /**
   * Paths known to be real directories, so deep trees are not lstat'ed component by component for
   * every entry. Correct as long as only this object changes the tree: it forgets what it removes.
   */
  private readonly knownDirs = new Set<string>(['']);
  /**
   * Every node made below the root, if the root started empty: a path not in here does not exist,
   * so it needs no lstat (most entries of a layer are new paths). undefined when the root was not
   * empty, or once too many nodes were made: then every question goes to the disk.
   */
  private made: Set<string> | undefined;

  /** `root`: absolute path (ordinary text) of an existing directory; `empty`: whether it is empty. */
  constructor(root: string, empty: boolean) {
    this.root = byteStringOf(root);
    this.made = empty ? new Set() : undefined;
  }

  static async open(root: string): Promise<ConfinedRoot> {
    const dir = await fsp.opendir(root);
    try {
      return new ConfinedRoot(root, (await dir.read()) === null);
    } finally {
      await dir.close();
    }
  }

  /** The absolute path of `rel`, as a byte string. */
  absolute(rel: string): string {
    return rel === '' ? this.root : `${this.root}/${rel}`;
  }

  /** The absolute path of `rel`, for node:fs. */
  fsPath(rel: string): Buffer {
    return bytesOf(this.absolute(rel));
  }

  /** The node at `rel`, or undefined; from memory for paths this object knows were never made. */
  async lstat(rel: string): Promise<Stats | undefined> {
    if (rel !== '' && this.made !== undefined && !this.made.has(rel)) return undefined;
    return this.lstatOnDisk(rel);
  }

  private async lstatOnDisk(rel: string): Promise<Stats | undefined> {
    try {
      return await fsp.lstat(this.fsPath(rel));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  /**
   * Makes sure every parent of the path `components` names is a real directory, creating missing
   * ones (mode 0755). Refuses, naming `entryName`, a parent that is a symlink or not a directory.
   * Returns the directories it created.
   */
  async prepareParents(components: readonly string[], entryName: string): Promise<string[]> {
    const created: string[] = [];
    let rel = '';
    for (const component of components.slice(0, -1)) {
      rel = rel === '' ? component : `${rel}/${component}`;
      if (this.knownDirs.has(rel)) continue;
      const stat = await this.lstat(rel);
      if (stat === undefined) {
        await fsp.mkdir(this.fsPath(rel));
        await fsp.chmod(this.fsPath(rel), 0o755); // exactly 0755, whatever the umask
        this.noteMade(rel);
        created.push(rel);
      } else if (stat.isSymbolicLink()) {
        throw layerEntryError(entryName, `path goes through symlink ${quoted(rel)}`);
      } else if (!stat.isDirectory()) {
        throw layerEntryError(entryName, `parent ${quoted(rel)} is not a directory`);
      }
      this.knownDirs.add(rel);
    }
    return created;
  }

  /**
   * Checks that every parent of an existing path is a real directory, creating nothing: for
   * hardlink targets. `what` describes the path in the error, e.g. `hardlink target "a/b"`.
   */
  async checkExistingParents(components: readonly string[], entryName: string, what: string): Promise<void> {
    let rel = '';
    for (const component of components.slice(0, -1)) {
      rel = rel === '' ? component : `${rel}/${component}`;
      if (this.knownDirs.has(rel)) continue;
      const stat = await this.lstat(rel);
      if (stat === undefined) throw layerEntryError(entryName, `${what} does not exist in the layer`);
      if (stat.isSymbolicLink()) throw layerEntryError(entryName, `${what} goes through symlink ${quoted(rel)}`);
      if (!stat.isDirectory()) throw layerEntryError(entryName, `${what}: parent ${quoted(rel)} is not a directory`);
      this.knownDirs.add(rel);
    }
  }

  /**
   * Re-checks from the disk, ignoring what is cached, that the parents of `rel` are real
   * directories: the last line of defence before helper programs that resolve paths themselves
   * (mknod, setfattr) are pointed at them. `checked` carries results across calls of one batch.
   */
  async assertParentsAreDirectories(rel: string, checked: Set<string>): Promise<void> {
    const components = rel.split('/');
    let parent = '';
    for (const component of components.slice(0, -1)) {
      parent = parent === '' ? component : `${parent}/${component}`;
      if (checked.has(parent)) continue;
      const stat = await this.lstatOnDisk(parent);
      if (stat === undefined || !stat.isDirectory()) {
        throw internal(`layer root changed while unpacking: ${quoted(parent)} is no longer a directory`);
      }
      checked.add(parent);
    }
  }

  /** Records that a node was made at `rel` (or is being made: see ConcurrentWrites). */
  noteMade(rel: string): void {
    if (this.made === undefined) return;
    this.made.add(rel);
    if (this.made.size > MAX_TRACKED_NODES) this.made = undefined;
  }

  /** Records that `rel` is now a directory this object made. */
  noteDirectory(rel: string): void {
    this.noteMade(rel);
    this.knownDirs.add(rel);
  }

  /** Removes whatever is at `rel`, never following a symlink, and says what it was. */
  async remove(rel: string): Promise<RemovedNode> {
    if (rel === '') throw internal('refusing to remove the layer root');
    const stat = await this.lstat(rel);
    if (stat === undefined) return 'nothing';
    this.made?.delete(rel);
    if (!stat.isDirectory()) {
      await fsp.unlink(this.fsPath(rel));
      return 'other';
    }
    // fs.rm unlinks symlinks it meets instead of following them.
    await fsp.rm(this.fsPath(rel), { recursive: true, force: true });
    const below = `${rel}/`;
    this.knownDirs.delete(rel);
    for (const set of [this.knownDirs, this.made ?? new Set<string>()]) {
      for (const path of set) if (path.startsWith(below)) set.delete(path);
    }
    return 'directory';
  }
}
