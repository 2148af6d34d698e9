// DELETE and DELETECOLLECTION with Kubernetes' DeleteOptions (body or query): preconditions on
// uid and resourceVersion, dryRun, propagationPolicy (Orphan and Foreground become the
// `orphan` and `foregroundDeletion` finalizers the garbage-collector controller honours), and graceful
// deletion: an object with finalizers, or a pod bound to a node with a grace period, is marked
// (deletionTimestamp) rather than removed; whoever holds the finalizer finishes the deletion.
import type { KubeObject } from '../../api/resource-type.ts';
import { acceptedFormat, decodeObject, readBody, sendJson, sendObject } from '../http-io.ts';
import { kubeTime } from '../../api/kube-time.ts';
import type { StoredObject } from '../object-store.ts';
import type { RestContext } from '../rest-context.ts';
import { errors, successStatus } from '../status.ts';
import { parseSelectors, requestNamespace, withTypeMeta } from './read-handlers.ts';
import { guaranteedUpdate, heldBySpecFinalizers } from './write-handlers.ts';
import { isDryRun } from './write-pipeline.ts';
import { listObjects } from '../list-objects.ts';

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  /** DeleteOptions.dryRun: ["All"] (kubectl delete --dry-run=server sends it in the body). */
  dryRun?: string[];
}

/** A dry run asked for in the query or in the DeleteOptions body. */
function dryRunOf(ctx: RestContext, options: DeleteOptions): boolean {
  const inBody = options.dryRun ?? [];
  if (!Array.isArray(inBody)) throw errors.badRequest('dryRun: must be a list of strings');
  for (const value of inBody) if (value !== 'All') throw errors.badRequest(`Invalid dry run value: ${String(value)}; only "All" is supported`);
  return isDryRun(ctx) || inBody.length > 0;
}

