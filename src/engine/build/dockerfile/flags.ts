// Instruction flags (`--from=build`, `--link`, `--mount=...`), checked the way BuildKit's BFlags
// does: every flag must be one the instruction accepts; a string flag needs `=value`; a bool flag
// is `--x`, `--x=true` or `--x=false`; a repeatable flag collects its values; others may appear once.
import { invalidArgument } from '../../../util/errors.ts';
import { withSuggestion } from './suggest.ts';

export type FlagKind = 'bool' | 'string' | 'strings';

export interface ParsedFlags {
  bools: Map<string, boolean>;
  strings: Map<string, string>;
  lists: Map<string, string[]>;
  /** Names of the flags that were given, in order of first appearance. */
  used: string[];
}

export function parseFlags(instruction: string, raw: readonly string[], accepted: Readonly<Record<string, FlagKind>>): ParsedFlags {
  const out: ParsedFlags = { bools: new Map(), strings: new Map(), lists: new Map(), used: [] };
  const names = Object.keys(accepted);
  for (const arg of raw) {
    if (arg === '--') break;
    if (!arg.startsWith('--')) throw invalidArgument(`arg should start with -- : ${arg}`);
    const eq = arg.indexOf('=');
    const flagName = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? '' : arg.slice(eq + 1);
    const hasValue = eq >= 0;
    const name = flagName.slice(2);
    const kind = Object.hasOwn(accepted, name) ? accepted[name] : undefined;
    if (kind === undefined) {
      const allowed = names.length === 0 ? `${instruction} takes no flags` : `${instruction} accepts ${names.map((n) => `--${n}`).join(', ')}`;
      throw invalidArgument(withSuggestion(`unknown flag: ${flagName}`, name, names, true) + ` (${allowed})`);
    }
    if (out.used.includes(name) && kind !== 'strings') throw invalidArgument(`duplicate flag specified: ${flagName}`);
    if (!out.used.includes(name)) out.used.push(name);
    switch (kind) {
      case 'bool': {
        if (hasValue && value === '') throw invalidArgument(`missing a value on flag: ${flagName}`);
        const lower = value.toLowerCase();
        if (lower === 'true' || lower === '') out.bools.set(name, true);
        else if (lower === 'false') out.bools.set(name, false);
        else throw invalidArgument(`expecting boolean value for flag ${flagName}, not: ${value}`);
        break;
      }
      case 'string':
        if (!hasValue) throw invalidArgument(`missing a value on flag: ${flagName}`);
        out.strings.set(name, value);
        break;
      case 'strings': {
        if (!hasValue) throw invalidArgument(`missing a value on flag: ${flagName}`);
        const list = out.lists.get(name) ?? [];
        list.push(value);
        out.lists.set(name, list);
        break;
      }
    }
  }
  return out;
}
