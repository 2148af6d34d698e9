// Human-readable durations and sizes exactly as Docker prints them (go-units), and the
// size syntax Docker accepts for --memory and friends.
import { invalidArgument } from './errors.ts';

/** go-units HumanDuration: "Less than a second", "5 seconds", "About a minute", "3 hours", ... */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

const decimalUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function formatWithUnits(size: number, base: number, units: string[], precision: number): string {
  let unit = 0;
  while (size >= base && unit < units.length - 1) {
    size /= base;
    unit++;
  }
  // Go's %.<precision>g: significant digits, trailing zeros dropped.
  return `${Number.parseFloat(size.toPrecision(precision))}${units[unit]}`;
}

/** go-units HumanSize: decimal units, 3 significant digits ("4.26MB"). */
export function humanSize(bytes: number): string {
  return formatWithUnits(bytes, 1000, decimalUnits, 3);
}

/** go-units HumanSizeWithPrecision: decimal units, `precision` significant digits (pull progress uses 4: "2.829MB"). */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  return formatWithUnits(bytes, 1000, decimalUnits, precision);
}

/** go-units BytesSize: binary units ("1.5GiB"), as `docker stats` prints memory. */
export function binarySize(bytes: number): string {
  return formatWithUnits(bytes, 1024, binaryUnits, 4);
}

const sizePattern = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
const binaryMultipliers: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** go-units RAMInBytes: "64m", "1.5g", "512k", "1024" (bytes). `flag` names the option in errors. */
export function parseRamBytes(value: string, flag: string): number {
  const match = sizePattern.exec(value.trim());
  if (!match) throw invalidArgument(`invalid value "${value}" for ${flag}: want a size such as 64m, 512k or 1g`);
  const multiplier = match[2] ? binaryMultipliers[match[2].toLowerCase()]! : 1;
  return Math.floor(Number(match[1]) * multiplier);
}
