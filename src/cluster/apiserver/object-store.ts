// Objects in the cluster store: where each lives (/registry/<group>/<resource>/<namespace>/<name>,
// "core" for the core group), how it is stored (JSON without its resourceVersion; Secrets
// encrypted), and how a stored value comes back (resourceVersion = the key's modRevision).
// Preconditions and errors are worded in Kubernetes' terms here, so handlers only decide what to
// write.
import { isMinatoError } from '../../util/errors.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import type { KeyValue, ListResult, Storage } from '../storage/storage.ts';
import type { ValueTransformer } from './secret-encryption.ts';
import { errors } from './status.ts';

export interface StoredObject {
  key: string;
  object: KubeObject;
  revision: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function resourcePrefix(type: Pick<ResourceType, 'group' | 'plural'>): string {
  return `/registry/${type.group || 'core'}/${type.plural}/`;
}

export function objectKey(type: Pick<ResourceType, 'group' | 'plural' | 'namespaced'>, namespace: string | undefined, name: string): string {
  return type.namespaced ? `${resourcePrefix(type)}${namespace}/${name}` : `${resourcePrefix(type)}${name}`;
}

/** Keys of a namespace's objects (namespaced kinds) or of all of them. */
export function listPrefix(type: Pick<ResourceType, 'group' | 'plural' | 'namespaced'>, namespace: string | undefined): string {
  return type.namespaced && namespace ? `${resourcePrefix(type)}${namespace}/` : resourcePrefix(type);
}

export class ObjectStore {
  readonly storage: Storage;
  private readonly transformerFor: (type: ResourceType) => ValueTransformer | undefined;
  /** The served kind at group/version/plural (for handlers that touch another kind). */
  readonly resourceFor?: (group: string, version: string, plural: string) => ResourceType | undefined;

  constructor(storage: Storage, transformerFor: (type: ResourceType) => ValueTransformer | undefined = () => undefined, resourceFor?: (group: string, version: string, plural: string) => ResourceType | undefined) {
    this.storage = storage;
    this.transformerFor = transformerFor;
    if (resourceFor) this.resourceFor = resourceFor;
  }

  encode(type: ResourceType, key: string, object: KubeObject): Uint8Array {
    const stored = type.storageConversion ? type.storageConversion.toStorage(object) : object;
    const { resourceVersion: _dropped, ...metadata } = stored.metadata ?? {};
    void _dropped;
    const bytes = encoder.encode(JSON.stringify({ ...stored, metadata }));
    return this.transformerFor(type)?.toStorage(key, bytes) ?? bytes;
  }

  decode(type: ResourceType, kv: Pick<KeyValue, 'key' | 'value' | 'modRevision'>): KubeObject {
    return this.decodeText(type, this.storedText(type, kv), kv.modRevision);
  }

  /** The stored JSON (decrypted), before it is parsed: cheap to search for what makes an object worth parsing. */
  storedText(type: ResourceType, kv: Pick<KeyValue, 'key' | 'value'>): string {
    return decoder.decode(this.transformerFor(type)?.fromStorage(kv.key, kv.value) ?? kv.value);
  }

  decodeText(type: ResourceType, text: string, modRevision: number): KubeObject {
    const stored = JSON.parse(text) as KubeObject;
    const object = type.storageConversion ? type.storageConversion.fromStorage(stored) : stored;
    object.metadata = { ...object.metadata, resourceVersion: String(modRevision) };
    return object;
  }

  async get(type: ResourceType, namespace: string | undefined, name: string): Promise<StoredObject | undefined> {
    const key = objectKey(type, namespace, name);
    const kv = await this.storage.get(key);
    return kv ? { key, object: this.decode(type, kv), revision: kv.modRevision } : undefined;
  }

  async mustGet(type: ResourceType, namespace: string | undefined, name: string): Promise<StoredObject> {
    const found = await this.get(type, namespace, name);
    if (!found) throw errors.notFound(type, name);
    return found;
  }

  async create(type: ResourceType, object: KubeObject): Promise<StoredObject> {
    const name = object.metadata!.name!;
    const key = objectKey(type, object.metadata!.namespace, name);
    try {
      const kv = await this.storage.create(key, this.encode(type, key, object));
      return { key, object: this.withVersion(type, object, kv.modRevision), revision: kv.modRevision };
    } catch (err) {
      if (isMinatoError(err, 'Conflict')) throw errors.alreadyExists(type, name);
      throw err;
    }
  }

  /** Writes `object` over the stored one if that is still at `expectedRevision`. */
  async update(type: ResourceType, object: KubeObject, expectedRevision: number): Promise<StoredObject> {
    const name = object.metadata!.name!;
    const key = objectKey(type, object.metadata!.namespace, name);
    try {
      const kv = await this.storage.update(key, this.encode(type, key, object), expectedRevision);
      return { key, object: this.withVersion(type, object, kv.modRevision), revision: kv.modRevision };
    } catch (err) {
      if (isMinatoError(err, 'Conflict')) throw errors.conflict(type, name);
      if (isMinatoError(err, 'NotFound')) throw errors.notFound(type, name);
      throw err;
    }
  }

  async delete(type: ResourceType, namespace: string | undefined, name: string, expectedRevision?: number): Promise<StoredObject> {
    const key = objectKey(type, namespace, name);
    try {
      const kv = await this.storage.delete(key, expectedRevision);
      return { key, object: this.decode(type, kv), revision: kv.modRevision };
    } catch (err) {
      if (isMinatoError(err, 'Conflict')) throw errors.conflict(type, name);
      if (isMinatoError(err, 'NotFound')) throw errors.notFound(type, name);
      throw err;
    }
  }

  /** One page of raw keys (decoding and filtering are the caller's). */
  listPage(type: ResourceType, namespace: string | undefined, options: { limit?: number; startAfter?: string; revision?: number }): Promise<ListResult> {
    return this.storage.list(listPrefix(type, namespace), options);
  }

  /**
   * What was written, as this version serves it (create and update answer with it): for a kind
   * stored in another version, through the round trip, so conversion defaults show as on a GET.
   */
  private withVersion(type: ResourceType, object: KubeObject, revision: number): KubeObject {
    const served = type.storageConversion ? type.storageConversion.fromStorage(type.storageConversion.toStorage(object)) : object;
    return { ...served, metadata: { ...served.metadata, resourceVersion: String(revision) } };
  }
}
