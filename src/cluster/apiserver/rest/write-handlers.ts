// CREATE, UPDATE (PUT) and PATCH. Updates read the stored object, change it, and write it
// back only if it is still the version read: with a resourceVersion from the client, a
// mismatch is the client's 409; without one, the server re-reads and tries again (Kubernetes'
// GuaranteedUpdate). An update that changes nothing writes nothing.
import { isDeepStrictEqual } from 'node:util';
import { isMinatoError } from '../../../util/errors.ts';
import { groupVersion, type KubeObject } from '../../api/resource-type.ts';
import { namespaceSpecFinalizers } from '../../api/kinds/namespace.ts';
import { acceptedFormat, readBody, sendObject } from '../http-io.ts';
import type { StoredObject } from '../object-store.ts';
import type { RestContext } from '../rest-context.ts';
import { errors } from '../status.ts';
import { requestNamespace, withTypeMeta } from './read-handlers.ts';
import { admitNew, admitUpdate, decodeRequestObject, fieldManagerOf, isDryRun, recordManagedFields } from './write-pipeline.ts';

function warningHeaders(ctx: RestContext): Record<string, string> {
  return ctx.warnings.length > 0 ? { Warning: ctx.warnings.map((warning) => `299 - ${JSON.stringify(warning)}`).join(', ') } : {};
}

export async function handleCreate(ctx: RestContext): Promise<void> {
  const object = await decodeRequestObject(ctx);
  if (ctx.info.name !== undefined) throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  await createAndAnswer(ctx, await recordManagedFields(ctx, undefined, await admitNew(ctx, object)));
}

/** Stores an admitted new object (unless a dry run) and answers 201 with it. */
async function createAndAnswer(ctx: RestContext, admitted: KubeObject): Promise<void> {
  if (isDryRun(ctx)) {
    await sendObject(ctx.res, 201, admitted, acceptedFormat(ctx.req.headers.accept), warningHeaders(ctx));
    return;
  }
  const stored = await ctx.parts.store.create(ctx.type, admitted);
  ctx.parts.afterWrite(ctx.type, stored.object, false);
  await sendObject(ctx.res, 201, withTypeMeta(ctx, stored.object), acceptedFormat(ctx.req.headers.accept), warningHeaders(ctx));
}

/** Strips what never counts as a change: the resourceVersion and the managed-fields timestamps. */
function comparable(object: KubeObject): unknown {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = object.metadata ?? {};
  void _rv;
  void _mf;
  return { ...object, metadata };
}

const maxAttempts = 5;

/**
 * Whether spec.finalizers still hold the object (a Namespace, the kind with a /finalize
 * subresource: the namespace controller's `kubernetes`, removed once it has emptied it).
 */
export function heldBySpecFinalizers(ctx: RestContext, object: KubeObject): boolean {
  return ctx.type.subresources.finalize === true && namespaceSpecFinalizers(object).length > 0;
}

/**
 * Whether an update leaves an object marked for deletion with nothing to wait for: no
 * finalizers (nor spec.finalizers), its grace period over. Kubernetes deletes such an object in
 * the same update.
 */
function nothingHoldsIt(ctx: RestContext, object: KubeObject): boolean {
  const metadata = object.metadata ?? {};
  if (!metadata.deletionTimestamp || (metadata.finalizers ?? []).length > 0 || Date.parse(metadata.deletionTimestamp) > ctx.parts.now().getTime()) return false;
  return !heldBySpecFinalizers(ctx, object);
}

/**
 * Reads, changes with `change`, and writes back; retries on a concurrent write unless the
 * client pinned a resourceVersion (then the conflict is the client's to see).
 */
export async function guaranteedUpdate(
  ctx: RestContext,
  change: (current: StoredObject) => Promise<{ object: KubeObject; pinned: boolean }>,
): Promise<{ object: KubeObject; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.parts.store.mustGet(ctx.type, requestNamespace(ctx), ctx.info.name!);
    const { object, pinned } = await change(current);
    if (pinned && object.metadata?.resourceVersion !== current.object.metadata?.resourceVersion) throw errors.conflict(ctx.type, ctx.info.name!);
    if (isDeepStrictEqual(comparable(object), comparable(current.object))) return { object: current.object, changed: false };
    if (isDryRun(ctx)) return { object, changed: true };
    // The last finalizer of an object marked for deletion is gone: the object goes.
    const metadata = object.metadata ?? {};
    if (nothingHoldsIt(ctx, object)) {
      try {
        const deleted = await ctx.parts.store.delete(ctx.type, requestNamespace(ctx), ctx.info.name!, current.revision);
        ctx.parts.afterWrite(ctx.type, deleted.object, true);
        return { object: { ...object, metadata: { ...metadata, resourceVersion: deleted.object.metadata?.resourceVersion } }, changed: true };
      } catch (err) {
        if (!pinned && attempt < maxAttempts && isMinatoError(err, 'Conflict')) continue;
        throw err;
      }
    }
    try {
      const stored = await ctx.parts.store.update(ctx.type, object, current.revision);
      ctx.parts.afterWrite(ctx.type, stored.object, false);
      return { object: stored.object, changed: true };
    } catch (err) {
      if (!pinned && attempt < maxAttempts && isMinatoError(err, 'Conflict')) continue;
      throw err;
    }
  }
}

