// The scale subresource (kubectl scale, autoscalers): an autoscaling/v1 Scale view of a
// workload's replica counts and selector. GET reads it; PUT and PATCH change the Scale and
// the server carries spec.replicas over to the object (bumping its generation like any spec
// change).
import type { KubeObject, ScaleSubresource } from '../../api/resource-type.ts';
import { acceptedFormat, readBody, sendObject } from '../http-io.ts';
import { structuredLabelSelector, type StructuredLabelSelector } from '../../api/label-selector-query.ts';
import type { RestContext } from '../rest-context.ts';
import { errors } from '../status.ts';
import { requestNamespace, withTypeMeta } from './read-handlers.ts';
import { guaranteedUpdate } from './write-handlers.ts';
import { decodeRequestObject } from './write-pipeline.ts';

function segments(path: string): string[] {
  return path.replace(/^\./, '').split('.');
}

function readPath(object: unknown, path: string): unknown {
  let value = object;
  for (const segment of segments(path)) value = (value as Record<string, unknown> | undefined)?.[segment];
  return value;
}

function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = segments(path);
  let target = object;
  for (const segment of parts.slice(0, -1)) {
    target[segment] = { ...(target[segment] as Record<string, unknown> | undefined) };
    target = target[segment] as Record<string, unknown>;
  }
  target[parts.at(-1)!] = value;
}

function scaleOf(object: KubeObject, paths: ScaleSubresource): KubeObject {
  const selector = paths.labelSelectorPath ? readPath(object, paths.labelSelectorPath) : undefined;
  const metadata = object.metadata ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: metadata.name, namespace: metadata.namespace, uid: metadata.uid, resourceVersion: metadata.resourceVersion, creationTimestamp: metadata.creationTimestamp },
    spec: { replicas: (readPath(object, paths.specReplicasPath) as number | undefined) ?? 0 },
    status: {
      replicas: (readPath(object, paths.statusReplicasPath) as number | undefined) ?? 0,
      ...(selector && typeof selector === 'object' ? { selector: structuredLabelSelector(selector as StructuredLabelSelector).toString() } : typeof selector === 'string' ? { selector } : {}),
    },
  };
}

function scalePaths(ctx: RestContext): ScaleSubresource {
  const paths = ctx.type.subresources.scale;
  if (!paths) throw errors.notFound({ group: ctx.type.group, plural: `${ctx.type.plural}/scale` }, ctx.info.name!);
  return paths;
}

export async function handleGetScale(ctx: RestContext): Promise<void> {
  const paths = scalePaths(ctx);
  const found = await ctx.parts.store.mustGet(ctx.type, requestNamespace(ctx), ctx.info.name!);
  await sendObject(ctx.res, 200, scaleOf(found.object, paths), acceptedFormat(ctx.req.headers.accept));
}

function checkedReplicas(ctx: RestContext, scale: KubeObject): number {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid({ group: 'autoscaling', kind: 'Scale' }, ctx.info.name!, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }]);
  }
  return replicas;
}

/** PUT (a Scale body) or PATCH (a patch of the Scale) of /scale. */
export async function handleUpdateScale(ctx: RestContext, verb: 'update' | 'patch'): Promise<void> {
  const paths = scalePaths(ctx);
  let put: KubeObject | undefined;
  let patchBody: Buffer | undefined;
  if (verb === 'update') put = await decodeRequestObject(ctx, { apiVersion: 'autoscaling/v1', kind: 'Scale' });
  else patchBody = await readBody(ctx.req);
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const result = await guaranteedUpdate(ctx, async (current) => {
    const scale = scaleOf(current.object, paths);
    let wanted: KubeObject;
    if (put) wanted = put;
    else {
      const { applyPatch } = await import('../../api/patch/index.ts');
      wanted = applyPatch(contentType, scale, patchBody!, { now: ctx.parts.now().toISOString(), apiVersion: 'autoscaling/v1' }).object as KubeObject;
    }
    const replicas = checkedReplicas(ctx, wanted);
    const pinnedVersion = wanted.metadata?.resourceVersion;
    const pinned = pinnedVersion !== undefined && pinnedVersion !== '' && pinnedVersion !== current.object.metadata?.resourceVersion;
    const object = structuredClone(current.object);
    writePath(object as Record<string, unknown>, paths.specReplicasPath, replicas);
    ctx.type.prepareForUpdate?.(object, current.object);
    if (pinned) object.metadata = { ...object.metadata, resourceVersion: pinnedVersion };
    return { object, pinned };
  });
  await sendObject(ctx.res, 200, scaleOf(withTypeMeta(ctx, result.object), paths), acceptedFormat(ctx.req.headers.accept));
}