async function deleteOptions(ctx: RestContext): Promise<DeleteOptions> {
  const body = await readBody(ctx.req);
  const options: DeleteOptions = body.length > 0 ? ((await decodeObject(body, ctx.req.headers['content-type'])) as DeleteOptions) : {};
  const grace = ctx.query.get('gracePeriodSeconds');
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const policy = ctx.query.get('propagationPolicy');
  if (policy !== null) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (options.propagationPolicy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(options.propagationPolicy)) {
    throw errors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [{ type: 'FieldValueNotSupported', field: 'propagationPolicy', value: options.propagationPolicy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' }]);
  }
  if (options.orphanDependents !== undefined && options.propagationPolicy === undefined) options.propagationPolicy = options.orphanDependents ? 'Orphan' : 'Background';
  if (options.gracePeriodSeconds !== undefined && (!Number.isInteger(options.gracePeriodSeconds) || options.gracePeriodSeconds < 0)) options.gracePeriodSeconds = 0;
  return options;
}

function checkPreconditions(ctx: RestContext, current: KubeObject, options: DeleteOptions): void {
  const preconditions = options.preconditions;
  if (!preconditions) return;
  if (preconditions.uid !== undefined && preconditions.uid !== current.metadata?.uid) {
    throw errors.conflict(ctx.type, ctx.info.name!, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${current.metadata?.uid ?? ''}`);
  }
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== current.metadata?.resourceVersion) {
    throw errors.conflict(ctx.type, ctx.info.name!, `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata?.resourceVersion ?? ''}`);
  }
}

/** The finalizer a propagation policy asks for, if any. */
function policyFinalizer(options: DeleteOptions): string | undefined {
  if (options.propagationPolicy === 'Orphan') return 'orphan';
  if (options.propagationPolicy === 'Foreground') return 'foregroundDeletion';
  return undefined;
}

/** Kinds whose DELETE answers with the object rather than a Status (as their Kubernetes registries do). */
const returnsDeletedObject = new Set(['pods', 'namespaces', 'services', 'persistentvolumes', 'persistentvolumeclaims']);

type Outcome = { kind: 'deleted'; object: KubeObject } | { kind: 'marked'; object: KubeObject };

/** Deletes one object, or marks it for deletion when something must happen first. */
export async function deleteOne(ctx: RestContext, name: string, options: DeleteOptions, dryRun: boolean): Promise<Outcome> {
  const namespace = requestNamespace(ctx);
  const finalizer = policyFinalizer(options);
  let marked: KubeObject | undefined;
  let remove: StoredObject | undefined;
  const subCtx = { ...ctx, info: { ...ctx.info, name } };
  await guaranteedUpdate(subCtx, async (current) => {
    checkPreconditions(subCtx, current.object, options);
    const object = structuredClone(current.object);
    const metadata = { ...object.metadata };
    const finalizers = [...(metadata.finalizers ?? [])];
    if (finalizer && !finalizers.includes(finalizer)) finalizers.push(finalizer);
    // A namespace holding spec.finalizers is marked Terminating while it is emptied.
    const heldBySpec = heldBySpecFinalizers(ctx, object);
    const podGrace = ctx.type.group === '' && ctx.type.plural === 'pods' && (object.spec as { nodeName?: string } | undefined)?.nodeName
      ? options.gracePeriodSeconds ?? (object.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ?? 30
      : 0;
    if (finalizers.length === 0 && !heldBySpec && podGrace === 0) {
      remove = current;
      return { object: current.object, pinned: false };
    }
    remove = undefined;
    if (metadata.deletionTimestamp === undefined) {
      const now = ctx.parts.now();
      metadata.deletionTimestamp = kubeTime(new Date(now.getTime() + podGrace * 1000));
      metadata.deletionGracePeriodSeconds = podGrace;
    } else if (podGrace === 0 && metadata.deletionGracePeriodSeconds) {
      // A second delete with a shorter grace period brings the deadline forward.
      metadata.deletionTimestamp = kubeTime(ctx.parts.now());
      metadata.deletionGracePeriodSeconds = 0;
    }
    if (finalizers.length > 0) metadata.finalizers = finalizers;
    object.metadata = metadata;
    if (ctx.type.group === '' && ctx.type.plural === 'namespaces') object.status = { ...(object.status as object), phase: 'Terminating' };
    marked = object;
    return { object, pinned: false };
  });
  if (marked) {
    const stored = await ctx.parts.store.get(ctx.type, namespace, name);
    return { kind: 'marked', object: stored?.object ?? marked };
  }
  if (!remove) throw errors.notFound(ctx.type, name);
  if (dryRun) return { kind: 'deleted', object: remove.object };
  const deleted = await ctx.parts.store.delete(ctx.type, namespace, name, remove.revision).catch(async (err: unknown) => {
    // Changed meanwhile (e.g. a finalizer added): start over with the new state.
    if ((err as { kind?: string }).kind === 'Conflict') return undefined;
    throw err;
  });
  if (!deleted) return deleteOne(ctx, name, options, dryRun);
  ctx.parts.afterWrite(ctx.type, deleted.object, true);
  return { kind: 'deleted', object: deleted.object };
}

/** The two system PriorityClasses stay (Kubernetes refuses their deletion). */
function refuseProtectedDeletion(ctx: RestContext, name: string): void {
  if (ctx.type.group === 'scheduling.k8s.io' && ctx.type.plural === 'priorityclasses' && (name === 'system-node-critical' || name === 'system-cluster-critical')) {
    throw errors.forbidden(`priorityclasses.scheduling.k8s.io "${name}" is forbidden: this is a system priority class and cannot be deleted`, { name, group: ctx.type.group, kind: ctx.type.plural });
  }
}

export async function handleDelete(ctx: RestContext): Promise<void> {
  refuseProtectedDeletion(ctx, ctx.info.name!);
  const options = await deleteOptions(ctx);
  const outcome = await deleteOne(ctx, ctx.info.name!, options, dryRunOf(ctx, options));
  if (outcome.kind === 'marked' || returnsDeletedObject.has(ctx.type.plural)) {
    await sendObject(ctx.res, 200, withTypeMeta(ctx, outcome.object), acceptedFormat(ctx.req.headers.accept));
    return;
  }
  sendJson(ctx.res, 200, successStatus({ name: ctx.info.name!, group: ctx.type.group, kind: ctx.type.plural, uid: outcome.object.metadata?.uid }));
}

export async function handleDeleteCollection(ctx: RestContext): Promise<void> {
  const options = await deleteOptions(ctx);
  const dryRun = dryRunOf(ctx, options);
  const { labelSelector, fieldSelector } = parseSelectors(ctx);
  const page = await listObjects(ctx.parts.store, ctx.type, { namespace: requestNamespace(ctx), labelSelector, fieldSelector });
  const deleted: KubeObject[] = [];
  for (const item of page.items) {
    if (ctx.type.group === 'scheduling.k8s.io' && ['system-node-critical', 'system-cluster-critical'].includes(item.metadata?.name ?? '')) continue;
    try {
      deleted.push((await deleteOne(ctx, item.metadata!.name!, options, dryRun)).object);
    } catch (err) {
      if ((err as { kind?: string }).kind !== 'NotFound') throw err;
    }
  }
  // Kubernetes answers with the list of what was deleted.
  sendJson(ctx.res, 200, { kind: ctx.type.listKind, apiVersion: withTypeMeta(ctx, {}).apiVersion, metadata: { resourceVersion: page.resourceVersion }, items: deleted });
}
