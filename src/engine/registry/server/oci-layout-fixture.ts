// For tests: a tiny image written as an OCI image layout (oci-layout, index.json, blobs/), the
// way skopeo reads one as "oci:<dir>:<tag>" — one gzipped layer holding the given files.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { sha256 } from '../../../util/digest.ts';
import { MediaType } from '../../images/oci-types.ts';

export interface LayoutImage {
  manifestDigest: string;
  configDigest: string;
  layerDigest: string;
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function writeOciLayout(dir: string, tag: string, files: Record<string, string>): Promise<LayoutImage> {
  const blobsDir = path.join(dir, 'blobs', 'sha256');
  await fsp.mkdir(blobsDir, { recursive: true });
  const put = async (data: Buffer) => {
    const digest = sha256(data);
    await fsp.writeFile(path.join(blobsDir, digest.slice(7)), data);
    return { digest, size: data.length };
  };
  const tar = await tarOf(files);
  const layer = await put(gzipSync(tar));
  const config = await put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
        history: [{ created_by: 'minato test fixture' }],
      }),
    ),
  );
  const manifest = await put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, ...config },
        layers: [{ mediaType: MediaType.ociLayerGzip, ...layer }],
      }),
    ),
  );
  await fsp.writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await fsp.writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ mediaType: MediaType.ociManifest, ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { manifestDigest: manifest.digest, configDigest: config.digest, layerDigest: layer.digest };
}
