// `docker push`: an image's blobs and manifest go to a registry. Each layer is first looked
// up there (HEAD: "Layer already exists"), then, when an image with that layer came from (or
// went to) another repository of the same registry — its repo digests remember where — mounted
// from there ("Mounted from other/repo") without sending a byte; only what is left is uploaded,
// in one streamed PUT with the length the content store knows ("Pushing", "Pushed"). The
// config follows, then the manifest, byte for byte as stored, so its digest is the image's.
// A successful push records the new repo digest on the image, which a later push to another
// repository can mount from.
import type { Readable } from 'node:stream';
import type { Digest } from '../../../util/digest.ts';
import { internal, notFound } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import type { ImageRecord } from '../../images/image-store.ts';
import type { ImageService } from '../../images/image-service.ts';
import { checkImageConfig, checkImageManifest } from '../../images/manifest-checks.ts';
import { MediaType } from '../../images/oci-types.ts';
import { familiarName, familiarString, formatReference, type ImageReference, parseReference, repositoryName } from '../../images/reference.ts';
import { forEachLimited } from './concurrency.ts';
import type { InsecureRegistries } from './insecure-registries.ts';
import { layerStatus, type ProgressSink, shortId, TransferMeter } from './progress.ts';
import type { Credentials } from './registry-auth.ts';
import { RegistrySession } from './registry-session.ts';
import { Repository } from './repository.ts';
import { repositoryScope, type Scope } from './scope.ts';

export interface PushRequest {
  /** With a tag, or without one: every local tag of the repository. */
  reference: ImageReference;
  credentials?: Credentials;
  insecure: InsecureRegistries;
  progress: ProgressSink;
  log?: Logger;
}

export interface PushedTag {
  tag: string;
  digest: Digest;
  size: number;
}

/** dockerd's default: five uploads at a time. */
const concurrentUploads = 5;
/** Repositories tried per blob for a mount before uploading it. */
const maxMountSources = 3;

/**
 * The local tags a push sends; NotFound (before anything is sent) when there are none. Run it
 * before pushImage to refuse with an HTTP status instead of an error in the progress stream.
 */
export function tagsToPush(images: ImageService, reference: ImageReference): { tag: string; image: ImageRecord }[] {
  const repository = repositoryName(reference);
  const names = reference.tag !== undefined ? [formatReference({ domain: reference.domain, path: reference.path, tag: reference.tag })] : images.store.list().flatMap((image) => image.tags.filter((tag) => tag.startsWith(`${repository}:`)));
  const found = names.flatMap((name) => {
    const id = images.store.imageIdForTag(name);
    const image = id ? images.store.get(id) : undefined;
    return image ? [{ tag: name.slice(repository.length + 1), image }] : [];
  });
  if (found.length === 0) throw notFound(`An image does not exist locally with the tag: ${reference.tag !== undefined ? familiarString(reference) : familiarName(reference)}`);
  return found.sort((a, b) => a.tag.localeCompare(b.tag));
}

export async function pushImage(images: ImageService, request: PushRequest): Promise<PushedTag[]> {
  const ref = request.reference;
  const targets = tagsToPush(images, ref);
  request.progress({ status: `The push refers to repository [${repositoryName(ref)}]` });
  return images.holdContent(async () => {
    const sources = await mountSources(images, ref);
    const sourceRepos = [...new Set([...sources.values()].flat())];
    const scopes: Scope[] = [repositoryScope(ref.path, ['pull', 'push']), ...sourceRepos.map((path) => repositoryScope(path, ['pull']))];
    const session = await RegistrySession.open({ domain: ref.domain, credentials: request.credentials, insecure: request.insecure, log: request.log });
    try {
      const repository = new Repository(session, ref.path, scopes);
      const pushed: PushedTag[] = [];
      for (const { tag, image } of targets) pushed.push(await pushTag(images, repository, image, tag, sources, request));
      return pushed;
    } finally {
      session.close();
    }
  });
}

