// The annotations through which an autoscaling/v1 HorizontalPodAutoscaler carries what v1 has
// no field for (Kubernetes' pkg/apis/autoscaling/annotations.go): the metrics other than a CPU
// utilization target, the current metrics, the conditions and the scaling behavior. Reading a
// v2 object as v1 writes them; writing a v1 object reads them back into v2 fields and drops
// them, so the stored (v2) object never holds them.
//
// Their values are JSON as Go's encoding/json writes and reads it. Reading follows its rules:
// keys match case-insensitively, and a value that does not decode (bad JSON, a wrong type, an
// unparsable quantity) makes the whole annotation ignored, as Kubernetes ignores it.
import { Quantity } from '../validation/quantity.ts';

export const metricSpecsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
export const metricStatusesAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
export const behaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';

const roundTripAnnotations = [metricSpecsAnnotation, metricStatusesAnnotation, conditionsAnnotation, behaviorAnnotation];

/** A copy of the annotations without the four round-trip ones; undefined when nothing is left (Go omits an empty map). */
export function withoutRoundTripAnnotations(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = Object.entries(annotations ?? {}).filter(([key]) => !roundTripAnnotations.includes(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** Thrown by the readers below on a value encoding/json would refuse; caught by decodeAnnotation. */
class UndecodableValue extends Error {}

/** Refuses the annotation being read (a value of the right JSON type that still does not decode). */
export function undecodable(): never {
  throw new UndecodableValue();
}

/**
 * The annotation's value decoded by `read`, or undefined when absent or undecodable. `read`
 * gets the parsed JSON and throws (through the helpers here) on anything Go would not decode.
 */
export function decodeAnnotation<T>(text: string | undefined, read: (json: unknown) => T): T | undefined {
  if (text === undefined) return undefined;
  try {
    return read(JSON.parse(text));
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof UndecodableValue) return undefined;
    throw err;
  }
}

// ---- readers, one per Go type; null reads as the type's zero value (undefined here) ----

type JsonObject = Record<string, unknown>;

/** A JSON object (a Go struct); null reads as absent. */
export function readObject(value: unknown): JsonObject | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new UndecodableValue();
  return value as JsonObject;
}

/** A JSON array (a Go slice) of items read by `item`; null reads as absent. */
export function readArray<T>(value: unknown, item: (value: unknown) => T): T[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw new UndecodableValue();
  return value.map(item);
}

export function readString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw new UndecodableValue();
  return value;
}

/** An int32. */
export function readInt(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new UndecodableValue();
  return value;
}

/** A resource.Quantity (a string, or a bare number), in canonical form. */
export function readQuantity(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new UndecodableValue();
  const quantity = Quantity.parse(typeof value === 'string' ? value.trim() : String(value));
  if (!quantity) throw new UndecodableValue();
  return quantity.toString();
}

/** A struct field: the exact key, else the first key equal to it case-insensitively (encoding/json's matching). */
export function field(object: JsonObject | undefined, name: string): unknown {
  if (!object) return undefined;
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

/** A quantity as Go writes it: canonical, and "0" for an unset non-pointer Quantity. */
export function quantityText(value: string | undefined): string {
  return value === undefined ? '0' : (Quantity.parse(value)?.toString() ?? value);
}
