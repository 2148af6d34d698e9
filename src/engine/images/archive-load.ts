// `docker load`: reads a `docker save` archive (manifest.json; old style with <id>/layer.tar
// and new style with blobs/sha256/…) or an OCI image layout archive (index.json, as written by
// skopeo, buildah, `docker save` 25+ and Minato) and registers the images in it.
//
// The archive is read once, as a stream: every file that may be a blob goes straight into the
// content store (which computes its digest), small JSON documents are kept in memory. Then the
// images are assembled from digests; nothing of the archive is written anywhere else.
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { extract as createTarExtract } from 'tar-stream';
import { type Digest, digestHex, isDigest } from '../../util/digest.ts';
import { invalidArgument } from '../../util/errors.ts';
import type { BlobInfo } from '../content/content-store.ts';
import type { ImageRecord } from './image-store.ts';
import type { ImageService } from './image-service.ts';
import { inspectLayer, ociLayerMediaType } from './layer-blob.ts';
import { hostArchitecture, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest, isIndexMediaType, MediaType } from './oci-types.ts';
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
}

function normaliseEntryName(name: string): string {
  const normalised = path.posix.normalize(name.replace(/^\.\/+/, '')).replace(/\/+$/, '');
  if (normalised.startsWith('/') || normalised === '..' || normalised.startsWith('../')) {
    throw invalidArgument(`archive entry "${name}": path leaves the archive`);
  }
  return normalised;
}

async function readArchive(images: ImageService, input: Readable): Promise<ArchiveContents> {
  const contents: ArchiveContents = { files: new Map(), links: new Map() };
  const extract = createTarExtract();
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract);
  for await (const entry of extract) {
    const name = normaliseEntryName(entry.header.name);
    if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
      contents.files.set(name, await images.content.ingest(entry as AsyncIterable<Buffer>));
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
  const info = lookupFile(contents, name);
  try {
    return JSON.parse((await images.content.read(info.digest)).toString('utf8')) as T;
  } catch (err) {
    throw invalidArgument(`archive file "${name}" is not valid JSON: ${(err as Error).message}`);
  }
}

/** An OCI layout blob, checked to be present and to hash to its name. */
function layoutBlob(contents: ArchiveContents, descriptor: Descriptor): BlobInfo {
  if (!isDigest(descriptor.digest)) throw invalidArgument(`index.json: unsupported digest "${descriptor.digest}"`);
  const file = contents.files.get(`blobs/sha256/${digestHex(descriptor.digest)}`);
  if (!file) throw invalidArgument(`the archive lacks blob ${descriptor.digest}`);
  if (file.digest !== descriptor.digest) throw invalidArgument(`blob ${descriptor.digest} in the archive is corrupt: its content hashes to ${file.digest}`);
  return file;
}

/** Picks this machine's manifest out of an index (recursively), like a pull does. */
async function selectManifest(images: ImageService, contents: ArchiveContents, descriptor: Descriptor): Promise<Descriptor> {
  if (!isIndexMediaType(descriptor.mediaType)) return descriptor;
  const index = (await images.content.readJson<ImageIndex>(layoutBlob(contents, descriptor).digest));
  const arch = hostArchitecture();
  const match = index.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch) ?? (index.manifests.length === 1 ? index.manifests[0] : undefined);
  if (!match) throw invalidArgument(`image index ${descriptor.digest} has no manifest for linux/${arch}`);
  return selectManifest(images, contents, match);
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

async function loadOciLayout(images: ImageService, contents: ArchiveContents, dockerTags: Map<Digest, string[]>): Promise<LoadedImage[]> {
  const index = await readJson<ImageIndex>(images, contents, 'index.json');
  if (!Array.isArray(index.manifests)) throw invalidArgument('index.json: "manifests" must be an array');
  const loaded = new Map<Digest, LoadedImage>();
  for (const top of index.manifests) {
    const descriptor = await selectManifest(images, contents, top);
    const manifestBlob = layoutBlob(contents, descriptor);
    const manifest = await images.content.readJson<ImageManifest>(manifestBlob.digest);
    layoutBlob(contents, manifest.config);
    for (const layer of manifest.layers) layoutBlob(contents, layer);
    const tags = [...(dockerTags.get(manifest.config.digest) ?? [])];
    const annotated = nameFromAnnotations(top.annotations);
    if (annotated && !tags.includes(annotated)) tags.push(annotated);
    const image = await images.register(manifestBlob.digest, { tags });
    const previous = loaded.get(image.id);
    loaded.set(image.id, { image, tags: [...new Set([...(previous?.tags ?? []), ...tags])] });
  }
  return [...loaded.values()];
}

async function loadDockerArchive(images: ImageService, contents: ArchiveContents, entries: DockerManifestEntry[]): Promise<LoadedImage[]> {
  const loaded: LoadedImage[] = [];
  for (const [index, entry] of entries.entries()) {
    if (typeof entry.Config !== 'string' || !Array.isArray(entry.Layers)) throw invalidArgument(`manifest.json[${index}]: needs "Config" and "Layers"`);
    const configBlob = lookupFile(contents, entry.Config);
    const config = await images.content.readJson<ImageConfig>(configBlob.digest);
    const diffIds = config.rootfs?.diff_ids ?? [];
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
    const tags = (entry.RepoTags ?? []).map((tag) => formatReference(withDefaultTag(parseReference(tag))));
    loaded.push({ image: await images.register(manifestBlob.digest, { tags }), tags });
  }
  return loaded;
}

export async function loadImages(images: ImageService, input: Readable): Promise<LoadedImage[]> {
  const contents = await readArchive(images, input);
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
    for (const entry of dockerEntries) {
      const config = lookupFile(contents, entry.Config);
      dockerTags.set(config.digest, (entry.RepoTags ?? []).map((tag) => formatReference(withDefaultTag(parseReference(tag)))));
    }
    return loadOciLayout(images, contents, dockerTags);
  }
  return loadDockerArchive(images, contents, dockerEntries);
}

/** The lines `docker load` prints. */
export function describeLoaded(loaded: readonly LoadedImage[]): string[] {
  return loaded.flatMap(({ image, tags }) =>
    tags.length > 0 ? tags.map((tag) => `Loaded image: ${familiarString(parseReference(tag))}`) : [`Loaded image ID: ${image.id}`],
  );
}
