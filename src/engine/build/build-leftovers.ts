// What a build interrupted by a daemon crash leaves behind — the containers its RUN steps ran
// in, overlay mounts and scratch directories under the build work root, the writable snapshots
// the builder opened — is removed when the engine next starts, before anything can use it.
import * as path from 'node:path';
import { removePath } from '../../util/fs.ts';
import type { Logger } from '../../util/log.ts';
import type { ContainerService } from '../containers/container-service.ts';
import { mountPoints } from '../containers/mountinfo.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import { buildSnapshotPrefix } from './filesystem-view.ts';
import { buildStepLabel } from './run-step.ts';

export interface BuildLeftovers {
  workRoot: string;
  snapshots: Snapshotter;
  containers: ContainerService;
  log: Logger;
}

async function mountsUnder(root: string): Promise<string[]> {
  return [...(await mountPoints())].filter((point) => point.startsWith(root));
}

export async function removeBuildLeftovers({ workRoot, snapshots, containers, log }: BuildLeftovers): Promise<void> {
  for (const record of containers.store.all()) {
    if (record.Config.Labels?.[buildStepLabel] !== 'true') continue;
    await containers.remove(record.Id, { force: true }).catch((err: unknown) => log.warn({ err, container: record.Id }, 'container of an interrupted build not removed'));
  }
  const root = path.resolve(workRoot) + path.sep;
  // Deepest first, so a mount inside another goes before its parent.
  for (const point of (await mountsUnder(root)).sort((a, b) => b.length - a.length)) {
    await snapshots.unmount(point).catch((err: unknown) => log.warn({ err, point }, 'mount of an interrupted build not unmounted'));
  }
  // Never delete through a mount that would not go: that would reach into the layers below.
  if ((await mountsUnder(root)).length === 0) await removePath(workRoot);
  for (const key of await snapshots.listActive()) {
    if (key.startsWith(buildSnapshotPrefix)) await snapshots.remove(key).catch((err: unknown) => log.warn({ err, key }, 'snapshot of an interrupted build not removed'));
  }
}
