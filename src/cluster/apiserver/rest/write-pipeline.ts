// What every write goes through before it reaches the store, in Kubernetes' order: the body
// decoded and checked against the URL (group/version/kind, namespace, name), unknown fields
// handled as fieldValidation asks (Strict: 400, Warn: a Warning header, Ignore), the server's
// metadata filled in or kept, the kind's defaulting and strategy, validation (422 with field
// paths), and the namespace admitted (exists, not being deleted).
import { groupVersion, type KubeObject } from '../../api/resource-type.ts';
import { decodeObject, readBody } from '../http-io.ts';
import { fillNewObjectMetadata, immutableMetadataErrors, keepServerMetadata } from '../object-metadata.ts';
import type { RestContext } from '../rest-context.ts';
import { errors } from '../status.ts';
import { requestNamespace } from './read-handlers.ts';

/** The object in the request body, its apiVersion and kind checked against the URL and filled in. */
export async function decodeRequestObject(ctx: RestContext, expected: { apiVersion: string; kind: string } = { apiVersion: groupVersion(ctx.type), kind: ctx.type.kind }): Promise<KubeObject> {
  const object = await decodeObject(await readBody(ctx.req), ctx.req.headers['content-type']);
  if (object.apiVersion !== undefined && object.apiVersion !== expected.apiVersion) {
    throw errors.badRequest(`the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected.apiVersion})`);
  }
  if (object.kind !== undefined && object.kind !== expected.kind) {
    throw errors.badRequest(`the kind in the data (${String(object.kind)}) does not match the expected kind (${expected.kind})`);
  }
  if (object.metadata !== undefined && (typeof object.metadata !== 'object' || object.metadata === null || Array.isArray(object.metadata))) {
    throw errors.badRequest('metadata must be an object');
  }
  return { ...object, apiVersion: expected.apiVersion, kind: expected.kind };
}

/** fieldValidation: Strict refuses unknown fields (400), Warn (the server's default) reports them, Ignore does neither. */
export async function checkUnknownFields(ctx: RestContext, object: KubeObject): Promise<void> {
  const mode = ctx.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(mode)) throw errors.badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", not "${mode}"`);
  if (mode === 'Ignore') return;
  const { unknownFieldPaths } = await import('../../api/openapi/index.ts');
  const unknown = unknownFieldPaths(ctx.type.group, ctx.type.version, ctx.type.kind, object);
  if (unknown.length === 0) return;
  const messages = unknown.map((path) => `unknown field "${path}"`);
  if (mode === 'Strict') throw errors.badRequest(`strict decoding error: ${messages.join(', ')}`);
  ctx.warnings.push(...messages);
}

function checkNamespace(ctx: RestContext, object: KubeObject): void {
  const namespace = requestNamespace(ctx);
  const metadata = object.metadata ?? {};
  if (ctx.type.namespaced) {
    if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    object.metadata = { ...metadata, namespace };
  } else if (metadata.namespace) {
    // Kubernetes drops a namespace given to a cluster-scoped object.
    const { namespace: _dropped, ...rest } = metadata;
    void _dropped;
    object.metadata = rest;
  }
}

function invalidUnless(ctx: RestContext, object: KubeObject, fieldErrors: ReturnType<RestContext['type']['validate']>): void {
  if (fieldErrors.length > 0) throw errors.invalid({ group: ctx.type.group, kind: ctx.type.kind }, object.metadata?.name ?? object.metadata?.generateName ?? '', fieldErrors);
}

/** A new object ready for the store. */
export async function admitNew(ctx: RestContext, object: KubeObject): Promise<KubeObject> {
  checkNamespace(ctx, object);
  await checkUnknownFields(ctx, object);
  const metadata = object.metadata ?? {};
  if (!metadata.name && !metadata.generateName) {
    throw errors.invalid({ group: ctx.type.group, kind: ctx.type.kind }, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }]);
  }
  fillNewObjectMetadata(object, ctx.parts.now());
  // Kubernetes' order: defaulting (at decoding), the strategy's PrepareForCreate, validation.
  ctx.type.defaults(object);
  ctx.type.prepareForCreate?.(object, ctx.user);
  invalidUnless(ctx, object, ctx.type.validate(object));
  if (ctx.type.namespaced) await ctx.parts.admitNamespace(object.metadata!.namespace!, ctx.type, 'create');
  await ctx.parts.admitCreate?.(ctx.type, object);
  return object;
}

