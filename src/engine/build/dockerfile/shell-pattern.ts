// The shell patterns inside ${VAR#pattern}, ${VAR%pattern} and ${VAR/pattern/replacement}, as
// BuildKit's lexer understands them: `*` is any run of characters, `?` one character, `\` quotes
// `*`, `?` or `\` (and is silently dropped before `}` or `/`); everything else, including `[`, is
// literal. BuildKit turns them into Go regular expressions; Minato runs them on a small Pike VM
// (pike-vm.ts) with the same leftmost-first semantics, and like Go's `.` a wildcard never matches a
// newline. Replace-all follows Go: an empty match right after a previous match is skipped.
import { invalidArgument } from '../../../util/errors.ts';
import { ProgramBuilder, pikeSearch, type Program } from './pike-vm.ts';

type Token = { kind: 'lit'; ch: string } | { kind: 'any' } | { kind: 'star' };

const notNewline = (ch: string) => ch !== '\n';

/** Splits a pattern into literals and wildcards; a bad escape is an error. */
export function tokenizeShellPattern(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '*') tokens.push({ kind: 'star' });
    else if (ch === '?') tokens.push({ kind: 'any' });
    else if (ch === '\\') {
      const next = chars[i + 1];
      // `\}` and `\/` only protect the delimiters of ${...}; the backslash is not part of the pattern.
      if (next === '}' || next === '/') continue;
      if (next !== '*' && next !== '?' && next !== '\\') throw invalidArgument(`invalid escape '\\${next ?? ''}'`);
      tokens.push({ kind: 'lit', ch: next });
      i++;
    } else tokens.push({ kind: 'lit', ch });
  }
  return tokens;
}

function program(tokens: readonly Token[], greedy: boolean): Program {
  const b = new ProgramBuilder();
  for (const t of tokens) {
    if (t.kind === 'star') b.star(notNewline, greedy);
    else if (t.kind === 'any') b.char(notNewline);
    else {
      const lit = t.ch;
      b.char((ch) => ch === lit);
    }
  }
  return b.finish();
}

function tokens(pattern: string): Token[] {
  try {
    return tokenizeShellPattern(pattern);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw invalidArgument(`invalid pattern (${pattern}) in substitution: ${why}`);
  }
}

function trimPrefixTokens(toks: readonly Token[], value: string, greedy: boolean): string {
  const chars = Array.from(value);
  const m = pikeSearch(program(toks, greedy), chars, 0, true, false);
  return m === undefined ? value : chars.slice(m[1]).join('');
}

/** ${VAR#pattern} (shortest) and ${VAR##pattern} (longest): removes a matching prefix. */
export function trimShellPrefix(pattern: string, value: string, greedy: boolean): string {
  return trimPrefixTokens(tokens(pattern), value, greedy);
}

/**
 * ${VAR%pattern} and ${VAR%%pattern}: removes a matching suffix. Like BuildKit, both the value and
 * the pattern are reversed so that the suffix becomes a prefix.
 */
export function trimShellSuffix(pattern: string, value: string, greedy: boolean): string {
  const reversed = [...tokens(pattern)].reverse();
  const rev = (s: string) => Array.from(s).reverse().join('');
  return rev(trimPrefixTokens(reversed, rev(value), greedy));
}

/** ${VAR/pattern/replacement} and ${VAR//pattern/replacement}. The replacement is literal text. */
export function replaceShellPattern(value: string, pattern: string, replacement: string, all: boolean): string {
  const prog = program(tokens(pattern), true);
  const chars = Array.from(value);
  if (!all) {
    const m = pikeSearch(prog, chars, 0, false, false);
    return m === undefined ? value : chars.slice(0, m[0]).join('') + replacement + chars.slice(m[1]).join('');
  }
  let out = '';
  let searchPos = 0;
  let lastMatchEnd = 0;
  while (searchPos <= chars.length) {
    const m = pikeSearch(prog, chars, searchPos, false, false);
    if (m === undefined) break;
    const [start, end] = m;
    out += chars.slice(lastMatchEnd, start).join('');
    if (end > lastMatchEnd || start === 0) out += replacement;
    lastMatchEnd = end;
    searchPos = end > searchPos ? end : searchPos + 1;
  }
  return out + chars.slice(lastMatchEnd).join('');
}
