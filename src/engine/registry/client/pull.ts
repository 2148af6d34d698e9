// `docker pull`: a reference becomes an image in the engine. The manifest is fetched by tag or
// digest (an index or manifest list selects this machine's platform), then the config and
// every layer the content store lacks are streamed in, each verified against its digest and
// size as it is written (the content store keeps nothing that does not match). Only when every
// blob is in is the image registered, so a failed pull leaves no image behind; the blobs it
// did fetch stay for the next attempt until garbage collection takes them. Layers are not
// unpacked here: that happens at first run.
import type { Readable } from 'node:stream';
import type { Digest } from '../../../util/digest.ts';
import { invalidArgument, isMinatoError, messageOf, MinatoError, notFound } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import type { ImageRecord } from '../../images/image-store.ts';
import type { ImageService } from '../../images/image-service.ts';
import { checkDescriptor, checkImageConfig, checkImageManifest } from '../../images/manifest-checks.ts';
import { type Descriptor, isIndexMediaType, isManifestMediaType } from '../../images/oci-types.ts';
import { familiarName, familiarString, formatReference, type ImageReference, repositoryName } from '../../images/reference.ts';
import { forEachLimited } from './concurrency.ts';
import { TransportError } from './http-transport.ts';
import type { InsecureRegistries } from './insecure-registries.ts';
import { formatPlatform, hostPlatform, normalisePlatform, type PlatformSpec, selectPlatformManifest } from './platform.ts';
import { layerStatus, type ProgressSink, shortId, TransferMeter } from './progress.ts';
import type { Credentials } from './registry-auth.ts';
import { RegistryError } from './registry-errors.ts';
import { RegistrySession } from './registry-session.ts';
import { type FetchedManifest, Repository } from './repository.ts';
import { repositoryScope } from './scope.ts';

export interface PullRequest {
  /** With a tag or a digest (see pullAllTags for neither). */
  reference: ImageReference;
  credentials?: Credentials;
  /** `--platform`; this machine's when absent. */
  platform?: PlatformSpec;
  insecure: InsecureRegistries;
  progress: ProgressSink;
  log?: Logger;
}

export interface PullResult {
  image: ImageRecord;
  /** The digest the reference resolved to (the index's, for a multi-platform image). */
  digest: Digest;
  upToDate: boolean;
}

/** dockerd's default: three layers at a time. */
const concurrentDownloads = 3;
const downloadAttempts = 3;

/** Pulls one tag or digest. */
export async function pullImage(images: ImageService, request: PullRequest): Promise<PullResult> {
  const session = await RegistrySession.open({ domain: request.reference.domain, credentials: request.credentials, insecure: request.insecure, log: request.log }).catch((err: unknown) => {
    throw translatePullError(err, request.reference);
  });
  try {
    return await images.holdContent(() => pullWith(images, session, request));
  } catch (err) {
    throw translatePullError(err, request.reference);
  } finally {
    session.close();
  }
}

/** `docker pull -a`: every tag of the repository. */
export async function pullAllTags(images: ImageService, request: PullRequest): Promise<PullResult[]> {
  const base: ImageReference = { domain: request.reference.domain, path: request.reference.path };
  const session = await RegistrySession.open({ domain: base.domain, credentials: request.credentials, insecure: request.insecure, log: request.log }).catch((err: unknown) => {
    throw translatePullError(err, base);
  });
  try {
    const tags = await new Repository(session, base.path, [repositoryScope(base.path, ['pull'])]).listTags().catch((err: unknown) => {
      throw translatePullError(err, base);
    });
    if (tags.length === 0) throw notFound(`repository ${familiarName(base)} has no tags`);
    const results: PullResult[] = [];
    for (const tag of tags.sort()) {
      const reference = { ...base, tag };
      results.push(await images.holdContent(() => pullWith(images, session, { ...request, reference })).catch((err: unknown) => {
        throw translatePullError(err, reference);
      }));
    }
    return results;
  } finally {
    session.close();
  }
}

