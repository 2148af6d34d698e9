// `--filter key=value` flags, sent as Docker's JSON filters parameter.
import { UsageError } from './command.ts';

export function filtersParam(filters: string[]): string | undefined {
  if (filters.length === 0) return undefined;
  const map: Record<string, Record<string, boolean>> = {};
  for (const filter of filters) {
    const eq = filter.indexOf('=');
    if (eq <= 0) throw new UsageError(`bad format of filter (expected name=value)`);
    const key = filter.slice(0, eq).trim().toLowerCase();
    (map[key] ??= {})[filter.slice(eq + 1)] = true;
  }
  return JSON.stringify(map);
}
