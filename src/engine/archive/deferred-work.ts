// What unpacking a layer leaves for its end: nodes that need mknod and attributes that need
// setfattr (batched, since each is a spawn), and directory metadata (set last, because writing
// children changes a directory's mtime and a read-only mode would stop an unprivileged writer).
// Keys are paths relative to the root, as byte strings.
import type { Xattrs } from './xattr-dump.ts';

export interface NodeMetadata {
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
}

export type DeferredNode =
  | ({ kind: 'char' | 'block' | 'fifo'; major: number; minor: number } & NodeMetadata)
  | { kind: 'whiteout' };

export class DeferredWork {
  readonly nodes = new Map<string, DeferredNode>();
  readonly xattrs = new Map<string, Xattrs>();
  readonly opaqueDirs = new Set<string>();
  readonly dirMetadata = new Map<string, NodeMetadata>();

  /**
   * Drops what was recorded for `rel`, whose node was replaced; with `subtree`, also for everything
   * below it (a directory was removed). Only subtree forgetting scans, and it is rare.
   */
  forget(rel: string, subtree: boolean): void {
    const collections = [this.nodes, this.xattrs, this.opaqueDirs, this.dirMetadata];
    for (const collection of collections) collection.delete(rel);
    if (!subtree) return;
    const prefix = `${rel}/`;
    for (const collection of collections) {
      for (const key of collection.keys()) if (key.startsWith(prefix)) collection.delete(key);
    }
  }
}
