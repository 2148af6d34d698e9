// The `pod-template-hash` label a Deployment puts on each of its ReplicaSets (and their pods):
// a hash of the pod template, so one template always maps to one ReplicaSet name
// (<deployment>-<hash>) and a changed template to a new one. Kubernetes hashes the Go struct
// with FNV-32a and spells the decimal number with consonants and digits that cannot form
// words (rand.SafeEncodeString); Minato hashes the template's canonical JSON (keys sorted) the
// same way, so hashes are stable across restarts and versions of Minato, though not equal to
// Kubernetes' own. `collisionCount` (status.collisionCount) is mixed in to step away from a name
// already taken by a ReplicaSet with another template.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a, 32 bits, over bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Kubernetes' rand.SafeEncodeString: each character mapped into an alphabet without vowels. */
export function safeEncode(text: string): string {
  let encoded = '';
  for (const char of text) encoded += safeAlphabet[char.codePointAt(0)! % safeAlphabet.length];
  return encoded;
}

/**
 * `value` without object members that are null: Go decodes a null field as its zero value, so
 * `creationTimestamp: null` (which kubectl sends in every template) means the same as nothing.
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== null && item !== undefined).map(([key, item]) => [key, withoutNulls(item)])) as T;
  }
  return value;
}

export function podTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  // The hash label itself must not feed the hash (a template read back from a ReplicaSet has it).
  const labels = { ...template.metadata?.labels };
  delete labels['pod-template-hash'];
  const normalized = withoutNulls({ ...template, metadata: { ...template.metadata, labels } });
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(normalized)));
  if (collisionCount !== undefined && collisionCount !== 0) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncode(String(hash));
}
