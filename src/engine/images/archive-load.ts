// `docker load`: reads a `docker save` archive (manifest.json; old style with <id>/layer.tar
// and new style with blobs/sha256/…) or an OCI image layout archive (index.json, as written by
// skopeo, buildah, `docker save` 25+ and Minato) and registers the images in it.
//
// The archive (plain, gzip or zstd, as `docker load` takes it) is read once, as a stream: every
// file goes straight into the content store (which computes its digest). Then the images are
// assembled from digests; nothing of the archive is written anywhere else. Blobs the loaded
// images do not use (the archive's own JSON files, everything of a failed load) are removed
// again at the end.
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { extract as createTarExtract } from 'tar-stream';
import { type Digest, digestHex, isDigest } from '../../util/digest.ts';
import { invalidArgument, messageOf } from '../../util/errors.ts';
import { openLayerStream } from '../archive/decompress.ts';
import type { BlobInfo } from '../content/content-store.ts';
import type { ImageRecord } from './image-store.ts';
import type { ImageService } from './image-service.ts';
import { inspectLayer, ociLayerMediaType } from './layer-blob.ts';
import { checkDescriptor, checkImageConfig } from './manifest-checks.ts';
import { hostArchitecture, type Descriptor, type ImageIndex, type ImageManifest, isIndexMediaType, MediaType } from './oci-types.ts';
import { familiarString, formatReference, parseReference, withDefaultTag } from './reference.ts';

interface ArchiveContents {
  /** Regular files stored as blobs, by normalised path. */
  files: Map<string, BlobInfo>;
  /** Symlinks (old docker save reuses layers that way), by normalised path → target path. */
  links: Map<string, string>;
}

interface DockerManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

export interface LoadedImage {
  image: ImageRecord;
  tags: string[];
  /** Tags that pointed at another image before, with that image's ID. */
  moved: { tag: string; previousId: Digest }[];
}

function normaliseEntryName(name: string): string {
  const normalised = path.posix.normalize(name.replace(/^\.\/+/, '')).replace(/\/+$/, '');
  if (normalised.startsWith('/') || normalised === '..' || normalised.startsWith('../')) {
    throw invalidArgument(`archive entry "${name}": path leaves the archive`);
  }
  return normalised;
}

/** The first chunk of a stream, put back so that the stream still yields it. */
async function peek(input: Readable): Promise<Buffer> {
  for (;;) {
    const chunk = input.read() as Buffer | null;
    if (chunk !== null) {
      input.unshift(chunk);
      return chunk;
    }
    if (input.readableEnded || input.destroyed) return Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        input.off('readable', done);
        input.off('end', done);
        input.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      input.on('readable', done);
      input.on('end', done);
      input.on('error', done);
    });
  }
}

/** The uncompressed archive: docker load takes gzip too (and zstd here); xz and bzip2 are named. */
async function uncompressedArchive(input: Readable): Promise<Readable> {
  const { stream, compression } = await openLayerStream(input);
  if (compression !== 'none') return stream;
  const head = await peek(stream);
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
    throw invalidArgument('the archive is xz-compressed, which Minato does not read: decompress it first (xz -d) or use gzip');
  }
  if (head.subarray(0, 3).toString('latin1') === 'BZh') {
    throw invalidArgument('the archive is bzip2-compressed, which Minato does not read: decompress it first (bunzip2) or use gzip');
  }
  return stream;
}

async function readArchive(images: ImageService, input: Readable, ingested: Set<Digest>): Promise<ArchiveContents> {
  const contents: ArchiveContents = { files: new Map(), links: new Map() };
  const extract = createTarExtract();
  const tar = await uncompressedArchive(input);
  tar.on('error', (err) => extract.destroy(err));
  tar.pipe(extract);
  for await (const entry of extract) {
    const name = normaliseEntryName(entry.header.name);
    if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
      const blob = await images.content.ingest(entry as AsyncIterable<Buffer>);
      ingested.add(blob.digest);
      contents.files.set(name, blob);
      continue;
    }
    if (entry.header.type === 'symlink' || entry.header.type === 'link') {
      const target = entry.header.type === 'symlink' ? path.posix.join(path.posix.dirname(name), entry.header.linkname ?? '') : entry.header.linkname ?? '';
      contents.links.set(name, normaliseEntryName(target));
    }
    entry.resume();
  }
  if (contents.files.size === 0) throw invalidArgument('the archive is empty or not a tar file');
  return contents;
}

function lookupFile(contents: ArchiveContents, name: string): BlobInfo {
  let current = normaliseEntryName(name);
  for (let hops = 0; hops < 16; hops++) {
    const file = contents.files.get(current);
    if (file) return file;
    const target = contents.links.get(current);
    if (target === undefined) break;
    current = target;
  }
  throw invalidArgument(`the archive has no file "${name}"`);
}

async function readJson<T>(images: ImageService, contents: ArchiveContents, name: string): Promise<T> {
  return parseJsonBlob<T>(images, lookupFile(contents, name).digest, `archive file "${name}"`);
}

