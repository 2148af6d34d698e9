// The image store: which images the engine has (by ID, the config digest, as Docker does) and
// which names point at them. An image whose last name is removed or moved elsewhere stays as
// a "dangling" image (<none>:<none>) until it is removed or pruned, as in Docker.
import type { Digest } from '../../util/digest.ts';
import { conflict, invalidArgument, notFound } from '../../util/errors.ts';
import { type MetadataDatabase, RecordTable } from '../metadata/database.ts';
import { formatReference, type ImageReference, imageIdPrefix, parseReference, repositoryName, withDefaultTag } from './reference.ts';

export interface ImageRecord {
  /** Config digest: Docker's image ID. */
  id: Digest;
  manifestDigest: Digest;
  manifestMediaType: string;
  /** `repository@sha256:…` names under which a registry knows this manifest. */
  repoDigests: string[];
  /** Creation time from the image config (RFC 3339). */
  created: string;
  /** Sum of the uncompressed layer sizes, as `docker images` shows it. */
  size: number;
  /** Uncompressed size of each layer, bottom first (absent in records written before it existed). */
  layerSizes?: number[];
  /** Chain IDs of its layers, bottom first: the snapshots it runs on. */
  chainIds: Digest[];
  lastTagTime?: string;
  /** Made by a build step (the builder's cache): hidden from `images` unless tagged or asked with -a. */
  buildStep?: boolean;
}

export interface ImageWithTags extends ImageRecord {
  /** Full references, e.g. docker.io/library/busybox:latest. */
  tags: string[];
}

export class ImageStore {
  private readonly database: MetadataDatabase;
  private readonly images: RecordTable<ImageRecord>;

  constructor(database: MetadataDatabase) {
    this.database = database;
    this.images = new RecordTable<ImageRecord>(database, 'images', 'id');
  }

  /** Adds (or refreshes) an image and points `tags` (full references) at it. */
  put(record: ImageRecord, tags: readonly string[] = []): void {
    this.database.transaction(() => {
      const existing = this.images.get(record.id);
      const merged: ImageRecord = existing
        ? { ...record, repoDigests: [...new Set([...existing.repoDigests, ...record.repoDigests])], ...(existing.lastTagTime ? { lastTagTime: existing.lastTagTime } : {}) }
        : record;
      if (tags.length > 0) merged.lastTagTime = new Date().toISOString();
      this.database
        .statement('INSERT INTO images (id, record) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record')
        .run(record.id, JSON.stringify(merged));
      for (const tag of tags) this.setTag(tag, record.id);
    });
  }

  private setTag(name: string, imageId: Digest): void {
    this.database
      .statement('INSERT INTO tags (name, image_id) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id')
      .run(name, imageId);
  }

  tag(imageId: Digest, name: string): void {
    this.database.transaction(() => {
      const record = this.images.get(imageId);
      if (!record) throw notFound(`No such image: ${imageId}`);
      record.lastTagTime = new Date().toISOString();
      this.database.statement('UPDATE images SET record = ? WHERE id = ?').run(JSON.stringify(record), imageId);
      this.setTag(name, imageId);
    });
  }

  /** Removes one name; returns whether it existed. */
  untag(name: string): boolean {
    return Number(this.database.statement('DELETE FROM tags WHERE name = ?').run(name).changes) > 0;
  }

  /** Removes one `repository@digest` reference from an image. */
  removeRepoDigest(id: Digest, repoDigest: string): void {
    this.database.transaction(() => {
      const record = this.images.get(id);
      if (!record) return;
      record.repoDigests = record.repoDigests.filter((entry) => entry !== repoDigest);
      this.database.statement('UPDATE images SET record = ? WHERE id = ?').run(JSON.stringify(record), id);
    });
  }

  get(id: Digest): ImageRecord | undefined {
    return this.images.get(id);
  }

  tagsOf(id: Digest): string[] {
    const rows = this.database.statement('SELECT name FROM tags WHERE image_id = ? ORDER BY name').all(id) as { name: string }[];
    return rows.map((row) => row.name);
  }

  imageIdForTag(name: string): Digest | undefined {
    const row = this.database.statement('SELECT image_id FROM tags WHERE name = ?').get(name) as { image_id: Digest } | undefined;
    return row?.image_id;
  }

  list(): ImageWithTags[] {
    const rows = this.database.statement('SELECT name, image_id FROM tags').all() as { name: string; image_id: Digest }[];
    const tagsById = new Map<string, string[]>();
    for (const row of rows) tagsById.set(row.image_id, [...(tagsById.get(row.image_id) ?? []), row.name]);
    return this.images.all().map((image) => ({ ...image, tags: (tagsById.get(image.id) ?? []).sort() }));
  }

  /** Deletes the image record; its names must already be gone. */
  delete(id: Digest): void {
    this.database.transaction(() => {
      if (this.tagsOf(id).length > 0) throw conflict(`image ${id} still has names`);
      this.images.delete(id);
    });
  }

  /**
   * Finds an image the way Docker does: by name (tag defaults to latest), by `name@digest`,
   * by full ID, or by a unique ID prefix. Throws `No such image: <input>`.
   */
  resolve(input: string): ImageWithTags {
    const image = this.find(input);
    if (!image) throw notFound(`No such image: ${input}`);
    return { ...image, tags: this.tagsOf(image.id) };
  }

  find(input: string): ImageRecord | undefined {
    if (input === '') throw invalidArgument('image reference must not be empty');
    const idHex = imageIdPrefix(input);
    // "sha256:<hex>" and 64 hex digits are only ever IDs; shorter hex may also be a name.
    if (idHex && (input.startsWith('sha256:') || idHex.length === 64)) return this.findByIdPrefix(idHex, input);
    let ref: ImageReference;
    try {
      ref = parseReference(input);
    } catch (err) {
      if (idHex) return this.findByIdPrefix(idHex, input);
      throw err;
    }
    if (ref.digest) {
      const repoDigest = `${repositoryName(ref)}@${ref.digest}`;
      const byDigest = this.images.all().find((image) => image.repoDigests.includes(repoDigest));
      if (byDigest) return byDigest;
    } else {
      const imageId = this.imageIdForTag(formatReference(withDefaultTag(ref)));
      if (imageId) return this.images.get(imageId);
    }
    return idHex ? this.findByIdPrefix(idHex, input) : undefined;
  }

  private findByIdPrefix(hex: string, input: string): ImageRecord | undefined {
    const prefix = `sha256:${hex}`;
    const matches = this.database.statement("SELECT id FROM images WHERE substr(id, 1, ?) = ?").all(prefix.length, prefix) as { id: Digest }[];
    if (matches.length > 1) throw conflict(`multiple IDs found with provided prefix: ${input}`);
    return matches.length === 1 ? this.images.get(matches[0]!.id) : undefined;
  }
}
