// Go's time.ParseDuration, which HEALTHCHECK flags use: a sequence of decimal numbers with units
// ("300ms", "1.5h", "2h45m", "-1s"); units ns, us (µs, μs), ms, s, m, h; a bare "0" is allowed.
// Results are nanoseconds, as in the Docker API's HealthConfig. Computed exactly with BigInt and
// rejected past Go's int64 limit, then returned as a Number (exact up to about 104 days).
import { invalidArgument } from '../../../util/errors.ts';
import { goQuote } from './go-compat.ts';

const unitNanos: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const maxInt64 = (1n << 63n) - 1n;

export function parseGoDuration(text: string): number {
  const bad = () => invalidArgument(`time: invalid duration ${goQuote(text)}`);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw bad();
  let total = 0n;
  while (s !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/u.exec(s)!;
    const whole = num[1] ?? '';
    const frac = num[2] ?? '';
    if (whole === '' && frac === '') throw bad();
    s = s.slice(num[0].length);
    const unitMatch = /^[^0-9.]*/u.exec(s)![0];
    if (unitMatch === '') throw invalidArgument(`time: missing unit in duration ${goQuote(text)}`);
    const unit = unitNanos[unitMatch];
    if (unit === undefined) throw invalidArgument(`time: unknown unit ${goQuote(unitMatch)} in duration ${goQuote(text)}`);
    s = s.slice(unitMatch.length);
    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (frac !== '') {
      // Go truncates the fractional part towards zero at nanosecond precision.
      value += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    total += value;
    if (total > maxInt64 + (negative ? 1n : 0n)) throw bad();
  }
  return Number(negative ? -total : total);
}