async function pullWith(images: ImageService, session: RegistrySession, request: PullRequest): Promise<PullResult> {
  const ref = request.reference;
  const progress = request.progress;
  const repository = new Repository(session, ref.path, [repositoryScope(ref.path, ['pull'])]);
  const top = await repository.getManifest(ref.digest ?? ref.tag ?? 'latest');
  const fetched = await resolvePlatform(repository, top, ref, request.platform);
  const manifest = checkImageManifest(JSON.parse(fetched.data.toString('utf8')), `manifest ${fetched.digest} of ${familiarString(ref)}`);

  // The tag (none when pulling by digest: a digest names content, not a tag) and the repo digest.
  const tag = ref.digest === undefined ? formatReference({ domain: ref.domain, path: ref.path, tag: ref.tag ?? 'latest' }) : undefined;
  const repoDigest = `${repositoryName(ref)}@${top.digest}`;
  const shown = familiarString(ref.digest === undefined ? { domain: ref.domain, path: ref.path, tag: ref.tag ?? 'latest' } : { domain: ref.domain, path: ref.path, digest: ref.digest });

  const existing = images.store.get(manifest.config.digest);
  if (existing && existing.manifestDigest === fetched.digest && (tag === undefined || images.store.imageIdForTag(tag) === existing.id) && existing.repoDigests.includes(repoDigest)) {
    progress({ status: `Digest: ${top.digest}` });
    progress({ status: `Status: Image is up to date for ${shown}` });
    return { image: existing, digest: top.digest, upToDate: true };
  }

  progress({ status: `Pulling from ${ref.path}`, id: ref.digest ?? ref.tag ?? 'latest' });
  // The same blob may be listed twice (an empty layer repeated): fetch it once.
  const layers = [...new Map(manifest.layers.map((layer) => [layer.digest, layer])).values()];
  const missing: Descriptor[] = [];
  for (const layer of layers) {
    if (await images.content.has(layer.digest)) layerStatus(progress, shortId(layer.digest), 'Already exists');
    else {
      missing.push(layer);
      layerStatus(progress, shortId(layer.digest), 'Pulling fs layer');
    }
  }

  // The config first: it says how many layers to expect, and a wrong platform fails early.
  if (!(await images.content.has(manifest.config.digest))) {
    const { body } = await repository.openBlob(manifest.config.digest);
    await images.content.ingest(body, { digest: manifest.config.digest, size: manifest.config.size });
  }
  const config = checkImageConfig(await images.content.readJson(manifest.config.digest), `image config ${manifest.config.digest} of ${familiarString(ref)}`);
  if (config.rootfs.diff_ids.length !== manifest.layers.length) {
    throw invalidArgument(`image ${familiarString(ref)} is inconsistent: its config lists ${config.rootfs.diff_ids.length} layers, its manifest ${manifest.layers.length}`);
  }
  if (request.platform && !isIndexMediaType(top.mediaType)) checkConfigPlatform(config, request.platform, ref);

  for (const layer of missing.slice(concurrentDownloads)) layerStatus(progress, shortId(layer.digest), 'Waiting');
  // "Pull complete" goes out in layer order, as each layer and all below it are in.
  const done = new Set<Digest>();
  let completed = 0;
  const announceCompleted = () => {
    while (completed < missing.length && done.has(missing[completed]!.digest)) layerStatus(progress, shortId(missing[completed++]!.digest), 'Pull complete');
  };
  await forEachLimited(missing, concurrentDownloads, async (layer) => {
    await downloadLayer(images, repository, layer, progress, request.log);
    done.add(layer.digest);
    announceCompleted();
  });

  const stored = await images.content.put(fetched.data);
  const image = await images.register(stored.digest, { tags: tag ? [tag] : [], repoDigests: [repoDigest] });
  progress({ status: `Digest: ${top.digest}` });
  progress({ status: `Status: Downloaded newer image for ${shown}` });
  request.log?.info({ reference: formatReference(ref), image: image.id, digest: top.digest }, 'pulled image');
  return { image, digest: top.digest, upToDate: false };
}

