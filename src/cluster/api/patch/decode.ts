// Turning a PATCH body into JSON. Every patch type is JSON except server-side apply, whose
// body is YAML (kubectl sends JSON, which YAML reads as well). Kubernetes reads YAML through
// sigs.k8s.io/yaml, i.e. go-yaml's YAML 1.1: `yes`/`on` are booleans and `012` is octal, so the
// same is done here — except timestamps, which Go leaves as strings when the target is an
// untyped map and which must not become Date objects.
import YAML from 'yaml';
import { type JsonValue, isObject, setOwn } from './json-value.ts';
import { PatchError, badPatch } from './patch-errors.ts';

export function bodyText(body: Uint8Array | string): string {
  if (typeof body === 'string') return body;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badPatch('error decoding patch: invalid UTF-8');
  }
}

/**
 * The body as JSON. Otherwise a 400: apiserver answers "invalid JSON patch" before looking any
 * further (handlers/patch.go validateAndTranscodePatch); the error's message says where it breaks.
 */
export function decodeJson(body: Uint8Array | string): JsonValue {
  const text = bodyText(body);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new PatchError(400, 'BadRequest', `error decoding patch: ${(err as Error).message}`, { statusMessage: 'invalid JSON patch' });
  }
}

/** A JSON body that must be an object (merge patch, strategic merge patch). */
export function decodeJsonObject(body: Uint8Array | string): Record<string, JsonValue> {
  const value = decodeJson(body);
  if (!isObject(value)) throw badPatch(`error decoding patch: expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`);
  return value;
}

const withoutTimestamps = (tags: YAML.Tags) =>
  tags.filter((tag) => (typeof tag === 'string' ? tag !== 'timestamp' : tag.tag !== 'tag:yaml.org,2002:timestamp'));

/** A server-side apply body: one YAML (or JSON) document holding an object. */
export function decodeApplyBody(body: Uint8Array | string): Record<string, JsonValue> {
  const text = bodyText(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = YAML.parse(text, { version: '1.1', customTags: withoutTimestamps, uniqueKeys: true, maxAliasCount: 100, prettyErrors: false });
    } catch (err) {
      throw badPatch(`error decoding patch: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const json = toJson(value);
  if (!isObject(json)) throw badPatch(`error decoding patch: the apply configuration must be an object, got ${json === null ? 'nothing' : Array.isArray(json) ? 'a list' : `a ${typeof json}`}`);
  return json;
}

/** YAML can hold what JSON cannot (non-finite numbers, binary, Maps); reduce it to JSON or fail with a 400. */
function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badPatch(`error decoding patch: ${value} is not a valid JSON number`);
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) {
    const object: Record<string, JsonValue> = {};
    for (const [key, member] of value) setOwn(object, String(key), toJson(member));
    return object;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    const object: Record<string, JsonValue> = {};
    for (const key of Object.keys(value)) setOwn(object, key, toJson((value as Record<string, unknown>)[key]));
    return object;
  }
  throw badPatch(`error decoding patch: unsupported value of type ${typeof value}`);
}
