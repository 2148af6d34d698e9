// One resource's verbs over a RestClient, as client-go's typed clients: get, list (one page, or
// every page), create, update, updateStatus, patch (merge, strategic, JSON, server-side apply),
// delete with DeleteOptions, watch, and the subresources controllers need (scale, a pod's
// binding, any POST subresource). `namespace` is the object's namespace for a namespaced
// resource (undefined: all namespaces, for list and watch only) and must be undefined for a
// cluster-scoped one. Mistakes the client can see (a missing namespace or name) reject
// before any request is sent.
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { ListMeta, Status } from 'kubernetes-types/meta/v1.js';
import { MinatoError } from '../../util/errors.ts';
import { isGone, isStatus } from './api-error.ts';
import { apiVersionOf, type ClientObject, qualifiedName, type ResourceDescriptor } from './resource.ts';
import type { QueryValue, RestClient, StreamEnd } from './rest-client.ts';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Who makes the change, for managedFields (required for apply patches). */
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take fields other managers own. */
  force?: boolean;
  /** Patch a subresource (status, scale) instead of the object. */
  subresource?: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  /** Delete only if the object still has this uid / resourceVersion (else 409 Conflict). */
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WatchOptions {
  /** Events after this version; absent or "0": first an ADDED for every object that exists. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  /** The server ends the watch after this long (and the client gives up on a silent one a little later). */
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
}

/** A BOOKMARK's object: only the version the watch has reached. */
export interface BookmarkObject {
  kind?: string;
  apiVersion?: string;
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
}

export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; object: BookmarkObject }
  | { type: 'ERROR'; object: Status };

export interface WatchHandlers<T> {
  onEvent(event: WatchEvent<T>): void;
  /** The watch is established (the server answered 200). */
  onOpen?(): void;
  /** Why it ended: 'closed' by the server (timeout, or after an ERROR event), 'stopped', or 'failed' (error). Called once. */
  onEnd?(end: StreamEnd): void;
}

