// The cluster store on etcd v3, through its JSON gateway. Every key lives under a namespace
// prefix (default "/minato"), so several Minato servers or test runs can share one etcd.
// etcd's revision is global to the etcd cluster: other prefixes' writes advance it too, so
// revisions only increase (they do not step by one), and compaction is global as well.
//
// Writes are single transactions: create = txn(createRevision == 0 → put); update and delete =
// txn(createRevision > 0 [and modRevision == expected] → put/delete, else read the key to tell
// NotFound from Conflict).
import type { KeyValue, ListOptions, ListResult, Storage, Watch, WatchHandlers } from '../storage.ts';
import { isMinatoError } from '../../../util/errors.ts';
import { prefixRangeEnd, validateKey } from '../keys.ts';
import { alreadyExists, futureRevision, keyNotFound, preconditionFailed, storeClosed, validateLimit, validateRevision } from '../storage-errors.ts';
import { GatewayClient } from './gateway-client.ts';
import { EtcdWatch, type WatchRange } from './etcd-watch.ts';
import { encode, KeyCodec, revisionOf, type WireRangeResponse, type WireTxnResponse } from './etcd-wire.ts';

export interface EtcdStorageOptions {
  /** Prepended to every key as is (not a path join): "/minato" + "/registry/pods/…". */
  prefix?: string;
  /** How long a single request may take before it fails as Unavailable (default 30 s). */
  timeoutMs?: number;
}

type Compare = Record<string, unknown>;

export class EtcdStorage implements Storage {
  private readonly gateway: GatewayClient;
  private readonly codec: KeyCodec;
  private readonly prefix: string;
  private readonly watches = new Set<EtcdWatch>();
  /** The last compacted revision found: compaction only moves forward, so searches start here. */
  private knownCompacted = 0;
  private closed = false;

  constructor(endpoint: string, options: EtcdStorageOptions = {}) {
    this.prefix = options.prefix ?? '/minato';
    this.gateway = new GatewayClient(endpoint, options.timeoutMs);
    this.codec = new KeyCodec(this.prefix);
  }

  private call<T>(path: string, body: unknown): Promise<T> {
    if (this.closed) return Promise.reject(storeClosed());
    return this.gateway.call<T>(path, body);
  }

  /** The etcd range (base64 key, range_end) of the keys that start with `prefix`. */
  private range(prefix: string): WatchRange {
    const full = Buffer.from(this.prefix + prefix, 'utf8');
    return { key: encode(full), rangeEnd: encode(prefixRangeEnd(full)) };
  }

  private guard(key: string, expectedModRevision: number | undefined): Compare[] {
    const etcdKey = this.codec.encodeKey(key);
    const compares: Compare[] = [{ key: etcdKey, target: 'CREATE', result: 'GREATER', create_revision: '0' }];
    if (expectedModRevision !== undefined) compares.push({ key: etcdKey, target: 'MOD', result: 'EQUAL', mod_revision: String(expectedModRevision) });
    return compares;
  }

  /** Why a guarded txn failed: its failure branch read the key. */
  private guardFailure(key: string, response: WireTxnResponse, expectedModRevision: number | undefined): Error {
    const current = response.responses?.[0]?.response_range?.kvs?.[0];
    if (!current) return keyNotFound(key);
    return preconditionFailed(key, expectedModRevision ?? 0, revisionOf(current.mod_revision));
  }

