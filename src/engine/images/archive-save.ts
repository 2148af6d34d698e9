// `docker save`: one tar that is at the same time an OCI image layout (oci-layout, index.json,
// blobs/sha256/…) and a `docker save` archive (manifest.json pointing at the same blobs), as
// Docker 25+ writes it — so `docker load`, `skopeo copy docker-archive:` and `skopeo copy
// oci-archive:` all read what Minato saves.
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack as createTarPack } from 'tar-stream';
import { type Digest, digestHex } from '../../util/digest.ts';
import type { ImageService } from './image-service.ts';
import type { ImageManifest } from './oci-types.ts';
import { familiarString, formatReference, parseReference, withDefaultTag } from './reference.ts';

interface SavedImage {
  manifestDigest: Digest;
  manifestMediaType: string;
  manifestSize: number;
  manifest: ImageManifest;
  /** Full references to record for this image (empty when saved by ID). */
  names: string[];
}

/** Resolves the names first (so a bad name fails before any byte is sent), then streams. */
export async function saveImages(images: ImageService, names: readonly string[]): Promise<Readable> {
  const byManifest = new Map<Digest, SavedImage>();
  for (const name of names) {
    const image = images.resolve(name);
    let saved = byManifest.get(image.manifestDigest);
    if (!saved) {
      const info = await images.content.info(image.manifestDigest);
      saved = { manifestDigest: image.manifestDigest, manifestMediaType: image.manifestMediaType, manifestSize: info.size, manifest: await images.manifest(image), names: [] };
      byManifest.set(image.manifestDigest, saved);
    }
    const tag = taggedName(name, image.tags);
    if (tag && !saved.names.includes(tag)) saved.names.push(tag);
  }
  const output = new PassThrough();
  writeArchive(images, [...byManifest.values()], output).catch((err: unknown) => output.destroy(err as Error));
  return output;
}

/** The tag a name refers to, when it names the image by one of its tags (not by ID). */
function taggedName(name: string, tags: readonly string[]): string | undefined {
  try {
    const full = formatReference(withDefaultTag(parseReference(name)));
    return tags.includes(full) ? full : undefined;
  } catch {
    return undefined;
  }
}

async function writeArchive(images: ImageService, saved: SavedImage[], output: PassThrough): Promise<void> {
  const tar = createTarPack();
  const done = pipeline(tar, output);
  const written = new Set<Digest>();
  const addBuffer = (name: string, data: string) => {
    tar.entry({ name, mode: 0o644, mtime: new Date(0) }, data);
  };
  const addBlob = async (digest: Digest) => {
    if (written.has(digest)) return;
    written.add(digest);
    const { size } = await images.content.info(digest);
    await new Promise<void>((resolve, reject) => {
      const entry = tar.entry({ name: `blobs/sha256/${digestHex(digest)}`, size, mode: 0o644, mtime: new Date(0) }, (err) => (err ? reject(err) : resolve()));
      images.content.openRead(digest).on('error', reject).pipe(entry);
    });
  };

  addBuffer('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  for (const image of saved) {
    await addBlob(image.manifestDigest);
    await addBlob(image.manifest.config.digest);
    for (const layer of image.manifest.layers) await addBlob(layer.digest);
  }
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: saved.flatMap((image) => {
      const descriptor = { mediaType: image.manifestMediaType, digest: image.manifestDigest, size: image.manifestSize };
      if (image.names.length === 0) return [descriptor];
      return image.names.map((name) => ({
        ...descriptor,
        annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': parseReference(name).tag ?? 'latest' },
      }));
    }),
  };
  addBuffer('index.json', JSON.stringify(index));
  const dockerManifest = saved.map((image) => ({
    Config: `blobs/sha256/${digestHex(image.manifest.config.digest)}`,
    RepoTags: image.names.map((name) => familiarString(parseReference(name))),
    Layers: image.manifest.layers.map((layer) => `blobs/sha256/${digestHex(layer.digest)}`),
  }));
  addBuffer('manifest.json', JSON.stringify(dockerManifest));
  tar.finalize();
  await done;
}
