// CronJob schedules, parsed as Kubernetes parses them (github.com/robfig/cron/v3's standard
// parser): five fields — minute, hour, day of month, month, day of week — each a list of
// values, ranges and steps ("*/15", "1-5", "MON-FRI"), or a descriptor such as "@daily" or
// "@every 1h30m". Errors read like that parser's, since Kubernetes passes them on.

export interface CronField {
  /** The values the field matches, ascending. */
  values: number[];
  /** The field was "*" or "?" (matters for day-of-month / day-of-week). */
  star: boolean;
}

export interface CronSchedule {
  minute: CronField;
  hour: CronField;
  dayOfMonth: CronField;
  month: CronField;
  dayOfWeek: CronField;
}

/** "@every <duration>": a fixed interval in milliseconds. */
export interface CronEvery {
  every: number;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const days: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const bounds: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 0, max: 6, names: days },
];

const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export class CronError extends Error {}

function parseNumber(text: string): number {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = Number.parseInt(text, 10);
  if (value < 0) throw new CronError(`negative number (${value}) not allowed: ${text}`);
  return value;
}

function parseValue(text: string, range: Bounds): number {
  const named = range.names?.[text.toLowerCase()];
  return named ?? parseNumber(text);
}

function parseRange(expression: string, range: Bounds): { values: number[]; star: boolean } {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = range.min;
    end = range.max;
    star = true;
  } else {
    start = parseValue(lowAndHigh[0]!, range);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseValue(lowAndHigh[1]!, range);
    else throw new CronError(`too many hyphens: ${expression}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = range.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expression}`);
  }
  if (start < range.min) throw new CronError(`beginning of range (${start}) below minimum (${range.min}): ${expression}`);
  if (end > range.max) throw new CronError(`end of range (${end}) above maximum (${range.max}): ${expression}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expression}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expression}`);
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(value);
  return { values, star };
}

function parseField(field: string, range: Bounds): CronField {
  const values = new Set<number>();
  let star = false;
  for (const expression of field.split(',')) {
    const parsed = parseRange(expression, range);
    parsed.values.forEach((value) => values.add(value));
    star ||= parsed.star;
  }
  return { values: [...values].sort((a, b) => a - b), star };
}

/** Go's time.ParseDuration for the units a schedule would use ("1h30m", "90s", "1.5h"). */
function parseDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const pattern = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number.parseFloat(match[1]!) * units[match[2]!]!;
    consumed += match[0].length;
  }
  if (text.length === 0 || consumed !== text.length) throw new CronError(`failed to parse duration @every ${text}: time: invalid duration ${JSON.stringify(text)}`);
  return total;
}

/** Parses a standard schedule; throws CronError with the parser's message when it is not one. */
export function parseCronSchedule(spec: string): CronSchedule | CronEvery {
  if (spec.length === 0) throw new CronError('empty spec string');
  let text = spec.trim();
  // A leading TZ=… or CRON_TZ=… is part of the standard grammar (Kubernetes rejects it separately).
  const zone = /^(?:CRON_)?TZ=(\S*)\s*/.exec(text);
  if (zone) {
    if (!isKnownTimeZone(zone[1]!)) throw new CronError(`provided bad location ${zone[1]}: unknown time zone ${zone[1]}`);
    text = text.slice(zone[0].length);
  }
  if (text.startsWith('@')) {
    if (text.startsWith('@every ')) return { every: parseDuration(text.slice('@every '.length).trim()) };
    const expanded = descriptors[text];
    if (!expanded) throw new CronError(`unrecognized descriptor: ${text}`);
    text = expanded;
  }
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((field, index) => parseField(field, bounds[index]!)) as [CronField, CronField, CronField, CronField, CronField];
  return { minute, hour, dayOfMonth, month, dayOfWeek };
}

/** Whether the IANA zone name is known to this runtime (Go's time.LoadLocation). */
export function isKnownTimeZone(name: string): boolean {
  if (!name || name.toLowerCase() === 'local') return name === 'Local' || name === '';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// ---- next activation time (robfig/cron's SpecSchedule.Next), for the CronJob controller ----

/** The wall-clock fields of `instant` in `timeZone` (UTC when absent), as a Date whose UTC fields are those. */
function toWallClock(instant: number, timeZone: string | undefined): number {
  if (!timeZone || timeZone === 'UTC') return instant;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'), new Date(instant).getUTCMilliseconds());
}

/** The zone's offset from UTC at `instant`, in milliseconds. */
export function timeZoneOffsetMs(instant: number, timeZone: string | undefined): number {
  return toWallClock(instant, timeZone) - instant;
}

/** The instant whose wall clock in `timeZone` reads `wall` (the later offset in a DST overlap; shifted forward in a gap). */
function fromWallClock(wall: number, timeZone: string | undefined): number {
  if (!timeZone || timeZone === 'UTC') return wall;
  let guess = wall - timeZoneOffsetMs(wall, timeZone);
  guess = wall - timeZoneOffsetMs(guess, timeZone);
  return guess;
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const dom = schedule.dayOfMonth.values.includes(date.getUTCDate());
  const dow = schedule.dayOfWeek.values.includes(date.getUTCDay());
  if (schedule.dayOfMonth.star || schedule.dayOfWeek.star) return dom && dow;
  return dom || dow;
}

/**
 * The first activation of `schedule` strictly after `after` (robfig/cron's Next), in `timeZone`
 * (an IANA name; UTC when absent); undefined when there is none within five years (e.g. "0 0 30 2 *").
 */
export function nextCronTime(schedule: CronSchedule | CronEvery, after: Date, timeZone?: string): Date | undefined {
  if ('every' in schedule) {
    // ConstantDelay: at least a second, rounded down to the second.
    const every = Math.max(1000, schedule.every - (schedule.every % 1000));
    return new Date(Math.floor((after.getTime() + every) / 1000) * 1000);
  }
  // Work on the wall clock as if it were UTC, then map back to an instant.
  const t = new Date(toWallClock(after.getTime(), timeZone));
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const yearLimit = t.getUTCFullYear() + 5;
  const has = (field: CronField, value: number) => field.values.includes(value);
  wrap: for (;;) {
    if (t.getUTCFullYear() > yearLimit) return undefined;
    while (!has(schedule.month, t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      if (t.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(schedule, t)) {
      const month = t.getUTCMonth();
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      if (t.getUTCMonth() !== month) continue wrap;
    }
    while (!has(schedule.hour, t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      if (t.getUTCHours() === 0) continue wrap;
    }
    while (!has(schedule.minute, t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      if (t.getUTCMinutes() === 0) continue wrap;
    }
    const instant = fromWallClock(t.getTime(), timeZone);
    // A wall time that maps back before `after` (a DST overlap) is not a next time: move on.
    if (instant <= after.getTime()) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return new Date(instant);
  }
}