  async currentRevision(): Promise<number> {
    // A count of one key (the namespace prefix itself, never a Storage key): the cheapest read.
    const response = await this.call<WireRangeResponse>('/v3/kv/range', { key: encode(this.prefix), count_only: true });
    return revisionOf(response.header.revision);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    validateKey(key);
    const response = await this.call<WireRangeResponse>('/v3/kv/range', { key: this.codec.encodeKey(key) });
    const kv = response.kvs?.[0];
    return kv && this.codec.keyValue(kv);
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    validateKey(key);
    const etcdKey = this.codec.encodeKey(key);
    const response = await this.call<WireTxnResponse>('/v3/kv/txn', {
      compare: [{ key: etcdKey, target: 'CREATE', result: 'EQUAL', create_revision: '0' }],
      success: [{ request_put: { key: etcdKey, value: encode(value) } }],
    });
    if (!response.succeeded) throw alreadyExists(key);
    const revision = revisionOf(response.header.revision);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: Uint8Array, expectedModRevision?: number): Promise<KeyValue> {
    validateKey(key);
    validateRevision('expected modRevision', expectedModRevision);
    const etcdKey = this.codec.encodeKey(key);
    const response = await this.call<WireTxnResponse>('/v3/kv/txn', {
      compare: this.guard(key, expectedModRevision),
      success: [{ request_put: { key: etcdKey, value: encode(value), prev_kv: true } }],
      failure: [{ request_range: { key: etcdKey } }],
    });
    if (!response.succeeded) throw this.guardFailure(key, response, expectedModRevision);
    const prev = response.responses?.[0]?.response_put?.prev_kv;
    return { key, value, createRevision: revisionOf(prev?.create_revision), modRevision: revisionOf(response.header.revision) };
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    validateKey(key);
    validateRevision('expected modRevision', expectedModRevision);
    const etcdKey = this.codec.encodeKey(key);
    const response = await this.call<WireTxnResponse>('/v3/kv/txn', {
      compare: this.guard(key, expectedModRevision),
      success: [{ request_delete_range: { key: etcdKey, prev_kv: true } }],
      failure: [{ request_range: { key: etcdKey } }],
    });
    if (!response.succeeded) throw this.guardFailure(key, response, expectedModRevision);
    const prev = response.responses?.[0]?.response_delete_range?.prev_kvs?.[0];
    if (!prev) throw keyNotFound(key);
    return { ...this.codec.keyValue(prev), modRevision: revisionOf(response.header.revision) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    validateLimit(options.limit);
    validateRevision('list revision', options.revision);
    const range = this.range(prefix);
    let start = range.key;
    if (options.startAfter !== undefined && Buffer.compare(Buffer.from(options.startAfter), Buffer.from(prefix)) >= 0) {
      // The smallest key after startAfter (keys contain no NUL).
      start = encode(`${this.prefix}${options.startAfter}\0`);
    }
    const response = await this.call<WireRangeResponse>('/v3/kv/range', {
      key: start,
      range_end: range.rangeEnd,
      limit: String(options.limit ?? 0),
      revision: String(options.revision ?? 0),
    });
    const items = (response.kvs ?? []).map((kv) => this.codec.keyValue(kv));
    // count: the keys in [start, end) at that revision, the returned ones included.
    const remaining = Math.max(0, revisionOf(response.count) - items.length);
    return { items, revision: options.revision ?? revisionOf(response.header.revision), more: response.more ?? false, remaining };
  }

  async count(prefix: string): Promise<number> {
    const range = this.range(prefix);
    const response = await this.call<WireRangeResponse>('/v3/kv/range', { key: range.key, range_end: range.rangeEnd, count_only: true });
    return revisionOf(response.count);
  }

  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Watch {
    validateRevision('watch revision', afterRevision);
    if (this.closed) {
      setImmediate(() => handlers.onClose(storeClosed()));
      return { cancel: () => {} };
    }
    const watch = new EtcdWatch(this.gateway, this.codec, this.range(prefix), afterRevision, handlers, (ended) => this.watches.delete(ended));
    this.watches.add(watch);
    return watch;
  }

  async compact(revision: number): Promise<void> {
    validateRevision('compaction revision', revision);
    try {
      // physical: answer once the history is gone, so that what follows sees it gone.
      await this.call('/v3/kv/compaction', { revision: String(revision), physical: true });
    } catch (err) {
      // At or below the compacted revision: nothing to do (as the interface wants).
      if (isMinatoError(err, 'Gone')) return;
      if (isMinatoError(err, 'InvalidArgument')) throw futureRevision(revision);
      throw err;
    }
    this.knownCompacted = Math.max(this.knownCompacted, revision);
  }

  /**
   * etcd has no call that returns the compacted revision, but a read at a revision below it
   * fails: the compacted revision is the smallest readable one, found by binary search
   * (about log2(revision) reads; one when it has not moved since the last call). 0: none.
   */
  async compactedRevision(): Promise<number> {
    const readable = async (revision: number) => {
      try {
        await this.call('/v3/kv/range', { key: encode(this.prefix), count_only: true, revision: String(revision) });
        return true;
      } catch (err) {
        if (isMinatoError(err, 'Gone')) return false;
        throw err;
      }
    };
    let low = Math.max(1, this.knownCompacted);
    if (await readable(low)) return low === 1 ? 0 : low;
    // low is not readable; the current revision always is.
    let high = await this.currentRevision();
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await readable(middle)) high = middle;
      else low = middle;
    }
    this.knownCompacted = high;
    return high;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watch of [...this.watches]) watch.cancel();
    this.gateway.close();
  }
}

/** Opens the store and checks that etcd answers (Unavailable if not). */
export async function openEtcdStorage(endpoint: string, options: EtcdStorageOptions = {}): Promise<Storage> {
  const storage = new EtcdStorage(endpoint, options);
  try {
    await storage.currentRevision();
  } catch (err) {
    await storage.close();
    throw err;
  }
  return storage;
}
