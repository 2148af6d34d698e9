// `docker save`: one tar that is at the same time an OCI image layout (oci-layout, index.json,
// blobs/sha256/…) and a `docker save` archive (manifest.json pointing at the same blobs), as
// Docker 25+ writes it — so `docker load`, `skopeo copy docker-archive:` and `skopeo copy
// oci-archive:` all read what Minato saves.
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack as createTarPack } from 'tar-stream';
import { type Digest, digestHex } from '../../util/digest.ts';
import { internal, isMinatoError } from '../../util/errors.ts';
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
  // Every blob is checked now: once the archive streams, a missing one can only cut it short.
  const sizes = new Map<Digest, number>();
  for (const image of byManifest.values()) {
    const name = image.names[0] ? familiarString(parseReference(image.names[0])) : image.manifest.config.digest;
    for (const digest of [image.manifestDigest, image.manifest.config.digest, ...image.manifest.layers.map((layer) => layer.digest)]) {
      try {
        sizes.set(digest, (await images.content.info(digest)).size);
      } catch (err) {
        if (!isMinatoError(err, 'NotFound')) throw err;
        throw internal(`cannot save ${name}: its blob ${digest} is missing from the content store`);
      }
    }
  }
  const output = new PassThrough();
  writeArchive(images, [...byManifest.values()], sizes, output).catch((err: unknown) => output.destroy(err as Error));
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

async function writeArchive(images: ImageService, saved: SavedImage[], sizes: Map<Digest, number>, output: PassThrough): Promise<void> {
  const tar = createTarPack();
  const done = pipeline(tar, output);
  // Settles (rejects) only if the archive stream fails or is closed by the reader first.
  const cutShort = done.then(() => {
    throw new Error('the archive stream ended early');
  });
  cutShort.catch(() => undefined);
  try {
    await writeEntries(images, saved, sizes, tar, cutShort);
  } catch (err) {
    tar.destroy(err as Error);
    await done.catch(() => undefined);
    throw err;
  }
  await done;
}

async function writeEntries(images: ImageService, saved: SavedImage[], sizes: Map<Digest, number>, tar: ReturnType<typeof createTarPack>, cutShort: Promise<never>): Promise<void> {
  const written = new Set<Digest>();
  const addBuffer = (name: string, data: string) => {
    tar.entry({ name, mode: 0o644, mtime: new Date(0) }, data);
  };
  const addBlob = async (digest: Digest) => {
    if (written.has(digest)) return;
    written.add(digest);
    const size = sizes.get(digest) ?? (await images.content.info(digest)).size;
    const copied = new Promise<void>((resolve, reject) => {
      const entry = tar.entry({ name: `blobs/sha256/${digestHex(digest)}`, size, mode: 0o644, mtime: new Date(0) }, (err) => (err ? reject(err) : resolve()));
      // The entry errors when the archive is torn down (the reader went away): without a
      // listener, pipe() would rethrow that as an uncaught error and take the daemon down.
      entry.on('error', reject);
      const source = images.content.openRead(digest);
      source.on('error', (err) => {
        entry.destroy(err);
        reject(err);
      });
      source.pipe(entry);
    });
    await Promise.race([copied, cutShort]);
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
}
