// A build step's result as an image: the parent's layers (plus the step's new layer, if any)
// and the parent's config with the step's change, recorded as a build-step image so that the
// next step can run on it and the next build can find it in the cache.
import type { Digest } from '../../util/digest.ts';
import type { ImageRecord } from '../images/image-store.ts';
import type { ImageService } from '../images/image-service.ts';
import { hostArchitecture, type ImageConfig, type ImageManifest, type ImageRunConfig, MediaType } from '../images/oci-types.ts';

export interface BuildImage {
  record: ImageRecord;
  config: ImageConfig;
  manifest: ImageManifest;
}

export interface StepChange {
  /** The step's layer (an uncompressed tar: its digest is its diff ID). */
  layer?: { digest: Digest; size: number };
  /** The run-time config after the step. */
  runConfig?: ImageRunConfig;
  /** What `history` shows for the step. */
  createdBy: string;
  comment?: string;
  /** MAINTAINER: the image's author. */
  author?: string;
}

export async function loadBuildImage(images: ImageService, record: ImageRecord): Promise<BuildImage> {
  return { record, config: await images.config(record), manifest: await images.manifest(record) };
}

/** The image FROM scratch starts with: no layers, an empty config. */
export async function scratchImage(images: ImageService): Promise<BuildImage> {
  const config: ImageConfig = { architecture: hostArchitecture(), os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] };
  return register(images, config, []);
}

async function register(images: ImageService, config: ImageConfig, layers: ImageManifest['layers']): Promise<BuildImage> {
  const { record, manifest } = await images.storeImage(config, layers, { buildStep: true });
  return { record, config, manifest };
}

export async function applyStep(images: ImageService, parent: BuildImage, change: StepChange): Promise<BuildImage> {
  const created = new Date().toISOString();
  const config: ImageConfig = {
    ...parent.config,
    ...(change.author !== undefined ? { author: change.author } : {}),
    created,
    config: change.runConfig ?? parent.config.config ?? {},
    rootfs: { type: 'layers', diff_ids: change.layer ? [...parent.config.rootfs.diff_ids, change.layer.digest] : parent.config.rootfs.diff_ids },
    history: [...(parent.config.history ?? []), { created, created_by: change.createdBy, ...(change.comment ? { comment: change.comment } : {}), ...(change.layer ? {} : { empty_layer: true }) }],
  };
  const layers = change.layer ? [...parent.manifest.layers, { mediaType: MediaType.ociLayer, digest: change.layer.digest, size: change.layer.size }] : parent.manifest.layers;
  return register(images, config, layers);
}