async function parseJsonBlob<T>(images: ImageService, digest: Digest, what: string): Promise<T> {
  try {
    return JSON.parse((await images.content.read(digest)).toString('utf8')) as T;
  } catch (err) {
    throw invalidArgument(`${what} is not valid JSON: ${messageOf(err)}`);
  }
}

/** An OCI layout blob, checked to be present and to hash to its name. */
function layoutBlob(contents: ArchiveContents, descriptor: Descriptor): BlobInfo {
  if (typeof descriptor.digest !== 'string' || !isDigest(descriptor.digest)) throw invalidArgument(`OCI layout: unsupported digest ${JSON.stringify(descriptor.digest)} (want sha256:<64 hex digits>)`);
  const file = contents.files.get(`blobs/sha256/${digestHex(descriptor.digest)}`);
  if (!file) throw invalidArgument(`the archive lacks blob ${descriptor.digest}`);
  if (file.digest !== descriptor.digest) throw invalidArgument(`blob ${descriptor.digest} in the archive is corrupt: its content hashes to ${file.digest}`);
  return file;
}

/** Picks this machine's manifest out of an index (recursively), like a pull does. */
async function selectManifest(images: ImageService, contents: ArchiveContents, descriptor: Descriptor, depth = 0): Promise<Descriptor> {
  const blob = layoutBlob(contents, descriptor);
  const document = await parseJsonBlob<Partial<ImageIndex> & { mediaType?: string }>(images, blob.digest, `blob ${descriptor.digest}`);
  // The descriptor's media type may be missing; the document's own says what it is.
  if (!isIndexMediaType(descriptor.mediaType) && !isIndexMediaType(document.mediaType) && !Array.isArray(document.manifests)) return descriptor;
  if (depth >= 4) throw invalidArgument(`image index ${descriptor.digest}: indexes nested too deep`);
  if (!Array.isArray(document.manifests)) throw invalidArgument(`image index ${descriptor.digest}: "manifests" must be an array`);
  const manifests = document.manifests.map((entry, i) => checkDescriptor(entry, `image index ${descriptor.digest}: manifests[${i}]`));
  const arch = hostArchitecture();
  const match = manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch) ?? (manifests.length === 1 ? manifests[0] : undefined);
  if (!match) throw invalidArgument(`image index ${descriptor.digest} has no manifest for linux/${arch}`);
  return selectManifest(images, contents, match, depth + 1);
}

function nameFromAnnotations(annotations: Record<string, string> | undefined): string | undefined {
  for (const candidate of [annotations?.['io.containerd.image.name'], annotations?.['org.opencontainers.image.ref.name']]) {
    if (!candidate) continue;
    try {
      const ref = parseReference(candidate);
      // A bare "latest" parses as the name library/latest; only accept names that look meant.
      if (candidate.includes(':') || candidate.includes('/')) return formatReference(withDefaultTag(ref));
    } catch {
      // not a name (e.g. just a tag): ignore
    }
  }
  return undefined;
}

/** Registers an image, noting which of its tags pointed at another image until now. */
async function register(images: ImageService, manifestDigest: Digest, tags: string[]): Promise<LoadedImage> {
  const before = tags.map((tag) => ({ tag, previousId: images.store.imageIdForTag(tag) }));
  const image = await images.register(manifestDigest, { tags });
  const moved = before.filter((entry): entry is { tag: string; previousId: Digest } => entry.previousId !== undefined && entry.previousId !== image.id);
  return { image, tags, moved };
}

async function loadOciLayout(images: ImageService, contents: ArchiveContents, dockerTags: Map<Digest, string[]>): Promise<LoadedImage[]> {
  const index = await readJson<ImageIndex>(images, contents, 'index.json');
  if (typeof index !== 'object' || index === null || !Array.isArray(index.manifests)) throw invalidArgument('index.json: "manifests" must be an array');
  if (index.manifests.length === 0) throw invalidArgument('index.json lists no images');
  const loaded = new Map<Digest, LoadedImage>();
  for (const [position, entry] of index.manifests.entries()) {
    const top = checkDescriptor(entry, `index.json: manifests[${position}]`);
    const descriptor = await selectManifest(images, contents, top);
    const manifestBlob = layoutBlob(contents, descriptor);
    const manifest = await parseJsonBlob<ImageManifest>(images, manifestBlob.digest, `manifest ${manifestBlob.digest}`);
    if (typeof manifest?.config?.digest !== 'string' || !Array.isArray(manifest.layers)) {
      throw invalidArgument(`manifest ${manifestBlob.digest} (index.json: manifests[${position}]): needs "config" and "layers"`);
    }
    layoutBlob(contents, manifest.config);
    for (const layer of manifest.layers) layoutBlob(contents, layer);
    const tags = [...(dockerTags.get(manifest.config.digest) ?? [])];
    const annotated = nameFromAnnotations(top.annotations);
    if (annotated && !tags.includes(annotated)) tags.push(annotated);
    const result = await register(images, manifestBlob.digest, tags);
    const previous = loaded.get(result.image.id);
    loaded.set(result.image.id, {
      image: result.image,
      tags: [...new Set([...(previous?.tags ?? []), ...tags])],
      moved: [...(previous?.moved ?? []), ...result.moved],
    });
  }
  return [...loaded.values()];
}