async function pushTag(images: ImageService, repository: Repository, image: ImageRecord, tag: string, sources: Map<Digest, string[]>, request: PushRequest): Promise<PushedTag> {
  const progress = request.progress;
  const manifestData = await images.content.read(image.manifestDigest);
  const manifest = checkImageManifest(JSON.parse(manifestData.toString('utf8')), `manifest ${image.manifestDigest}`);
  const config = checkImageConfig(await images.content.readJson(image.id), `image config ${image.id}`);
  // Layers are shown by diff ID, top layer first, as docker push shows them.
  const layers = manifest.layers.map((layer, index) => ({ layer, id: shortId(config.rootfs.diff_ids[index] ?? layer.digest) })).toReversed();
  const unique = [...new Map(layers.map((entry) => [entry.layer.digest, entry])).values()];
  for (const { id } of unique) layerStatus(progress, id, 'Preparing');
  for (const { id } of unique.slice(concurrentUploads)) layerStatus(progress, id, 'Waiting');

  await forEachLimited(unique, concurrentUploads, async ({ layer, id }) => {
    if ((await repository.blobSize(layer.digest)) !== undefined) {
      layerStatus(progress, id, 'Layer already exists');
      return;
    }
    let location: URL | undefined;
    for (const source of (sources.get(layer.digest) ?? []).slice(0, maxMountSources)) {
      try {
        const mounted = await repository.mountBlob(layer.digest, source);
        if (mounted === 'mounted') {
          layerStatus(progress, id, `Mounted from ${source}`);
          return;
        }
        location = mounted; // the registry opened an upload instead: use it
        break;
      } catch (err) {
        request.log?.debug({ layer: layer.digest, source, err }, 'cross-repository mount refused; trying the next source or uploading');
      }
    }
    await uploadBlob(images, repository, layer.digest, location, (size) => (stream) => pipeInto(stream, new TransferMeter(progress, id, 'Pushing', size)));
    layerStatus(progress, id, 'Pushed');
  });

  if ((await repository.blobSize(manifest.config.digest)) === undefined) {
    await uploadBlob(images, repository, manifest.config.digest, undefined, () => (stream) => stream);
  }
  const mediaType = manifest.mediaType ?? image.manifestMediaType ?? MediaType.ociManifest;
  const digest = await repository.putManifest(tag, manifestData, mediaType);
  if (digest !== image.manifestDigest) throw internal(`manifest ${image.manifestDigest} was read back from the content store as ${digest}`);
  progress({ status: `${tag}: digest: ${digest} size: ${manifestData.length}` });
  progress({ progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: manifestData.length } });

  // Remember where the image now is: `images` shows it, and pushes elsewhere mount from it.
  const current = images.store.get(image.id);
  if (current) images.store.put({ ...current, repoDigests: [...current.repoDigests, `${repositoryName(request.reference)}@${digest}`] });
  request.log?.info({ reference: formatReference({ ...request.reference, tag }), image: image.id, digest }, 'pushed image');
  return { tag, digest, size: manifestData.length };
}

async function uploadBlob(images: ImageService, repository: Repository, digest: Digest, location: URL | undefined, wrap: (size: number) => (stream: Readable) => Readable): Promise<void> {
  const { size } = await images.content.info(digest).catch(() => {
    throw internal(`blob ${digest} is missing from the content store; the image cannot be pushed (pull or load it again)`);
  });
  const target = location ?? (await repository.startUpload());
  const through = wrap(size);
  await repository.putBlob(target, digest, size, () => through(images.content.openRead(digest)));
}

function pipeInto(source: Readable, meter: TransferMeter): Readable {
  source.once('error', (err) => meter.destroy(err));
  return source.pipe(meter);
}

/**
 * For each blob, other repositories of the same registry that have it: those named in the repo
 * digests of local images that contain it (images pulled from there, or pushed there before).
 */
async function mountSources(images: ImageService, target: ImageReference): Promise<Map<Digest, string[]>> {
  const sources = new Map<Digest, string[]>();
  for (const image of images.store.list()) {
    const repos = new Set<string>();
    for (const repoDigest of image.repoDigests) {
      try {
        const ref = parseReference(repoDigest);
        if (ref.domain === target.domain && ref.path !== target.path) repos.add(ref.path);
      } catch {
        // an unreadable record entry: not a source
      }
    }
    if (repos.size === 0) continue;
    const manifest = await images.manifest(image).catch(() => undefined);
    for (const blob of [...(manifest?.layers ?? []).map((layer) => layer.digest)]) {
      sources.set(blob, [...new Set([...(sources.get(blob) ?? []), ...repos])]);
    }
  }
  return sources;
}
