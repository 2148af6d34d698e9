// LIST: a page of a resource's objects at one revision, filtered by label and field selectors,
// with Kubernetes' pagination — `limit` and an opaque `continue` token that pins the revision
// the first page was read at, so every page is of the same snapshot. A token whose revision
// has been compacted away is 410 Expired with Kubernetes' words.
import { isMinatoError } from '../../util/errors.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import type { FieldSelector } from './field-selector.ts';
import type { LabelSelector } from '../api/label-selector-query.ts';
import type { ObjectStore } from './object-store.ts';
import { errors } from './status.ts';

export interface ListRequest {
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit?: number;
  continueToken?: string;
  /** resourceVersion with resourceVersionMatch=Exact: read as of that revision. */
  exactRevision?: number;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

function encodeContinue(revision: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: revision, start: lastKey };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ContinueToken;
    if (token.v !== 'meta.k8s.io/v1' || !Number.isInteger(token.rv) || typeof token.start !== 'string') throw new Error('shape');
    return token;
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** The field values a field selector sees: metadata.name and metadata.namespace, and the kind's own. */
export function selectableFieldsOf(type: ResourceType, object: KubeObject): Record<string, string> {
  return {
    'metadata.name': object.metadata?.name ?? '',
    ...(type.namespaced ? { 'metadata.namespace': object.metadata?.namespace ?? '' } : {}),
    ...type.selectableFields?.(object),
  };
}

/** What selectors look at in an object: its namespace, labels and selectable fields. */
export interface SelectorView {
  namespace: string | undefined;
  labels: Record<string, string> | undefined;
  fields: Record<string, string>;
}

export function selectorViewOf(type: ResourceType, object: KubeObject): SelectorView {
  return { namespace: object.metadata?.namespace, labels: object.metadata?.labels, fields: selectableFieldsOf(type, object) };
}

export function viewMatches(view: SelectorView, labelSelector: LabelSelector, fieldSelector: FieldSelector): boolean {
  return labelSelector.matches(view.labels) && (fieldSelector.requirements.length === 0 || fieldSelector.matches(view.fields));
}

export function matchesSelectors(type: ResourceType, object: KubeObject, labelSelector: LabelSelector, fieldSelector: FieldSelector): boolean {
  return labelSelector.matches(object.metadata?.labels) && (fieldSelector.requirements.length === 0 || fieldSelector.matches(selectableFieldsOf(type, object)));
}

const expiredContinue =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export async function listObjects(store: ObjectStore, type: ResourceType, request: ListRequest): Promise<ListPage> {
  const token = request.continueToken ? decodeContinue(request.continueToken) : undefined;
  let revision = token?.rv ?? request.exactRevision;
  let startAfter = token?.start;
  const filtering = !request.labelSelector.empty || request.fieldSelector.requirements.length > 0;
  const items: KubeObject[] = [];
  const limit = request.limit && request.limit > 0 ? request.limit : undefined;
  // A name pinned by the field selector (kubectl's wait/delete/rollout) is one GET, not a scan.
  const pinnedName = request.fieldSelector.exact('metadata.name');
  if (pinnedName !== undefined && !token && (!type.namespaced || request.namespace)) {
    const found = await store.get(type, request.namespace, pinnedName);
    const current = revision ?? (await store.storage.currentRevision());
    if (found && matchesSelectors(type, found.object, request.labelSelector, request.fieldSelector)) items.push(found.object);
    return { items, resourceVersion: String(current) };
  }
  for (;;) {
    const want = limit === undefined ? undefined : Math.max(limit - items.length, filtering ? 100 : 0);
    let page;
    try {
      page = await store.listPage(type, request.namespace, { ...(want !== undefined ? { limit: want } : {}), ...(startAfter !== undefined ? { startAfter } : {}), ...(revision !== undefined ? { revision } : {}) });
    } catch (err) {
      if (isMinatoError(err, 'Gone')) throw errors.expired(token ? expiredContinue : `too old resource version: ${revision}`);
      throw err;
    }
    revision = page.revision;
    for (const [index, kv] of page.items.entries()) {
      const object = store.decode(type, kv);
      if (filtering && !matchesSelectors(type, object, request.labelSelector, request.fieldSelector)) continue;
      items.push(object);
      if (limit !== undefined && items.length === limit) {
        const more = index < page.items.length - 1 || page.more;
        const remaining = !filtering && page.remaining !== undefined ? page.remaining + (page.items.length - 1 - index) : undefined;
        return { items, resourceVersion: String(revision), ...(more ? { continue: encodeContinue(revision, kv.key), ...(remaining !== undefined ? { remainingItemCount: remaining } : {}) } : {}) };
      }
    }
    if (!page.more || page.items.length === 0) return { items, resourceVersion: String(revision) };
    startAfter = page.items.at(-1)!.key;
  }
}
