// Image operations on top of the content store, the image store and the snapshotter:
// import a root filesystem, unpack an image's layers, tag, remove and prune, as Docker does.
import type { Readable } from 'node:stream';
import type { Digest } from '../../util/digest.ts';
import { conflict, internal, notFound } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { ContentStore } from '../content/content-store.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import { chainIds } from './chain-id.ts';
import { applyImportChanges } from './import-changes.ts';
import { type ImageRecord, type ImageStore, type ImageWithTags } from './image-store.ts';
import { inspectLayer, ociLayerMediaType } from './layer-blob.ts';
import { hostArchitecture, type ImageConfig, type ImageManifest, MediaType } from './oci-types.ts';
import { familiarString, formatReference, parseReference, withDefaultTag } from './reference.ts';

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
  async register(manifestDigest: Digest, options: { tags?: string[]; repoDigests?: string[] } = {}): Promise<ImageRecord> {
    const manifestBlob = await this.content.read(manifestDigest);
    const manifest = JSON.parse(manifestBlob.toString()) as ImageManifest;
    const config = await this.content.readJson<ImageConfig>(manifest.config.digest);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) {
      throw internal(`image ${manifest.config.digest}: config lists ${diffIds.length} layers but the manifest has ${manifest.layers.length}`);
    }
    const layerSizes = await Promise.all(manifest.layers.map((layer) => this.uncompressedSize(layer.digest, layer.mediaType)));
    const record: ImageRecord = {
      id: manifest.config.digest,
      manifestDigest,
      manifestMediaType: manifest.mediaType ?? MediaType.ociManifest,
      repoDigests: options.repoDigests ?? [],
      created: config.created ?? new Date(0).toISOString(),
      size: layerSizes.reduce((sum, size) => sum + size, 0),
      chainIds: chainIds(diffIds),
    };
    this.store.put(record, options.tags ?? []);
    return record;
  }

  private async uncompressedSize(digest: Digest, mediaType: string): Promise<number> {
    if (mediaType === MediaType.ociLayer || mediaType === MediaType.dockerLayer) return (await this.content.info(digest)).size;
    return (await inspectLayer(this.content.openRead(digest))).size;
  }

  /** `docker import`: one root filesystem tar (plain, gzip or zstd) becomes a one-layer image. */
  async importRootfs(tar: Readable, options: { reference?: string; changes?: string[]; message?: string }): Promise<ImageRecord> {
    const tags = options.reference ? [formatReference(withDefaultTag(parseReference(options.reference)))] : [];
    const blob = await this.content.ingest(tar);
    const layer = await inspectLayer(this.content.openRead(blob.digest));
    const created = new Date().toISOString();
    const config: ImageConfig = {
      created,
      architecture: hostArchitecture(),
      os: 'linux',
      config: applyImportChanges({ Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] }, options.changes ?? []),
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created, created_by: '', comment: options.message || 'Imported from -' }],
    };
    const configBlob = await this.content.put(JSON.stringify(config));
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: configBlob.digest, size: configBlob.size },
      layers: [{ mediaType: ociLayerMediaType(layer.compression), digest: blob.digest, size: blob.size }],
    };
    const manifestBlob = await this.content.put(JSON.stringify(manifest));
    const record = await this.register(manifestBlob.digest, { tags });
    this.log.info({ image: record.id, tags }, 'imported image');
    return record;
  }

  /** Makes sure every layer of the image is unpacked; returns the chain IDs, bottom first. */
  async unpack(image: ImageRecord): Promise<Digest[]> {
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
    this.store.tag(image.id, formatReference(withDefaultTag(parseReference(target))));
  }

  /** `docker rmi [-f] NAME|ID`, with Docker's rules for what may go and what is reported. */
  remove(nameOrId: string, options: { force?: boolean; noPrune?: boolean } = {}): RemovedImageItem[] {
    const image = this.store.resolve(nameOrId);
    const users = this.users?.containersUsingImage(image.id) ?? [];
    const items: RemovedImageItem[] = [];
    const byName = this.namedReference(nameOrId, image);
    if (byName && image.tags.length > 1) {
      this.store.untag(byName);
      return [{ Untagged: familiarString(parseReference(byName)) }];
    }
    if (!byName && image.tags.length > 1 && !options.force) {
      throw conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
    }
    const running = users.find((user) => user.running);
    if (running) {
      throw conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`);
    }
    if (users.length > 0 && !options.force) {
      const what = byName ? `remove repository reference "${nameOrId}"` : `delete ${image.id.slice(7, 19)}`;
      throw conflict(`conflict: unable to ${what} (must force) - container ${users[0]!.id.slice(0, 12)} is using its referenced image ${image.id.slice(7, 19)}`);
    }
    for (const tag of image.tags) {
      this.store.untag(tag);
      items.push({ Untagged: familiarString(parseReference(tag)) });
    }
    for (const repoDigest of image.repoDigests) items.push({ Untagged: familiarString(parseReference(repoDigest)) });
    if (users.length === 0) {
      this.store.delete(image.id);
      items.push({ Deleted: image.id });
    }
    return items;
  }

  /** The full tag name when `input` names the image by a tag it has (not by ID). */
  private namedReference(input: string, image: ImageWithTags): string | undefined {
    try {
      const name = formatReference(withDefaultTag(parseReference(input)));
      return image.tags.includes(name) ? name : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * `docker image prune [-a]`: removes dangling (or, with all, every unused) image, then every
   * blob and unpacked layer that no remaining image or container needs.
   */
  async prune(options: { all?: boolean } = {}): Promise<{ ImagesDeleted: RemovedImageItem[]; SpaceReclaimed: number }> {
    const deleted: RemovedImageItem[] = [];
    for (const image of this.store.list()) {
      const used = (this.users?.containersUsingImage(image.id) ?? []).length > 0;
      if (used || (image.tags.length > 0 && !options.all)) continue;
      for (const tag of image.tags) {
        this.store.untag(tag);
        deleted.push({ Untagged: familiarString(parseReference(tag)) });
      }
      this.store.delete(image.id);
      deleted.push({ Deleted: image.id });
    }
    const reclaimed = await this.collectGarbage();
    return { ImagesDeleted: deleted, SpaceReclaimed: reclaimed };
  }

  /** Removes blobs and layers no image refers to. Returns the bytes of blobs removed. */
  async collectGarbage(): Promise<number> {
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
    let reclaimed = 0;
    for (const digest of await this.content.list()) {
      if (liveBlobs.has(digest)) continue;
      reclaimed += (await this.content.info(digest).catch(() => ({ size: 0 }))).size;
      await this.content.delete(digest);
    }
    for (const chainId of await this.snapshots.listLayers()) {
      if (!liveLayers.has(chainId)) await this.snapshots.removeLayer(chainId);
    }
    return reclaimed;
  }

  /** Throws Docker's "No such image" error unless the image exists. */
  assertExists(nameOrId: string): void {
    if (!this.store.find(nameOrId)) throw notFound(`No such image: ${nameOrId}`);
  }
}
