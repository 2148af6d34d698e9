import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  invalidArgument
} from "./chunk-UU4MRRHX.js";

// src/util/human.ts
function humanDuration(ms) {
  const seconds = Math.floor(ms / 1e3);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 6e4);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 36e5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 36e5 / 24 / 365)} years`;
}
var decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
var binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
function formatWithUnits(size, base, units, precision) {
  let unit = 0;
  while (size >= base && unit < units.length - 1) {
    size /= base;
    unit++;
  }
  return `${Number.parseFloat(size.toPrecision(precision))}${units[unit]}`;
}
function humanSize(bytes) {
  return formatWithUnits(bytes, 1e3, decimalUnits, 3);
}
function binarySize(bytes) {
  return formatWithUnits(bytes, 1024, binaryUnits, 4);
}
var sizePattern = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
var binaryMultipliers = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
function parseRamBytes(value, flag) {
  const match = sizePattern.exec(value.trim());
  if (!match) throw invalidArgument(`invalid value "${value}" for ${flag}: want a size such as 64m, 512k or 1g`);
  const multiplier = match[2] ? binaryMultipliers[match[2].toLowerCase()] : 1;
  return Math.floor(Number(match[1]) * multiplier);
}

export {
  humanDuration,
  humanSize,
  binarySize,
  parseRamBytes
};
