// What a layer blob is once uncompressed: its diff ID (sha256 of the tar), size and compression.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Digest, DigestingStream } from '../../util/digest.ts';
import { openLayerStream } from '../archive/decompress.ts';
import { MediaType } from './oci-types.ts';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface UncompressedLayer {
  diffId: Digest;
  size: number;
  compression: Compression;
}

export async function inspectLayer(input: Readable): Promise<UncompressedLayer> {
  const { stream, compression } = await openLayerStream(input);
  const hasher = new DigestingStream();
  await pipeline(stream, hasher, async function* drain(source) {
    for await (const _ of source) {
      // only the digest and size are wanted
    }
  });
  return { diffId: hasher.digest(), size: hasher.size, compression };
}

export function ociLayerMediaType(compression: Compression): string {
  switch (compression) {
    case 'gzip':
      return MediaType.ociLayerGzip;
    case 'zstd':
      return MediaType.ociLayerZstd;
    case 'none':
      return MediaType.ociLayer;
  }
}
