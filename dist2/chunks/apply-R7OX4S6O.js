import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  BLOCK_SIZE,
  OVERLAY_OPAQUE_XATTR,
  TypeFlag,
  byteStringFrom,
  byteStringOf,
  bytesOf,
  classifyBasename,
  decodeHeaderBlock,
  decodePaxRecords,
  isLayerXattr,
  isReservedComponent,
  isZeroBlock,
  paddingAfter,
  restoreXattrs,
  runCommand,
  textOf
} from "./chunk-ORDO5DXG.js";
import {
  decompressionError,
  openLayerStream
} from "./chunk-BMGNHTWK.js";
import {
  DigestingStream
} from "./chunk-TJZW3NEO.js";
import {
  errnoCode,
  internal,
  invalidArgument,
  isMinatoError,
  messageOf
} from "./chunk-UU4MRRHX.js";
import "./chunk-UR4QG67B.js";

// src/engine/archive/apply.ts
import { promises as fsp3 } from "node:fs";
import { pipeline } from "node:stream";

// src/engine/archive/layer-unpacker.ts
import { constants as fsConstants, promises as fsp2 } from "node:fs";

// src/engine/archive/concurrent-writes.ts
var ConcurrentWrites = class {
  limit;
  /** Paths relative to the layer root (byte strings) being written. */
  inFlight = /* @__PURE__ */ new Map();
  failure;
  constructor(limit) {
    this.limit = limit;
  }
  /** Whether `rel`, or a directory above it, is being written. */
  touches(rel) {
    if (this.inFlight.size === 0) return false;
    if (this.inFlight.has(rel)) return true;
    for (let slash = rel.indexOf("/"); slash !== -1; slash = rel.indexOf("/", slash + 1)) {
      if (this.inFlight.has(rel.slice(0, slash))) return true;
    }
    return false;
  }
  /** Starts writing `rel` once fewer than `limit` writes are in flight. */
  async start(rel, write) {
    this.throwIfFailed();
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight.values());
    this.throwIfFailed();
    const task = write().catch((error) => {
      this.failure ??= { error };
    }).finally(() => this.inFlight.delete(rel));
    this.inFlight.set(rel, task);
  }
  /** Waits for every write in flight; throws the first failure. */
  async drain() {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
    this.throwIfFailed();
  }
  /** Waits for every write in flight, ignoring failures: before giving up on a layer. */
  async settle() {
    while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight.values());
  }
  throwIfFailed() {
    if (this.failure !== void 0) throw this.failure.error;
  }
};

// src/engine/archive/confined-root.ts
import { promises as fsp } from "node:fs";

// src/engine/archive/layer-entry-error.ts
function layerEntryError(name, reason) {
  const entry = textOf(name);
  return invalidArgument(`layer entry ${JSON.stringify(entry)}: ${reason}`, { entry });
}
function quoted(byteString) {
  return JSON.stringify(textOf(byteString));
}
function entryFailure(name, err) {
  if (isMinatoError(err)) return err;
  const code = errnoCode(err);
  if (code === "ENAMETOOLONG" || code === "EILSEQ") return layerEntryError(name, messageOf(err));
  return internal(`layer entry ${JSON.stringify(textOf(name))}: ${messageOf(err)}`, err);
}

