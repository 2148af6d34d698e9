// Resource quantities as the scheduler counts them: cpu in millicores (Quantity.MilliValue), every
// other resource in whole units (Quantity.Value: bytes, pods, devices), both rounded up as
// Kubernetes rounds them. Parsing reuses the API's exact Quantity; results are plain numbers
// (exact up to 2^53, i.e. 8 PiB of memory), cached by text because a cluster repeats the same
// few strings ("100m", "128Mi") thousands of times.
import { Quantity } from '../api/validation/quantity.ts';

interface Parsed {
  milli: number;
  value: number;
}

const zero: Parsed = { milli: 0, value: 0 };
const cache = new Map<string, Parsed>();
const cacheLimit = 4096;

function parse(input: unknown): Parsed {
  if (typeof input === 'string') {
    const cached = cache.get(input);
    if (cached) return cached;
  }
  const quantity = Quantity.parse(input);
  // The API server rejects quantities that do not parse; anything else counts as nothing.
  const parsed = quantity ? { milli: Number(quantity.milliValue()), value: Number(quantity.value()) } : zero;
  if (typeof input === 'string') {
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(input, parsed);
  }
  return parsed;
}

/** A quantity in thousandths of a unit, rounded up: how cpu is counted. */
export function milliValue(input: unknown): number {
  return parse(input).milli;
}

/** A quantity in whole units, rounded up: how memory, storage, pods and extended resources are counted. */
export function unitValue(input: unknown): number {
  return parse(input).value;
}

/** The scheduler's unit for a resource: millicores for cpu, whole units for the rest. */
export function resourceAmount(name: string, input: unknown): number {
  return name === 'cpu' ? milliValue(input) : unitValue(input);
}
