// An informer's cache: objects by key ("namespace/name", or "name" for cluster-scoped ones),
// with a built-in namespace index and named indexes of the caller's (pods by spec.nodeName,
// objects by owner uid, …). Listers read it; only its informer writes it.
//
// The objects handed out ARE the cache's: a caller that wants to change one must copy it first
// (structuredClone), as with client-go's listers. Changing a cached object corrupts what every
// other reader of the informer sees, and its indexes.
import { type LabelMatcher, parseLabelSelector } from './labels.ts';
import { type ClientObject, keyOf, objectKey } from './resource.ts';

/** The values an object is indexed under (none: not in the index). */
export type IndexFunc<T> = (object: T) => string[];

/** Read access to an informer's cache. Objects are shared: copy before changing. */
export interface Lister<T> {
  get(namespace: string | undefined, name: string): T | undefined;
  getByKey(key: string): T | undefined;
  /** Every object, or those of one namespace, optionally only those a label selector matches. */
  list(namespace?: string, labelSelector?: string | LabelMatcher): T[];
  /** The objects an index holds under `value`. */
  byIndex(indexName: string, value: string): T[];
  /** Keys of the objects an index holds under `value`. */
  indexKeys(indexName: string, value: string): string[];
  keys(): string[];
  readonly size: number;
}

interface Index<T> {
  fn: IndexFunc<T>;
  byValue: Map<string, Set<string>>;
  /** What each key is indexed under now. */
  valuesOf: Map<string, string[]>;
}

export class Indexer<T extends ClientObject> implements Lister<T> {
  private readonly objects = new Map<string, T>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly indexes = new Map<string, Index<T>>();
  private readonly onIndexError: (indexName: string, key: string, err: unknown) => void;

  constructor(onIndexError: (indexName: string, key: string, err: unknown) => void = () => undefined) {
    this.onIndexError = onIndexError;
  }

  get size(): number {
    return this.objects.size;
  }

  /** Adds a named index; objects already cached are indexed at once. Names are unique. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.indexes.has(name)) throw new Error(`the index "${name}" exists already`);
    const index: Index<T> = { fn, byValue: new Map(), valuesOf: new Map() };
    this.indexes.set(name, index);
    for (const [key, object] of this.objects) this.indexInto(name, index, key, object);
  }

  hasIndex(name: string): boolean {
    return this.indexes.has(name);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(keyOf(namespace, name));
  }

  getByKey(key: string): T | undefined {
    return this.objects.get(key);
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  list(namespace?: string, labelSelector?: string | LabelMatcher): T[] {
    const matcher = typeof labelSelector === 'string' ? parseLabelSelector(labelSelector) : labelSelector;
    const keys = namespace === undefined ? this.objects.keys() : (this.byNamespace.get(namespace) ?? new Set<string>()).values();
    const result: T[] = [];
    for (const key of keys) {
      const object = this.objects.get(key)!;
      if (!matcher || matcher.empty || matcher.matches(object.metadata?.labels)) result.push(object);
    }
    return result;
  }

  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((key) => this.objects.get(key)!);
  }

  indexKeys(indexName: string, value: string): string[] {
    const index = this.indexes.get(indexName);
    if (!index) throw new Error(`there is no index "${indexName}"`);
    return [...(index.byValue.get(value) ?? [])];
  }

  /** Stores `object` under its key; returns what it replaced. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const old = this.objects.get(key);
    this.objects.set(key, object);
    const namespace = object.metadata?.namespace;
    if (namespace) {
      let keys = this.byNamespace.get(namespace);
      if (!keys) this.byNamespace.set(namespace, (keys = new Set()));
      keys.add(key);
    }
    for (const [name, index] of this.indexes) {
      this.unindex(index, key);
      this.indexInto(name, index, key, object);
    }
    return old;
  }

  /** Removes the object under `key`; returns it. */
  remove(key: string): T | undefined {
    const old = this.objects.get(key);
    if (!old) return undefined;
    this.objects.delete(key);
    const namespace = old.metadata?.namespace;
    if (namespace) {
      const keys = this.byNamespace.get(namespace);
      keys?.delete(key);
      if (keys?.size === 0) this.byNamespace.delete(namespace);
    }
    for (const index of this.indexes.values()) this.unindex(index, key);
    return old;
  }

  private indexInto(name: string, index: Index<T>, key: string, object: T): void {
    let values: string[];
    try {
      values = [...new Set(index.fn(object))];
    } catch (err) {
      this.onIndexError(name, key, err);
      values = [];
    }
    if (values.length === 0) return;
    index.valuesOf.set(key, values);
    for (const value of values) {
      let keys = index.byValue.get(value);
      if (!keys) index.byValue.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(index: Index<T>, key: string): void {
    const values = index.valuesOf.get(key);
    if (!values) return;
    index.valuesOf.delete(key);
    for (const value of values) {
      const keys = index.byValue.get(value);
      keys?.delete(key);
      if (keys?.size === 0) index.byValue.delete(value);
    }
  }
}

/** Index pods (or anything with a spec.nodeName) by the node they are bound to. */
export function byNodeName(object: { spec?: { nodeName?: string } }): string[] {
  return object.spec?.nodeName ? [object.spec.nodeName] : [];
}

/** Index objects by the uid of their controller owner (the ownerReference with controller: true). */
export function byControllerUid(object: ClientObject): string[] {
  const owner = object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
  return owner ? [owner.uid] : [];
}

/** Index objects by the uid of every owner. */
export function byOwnerUid(object: ClientObject): string[] {
  return (object.metadata?.ownerReferences ?? []).map((reference) => reference.uid);
}