// src/engine/archive/confined-root.ts
var MAX_TRACKED_NODES = 5e5;
var ConfinedRoot = class _ConfinedRoot {
  /** The root's absolute path as a byte string. */
  root;
  /**
   * Paths known to be real directories, so deep trees are not lstat'ed component by component for
   * every entry. Correct as long as only this object changes the tree: it forgets what it removes.
   */
  knownDirs = /* @__PURE__ */ new Set([""]);
  /**
   * Every node made below the root, if the root started empty: a path not in here does not exist,
   * so it needs no lstat (most entries of a layer are new paths). undefined when the root was not
   * empty, or once too many nodes were made: then every question goes to the disk.
   */
  made;
  /** `root`: absolute path (ordinary text) of an existing directory; `empty`: whether it is empty. */
  constructor(root, empty) {
    this.root = byteStringOf(root);
    this.made = empty ? /* @__PURE__ */ new Set() : void 0;
  }
  static async open(root) {
    const dir = await fsp.opendir(root);
    try {
      return new _ConfinedRoot(root, await dir.read() === null);
    } finally {
      await dir.close();
    }
  }
  /** The absolute path of `rel`, as a byte string. */
  absolute(rel) {
    return rel === "" ? this.root : `${this.root}/${rel}`;
  }
  /** The absolute path of `rel`, for node:fs. */
  fsPath(rel) {
    return bytesOf(this.absolute(rel));
  }
  /** The node at `rel`, or undefined; from memory for paths this object knows were never made. */
  async lstat(rel) {
    if (rel !== "" && this.made !== void 0 && !this.made.has(rel)) return void 0;
    return this.lstatOnDisk(rel);
  }
  async lstatOnDisk(rel) {
    try {
      return await fsp.lstat(this.fsPath(rel));
    } catch (err) {
      if (errnoCode(err) === "ENOENT") return void 0;
      throw err;
    }
  }
  /**
   * Makes sure every parent of the path `components` names is a real directory, creating missing
   * ones (mode 0755). Refuses, naming `entryName`, a parent that is a symlink or not a directory.
   * Returns the directories it created.
   */
  async prepareParents(components, entryName) {
    const created = [];
    let rel = "";
    for (const component of components.slice(0, -1)) {
      rel = rel === "" ? component : `${rel}/${component}`;
      if (this.knownDirs.has(rel)) continue;
      const stat = await this.lstat(rel);
      if (stat === void 0) {
        await fsp.mkdir(this.fsPath(rel));
        await fsp.chmod(this.fsPath(rel), 493);
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
  async checkExistingParents(components, entryName, what) {
    let rel = "";
    for (const component of components.slice(0, -1)) {
      rel = rel === "" ? component : `${rel}/${component}`;
      if (this.knownDirs.has(rel)) continue;
      const stat = await this.lstat(rel);
      if (stat === void 0) throw layerEntryError(entryName, `${what} does not exist in the layer`);
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
  async assertParentsAreDirectories(rel, checked) {
    const components = rel.split("/");
    let parent = "";
    for (const component of components.slice(0, -1)) {
      parent = parent === "" ? component : `${parent}/${component}`;
      if (checked.has(parent)) continue;
      const stat = await this.lstatOnDisk(parent);
      if (stat === void 0 || !stat.isDirectory()) {
        throw internal(`layer root changed while unpacking: ${quoted(parent)} is no longer a directory`);
      }
      checked.add(parent);
    }
  }
  /** Records that a node was made at `rel` (or is being made: see ConcurrentWrites). */
  noteMade(rel) {
    if (this.made === void 0) return;
    this.made.add(rel);
    if (this.made.size > MAX_TRACKED_NODES) this.made = void 0;
  }
  /** Records that `rel` is now a directory this object made. */
  noteDirectory(rel) {
    this.noteMade(rel);
    this.knownDirs.add(rel);
  }
  /** Removes whatever is at `rel`, never following a symlink, and says what it was. */
  async remove(rel) {
    if (rel === "") throw internal("refusing to remove the layer root");
    const stat = await this.lstat(rel);
    if (stat === void 0) return "nothing";
    this.made?.delete(rel);
    if (!stat.isDirectory()) {
      await fsp.unlink(this.fsPath(rel));
      return "other";
    }
    await fsp.rm(this.fsPath(rel), { recursive: true, force: true });
    const below = `${rel}/`;
    this.knownDirs.delete(rel);
    for (const set of [this.knownDirs, this.made ?? /* @__PURE__ */ new Set()]) {
      for (const path of set) if (path.startsWith(below)) set.delete(path);
    }
    return "directory";
  }
};

// src/engine/archive/deferred-work.ts
var DeferredWork = class {
  nodes = /* @__PURE__ */ new Map();
  xattrs = /* @__PURE__ */ new Map();
  opaqueDirs = /* @__PURE__ */ new Set();
  dirMetadata = /* @__PURE__ */ new Map();
  /**
   * Drops what was recorded for `rel`, whose node was replaced; with `subtree`, also for everything
   * below it (a directory was removed). Only subtree forgetting scans, and it is rare.
   */
  forget(rel, subtree) {
    const collections = [this.nodes, this.xattrs, this.opaqueDirs, this.dirMetadata];
    for (const collection of collections) collection.delete(rel);
    if (!subtree) return;
    const prefix = `${rel}/`;
    for (const collection of collections) {
      for (const key of collection.keys()) if (key.startsWith(prefix)) collection.delete(key);
    }
  }
};

// src/engine/archive/entry-path.ts
function entryComponents(name) {
  if (name.includes("\0")) throw layerEntryError(name, "path contains a NUL byte");
  if (name.startsWith("/")) throw layerEntryError(name, "path is absolute");
  const components = name.split("/").filter((c) => c !== "" && c !== ".");
  if (components.includes("..")) throw layerEntryError(name, 'path leaves the root: ".." components are not allowed');
  return components;
}
function hardlinkTargetComponents(entryName, linkname) {
  const target = `hardlink target ${quoted(linkname)}`;
  if (linkname === "") throw layerEntryError(entryName, "hardlink has no target");
  if (linkname.includes("\0")) throw layerEntryError(entryName, `${target} contains a NUL byte`);
  if (linkname.startsWith("/")) throw layerEntryError(entryName, `${target} is absolute`);
  const components = linkname.split("/").filter((c) => c !== "" && c !== ".");
  if (components.includes("..")) throw layerEntryError(entryName, `${target} leaves the root: ".." components are not allowed`);
  if (components.length === 0) throw layerEntryError(entryName, `${target} is the root directory`);
  return components;
}
function checkSymlinkTarget(entryName, linkComponents, target) {
  if (target === "") throw layerEntryError(entryName, "symlink has no target");
  if (target.includes("\0")) throw layerEntryError(entryName, "symlink target contains a NUL byte");
  if (target.startsWith("/")) return;
  let depth = linkComponents.length - 1;
  for (const component of target.split("/")) {
    if (component === "" || component === ".") continue;
    depth += component === ".." ? -1 : 1;
    if (depth < 0) throw layerEntryError(entryName, `symlink target ${quoted(target)} leaves the root`);
  }
}

// src/engine/archive/special-nodes.ts
function shellQuote(byteString) {
  return `'${byteString.replace(/'/g, `'\\''`)}'`;
}
function mknodScript(nodes) {
  const lines = ["set -e"];
  for (const node of nodes) {
    const mode = (node.mode & 4095).toString(8).padStart(4, "0");
    const type = node.kind === "fifo" ? "p" : `${node.kind === "char" ? "c" : "b"} ${node.major} ${node.minor}`;
    lines.push(`mknod -m ${mode} -- ${shellQuote(node.path)} ${type}`);
  }
  return bytesOf(`${lines.join("\n")}
`);
}
async function makeSpecialNodes(nodes) {
  if (nodes.length === 0) return;
  await runCommand("sh", ["-s"], { input: mknodScript(nodes) });
}

// src/engine/archive/layer-unpacker.ts
var CREATE_NEW_FILE = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW;
var CONCURRENT_FILE_MAX_SIZE = 1 << 20;
var CONCURRENT_WRITES = 16;
var LayerUnpacker = class _LayerUnpacker {
  root;
  deferred = new DeferredWork();
  writes = new ConcurrentWrites(CONCURRENT_WRITES);
  /** Without root, ownership is left alone and device nodes are skipped (for unprivileged tests). */
  privileged;
  constructor(root, privileged) {
    this.root = root;
    this.privileged = privileged;
  }
  /** `root`: absolute path of an existing directory, normally empty, that nothing else changes meanwhile. */
  static async open(root, privileged) {
    return new _LayerUnpacker(await ConfinedRoot.open(root), privileged);
  }
  /**
   * Writes one entry (small regular files possibly still in flight when this returns). The body
   * must be consumed, or abandoned, before the next entry is read.
   */
  async unpack(entry) {
    try {
      await this.unpackEntry(entry);
    } catch (err) {
      throw entryFailure(entry.header.name, err);
    }
  }
  async unpackEntry({ header, body }) {
    const components = entryComponents(header.name);
    if (components.length === 0) return this.rootDirectory(header);
    if (components.slice(0, -1).some(isReservedComponent)) return;
    await this.waitForWritesTouching(components.join("/"));
    const marker = classifyBasename(components.at(-1));
    switch (marker.kind) {
      case "invalid":
        throw layerEntryError(header.name, marker.reason);
      case "meta":
        return;
      case "opaque":
        await this.prepareParents(components, header.name);
        this.deferred.opaqueDirs.add(components.slice(0, -1).join("/"));
        return;
      case "whiteout":
        return this.whiteout(header, [...components.slice(0, -1), marker.target]);
      case "none":
        break;
    }
    await this.prepareParents(components, header.name);
    const rel = components.join("/");
    switch (header.type) {
      case "directory":
        return this.directory(header, rel);
      case "file":
        return this.file(header, rel, body);
      case "symlink":
        return this.symlink(header, components, rel);
      case "link":
        return this.hardlink(header, rel);
      case "char":
      case "block":
      case "fifo":
        return this.specialNode(header, rel);
    }
  }
  /** Everything batched for the end: special nodes, xattrs, then directory metadata. */
  async finish() {
    await this.writes.drain();
    await this.flushNodes();
    await this.applyXattrs();
    await this.applyDirectoryMetadata();
  }
  /** After a failure: lets writes in flight end, so nothing is written once the caller hears of it. */
  async abort() {
    await this.writes.settle();
  }
  /** Whatever an entry does to a path being written (or below it) must wait for that write. */
  async waitForWritesTouching(rel) {
    if (this.writes.touches(rel)) await this.writes.drain();
  }
  async prepareParents(components, entryName) {
    for (const created of await this.root.prepareParents(components, entryName)) this.deferred.forget(created, false);
  }
  /** Removes whatever is at `rel`, on disk or only recorded, so a new node can take its place. */
  async replace(rel) {
    if ((await this.root.lstat(rel))?.isDirectory()) await this.writes.drain();
    const removed = await this.root.remove(rel);
    this.deferred.forget(rel, removed === "directory");
  }
  recordXattrs(rel, header) {
    const xattrs = /* @__PURE__ */ new Map();
    for (const [name, value] of header.xattrs) if (isLayerXattr(name)) xattrs.set(name, value);
    if (xattrs.size > 0) this.deferred.xattrs.set(rel, xattrs);
    else this.deferred.xattrs.delete(rel);
  }
  rootDirectory(header) {
    if (header.type !== "directory") throw layerEntryError(header.name, "the root entry must be a directory");
    this.deferred.dirMetadata.set("", metadataOf(header));
    this.recordXattrs("", header);
  }
  async whiteout(header, target) {
    await this.prepareParents(target, header.name);
    const rel = target.join("/");
    await this.waitForWritesTouching(rel);
    if (this.deferred.nodes.has(rel) || await this.root.lstat(rel) !== void 0) return;
    this.deferred.nodes.set(rel, { kind: "whiteout" });
  }
  async directory(header, rel) {
    const existing = await this.root.lstat(rel);
    if (existing === void 0 || !existing.isDirectory()) {
      await this.replace(rel);
      await fsp2.mkdir(this.root.fsPath(rel), { mode: 448 });
      this.root.noteDirectory(rel);
    }
    this.deferred.dirMetadata.set(rel, metadataOf(header));
    this.recordXattrs(rel, header);
  }
  async file(header, rel, body) {
    await this.replace(rel);
    this.root.noteMade(rel);
    this.recordXattrs(rel, header);
    if (header.size > CONCURRENT_FILE_MAX_SIZE) return this.writeFile(rel, header, body);
    const chunks = [];
    for await (const chunk of body) chunks.push(chunk);
    await this.writes.start(rel, () => this.writeFile(rel, header, chunks));
  }
  /** Runs in line or concurrently, so it names its entry in its own errors. */
  async writeFile(rel, header, data) {
    try {
      const handle = await fsp2.open(this.root.fsPath(rel), CREATE_NEW_FILE, 384);
      try {
        for await (const chunk of data) {
          for (let offset = 0; offset < chunk.length; ) offset += (await handle.write(chunk, offset)).bytesWritten;
        }
        if (this.privileged) await handle.chown(header.uid, header.gid);
        await handle.chmod(header.mode);
        await handle.utimes(header.mtime, header.mtime);
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw entryFailure(header.name, err);
    }
  }
  async symlink(header, components, rel) {
    checkSymlinkTarget(header.name, components, header.linkname);
    await this.replace(rel);
    const linkPath = this.root.fsPath(rel);
    await fsp2.symlink(bytesOf(header.linkname), linkPath);
    this.root.noteMade(rel);
    if (this.privileged) await fsp2.lchown(linkPath, header.uid, header.gid);
    await fsp2.lutimes(linkPath, header.mtime, header.mtime);
  }
  /** A second name for a node earlier in the layer; the node keeps its own metadata. */
  async hardlink(header, rel) {
    const targetComponents = hardlinkTargetComponents(header.name, header.linkname);
    const targetRel = targetComponents.join("/");
    const what = `hardlink target ${quoted(header.linkname)}`;
    if (targetRel === rel) throw layerEntryError(header.name, "hardlink to itself");
    await this.waitForWritesTouching(targetRel);
    await this.root.checkExistingParents(targetComponents, header.name, what);
    const pending = this.deferred.nodes.get(targetRel);
    if (pending?.kind === "whiteout") throw layerEntryError(header.name, `${what} does not exist in the layer`);
    if (pending !== void 0) await this.flushNodes();
    const target = await this.root.lstat(targetRel);
    if (target === void 0) throw layerEntryError(header.name, `${what} does not exist in the layer`);
    if (target.isDirectory()) throw layerEntryError(header.name, `${what} is a directory`);
    await this.replace(rel);
    await fsp2.link(this.root.fsPath(targetRel), this.root.fsPath(rel));
    this.root.noteMade(rel);
  }
  async specialNode(header, rel) {
    if (header.type !== "fifo" && !this.privileged) return;
    await this.replace(rel);
    const kind = header.type === "fifo" ? "fifo" : header.type === "char" ? "char" : "block";
    this.deferred.nodes.set(rel, { kind, major: header.devmajor, minor: header.devminor, ...metadataOf(header) });
  }
  /** Makes the recorded device nodes, fifos and whiteouts with one spawn, then sets their metadata. */
  async flushNodes() {
    const nodes = [...this.deferred.nodes];
    this.deferred.nodes.clear();
    if (nodes.length === 0) return;
    const checked = /* @__PURE__ */ new Set();
    const specs = [];
    for (const [rel, node] of nodes) {
      await this.root.assertParentsAreDirectories(rel, checked);
      const path = this.root.absolute(rel);
      if (node.kind === "whiteout") specs.push({ path, kind: "char", major: 0, minor: 0, mode: 0 });
      else specs.push({ path, kind: node.kind, major: node.major, minor: node.minor, mode: node.mode });
    }
    await makeSpecialNodes(specs);
    for (const [rel] of nodes) this.root.noteMade(rel);
    for (const [rel, node] of nodes) {
      if (node.kind === "whiteout") continue;
      const nodePath = this.root.fsPath(rel);
      if (this.privileged) await fsp2.lchown(nodePath, node.uid, node.gid);
      await fsp2.chmod(nodePath, node.mode);
      await fsp2.lutimes(nodePath, node.mtime, node.mtime);
    }
  }
  /** Sets all recorded xattrs with one spawn. After every chown: chown clears security.capability. */
  async applyXattrs() {
    const checked = /* @__PURE__ */ new Set();
    const files = [];
    for (const rel of /* @__PURE__ */ new Set([...this.deferred.xattrs.keys(), ...this.deferred.opaqueDirs])) {
      await this.root.assertParentsAreDirectories(rel, checked);
      const stat = await this.root.lstat(rel);
      const opaque = this.deferred.opaqueDirs.has(rel);
      if (stat === void 0 || !(stat.isDirectory() || stat.isFile() && !opaque)) {
        throw internal(`layer root changed while unpacking: ${quoted(rel)} is not what the layer made`);
      }
      const xattrs = new Map(this.deferred.xattrs.get(rel));
      if (opaque) xattrs.set(OVERLAY_OPAQUE_XATTR, Buffer.from("y"));
      files.push([this.root.absolute(rel), xattrs]);
    }
    await restoreXattrs(files);
  }
  /** Deepest first, so an unprivileged run can still reach children before a parent turns read-only. */
  async applyDirectoryMetadata() {
    const depth = (rel) => rel === "" ? 0 : rel.split("/").length;
    const dirs = [...this.deferred.dirMetadata].sort(([a], [b]) => depth(b) - depth(a));
    const checked = /* @__PURE__ */ new Set();
    for (const [rel, metadata] of dirs) {
      await this.root.assertParentsAreDirectories(rel, checked);
      if (!(await this.root.lstat(rel))?.isDirectory()) {
        throw internal(`layer root changed while unpacking: ${quoted(rel)} is no longer a directory`);
      }
      const dirPath = this.root.fsPath(rel);
      if (this.privileged) await fsp2.lchown(dirPath, metadata.uid, metadata.gid);
      await fsp2.chmod(dirPath, metadata.mode);
      await fsp2.lutimes(dirPath, metadata.mtime, metadata.mtime);
    }
  }
};
function metadataOf(header) {
  return { mode: header.mode, uid: header.uid, gid: header.gid, mtime: header.mtime };
}

// src/engine/archive/byte-reader.ts
var ByteReader = class {
  iterator;
  chunks = [];
  buffered = 0;
  ended = false;
  constructor(source) {
    this.iterator = source[Symbol.asyncIterator]();
  }
  /** Pulls chunks until `n` bytes are buffered or the source ends; says whether it got them. */
  async fill(n) {
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
  take(n) {
    const first = this.chunks[0];
    if (first.length >= n) {
      this.buffered -= n;
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
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
  async readExact(n) {
    if (!await this.fill(n)) {
      if (this.buffered === 0) return void 0;
      throw invalidArgument("layer is truncated: unexpected end of the tar stream");
    }
    return this.take(n);
  }
  /** Between 1 and `max` bytes, without copying when a chunk allows; throws at the end. */
  async readSome(max) {
    if (!await this.fill(1)) throw invalidArgument("layer is truncated: unexpected end of the tar stream");
    return this.take(Math.min(max, this.chunks[0].length));
  }
  async skip(n) {
    let left = n;
    while (left > 0) left -= (await this.readSome(left)).length;
  }
  /** Reads and discards everything up to the end of the source. */
  async drain() {
    this.chunks.length = 0;
    this.buffered = 0;
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
    }
  }
};

// src/engine/archive/tar-reader.ts
var MAX_EXTENSION_SIZE = 1 << 20;
var XATTR_PREFIX = "SCHILY.xattr.";
var typeByFlag = {
  [TypeFlag.file]: "file",
  [TypeFlag.oldFile]: "file",
  [TypeFlag.contiguous]: "file",
  [TypeFlag.link]: "link",
  [TypeFlag.symlink]: "symlink",
  [TypeFlag.char]: "char",
  [TypeFlag.block]: "block",
  [TypeFlag.directory]: "directory",
  [TypeFlag.fifo]: "fifo"
};
async function* readTarEntries(source) {
  const reader = new ByteReader(source);
  const pending = { global: /* @__PURE__ */ new Map(), local: /* @__PURE__ */ new Map(), longName: void 0, longLink: void 0 };
  for (; ; ) {
    const block = await reader.readExact(BLOCK_SIZE);
    if (block === void 0) break;
    if (isZeroBlock(block)) {
      const next = await reader.readExact(BLOCK_SIZE);
      if (next !== void 0 && !isZeroBlock(next)) throw invalidArgument("invalid tar: data after a zero block");
      break;
    }
    const raw = decodeHeaderBlock(block);
    if (await readExtension(reader, raw, pending)) continue;
    const header = headerOf(raw, pending);
    const size = header.size;
    let consumed = 0;
    const body = (async function* () {
      while (consumed < size) {
        const chunk = await reader.readSome(size - consumed);
        consumed += chunk.length;
        yield chunk;
      }
    })();
    yield { header, body };
    await reader.skip(size - consumed + paddingAfter(size));
  }
  await reader.drain();
}
async function readExtension(reader, raw, pending) {
  switch (raw.typeFlag) {
    case TypeFlag.paxHeader:
    case TypeFlag.paxGlobalHeader:
    case TypeFlag.gnuLongName:
    case TypeFlag.gnuLongLink:
      break;
    default:
      return false;
  }
  if (raw.size > MAX_EXTENSION_SIZE) throw invalidArgument(`invalid tar: extension header of ${raw.size} bytes`);
  const data = await reader.readExact(raw.size) ?? Buffer.alloc(0);
  if (data.length !== raw.size) throw invalidArgument("layer is truncated: unexpected end of the tar stream");
  await reader.skip(paddingAfter(raw.size));
  switch (raw.typeFlag) {
    case TypeFlag.paxHeader:
      for (const [key, value] of decodePaxRecords(data)) pending.local.set(key, value);
      break;
    case TypeFlag.paxGlobalHeader:
      for (const [key, value] of decodePaxRecords(data)) pending.global.set(key, value);
      break;
    case TypeFlag.gnuLongName:
      pending.longName = nulTerminated(data);
      break;
    case TypeFlag.gnuLongLink:
      pending.longLink = nulTerminated(data);
      break;
  }
  return true;
}
function nulTerminated(data) {
  const end = data.indexOf(0);
  return byteStringFrom(end === -1 ? data : data.subarray(0, end));
}
function headerOf(raw, pending) {
  const pax = new Map([...pending.global, ...pending.local]);
  let name = pending.longName ?? raw.name;
  let linkname = pending.longLink ?? raw.linkname;
  pending.local = /* @__PURE__ */ new Map();
  pending.longName = void 0;
  pending.longLink = void 0;
  const header = {
    name,
    type: "file",
    mode: raw.mode & 4095,
    uid: raw.uid,
    gid: raw.gid,
    size: raw.size,
    mtime: raw.mtime,
    linkname,
    devmajor: raw.devmajor,
    devminor: raw.devminor,
    xattrs: /* @__PURE__ */ new Map()
  };
  for (const [key, value] of pax) {
    const text = value.toString("latin1");
    if (key.startsWith(XATTR_PREFIX)) header.xattrs.set(key.slice(XATTR_PREFIX.length), value);
    else if (key === "path" && text !== "") header.name = name = text;
    else if (key === "linkpath" && text !== "") header.linkname = linkname = text;
    else if (key === "size") header.size = paxInteger(name, key, text);
    else if (key === "uid") header.uid = paxInteger(name, key, text);
    else if (key === "gid") header.gid = paxInteger(name, key, text);
    else if (key === "mtime") header.mtime = paxTime(name, text);
    else if (key.startsWith("GNU.sparse.")) throw layerEntryError(name, "sparse files are not supported");
  }
  const type = typeByFlag[raw.typeFlag];
  if (type === void 0) {
    throw layerEntryError(name, `unsupported tar entry type ${JSON.stringify(raw.typeFlag)}`);
  }
  header.type = raw.typeFlag === TypeFlag.oldFile && name.endsWith("/") ? "directory" : type;
  if (header.type !== "file") header.size = 0;
  return header;
}
function paxInteger(name, key, text) {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw layerEntryError(name, `invalid PAX ${key} ${JSON.stringify(text)}`);
  return value;
}
function paxTime(name, text) {
  if (!/^-?[0-9]+(\.[0-9]*)?$/.test(text)) throw layerEntryError(name, `invalid PAX mtime ${JSON.stringify(text)}`);
  return Number(text);
}

// src/engine/archive/apply.ts
async function applyLayer(layer, root) {
  const realRoot = await fsp3.realpath(root);
  if (!(await fsp3.stat(realRoot)).isDirectory()) throw invalidArgument(`layer root ${root} is not a directory`);
  const { stream, compression } = await openLayerStream(layer);
  const digester = new DigestingStream();
  pipeline(stream, digester, () => {
  });
  const unpacker = await LayerUnpacker.open(realRoot, process.geteuid?.() === 0);
  try {
    for await (const entry of readTarEntries(digester)) await unpacker.unpack(entry);
    await unpacker.finish();
  } catch (err) {
    layer.destroy();
    stream.destroy();
    digester.destroy();
    await unpacker.abort();
    if (isMinatoError(err)) throw err;
    throw decompressionError(err, compression) ?? err;
  }
  return { diffId: digester.digest(), size: digester.size };
}
export {
  applyLayer
};