async function loadDockerArchive(images: ImageService, contents: ArchiveContents, entries: DockerManifestEntry[]): Promise<LoadedImage[]> {
  const loaded: LoadedImage[] = [];
  for (const [index, entry] of entries.entries()) {
    if (typeof entry !== 'object' || entry === null || typeof entry.Config !== 'string' || !Array.isArray(entry.Layers) || !entry.Layers.every((layer) => typeof layer === 'string')) {
      throw invalidArgument(`manifest.json[${index}]: needs "Config" (a path) and "Layers" (a list of paths)`);
    }
    const configBlob = lookupFile(contents, entry.Config);
    const config = checkImageConfig(await parseJsonBlob(images, configBlob.digest, `archive file "${entry.Config}"`), `archive file "${entry.Config}"`);
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== entry.Layers.length) {
      throw invalidArgument(`manifest.json[${index}]: ${entry.Layers.length} layers, but its config lists ${diffIds.length}`);
    }
    const layers: Descriptor[] = [];
    for (const [layerIndex, layerPath] of entry.Layers.entries()) {
      const blob = lookupFile(contents, layerPath);
      const layer = await inspectLayer(images.content.openRead(blob.digest));
      if (layer.diffId !== diffIds[layerIndex]) {
        throw invalidArgument(`layer "${layerPath}" does not match the image config: its content is ${layer.diffId}, the config says ${diffIds[layerIndex]}`);
      }
      layers.push({ mediaType: ociLayerMediaType(layer.compression), digest: blob.digest, size: blob.size });
    }
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: configBlob.digest, size: configBlob.size },
      layers,
    };
    const manifestBlob = await images.content.put(JSON.stringify(manifest));
    loaded.push(await register(images, manifestBlob.digest, repoTags(entry, index)));
  }
  return loaded;
}

function repoTags(entry: DockerManifestEntry, index: number): string[] {
  if (entry.RepoTags === undefined || entry.RepoTags === null) return [];
  if (!Array.isArray(entry.RepoTags)) throw invalidArgument(`manifest.json[${index}].RepoTags: want a list of names`);
  return entry.RepoTags.map((tag, position) => {
    if (typeof tag !== 'string') throw invalidArgument(`manifest.json[${index}].RepoTags[${position}]: want a name`);
    const ref = parseReference(tag);
    if (ref.digest !== undefined) throw invalidArgument(`manifest.json[${index}].RepoTags[${position}]: "${tag}" is a digest reference, not a tag`);
    return formatReference(withDefaultTag(ref));
  });
}

/**
 * `docker load`: registers every image of the archive. Blobs the archive brought that no image
 * uses afterwards (its JSON files; everything, when the load fails) are removed again.
 */
export async function loadImages(images: ImageService, input: Readable): Promise<LoadedImage[]> {
  const ingested = new Set<Digest>();
  try {
    return await images.holdContent(() => loadHeld(images, input, ingested));
  } finally {
    await images.collectGarbage({ blobs: ingested, layers: new Set() }).catch(() => undefined);
  }
}

async function loadHeld(images: ImageService, input: Readable, ingested: Set<Digest>): Promise<LoadedImage[]> {
  const contents = await readArchive(images, input, ingested);
  const hasDockerManifest = contents.files.has('manifest.json');
  const hasOciIndex = contents.files.has('index.json') && contents.files.has('oci-layout');
  if (!hasDockerManifest && !hasOciIndex) {
    throw invalidArgument('not an image archive: it has neither manifest.json (docker save) nor oci-layout and index.json (OCI image layout)');
  }
  const dockerEntries = hasDockerManifest ? await readJson<DockerManifestEntry[]>(images, contents, 'manifest.json') : [];
  if (hasDockerManifest && !Array.isArray(dockerEntries)) throw invalidArgument('manifest.json: must be a JSON array');
  if (hasOciIndex) {
    // Prefer the OCI manifests (their digests survive a round trip), with Docker's RepoTags.
    const dockerTags = new Map<Digest, string[]>();
    for (const [index, entry] of dockerEntries.entries()) {
      if (typeof entry?.Config !== 'string') throw invalidArgument(`manifest.json[${index}]: needs "Config" (a path)`);
      const config = lookupFile(contents, entry.Config);
      dockerTags.set(config.digest, [...(dockerTags.get(config.digest) ?? []), ...repoTags(entry, index)]);
    }
    return loadOciLayout(images, contents, dockerTags);
  }
  return loadDockerArchive(images, contents, dockerEntries);
}

/** The lines `docker load` prints. */
export function describeLoaded(loaded: readonly LoadedImage[]): string[] {
  return loaded.flatMap(({ image, tags, moved }) => [
    ...moved.map(({ tag, previousId }) => `The image ${familiarString(parseReference(tag))} already exists, renaming the old one with ID ${previousId} to empty string`),
    ...(tags.length > 0 ? tags.map((tag) => `Loaded image: ${familiarString(parseReference(tag))}`) : [`Loaded image ID: ${image.id}`]),
  ]);
}
