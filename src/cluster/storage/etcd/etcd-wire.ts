// etcd v3 messages as the JSON gateway writes them (proto3 JSON): int64 as strings, bytes as
// base64, and every field left out when it has its default (0, false, "", PUT).
import type { KeyValue, WatchEvent } from '../storage.ts';

export interface WireHeader {
  revision?: string;
}

export interface WireKeyValue {
  key: string;
  create_revision?: string;
  mod_revision?: string;
  version?: string;
  value?: string;
}

export interface WireRangeResponse {
  header: WireHeader;
  kvs?: WireKeyValue[];
  more?: boolean;
  count?: string;
}

export interface WireTxnResponse {
  header: WireHeader;
  succeeded?: boolean;
  responses?: Array<{
    response_put?: { header: WireHeader; prev_kv?: WireKeyValue };
    response_range?: WireRangeResponse;
    response_delete_range?: { header: WireHeader; deleted?: string; prev_kvs?: WireKeyValue[] };
  }>;
}

export interface WireEvent {
  type?: 'PUT' | 'DELETE';
  kv: WireKeyValue;
  prev_kv?: WireKeyValue;
}

export interface WireWatchResponse {
  header: WireHeader;
  watch_id?: string;
  created?: boolean;
  canceled?: boolean;
  compact_revision?: string;
  cancel_reason?: string;
  events?: WireEvent[];
}

export const encode = (data: string | Uint8Array): string => Buffer.from(data as string).toString('base64');

const decodeBytes = (data: string | undefined): Uint8Array => {
  const buffer = Buffer.from(data ?? '', 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
};

export const revisionOf = (value: string | undefined): number => Number(value ?? 0);

/**
 * Turns etcd keys back into Storage keys by cutting the namespace prefix (every key this
 * backend reads lies under it).
 */
export class KeyCodec {
  private readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** base64 of prefix + key. */
  encodeKey(key: string): string {
    return encode(this.prefix + key);
  }

  decodeKey(key: string): string {
    return Buffer.from(key, 'base64').toString('utf8').slice(this.prefix.length);
  }

  keyValue(kv: WireKeyValue): KeyValue {
    return {
      key: this.decodeKey(kv.key),
      value: decodeBytes(kv.value),
      createRevision: revisionOf(kv.create_revision),
      modRevision: revisionOf(kv.mod_revision),
    };
  }

  /**
   * etcd's event in Storage's terms. A delete's kv carries only the key and the deletion's
   * revision; Storage promises the value the key had, which is the prev_kv (always requested).
   */
  event(event: WireEvent): WatchEvent {
    const prev = event.prev_kv && this.keyValue(event.prev_kv);
    if (event.type === 'DELETE') {
      const kv: KeyValue = {
        key: this.decodeKey(event.kv.key),
        value: prev?.value ?? new Uint8Array(),
        createRevision: prev?.createRevision ?? 0,
        modRevision: revisionOf(event.kv.mod_revision),
      };
      return prev ? { type: 'delete', kv, prev } : { type: 'delete', kv };
    }
    const kv = this.keyValue(event.kv);
    return prev ? { type: 'put', kv, prev } : { type: 'put', kv };
  }
}
