// Image operations on top of the content store, the image store and the snapshotter:
// import a root filesystem, unpack an image's layers, tag, remove and prune, as Docker does.
import type { Readable } from 'node:stream';
import type { Digest } from '../../util/digest.ts';
import { internal, invalidArgument, isMinatoError, messageOf, notFound } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { ContentStore } from '../content/content-store.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import { chainIds } from './chain-id.ts';
import { GcGate } from './gc-gate.ts';
import { applyImportChanges } from './import-changes.ts';
import { planImageDelete } from './image-delete.ts';
import { type ImageRecord, type ImageStore, type ImageWithTags } from './image-store.ts';
import { inspectLayer, ociLayerMediaType } from './layer-blob.ts';
import { checkImageConfig, checkImageManifest } from './manifest-checks.ts';
import { type Descriptor, hostArchitecture, type ImageConfig, type ImageManifest, type ImageRunConfig, MediaType } from './oci-types.ts';
import { familiarString, formatReference, parseReference, parseTagReference, withDefaultTag } from './reference.ts';

/** Who still uses an image: the engine's containers, asked before removal. */
export interface ImageUsers {
  containersUsingImage(imageId: Digest): { id: string; running: boolean }[];
  /** Snapshot layers that containers run on, which must survive a prune. */
  layersInUse(): Promise<Set<Digest>>;
}

export interface RemovedImageItem {
  Untagged?: string;
  Deleted?: string;
}

export class ImageService {
  readonly content: ContentStore;
  readonly store: ImageStore;
  readonly snapshots: Snapshotter;
  private readonly log: Logger;
  private users: ImageUsers | undefined;
  private readonly gate = new GcGate();

  constructor(content: ContentStore, store: ImageStore, snapshots: Snapshotter, log: Logger) {
    this.content = content;
    this.store = store;
    this.snapshots = snapshots;
    this.log = log;
  }

  setUsers(users: ImageUsers): void {
    this.users = users;
  }

  resolve(nameOrId: string): ImageWithTags {
    return this.store.resolve(nameOrId);
  }

  async manifest(image: ImageRecord): Promise<ImageManifest> {
    return this.content.readJson<ImageManifest>(image.manifestDigest);
  }

  async config(image: ImageRecord): Promise<ImageConfig> {
    return this.content.readJson<ImageConfig>(image.id);
  }