export async function handleUpdate(ctx: RestContext): Promise<void> {
  const body = await decodeRequestObject(ctx);
  const name = ctx.info.name!;
  if (body.metadata?.name !== undefined && body.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
  }
  let checked = false;
  const result = await guaranteedUpdate(ctx, async (current) => {
    const object = structuredClone(body);
    object.metadata = { ...object.metadata, name };
    const pinned = object.metadata.resourceVersion !== undefined && object.metadata.resourceVersion !== '';
    const updated = await recordManagedFields(ctx, current.object, await admitUpdate(ctx, object, current.object, { checkFields: !checked }));
    checked = true;
    if (pinned) updated.metadata = { ...updated.metadata, resourceVersion: object.metadata.resourceVersion };
    else updated.metadata = { ...updated.metadata, resourceVersion: current.object.metadata?.resourceVersion };
    return { object: updated, pinned };
  });
  await sendObject(ctx.res, 200, withTypeMeta(ctx, result.object), acceptedFormat(ctx.req.headers.accept), warningHeaders(ctx));
}

export async function handlePatch(ctx: RestContext): Promise<void> {
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const body = await readBody(ctx.req);
  const [{ applyPatch, applyConflictError }, { patchSchemaFor }] = await Promise.all([import('../../api/patch/index.ts'), import('../../api/openapi/index.ts')]);
  const schema = patchSchemaFor(ctx.type.group, ctx.type.version, ctx.type.kind);
  const apply = contentType === 'application/apply-patch+yaml';
  if (apply && !ctx.query.get('fieldManager')) throw errors.badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
  const context = {
    schema,
    // Apply records its own managedFields; other patches are recorded on the final object below.
    ...(apply ? { manager: fieldManagerOf(ctx), force: ctx.query.get('force') === 'true' } : {}),
    now: ctx.parts.now().toISOString(),
    apiVersion: groupVersion(ctx.type),
    kind: ctx.type.kind,
    ...(ctx.info.subresource ? { subresource: ctx.info.subresource } : {}),
    ...(ctx.type.subresources.status && !ctx.info.subresource ? { ignoredFields: [['status']] } : {}),
  };
  const name = ctx.info.name!;
  const existing = await ctx.parts.store.get(ctx.type, requestNamespace(ctx), name);
  if (!existing) {
    if (!apply) throw errors.notFound(ctx.type, name);
    // Server-side apply of an object that does not exist creates it.
    const patched = applyPatch(contentType, undefined, body, context);
    const object = { ...patched.object, apiVersion: groupVersion(ctx.type), kind: ctx.type.kind };
    object.metadata = { ...object.metadata, name };
    await createAndAnswer(ctx, await admitNew(ctx, object));
    return;
  }
  let checked = false;
  const result = await guaranteedUpdate(ctx, async (current) => {
    const original = withTypeMeta(ctx, current.object);
    const patched = applyPatch(contentType, original, body, context);
    if (patched.conflicts && patched.conflicts.length > 0) throw applyConflictError(patched.conflicts);
    const object = patched.object;
    if (object.metadata?.name !== undefined && object.metadata.name !== name) throw errors.badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
    // A patch that sets resourceVersion pins the update to it (optimistic concurrency).
    const requested = object.metadata?.resourceVersion;
    const pinned = requested !== undefined && requested !== current.object.metadata?.resourceVersion;
    let updated = await admitUpdate(ctx, object, current.object, { checkFields: !checked });
    if (!apply) updated = await recordManagedFields(ctx, current.object, updated);
    checked = true;
    updated.metadata = { ...updated.metadata, resourceVersion: pinned ? requested : current.object.metadata?.resourceVersion };
    return { object: updated, pinned };
  });
  await sendObject(ctx.res, 200, withTypeMeta(ctx, result.object), acceptedFormat(ctx.req.headers.accept), warningHeaders(ctx));
}
