// GET of one object and LIST of a collection, as JSON objects or (for kubectl get) Tables.
import { type KubeObject, groupVersion } from '../../api/resource-type.ts';
import { checkSelectableFields, parseFieldSelector } from '../field-selector.ts';
import { acceptedFormat, sendObject } from '../http-io.ts';
import { parseLabelSelector } from '../../api/label-selector-query.ts';
import { listObjects, selectableFieldsOf } from '../list-objects.ts';
import type { RestContext } from '../rest-context.ts';
import { errors } from '../status.ts';
import { includeObjectParam, partialObjectMetadata, toTable } from '../table.ts';

/** The namespace a request's objects live in (none for cluster-scoped kinds, even /namespaces/NAME). */
export function requestNamespace(ctx: RestContext): string | undefined {
  return ctx.type.namespaced ? ctx.info.namespace : undefined;
}

export function withTypeMeta(ctx: RestContext, object: KubeObject): KubeObject {
  return { apiVersion: groupVersion(ctx.type), kind: ctx.type.kind, ...object };
}

export async function handleGet(ctx: RestContext): Promise<void> {
  const found = await ctx.parts.store.mustGet(ctx.type, requestNamespace(ctx), ctx.info.name!);
  const object = withTypeMeta(ctx, found.object);
  const format = acceptedFormat(ctx.req.headers.accept);
  if (format.as === 'Table') {
    await sendObject(ctx.res, 200, toTable(ctx.type, [object], { include: includeObjectParam(ctx.query.get('includeObject')), withColumns: true, now: ctx.parts.now(), listMeta: { resourceVersion: object.metadata?.resourceVersion } }) as unknown as KubeObject, { protobuf: false });
    return;
  }
  if (format.as === 'PartialObjectMetadata') {
    await sendObject(ctx.res, 200, partialObjectMetadata(ctx.type, object), { protobuf: false });
    return;
  }
  await sendObject(ctx.res, 200, object, format);
}

function positiveInteger(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw errors.badRequest(`invalid value for ${name}: ${value}`);
  return Number(value);
}

/** The fields the kind selects on, read off an empty object (the kind's function must cope with one). */
function selectableFieldNames(ctx: RestContext): string[] {
  try {
    return Object.keys(selectableFieldsOf(ctx.type, { metadata: {} }));
  } catch {
    return ['metadata.name', ...(ctx.type.namespaced ? ['metadata.namespace'] : [])];
  }
}

export function parseSelectors(ctx: RestContext) {
  const labelSelector = parseLabelSelector(ctx.query.get('labelSelector'));
  const fieldSelector = parseFieldSelector(ctx.query.get('fieldSelector'));
  if (fieldSelector.requirements.length > 0) checkSelectableFields(fieldSelector, selectableFieldNames(ctx));
  return { labelSelector, fieldSelector };
}

export async function handleList(ctx: RestContext): Promise<void> {
  const { labelSelector, fieldSelector } = parseSelectors(ctx);
  const resourceVersion = ctx.query.get('resourceVersion');
  const exact = ctx.query.get('resourceVersionMatch') === 'Exact' ? positiveInteger(resourceVersion, 'resourceVersion') : undefined;
  const page = await listObjects(ctx.parts.store, ctx.type, {
    namespace: requestNamespace(ctx),
    labelSelector,
    fieldSelector,
    limit: positiveInteger(ctx.query.get('limit'), 'limit'),
    ...(ctx.query.get('continue') ? { continueToken: ctx.query.get('continue')! } : {}),
    ...(exact !== undefined ? { exactRevision: exact } : {}),
  });
  const listMeta = { resourceVersion: page.resourceVersion, ...(page.continue ? { continue: page.continue } : {}), ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}) };
  const format = acceptedFormat(ctx.req.headers.accept);
  if (format.as === 'Table') {
    const table = toTable(ctx.type, page.items, { include: includeObjectParam(ctx.query.get('includeObject')), withColumns: true, now: ctx.parts.now(), listMeta });
    await sendObject(ctx.res, 200, table as unknown as KubeObject, { protobuf: false });
    return;
  }
  if (format.as === 'PartialObjectMetadataList' || format.as === 'PartialObjectMetadata') {
    await sendObject(ctx.res, 200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, items: page.items.map((item) => partialObjectMetadata(ctx.type, item)) } as KubeObject, { protobuf: false });
    return;
  }
  // Items of a list carry no apiVersion/kind in Kubernetes' JSON; the list does.
  const items = page.items.map((item) => {
    const { apiVersion: _a, kind: _k, ...rest } = item;
    void _a;
    void _k;
    return rest;
  });
  await sendObject(ctx.res, 200, { kind: ctx.type.listKind, apiVersion: groupVersion(ctx.type), metadata: listMeta, items } as KubeObject, format);
}
