// Applying one image layer: decompress, digest the tar as it streams (the digest is the layer's
// diffID), and unpack it into an overlayfs lower directory.
import { promises as fsp } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { invalidArgument, isMinatoError } from '../../util/errors.ts';
import { DigestingStream, type Digest } from '../../util/digest.ts';
import { decompressionError, openLayerStream } from './decompress.ts';
import { LayerUnpacker } from './layer-unpacker.ts';
import { readTarEntries } from './tar-reader.ts';

export interface AppliedLayer {
  /** sha256 of the uncompressed tar, every byte of it (padding included). */
  diffId: Digest;
  /** Length of the uncompressed tar in bytes. */
  size: number;
}

/**
 * Unpacks `layer` (a tar, plain or gzip/zstd-compressed) into `root` as an overlayfs lower layer:
 * OCI whiteouts become overlay whiteouts (char device 0:0) and opaque markers the
 * trusted.overlay.opaque xattr; nothing is deleted. `root` must be an existing directory, normally
 * empty, that nothing else changes meanwhile. A hostile layer (paths leaving the root, writes
 * through symlinks, escaping links) is refused with InvalidArgument naming the entry; on any
 * failure `root` is left half-written and should be discarded.
 */
export async function applyLayer(layer: Readable, root: string): Promise<AppliedLayer> {
  const realRoot = await fsp.realpath(root);
  if (!(await fsp.stat(realRoot)).isDirectory()) throw invalidArgument(`layer root ${root} is not a directory`);

  const { stream, compression } = await openLayerStream(layer);
  const digester = new DigestingStream();
  // Errors on either side reach the loop below through the digester.
  pipeline(stream, digester, () => {});
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
