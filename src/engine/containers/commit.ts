// `docker commit`: the container's writable layer becomes a new image layer on top of its
// image, with the container's run-time config (plus --change) as the new image's defaults.
import { notFound } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { createLayerDiff } from '../archive/diff.ts';
import { applyImportChanges } from '../images/import-changes.ts';
import type { ImageRecord } from '../images/image-store.ts';
import type { ImageService } from '../images/image-service.ts';
import { type ImageConfig, type ImageRunConfig, MediaType } from '../images/oci-types.ts';
import { formatReference, parseReference, withDefaultTag } from '../images/reference.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import type { ContainerService } from './container-service.ts';
import type { ContainerConfig } from './types.ts';

export interface CommitOptions {
  reference?: string;
  comment?: string;
  author?: string;
  changes?: string[];
  pause?: boolean;
}

function runConfigOf(config: ContainerConfig): ImageRunConfig {
  const { User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels, StopSignal, Healthcheck, OnBuild, Shell } = config;
  return { User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels, StopSignal, Healthcheck, OnBuild, Shell };
}

export function commitContainer(
  deps: { containers: ContainerService; images: ImageService; snapshots: Snapshotter; log: Logger },
  containerRef: string,
  options: CommitOptions,
): Promise<ImageRecord> {
  // From the first blob written until the image that refers to it is recorded, no garbage
  // collection may run.
  return deps.images.holdContent(() => commitHeld(deps, containerRef, options));
}

async function commitHeld(
  deps: { containers: ContainerService; images: ImageService; snapshots: Snapshotter; log: Logger },
  containerRef: string,
  options: CommitOptions,
): Promise<ImageRecord> {
  const container = deps.containers.store.resolve(containerRef);
  const tags = options.reference ? [formatReference(withDefaultTag(parseReference(options.reference)))] : [];
  const runtime = deps.containers.runtimeOf(container);
  const pause = options.pause !== false && container.State.Running && !container.State.Paused;
  if (pause) await runtime.pause(container.Id);
  let layer;
  try {
    layer = await deps.images.content.ingest(createLayerDiff(deps.snapshots.upperPath(container.Id)));
  } finally {
    if (pause) await runtime.resume(container.Id).catch((err: unknown) => deps.log.error({ err, container: container.Id }, 'resume after commit failed'));
  }
  const baseImage = deps.images.store.get(container.Image);
  if (!baseImage) throw notFound(`the image of container ${container.Id.slice(0, 12)} (${container.Image}) no longer exists`);
  const base = await deps.images.config(baseImage);
  const baseManifest = await deps.images.manifest(baseImage);
  const created = new Date().toISOString();
  const config: ImageConfig = {
    ...base,
    created,
    ...(options.author ? { author: options.author } : {}),
    config: applyImportChanges(runConfigOf(container.Config), options.changes ?? []),
    container: container.Id,
    rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, layer.digest] },
    history: [...(base.history ?? []), { created, created_by: [container.Path, ...container.Args].join(' '), ...(options.author ? { author: options.author } : {}), ...(options.comment ? { comment: options.comment } : {}) }],
  };
  if (options.comment) config.comment = options.comment;
  const { record: image } = await deps.images.storeImage(config, [...baseManifest.layers, { mediaType: MediaType.ociLayer, digest: layer.digest, size: layer.size }], { tags });
  deps.log.info({ container: container.Id, image: image.id, tags }, 'committed container');
  return image;
}