/**
 * An update of `old` to `object` (PUT, PATCH, or a subresource): the server's metadata kept,
 * for /status only the status taken, the strategy and defaults applied, validated.
 */
export async function admitUpdate(ctx: RestContext, object: KubeObject, old: KubeObject, options: { checkFields: boolean }): Promise<KubeObject> {
  checkNamespace(ctx, object);
  if (options.checkFields) await checkUnknownFields(ctx, object);
  invalidUnless(ctx, object, immutableMetadataErrors(object.metadata ?? {}, old.metadata ?? {}));
  const updated = object;
  ctx.type.defaults(updated);
  keepServerMetadata(updated, old);
  if (ctx.info.subresource === 'status' || ctx.info.subresource === 'approval') {
    // Through /status the status and annotations change; the spec and the labels stay as stored
    // (Kubernetes' status strategies). /approval is a CSR's narrower status.
    if (old.spec !== undefined) updated.spec = old.spec;
    else delete updated.spec;
    updated.metadata = { ...updated.metadata, labels: old.metadata?.labels };
    if (updated.metadata.labels === undefined) delete updated.metadata.labels;
    ctx.type.prepareForSubresourceUpdate?.(ctx.info.subresource, updated, old);
  } else if (ctx.info.subresource !== undefined) {
    // The kind's own subresource (a Namespace's /finalize): the kind says what it changes.
    ctx.type.prepareForSubresourceUpdate?.(ctx.info.subresource, updated, old);
  } else {
    ctx.type.prepareForUpdate?.(updated, old);
  }
  invalidUnless(ctx, updated, ctx.type.validate(updated, old));
  const statusLike = ctx.info.subresource === 'status' || ctx.info.subresource === 'approval';
  if (ctx.type.namespaced && !statusLike) await ctx.parts.admitNamespace(updated.metadata!.namespace!, ctx.type, 'update');
  if (!statusLike) await ctx.parts.admitUpdate?.(ctx.type, updated, old);
  return updated;
}

/**
 * The fieldManager of a write: the query's, or (as Kubernetes does) the client's user agent up
 * to its first "/" — `kubectl scale` sends none and is recorded as "kubectl".
 */
export function fieldManagerOf(ctx: RestContext): string {
  const given = ctx.query.get('fieldManager');
  if (given) {
    if (given.length > 128) throw errors.badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
    return given;
  }
  const agent = ctx.req.headers['user-agent'] ?? '';
  return agent.split('/')[0]!.slice(0, 128) || 'unknown';
}

/** Records the write in metadata.managedFields as an Update by the request's field manager. */
export async function recordManagedFields(ctx: RestContext, old: KubeObject | undefined, updated: KubeObject): Promise<KubeObject> {
  const [{ recordUpdate }, { patchSchemaFor }] = await Promise.all([import('../../api/patch/index.ts'), import('../../api/openapi/index.ts')]);
  return recordUpdate({
    ...(old ? { old } : {}),
    updated,
    manager: fieldManagerOf(ctx),
    now: ctx.parts.now().toISOString(),
    apiVersion: groupVersion(ctx.type),
    ...(ctx.info.subresource ? { subresource: ctx.info.subresource } : {}),
    schema: patchSchemaFor(ctx.type.group, ctx.type.version, ctx.type.kind),
    ...(ctx.type.subresources.status && !ctx.info.subresource ? { ignoredFields: [['status']] } : {}),
  });
}

/** dryRun=All: run everything, store nothing. */
export function isDryRun(ctx: RestContext): boolean {
  const values = ctx.query.getAll('dryRun');
  for (const value of values) if (value !== 'All') throw errors.badRequest(`Invalid dry run value: ${value}; only "All" is supported`);
  return values.length > 0;
}
