// The build cache: which image a build step produced from which parent image. A step's key is
// the parent image ID and the step's signature (the instruction as it will run: variables
// expanded, with the environment and build arguments it sees, and for COPY/ADD a digest of
// the files it copies), so an unchanged Dockerfile finds every step again and a change
// rebuilds from the first step it touches.
import { createHash } from 'node:crypto';
import type { Digest } from '../../util/digest.ts';
import type { ImageService } from '../images/image-service.ts';
import type { MetadataDatabase } from '../metadata/database.ts';

export function cacheKey(parentImageId: string, signature: string): string {
  return createHash('sha256').update(parentImageId).update('\n').update(signature).digest('hex');
}

export class BuildCache {
  private readonly database: MetadataDatabase;
  private readonly images: ImageService;

  constructor(database: MetadataDatabase, images: ImageService) {
    this.database = database;
    this.images = images;
  }

  /** The image a step made before, if it is still there. */
  lookup(key: string): Digest | undefined {
    const row = this.database.statement('SELECT image_id FROM build_cache WHERE key = ?').get(key) as { image_id: Digest } | undefined;
    if (!row) return undefined;
    if (this.images.store.get(row.image_id)) return row.image_id;
    this.database.statement('DELETE FROM build_cache WHERE key = ?').run(key);
    return undefined;
  }

  store(key: string, imageId: Digest): void {
    this.database
      .statement('INSERT INTO build_cache (key, image_id, created) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET image_id = excluded.image_id, created = excluded.created')
      .run(key, imageId, new Date().toISOString());
  }

  /** `builder prune`: forgets every entry (the step images go with the next image prune). */
  clear(): number {
    return Number(this.database.statement('DELETE FROM build_cache').run().changes);
  }
}
