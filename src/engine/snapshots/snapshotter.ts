// Snapshotter: unpacked image layers and the writable layers containers run on (containerd's
// model). Lifecycle:
//   - a *layer* is committed once, keyed by its chain ID, by ensureLayer() with a function that
//     fills its directory; it is shared read-only by every image and container above it, and
//     removed only by removeLayer() when nothing uses it;
//   - an *active* snapshot (key = container ID) is prepare()d over a stack of layers, mount()ed
//     while the container runs, unmount()ed when it stops, remove()d with the container.
import type { Digest } from '../../util/digest.ts';

export interface Snapshotter {
  init(): Promise<void>;
  hasLayer(chainId: Digest): Promise<boolean>;
  /** Creates the layer by calling fill(dir) unless it exists; concurrent calls for one layer are safe. */
  ensureLayer(chainId: Digest, fill: (dir: string) => Promise<void>): Promise<void>;
  removeLayer(chainId: Digest): Promise<void>;
  listLayers(): Promise<Digest[]>;
  /** Directory holding a committed layer's files (read-only by convention). */
  layerPath(chainId: Digest): string;

  /** Creates a writable snapshot over `layers` (bottom first). */
  prepare(key: string, layers: readonly Digest[]): Promise<void>;
  mount(key: string, target: string, options?: { readonly?: boolean }): Promise<void>;
  unmount(target: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** The directory that receives a mounted snapshot's changes (overlay's upper dir). */
  upperPath(key: string): string;
  /** Layers under an active snapshot. */
  layersOf(key: string): Promise<Digest[]>;
  listActive(): Promise<string[]>;
}
