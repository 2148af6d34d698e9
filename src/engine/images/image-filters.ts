// The `--filter` values of `docker images` and `docker image prune` that need more than a string
// compare: `until` (a time: Go duration before now, Unix seconds or an RFC 3339 date) and
// `label` / `label!` (key or key=value).
import { invalidArgument } from '../../util/errors.ts';

const durationUnits: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const durationPattern = /^([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/;

/** A Go duration ("90m", "1h30m", "1.5h") in milliseconds, or undefined when it is not one. */
export function parseGoDuration(value: string): number | undefined {
  let rest = value;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '') return undefined;
  if (rest === '0') return 0;
  let total = 0;
  while (rest !== '') {
    const match = durationPattern.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * durationUnits[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

/** Docker's timestamp filter value as milliseconds since the epoch; `filter` names it in errors. */
export function parseFilterTime(value: string, filter: string, now = Date.now()): number {
  const duration = parseGoDuration(value);
  if (duration !== undefined) return now - duration;
  if (/^[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value) * 1000;
  if (/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const ms = Date.parse(value.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw invalidArgument(`invalid value for filter '${filter}': "${value}" is not a duration (10m, 24h), a Unix timestamp or an RFC 3339 date`);
}

/** `label=key` / `label=key=value` all hold (`negated`: none of them hold, for `label!`). */
export function matchesLabelFilters(labels: Record<string, string> | undefined, filters: readonly string[], negated = false): boolean {
  return filters.every((filter) => {
    const eq = filter.indexOf('=');
    const key = eq < 0 ? filter : filter.slice(0, eq);
    const holds = labels !== undefined && Object.hasOwn(labels, key) && (eq < 0 || labels[key] === filter.slice(eq + 1));
    return negated ? !holds : holds;
  });
}