  /** Records an image whose manifest, config and layers are already in the content store. */
  async register(manifestDigest: Digest, options: { tags?: string[]; repoDigests?: string[]; buildStep?: boolean } = {}): Promise<ImageRecord> {
    const manifest = checkImageManifest(await this.readDocument(manifestDigest, 'manifest'), `manifest ${manifestDigest}`);
    const config = checkImageConfig(await this.readDocument(manifest.config.digest, 'image config'), `image config ${manifest.config.digest}`);
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== manifest.layers.length) {
      throw invalidArgument(`image ${manifest.config.digest}: its config lists ${diffIds.length} layers but its manifest ${manifestDigest} has ${manifest.layers.length}`);
    }
    for (const layer of manifest.layers) {
      if (!(await this.content.has(layer.digest))) throw invalidArgument(`manifest ${manifestDigest}: layer ${layer.digest} is not in the content store`);
    }
    const layerSizes = await Promise.all(manifest.layers.map((layer) => this.uncompressedSize(layer.digest, layer.mediaType)));
    const record: ImageRecord = {
      id: manifest.config.digest,
      manifestDigest,
      manifestMediaType: manifest.mediaType ?? MediaType.ociManifest,
      repoDigests: options.repoDigests ?? [],
      created: config.created ?? new Date(0).toISOString(),
      size: layerSizes.reduce((sum, size) => sum + size, 0),
      layerSizes,
      chainIds: chainIds(diffIds),
      ...(options.buildStep ? { buildStep: true } : {}),
    };
    this.store.put(record, options.tags ?? []);
    return record;
  }

  /**
   * Stores an image made here (import, load, commit, build): its config and an OCI manifest over
   * layers already in the content store, then registers it.
   */
  async storeImage(config: ImageConfig, layers: Descriptor[], options: { tags?: string[]; buildStep?: boolean } = {}): Promise<{ record: ImageRecord; manifest: ImageManifest }> {
    const configBlob = await this.content.put(JSON.stringify(config));
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: configBlob.digest, size: configBlob.size },
      layers,
    };
    const manifestBlob = await this.content.put(JSON.stringify(manifest));
    return { record: await this.register(manifestBlob.digest, options), manifest };
  }

  /** A JSON document from the content store; a blob that is not JSON is the caller's error. */
  private async readDocument(digest: Digest, what: string): Promise<unknown> {
    const blob = await this.content.read(digest);
    try {
      return JSON.parse(blob.toString('utf8'));
    } catch (err) {
      throw invalidArgument(`${what} ${digest} is not valid JSON: ${messageOf(err)}`);
    }
  }

  private async uncompressedSize(digest: Digest, mediaType: string): Promise<number> {
    if (mediaType === MediaType.ociLayer || mediaType === MediaType.dockerLayer) return (await this.content.info(digest)).size;
    return (await inspectLayer(this.content.openRead(digest))).size;
  }

  /** `docker import`: one root filesystem tar (plain, gzip or zstd) becomes a one-layer image. */
  async importRootfs(tar: Readable, options: { reference?: string; changes?: string[]; message?: string }): Promise<ImageRecord> {
    const tags = options.reference ? [formatReference(parseTagReference(options.reference, 'cannot import digest reference'))] : [];
    const runConfig = applyImportChanges({ Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] }, options.changes ?? []);
    const ingested = new Set<Digest>();
    try {
      return await this.holdContent(() => this.importHeld(tar, tags, runConfig, options.message || 'Imported from -', ingested));
    } catch (err) {
      // What a failed import stored goes again (unless an image uses the same content).
      await this.collectGarbage({ blobs: ingested, layers: new Set() }).catch(() => undefined);
      throw err;
    }
  }

  private async importHeld(tar: Readable, tags: string[], runConfig: ImageRunConfig, message: string, ingested: Set<Digest>): Promise<ImageRecord> {
    const blob = await this.content.ingest(tar);
    ingested.add(blob.digest);
    const layer = await inspectLayer(this.content.openRead(blob.digest));
    // Unpacked now, as docker import does: this checks that it is a tar archive at all (and a
    // safe one) before anything refers to it, and the first run finds the layer ready.
    try {
      const { applyLayer } = await import('../archive/apply.ts');
      await this.snapshots.ensureLayer(layer.diffId, (dir) => applyLayer(this.content.openRead(blob.digest), dir).then(() => undefined));
    } catch (err) {
      throw isMinatoError(err) ? err : invalidArgument(`the imported file is not a root filesystem tar archive: ${messageOf(err)}`);
    }
    const created = new Date().toISOString();
    const config: ImageConfig = {
      created,
      architecture: hostArchitecture(),
      os: 'linux',
      config: runConfig,
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      // As docker import writes it (Go's omitempty drops the empty created_by).
      comment: message,
      history: [{ created, comment: message }],
    };
    const { record } = await this.storeImage(config, [{ mediaType: ociLayerMediaType(layer.compression), digest: blob.digest, size: blob.size }], { tags });
    this.log.info({ image: record.id, tags }, 'imported image');
    return record;
  }

  /** Makes sure every layer of the image is unpacked; returns the chain IDs, bottom first. */
  async unpack(image: ImageRecord): Promise<Digest[]> {
    return this.holdContent(() => this.unpackHeld(image));
  }

  private async unpackHeld(image: ImageRecord): Promise<Digest[]> {
    const missing = await Promise.all(image.chainIds.map(async (chainId) => !(await this.snapshots.hasLayer(chainId))));
    if (!missing.includes(true)) return image.chainIds;
    // Loaded on first use: the layer unpacker is not needed by a daemon that only runs containers.
    const { applyLayer } = await import('../archive/apply.ts');
    const manifest = await this.manifest(image);
    const config = await this.config(image);
    await Promise.all(
      manifest.layers.map((layer, index) =>
        this.snapshots.ensureLayer(image.chainIds[index]!, async (dir) => {
          const started = Date.now();
          const result = await applyLayer(this.content.openRead(layer.digest), dir);
          const expected = config.rootfs.diff_ids[index];
          if (result.diffId !== expected) {
            throw internal(`layer ${layer.digest} of image ${image.id} is corrupt: its content has diff ID ${result.diffId}, the image config says ${expected}`);
          }
          this.log.debug({ layer: layer.digest, ms: Date.now() - started }, 'unpacked layer');
        }),
      ),
    );
    return image.chainIds;
  }

  /** `docker tag SOURCE TARGET` */
  tag(source: string, target: string): void {
    const image = this.store.resolve(source);
    this.store.tag(image.id, formatReference(parseTagReference(target, 'refusing to create a tag with a digest reference')));
  }

  /** `docker rmi [-f] NAME|ID`, with Docker's rules for what may go and what is reported. */
  async remove(nameOrId: string, options: { force?: boolean; noPrune?: boolean } = {}): Promise<RemovedImageItem[]> {
    const image = this.store.resolve(nameOrId);
    const plan = planImageDelete({
      imageId: image.id,
      tags: image.tags,
      repoDigests: image.repoDigests,
      input: nameOrId,
      reference: this.namedReference(nameOrId, image),
      users: this.users?.containersUsingImage(image.id) ?? [],
      force: options.force ?? false,
    });
    const items: RemovedImageItem[] = [];
    for (const reference of plan.untag) {
      if (image.tags.includes(reference)) this.store.untag(reference);
      else this.store.removeRepoDigest(image.id, reference);
      items.push({ Untagged: familiarString(parseReference(reference)) });
    }
    if (!plan.deleteImage) return items;
    this.store.delete(image.id);
    items.push({ Deleted: image.id });
    const manifest = await this.manifest(image).catch(() => undefined);
    const { layers } = await this.collectGarbage({
      blobs: new Set([image.id, image.manifestDigest, ...(manifest?.layers.map((layer) => layer.digest) ?? [])]),
      layers: new Set(image.chainIds),
    });
    for (const chainId of layers) items.push({ Deleted: chainId });
    this.log.info({ image: image.id, untagged: plan.untag }, 'removed image');
    return items;
  }

  /**
   * The full reference when `input` names the image by one of its tags or repo digests; undefined
   * when it names it by ID. As in Docker, input that is a prefix of the ID counts as the ID.
   */
  private namedReference(input: string, image: ImageWithTags): string | undefined {
    if (image.id.startsWith(input) || image.id.slice('sha256:'.length).startsWith(input)) return undefined;
    let name: string;
    try {
      name = formatReference(withDefaultTag(parseReference(input)));
    } catch {
      return undefined;
    }
    return image.tags.includes(name) || image.repoDigests.includes(name) ? name : undefined;
  }

  /**
   * `docker image prune [-a]`: removes dangling (or, with all, every unused) image, then every
   * blob and unpacked layer that no remaining image or container needs.
   */
  /**
   * Removes unused images: untagged ones (not the build cache's step images: those are the
   * classic builder's intermediate images, never dangling in Docker), every unused one with
   * `all`, or only the build cache's with `buildCache` (`builder prune`).
   */
  async prune(options: { all?: boolean; buildCache?: boolean; filter?: (image: ImageWithTags) => Promise<boolean> | boolean } = {}): Promise<{ ImagesDeleted: RemovedImageItem[] | null; SpaceReclaimed: number }> {
    const deleted: RemovedImageItem[] = [];
    for (const image of this.store.list()) {
      const used = (this.users?.containersUsingImage(image.id) ?? []).length > 0;
      if (used || (image.tags.length > 0 && !options.all)) continue;
      const cacheStep = image.buildStep === true && image.tags.length === 0;
      if (options.buildCache ? !cacheStep : cacheStep && !options.all) continue;
      if (options.filter && !(await options.filter(image))) continue;
      for (const tag of image.tags) {
        this.store.untag(tag);
        deleted.push({ Untagged: familiarString(parseReference(tag)) });
      }
      for (const repoDigest of image.repoDigests) deleted.push({ Untagged: familiarString(parseReference(repoDigest)) });
      this.store.delete(image.id);
      deleted.push({ Deleted: image.id });
    }
    const { bytes, layers } = await this.collectGarbage();
    for (const chainId of layers) deleted.push({ Deleted: chainId });
    this.log.info({ images: deleted.length, bytes }, 'pruned images');
    return { ImagesDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: bytes };
  }

  /**
   * Removes blobs and unpacked layers that no image (and no container) refers to — all of them,
   * or only those among `candidates`. Runs alone: imports, loads and unpacks wait for it.
   */
  async collectGarbage(candidates?: { blobs: Set<Digest>; layers: Set<Digest> }): Promise<{ bytes: number; layers: Digest[] }> {
    return this.gate.exclusive(async () => {
      const liveBlobs = new Set<Digest>();
      const liveLayers = new Set<Digest>(await (this.users?.layersInUse() ?? Promise.resolve(new Set<Digest>())));
      for (const image of this.store.list()) {
        liveBlobs.add(image.manifestDigest);
        liveBlobs.add(image.id);
        for (const chainId of image.chainIds) liveLayers.add(chainId);
        try {
          for (const layer of (await this.manifest(image)).layers) liveBlobs.add(layer.digest);
        } catch (err) {
          this.log.warn({ image: image.id, err }, 'image manifest unreadable during garbage collection');
        }
      }
      let bytes = 0;
      for (const digest of candidates ? candidates.blobs : await this.content.list()) {
        if (liveBlobs.has(digest)) continue;
        const info = await this.content.info(digest).catch(() => undefined);
        if (!info) continue;
        bytes += info.size;
        await this.content.delete(digest);
      }
      const removedLayers: Digest[] = [];
      for (const chainId of candidates ? candidates.layers : await this.snapshots.listLayers()) {
        if (liveLayers.has(chainId) || !(await this.snapshots.hasLayer(chainId))) continue;
        await this.snapshots.removeLayer(chainId);
        removedLayers.push(chainId);
      }
      return { bytes, layers: removedLayers };
    });
  }

  /**
   * Runs work that stores blobs or layers before an image (or a container snapshot) refers to
   * them — ingest then register, unpack then prepare — so that no garbage collection deletes
   * them in between. Re-entrant; collections (rmi, prune) wait until no such work runs.
   */
  holdContent<T>(work: () => Promise<T>): Promise<T> {
    return this.gate.hold(work);
  }

  /** Throws Docker's "No such image" error unless the image exists. */
  assertExists(nameOrId: string): void {
    if (!this.store.find(nameOrId)) throw notFound(`No such image: ${nameOrId}`);
  }
}