/** An index gives way to this platform's manifest; a manifest is itself. */
async function resolvePlatform(repository: Repository, top: FetchedManifest, ref: ImageReference, platform: PlatformSpec | undefined): Promise<FetchedManifest> {
  if (!isIndexMediaType(top.mediaType)) {
    if (!isManifestMediaType(top.mediaType)) throw invalidArgument(`${familiarString(ref)}: unsupported manifest media type "${top.mediaType}"`);
    return top;
  }
  const document = JSON.parse(top.data.toString('utf8')) as { manifests?: unknown };
  if (!Array.isArray(document.manifests)) throw invalidArgument(`image index ${top.digest} of ${familiarString(ref)}: "manifests" must be an array`);
  const entries = document.manifests.map((entry, index) => checkDescriptor(entry, `image index ${top.digest}: manifests[${index}]`));
  const chosen = selectPlatformManifest(entries, platform ?? hostPlatform(), familiarString(ref));
  const fetched = await repository.getManifest(chosen.digest);
  if (!isManifestMediaType(fetched.mediaType)) {
    throw invalidArgument(`image index ${top.digest} of ${familiarString(ref)}: its entry ${chosen.digest} is a ${fetched.mediaType}, not an image manifest`);
  }
  return fetched;
}

function checkConfigPlatform(config: { os: string; architecture: string; variant?: string }, wanted: PlatformSpec, ref: ImageReference): void {
  const actual = normalisePlatform({ os: config.os ?? '', architecture: config.architecture ?? '', variant: config.variant });
  const target = normalisePlatform(wanted);
  if (actual.os !== target.os || actual.architecture !== target.architecture || (target.variant !== undefined && actual.variant !== target.variant)) {
    throw notFound(`image with reference ${familiarString(ref)} was found but does not match the specified platform: wanted ${formatPlatform(target)}, actual: ${formatPlatform(actual)}`);
  }
}

/** Streams one layer into the content store, verified; a dropped connection is retried. */
async function downloadLayer(images: ImageService, repository: Repository, layer: Descriptor, progress: ProgressSink, log: Logger | undefined): Promise<void> {
  const id = shortId(layer.digest);
  for (let attempt = 1; ; attempt++) {
    try {
      const { body } = await repository.openBlob(layer.digest);
      const meter = new TransferMeter(progress, id, 'Downloading', layer.size);
      meter.once('end', () => layerStatus(progress, id, 'Verifying Checksum'));
      await images.content.ingest(pipeInto(body, meter), { digest: layer.digest, size: layer.size }).catch((err: unknown) => {
        // The content store kept nothing; say which layer the registry got wrong.
        if (isMinatoError(err, 'InvalidArgument') && /content (digest|size) mismatch/.test(err.message)) {
          throw invalidArgument(`filesystem layer verification failed for digest ${layer.digest}: ${err.message}`);
        }
        throw err;
      });
      layerStatus(progress, id, 'Download complete');
      return;
    } catch (err) {
      if (!isRetryable(err) || attempt >= downloadAttempts) throw err;
      const seconds = attempt * 2;
      log?.warn({ layer: layer.digest, attempt, err: messageOf(err) }, 'layer download failed; retrying');
      for (let left = seconds; left > 0; left--) {
        layerStatus(progress, id, `Retrying in ${left} second${left === 1 ? '' : 's'}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}

/** A connection that broke, as opposed to a registry that said no or content that is wrong. */
function isRetryable(err: unknown): boolean {
  if (err instanceof TransportError) return true;
  if (isMinatoError(err)) return false;
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE' || code === 'ECONNABORTED' || messageOf(err) === 'aborted';
}

function pipeInto(source: Readable, meter: TransferMeter): Readable {
  source.once('error', (err) => meter.destroy(err));
  return source.pipe(meter);
}

/**
 * The registry's refusals in Docker's words: a repository that does not exist or is private
 * ("pull access denied for x, …"), a tag that does not exist ("manifest for x:y not found").
 */
export function translatePullError(err: unknown, ref: ImageReference): unknown {
  if (!(err instanceof RegistryError)) return err;
  switch (err.code) {
    case 'DENIED':
      return new MinatoError('NotFound', `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': ${err.message}`);
    case 'MANIFEST_UNKNOWN':
      return new MinatoError('NotFound', `manifest for ${familiarString(ref)} not found: ${err.message}`);
    case 'NAME_UNKNOWN':
      return new MinatoError('NotFound', `repository ${familiarName(ref)} not found: ${err.message}`);
    default:
      return err;
  }
}
