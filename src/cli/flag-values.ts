// Flag values the server, up and agent verbs share: TCP ports, and Go-style durations as
// Kubernetes' components take them (--node-monitor-grace-period=40s).
import { CliFailure } from './command.ts';

/** A Go-style duration flag ("40s", "500ms", "1m30s"; a bare number is seconds) in milliseconds. */
export function durationFlagMs(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (text === '') throw new CliFailure(`invalid ${flag} "": want a duration such as 40s`, 125);
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) throw new CliFailure(`invalid ${flag} "${text}": want a duration such as 40s, 500ms or 1m`, 125);
    total += Number(match[1]) * units[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return total;
}

/** A TCP port flag: 1-65535, or 0 for any free port. */
export function portFlag(flag: string, value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliFailure(`invalid ${flag} "${String(value)}": want 1-65535 (0: any free port)`, 125);
  return port;
}
