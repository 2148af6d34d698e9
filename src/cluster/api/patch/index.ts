// Every PATCH form kubectl and client libraries send, as pure functions over JSON objects.
// applyPatch dispatches on the Content-Type the way apiserver's PATCH handler does; the
// individual algorithms are exported for callers that already know which one they need.
//
//   application/json-patch+json             RFC 6902 operations (rollout undo, SSA migration)
//   application/merge-patch+json            RFC 7386 merge patch (label, annotate, scale)
//   application/strategic-merge-patch+json  Kubernetes' strategic merge patch (apply, set image, rollout restart)
//   application/apply-patch+yaml            server-side apply (apply --server-side)
//
// For the first three, a field manager in the context records the write in managedFields
// as an Update, as Kubernetes does for every patch; callers that default the object
// afterwards may instead (or again) call recordUpdate on the final object — recording is
// idempotent for the same old object.
import type { PatchSchema } from '../patch-schema.ts';
import type { KubeObject } from '../resource-type.ts';
import { decodeApplyBody, decodeJson, decodeJsonObject } from './decode.ts';
import { applyJsonPatch } from './json-patch.ts';
import { type JsonObject, type JsonValue, deepClone, isObject } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';
import { PatchError, acceptedPatchTypes, badPatch, unsupportedPatchType } from './patch-errors.ts';
import { type ApplyConflict } from './ssa/conflicts.ts';
import { recordUpdate } from './ssa/record-update.ts';
import { applyServerSide } from './ssa/server-side-apply.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';

export { applyJsonPatch, parseJsonPatch, maxJsonPatchOperations, type JsonPatchOperation } from './json-patch.ts';
export { applyMergePatch } from './merge-patch.ts';
export { applyStrategicMergePatch } from './strategic-merge-patch.ts';
export { applyServerSide, type ApplyInput, type ApplyResult } from './ssa/server-side-apply.ts';
export { recordUpdate, type RecordUpdateInput } from './ssa/record-update.ts';
export { ApplyConflict, applyConflictError, conflictMessage } from './ssa/conflicts.ts';
export { lastAppliedAnnotation } from './ssa/last-applied.ts';
export { decodeApplyBody } from './decode.ts';
export { PatchError, acceptedPatchTypes, unsupportedPatchType } from './patch-errors.ts';
export { schemaFromLiteral, type SchemaLiteral } from './schema-literal.ts';
export type { JsonObject, JsonValue } from './json-value.ts';

export type PatchType = (typeof acceptedPatchTypes)[number];

export interface PatchContext {
  /** The kind's patch schema (patchSchemaFor); free-form merging without one. */
  schema?: PatchSchema | undefined;
  /** The fieldManager: required for apply; for other patches, records the write in managedFields. */
  manager?: string | undefined;
  /** ?force=true (apply only). */
  force?: boolean | undefined;
  /** The time of the request (ISO 8601), for managedFields. */
  now: string;
  /** The apiVersion of the request (apps/v1). */
  apiVersion: string;
  /** The kind of the request, checked against an apply configuration. */
  kind?: string | undefined;
  subresource?: string | undefined;
  /** Field paths a writer may not own (e.g. [['status']] on a main resource with a status subresource). */
  ignoredFields?: readonly (readonly string[])[] | undefined;
}

export interface PatchResult {
  object: KubeObject;
  /** Apply conflicts: answer with applyConflictError(conflicts). */
  conflicts?: ApplyConflict[];
}

/** The Content-Type without parameters (charset), lower-cased, or undefined when it is not a patch type. */
export function patchTypeOf(contentType: string): PatchType | undefined {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  return (acceptedPatchTypes as readonly string[]).includes(base) ? (base as PatchType) : undefined;
}

/**
 * `original` patched by `body` according to `contentType`. The original is never changed.
 * A missing object (undefined, or {}) can only be created by server-side apply.
 */
export function applyPatch(contentType: string, original: object | undefined, body: Uint8Array | string, context: PatchContext): PatchResult {
  const type = patchTypeOf(contentType);
  if (!type) throw unsupportedPatchType();
  try {
    if (type === 'application/apply-patch+yaml') {
      return applyServerSide({
        live: original,
        applied: decodeApplyBody(body),
        manager: context.manager ?? '',
        force: context.force ?? false,
        schema: context.schema,
        now: context.now,
        apiVersion: context.apiVersion,
        kind: context.kind,
        subresource: context.subresource,
        ignoredFields: context.ignoredFields,
      });
    }
    if (original === undefined) throw new PatchError(404, 'NotFound', 'the object to patch does not exist');
    const source = original as JsonObject;
    let patched: JsonValue;
    if (type === 'application/json-patch+json') patched = applyJsonPatch(source, decodeJson(body));
    else if (type === 'application/merge-patch+json') patched = applyMergePatch(source, decodeJsonObject(body));
    else patched = applyStrategicMergePatch(source, decodeJsonObject(body), context.schema);
    if (!isObject(patched)) throw badPatch(`the patched object is not a JSON object: ${JSON.stringify(patched)?.slice(0, 100)}`);
    if (context.manager === undefined) return { object: patched as KubeObject };
    return {
      object: recordUpdate({
        old: deepClone(source),
        updated: patched,
        manager: context.manager,
        now: context.now,
        apiVersion: context.apiVersion,
        subresource: context.subresource,
        schema: context.schema,
        ignoredFields: context.ignoredFields,
      }),
    };
  } catch (err) {
    if (err instanceof PatchError) throw err;
    // Anything else is a bug; keep it a MinatoError so the API answers with a Status, not a crash.
    throw new PatchError(500, 'InternalError', `patch failed: ${(err as Error)?.message ?? String(err)}`, { statusMessage: `Internal error occurred: ${(err as Error)?.message ?? String(err)}` });
  }
}
