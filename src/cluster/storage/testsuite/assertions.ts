// Small helpers shared by the conformance suite's files.
import assert from 'node:assert/strict';
import type { ErrorKind } from '../../../util/errors.ts';
import { isMinatoError } from '../../../util/errors.ts';
import type { KeyValue } from '../storage.ts';

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (value: Uint8Array): string => new TextDecoder().decode(value);

/** Asserts that `promise` rejects with a MinatoError of `kind` (and details.reason when given). */
export async function assertRejects(promise: Promise<unknown>, kind: ErrorKind, reason?: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isMinatoError(err), `expected a MinatoError ${kind}, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected ${kind}, got ${err.kind}: ${err.message}`);
    if (reason !== undefined) assert.equal(err.details?.reason, reason, `expected reason ${reason}: ${err.message}`);
    return true;
  });
}

/** A key-value as plain comparable data (the value as text). */
export function plain(kv: KeyValue | undefined): { key: string; value: string; createRevision: number; modRevision: number } | undefined {
  return kv && { key: kv.key, value: text(kv.value), createRevision: kv.createRevision, modRevision: kv.modRevision };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
