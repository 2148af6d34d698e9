// The text forms Kubernetes' JSON gives values that protobuf carries as numbers: metav1.Time
// (RFC 3339, whole seconds), metav1.MicroTime (RFC 3339 with microseconds) and metav1.Duration
// (Go's time.Duration.String(), "1h0m0s"), and the parsing back for encoding.
import { invalidArgument } from '../../../util/errors.ts';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Seconds since the epoch as RFC 3339 in UTC, "2026-01-02T03:04:05Z"; micros adds ".000123". */
export function formatRfc3339(seconds: number, micros?: number): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  // Go's RFC 3339 has four-digit years; JavaScript would print "+010000".
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) throw invalidArgument(`time out of range: ${seconds} seconds since the epoch`);
  const day = `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  const time = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  return `${day}T${time}${micros === undefined ? '' : `.${pad(micros, 6)}`}Z`;
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** An RFC 3339 time as seconds since the epoch and nanoseconds. */
export function parseRfc3339(text: string): { seconds: number; nanos: number } {
  const match = rfc3339.exec(text);
  if (!match) throw invalidArgument(`not an RFC 3339 time: ${JSON.stringify(text)}`);
  const [, year, month, day, hour, minute, second, fraction = '', , sign, offsetHours, offsetMinutes] = match;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60) : 0;
  return { seconds: date.getTime() / 1000 - offset, nanos: Number(fraction.padEnd(9, '0')) };
}

const second = 1_000_000_000n;

/** Digits of value / 10^precision, the fraction without trailing zeros (Go's fmtFrac and fmtInt). */
function decimal(value: bigint, precision: number): string {
  const scale = 10n ** BigInt(precision);
  const fraction = (value % scale).toString().padStart(precision, '0').replace(/0+$/, '');
  return `${value / scale}${fraction ? `.${fraction}` : ''}`;
}

/** Nanoseconds as Go's time.Duration.String(): "0s", "1.5µs", "300ms", "1h2m3.5s". */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const u = nanos < 0n ? -nanos : nanos;
  if (u < second) {
    if (u < 1000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${decimal(u, 3)}µs`;
    return `${sign}${decimal(u, 6)}ms`;
  }
  const totalSeconds = u / second;
  const secondsText = `${decimal((totalSeconds % 60n) * second + (u % second), 9)}s`;
  const minutes = totalSeconds / 60n;
  if (minutes === 0n) return `${sign}${secondsText}`;
  const hours = minutes / 60n;
  return `${sign}${hours > 0n ? `${hours}h` : ''}${minutes % 60n}m${secondsText}`;
}

const durationUnits: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: second,
  m: 60n * second,
  h: 3600n * second,
};

/** Go's time.ParseDuration: "1h30m", "1.5s", "-300ms", "0". */
export function parseGoDuration(text: string): bigint {
  const match = /^([-+]?)(.*)$/s.exec(text)!;
  const body = match[2]!;
  if (body === '0') return 0n;
  const term = /(\d*)(?:\.(\d*))?([a-zµμ]+)/gy;
  let total = 0n;
  let consumed = 0;
  for (let found = term.exec(body); found; found = term.exec(body)) {
    const [, whole = '', fraction = '', unitName = ''] = found;
    const unit = durationUnits[unitName];
    if (unit === undefined || (whole === '' && fraction === '')) break;
    total += BigInt(whole || '0') * unit + (fraction ? (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length) : 0n);
    consumed = term.lastIndex;
  }
  if (body === '' || consumed !== body.length) throw invalidArgument(`not a Go duration: ${JSON.stringify(text)}`);
  return match[1] === '-' ? -total : total;
}
