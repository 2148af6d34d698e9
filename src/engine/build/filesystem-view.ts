// An image's file system opened for the builder: a writable overlay over its layers (COPY/ADD
// write into it and its upper directory becomes the step's layer) or a read-only one
// (COPY --from reads from it). Always closed by the caller, which unmounts and removes it.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { removePath } from '../../util/fs.ts';
import type { ImageRecord } from '../images/image-store.ts';
import type { ImageService } from '../images/image-service.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';

export interface FilesystemView {
  root: string;
  /** The writable layer's directory (changes made under `root` land here). */
  upper: string;
  close(): Promise<void>;
}

/** Names of the builder's snapshots (not containers'): what a crash leaves of them is removed at start. */
export const buildSnapshotPrefix = 'build-';

export async function openFilesystem(images: ImageService, snapshots: Snapshotter, workRoot: string, image: ImageRecord, options: { readonly?: boolean } = {}): Promise<FilesystemView> {
  const key = `${buildSnapshotPrefix}${randomBytes(8).toString('hex')}`;
  const root = path.join(workRoot, key);
  await images.holdContent(async () => {
    await images.unpack(image);
    await snapshots.prepare(key, image.chainIds);
  });
  try {
    await fsp.mkdir(root, { recursive: true, mode: 0o700 });
    await snapshots.mount(key, root, { readonly: options.readonly });
  } catch (err) {
    await snapshots.remove(key);
    await removePath(root);
    throw err;
  }
  return {
    root,
    upper: snapshots.upperPath(key),
    close: async () => {
      await snapshots.unmount(root);
      await removePath(root);
      await snapshots.remove(key);
    },
  };
}