export interface WatchHandle {
  stop(): void;
  /** Settles (never rejects) when the watch ends, with why. */
  readonly ended: Promise<StreamEnd>;
}

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Items per page for listAll (and informers' lists). */
export const defaultPageSize = 500;

/**
 * Asks for objects' metadata only (PartialObjectMetadata, as client-go's metadata client), with
 * whole objects as the fallback of a server that does not serve it.
 */
export const metadataOnlyAccept = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

export interface ResourceClientOptions {
  /** The Accept header of reads (get, list, watch); default application/json. */
  accept?: string;
}

export class ResourceClient<T extends ClientObject> {
  readonly rest: RestClient;
  readonly resource: ResourceDescriptor<T>;
  private readonly accept: string | undefined;

  constructor(rest: RestClient, resource: ResourceDescriptor<T>, options: ResourceClientOptions = {}) {
    this.rest = rest;
    this.resource = resource;
    this.accept = options.accept;
  }

  /** The read options of this client's requests. */
  private get readOptions(): { accept?: string } {
    return this.accept === undefined ? {} : { accept: this.accept };
  }

  /** /api/v1/namespaces/NS/pods/NAME/SUB, /apis/apps/v1/deployments, … */
  path(namespace: string | undefined, name?: string, subresource?: string): string {
    const { group, version, plural, namespaced } = this.resource;
    if (!namespaced && namespace !== undefined) throw new MinatoError('InvalidArgument', `${qualifiedName(this.resource)} are cluster-scoped: no namespace (got "${namespace}")`);
    if (namespaced && namespace === undefined && name !== undefined) throw new MinatoError('InvalidArgument', `${qualifiedName(this.resource)} are namespaced: a namespace is needed for ${name}`);
    if (name !== undefined && name === '') throw new MinatoError('InvalidArgument', `a ${this.resource.kind} needs a name`);
    let path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    if (namespace !== undefined) path += `/namespaces/${encodeURIComponent(namespace)}`;
    path += `/${plural}`;
    if (name !== undefined) path += `/${encodeURIComponent(name)}`;
    if (subresource !== undefined) path += `/${subresource}`;
    return path;
  }

  async get(namespace: string | undefined, name: string): Promise<T> {
    return this.rest.request<T>('GET', this.path(namespace, name), this.readOptions);
  }

  /** One page (or, without limit, everything). */
  async list(namespace?: string, options: ListOptions = {}): Promise<ObjectList<T>> {
    return this.rest.request<ObjectList<T>>('GET', this.path(namespace), { query: listQuery(options), ...this.readOptions });
  }

  /**
   * Every object, paging through with `pageSize` (500) — one consistent snapshot: every page is
   * read at the first page's resourceVersion. If that version is compacted away mid-way (410),
   * it lists again in one request, as client-go's pager does.
   */
  async listAll(namespace?: string, options: Omit<ListOptions, 'limit' | 'continue'> = {}, pageSize = defaultPageSize, signal?: AbortSignal): Promise<ObjectList<T>> {
    const first = await this.rest.request<ObjectList<T>>('GET', this.path(namespace), { query: listQuery({ ...options, limit: pageSize }), ...this.readOptions, ...(signal ? { signal } : {}) });
    const items = [...first.items];
    let token = first.metadata?.continue;
    while (token) {
      let page: ObjectList<T>;
      try {
        page = await this.rest.request<ObjectList<T>>('GET', this.path(namespace), { query: listQuery({ ...options, limit: pageSize, continue: token }), ...this.readOptions, ...(signal ? { signal } : {}) });
      } catch (err) {
        if (!isGone(err)) throw err;
        return this.rest.request<ObjectList<T>>('GET', this.path(namespace), { query: listQuery(options), ...this.readOptions, ...(signal ? { signal } : {}) });
      }
      items.push(...page.items);
      token = page.metadata?.continue;
    }
    return { ...first, metadata: { resourceVersion: first.metadata?.resourceVersion }, items };
  }

  /** Creates `object` in `namespace` (for a namespaced resource; metadata.namespace, if set, must agree). */
  async create(namespace: string | undefined, object: T, options: WriteOptions = {}): Promise<T> {
    const given = object.metadata?.namespace;
    if (given !== undefined && namespace !== undefined && given !== namespace) {
      throw new MinatoError('InvalidArgument', `the ${this.resource.kind}'s metadata.namespace "${given}" is not the namespace "${namespace}" it is created in`);
    }
    return this.rest.request<T>('POST', this.path(namespace), { body: this.withTypeMeta(object), query: writeQuery(options) });
  }

  /** Replaces the object (PUT); with metadata.resourceVersion set, only if unchanged since (else 409 Conflict). */
  async update(object: T, options: WriteOptions = {}): Promise<T> {
    return this.rest.request<T>('PUT', this.path(this.namespaceOf(object), nameOf(object)), { body: this.withTypeMeta(object), query: writeQuery(options) });
  }

  /** Replaces the object's status (PUT …/status); the rest of the object is left as stored. */
  async updateStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.updateSubresource(object, 'status', options);
  }

  /** Replaces what a status-like subresource covers (PUT …/status, a CSR's …/approval). */
  async updateSubresource(object: T, subresource: string, options: WriteOptions = {}): Promise<T> {
    return this.rest.request<T>('PUT', this.path(this.namespaceOf(object), nameOf(object), subresource), { body: this.withTypeMeta(object), query: writeQuery(options) });
  }

  /**
   * Patches the object: `patch` is a merge or strategic-merge patch object, a JSON Patch
   * (an array of operations), or, for 'apply', the fully specified intent (needs fieldManager).
   */
  async patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: PatchOptions = {}): Promise<T> {
    if (type === 'apply' && !options.fieldManager) throw new MinatoError('InvalidArgument', 'a server-side apply patch needs a fieldManager');
    if (type === 'json' && !Array.isArray(patch)) throw new MinatoError('InvalidArgument', 'a JSON patch is a list of operations');
    const body = type === 'apply' ? this.withTypeMeta(patch as T) : patch;
    return this.rest.request<T>('PATCH', this.path(namespace, name, options.subresource), {
      body,
      contentType: patchContentTypes[type],
      query: { ...writeQuery(options), force: type === 'apply' && options.force ? 'true' : undefined },
    });
  }

  /**
   * Deletes the object. Resolves with what the server answers: a Success Status, the object
   * (pods, namespaces, … and anything only marked for deletion, with its deletionTimestamp).
   */
  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<T | Status> {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (options.propagationPolicy !== undefined) body.propagationPolicy = options.propagationPolicy;
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    if (options.preconditions !== undefined) body.preconditions = options.preconditions;
    // dryRun goes in the query (Kubernetes also takes it in the DeleteOptions body).
    return this.rest.request<T | Status>('DELETE', this.path(namespace, name), { body, query: { dryRun: options.dryRun ? 'All' : undefined } });
  }

  /** Deletes every object of the collection (in `namespace`, or of the cluster) that the selectors match (DELETE on the collection). */
  async deleteCollection(namespace: string | undefined, options: DeleteOptions & Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {}): Promise<ObjectList<T>> {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (options.propagationPolicy !== undefined) body.propagationPolicy = options.propagationPolicy;
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    return this.rest.request<ObjectList<T>>('DELETE', this.path(namespace), {
      body,
      query: { dryRun: options.dryRun ? 'All' : undefined, labelSelector: options.labelSelector || undefined, fieldSelector: options.fieldSelector || undefined },
    });
  }

  /** The scale subresource (deployments, replicasets, statefulsets). */
  async getScale(namespace: string | undefined, name: string): Promise<Scale> {
    return this.rest.request<Scale>('GET', this.path(namespace, name, 'scale'));
  }

  async updateScale(namespace: string | undefined, name: string, scale: Scale, options: WriteOptions = {}): Promise<Scale> {
    return this.rest.request<Scale>('PUT', this.path(namespace, name, 'scale'), { body: { apiVersion: 'autoscaling/v1', kind: 'Scale', ...scale }, query: writeQuery(options) });
  }

  /** POST to a subresource, e.g. a pod's binding (the scheduler) or eviction. */
  async createSubresource<R = unknown>(namespace: string | undefined, name: string, subresource: string, body: unknown, options: WriteOptions = {}): Promise<R> {
    return this.rest.request<R>('POST', this.path(namespace, name, subresource), { body, query: writeQuery(options) });
  }

  /**
   * Watches changes (of one namespace, or of all with undefined). Events arrive through
   * handlers.onEvent until the watch ends — by the server (timeoutSeconds; after an ERROR
   * event, e.g. 410 Expired), by stop(), or by a failure — which onEnd and `ended` report.
   */
  watch(namespace: string | undefined, options: WatchOptions, handlers: WatchHandlers<T>): WatchHandle {
    const query: Record<string, QueryValue> = {
      watch: 'true',
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: options.allowWatchBookmarks ? 'true' : undefined,
      labelSelector: options.labelSelector || undefined,
      fieldSelector: options.fieldSelector || undefined,
      timeoutSeconds: options.timeoutSeconds,
      sendInitialEvents: options.sendInitialEvents ? 'true' : undefined,
    };
    let resolveEnded!: (end: StreamEnd) => void;
    const ended = new Promise<StreamEnd>((resolve) => (resolveEnded = resolve));
    const path = this.path(namespace);
    const stream = this.rest.stream(
      path,
      // A silent watch is given up on a while after the server should have ended it.
      { query, ...this.readOptions, ...(options.timeoutSeconds !== undefined ? { idleTimeoutMs: (options.timeoutSeconds + 30) * 1000 } : {}) },
      {
        ...(handlers.onOpen ? { onOpen: handlers.onOpen } : {}),
        onValue: (value) => handlers.onEvent(toWatchEvent<T>(value, path)),
        onEnd: (end) => {
          resolveEnded(end);
          handlers.onEnd?.(end);
        },
      },
    );
    return { stop: () => stream.stop(), ended };
  }

  private namespaceOf(object: T): string | undefined {
    if (!this.resource.namespaced) return undefined;
    const namespace = object.metadata?.namespace;
    if (!namespace) throw new MinatoError('InvalidArgument', `the ${this.resource.kind} ${object.metadata?.name ?? ''} has no metadata.namespace`);
    return namespace;
  }

  private withTypeMeta(object: T): T {
    return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(this.resource), kind: object.kind ?? this.resource.kind };
  }
}

function nameOf(object: ClientObject): string {
  const name = object.metadata?.name;
  if (!name) throw new MinatoError('InvalidArgument', `the ${object.kind ?? 'object'} has no metadata.name`);
  return name;
}

function listQuery(options: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: options.labelSelector || undefined,
    fieldSelector: options.fieldSelector || undefined,
    limit: options.limit,
    continue: options.continue || undefined,
    resourceVersion: options.resourceVersion,
    resourceVersionMatch: options.resourceVersionMatch,
  };
}

function writeQuery(options: WriteOptions): Record<string, QueryValue> {
  return { dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager, fieldValidation: options.fieldValidation };
}

const eventTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

function toWatchEvent<T>(value: unknown, path: string): WatchEvent<T> {
  const event = value as { type?: unknown; object?: unknown } | null;
  if (!event || typeof event.type !== 'string' || !eventTypes.has(event.type) || typeof event.object !== 'object' || event.object === null) {
    throw new MinatoError('Internal', `watch ${path}: not a watch event: ${JSON.stringify(value).slice(0, 200)}`);
  }
  if (event.type === 'ERROR' && !isStatus(event.object)) throw new MinatoError('Internal', `watch ${path}: an ERROR event without a Status`);
  return event as WatchEvent<T>;
}
