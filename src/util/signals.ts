// Signal names as Docker accepts them (--stop-signal, kill -s): "SIGTERM", "TERM", "15",
// case-insensitive, plus real-time signals "SIGRTMIN+3".
import { constants } from 'node:os';
import { invalidArgument } from './errors.ts';

const byName = constants.signals as Record<string, number>;
const SIGRTMIN = 34;
const SIGRTMAX = 64;

export interface Signal {
  name: string;
  number: number;
}

/** Parses a signal; throws Docker's "Invalid signal: X". */
export function parseSignal(input: string): Signal {
  const raw = input.trim();
  if (/^\d+$/.test(raw)) {
    const number = Number(raw);
    if (number < 1 || number > SIGRTMAX) throw invalidArgument(`Invalid signal: ${input}`);
    const name = Object.keys(byName).find((key) => byName[key] === number) ?? (number >= SIGRTMIN ? `SIGRTMIN+${number - SIGRTMIN}` : String(number));
    return { name, number };
  }
  const upper = raw.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const rt = /^SIGRTMIN(?:\+(\d+))?$/.exec(name) ?? /^SIGRTMAX(?:-(\d+))?$/.exec(name);
  if (rt) {
    const offset = Number(rt[1] ?? 0);
    const number = name.startsWith('SIGRTMIN') ? SIGRTMIN + offset : SIGRTMAX - offset;
    if (number < SIGRTMIN || number > SIGRTMAX) throw invalidArgument(`Invalid signal: ${input}`);
    return { name, number };
  }
  const number = byName[name];
  if (number === undefined) throw invalidArgument(`Invalid signal: ${input}`);
  return { name, number };
}
