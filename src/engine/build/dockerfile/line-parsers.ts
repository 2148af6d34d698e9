// How each instruction's argument text becomes the node's argument list, per BuildKit's dispatch
// table: JSON-or-shell forms, whitespace lists, ENV/LABEL name-value pairs, ARG words, HEALTHCHECK
// type plus command. Quotes and escapes are kept here; the shell lexer removes them later, when
// the builder expands the words.
import { invalidArgument } from '../../../util/errors.ts';
import { goQuote, goTrimLeftSpace, isGoSpace } from './go-compat.ts';

export interface LineParse {
  args: string[];
  json: boolean;
}

const none: LineParse = { args: [], json: false };
// BuildKit's reWhitespace: ASCII blanks but not newline.
const blanks = /[\t\v\f\r ]+/u;

export class NotStringArrayError extends Error {}

/** Splits at the first run of blanks: "a  b c" → ["a", "b c"]. */
export function splitFirstBlank(s: string): string[] {
  const m = blanks.exec(s);
  if (m === null) return [s];
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}

/** Whitespace-separated words (FROM, EXPOSE, COPY/ADD/VOLUME shell form). */
export function parseWhitespaceList(rest: string): LineParse {
  if (rest === '') return none;
  return { args: rest.split(/[\t\v\f\r ]+/u), json: false };
}

/** The whole rest of the line as one argument (USER, WORKDIR, MAINTAINER, STOPSIGNAL). */
export function parseString(rest: string): LineParse {
  return rest === '' ? none : { args: [rest], json: false };
}

/** A JSON array of strings, or undefined when `rest` is not valid JSON (the caller falls back to shell form). */
export function parseJSONArray(rest: string): string[] | undefined {
  const text = goTrimLeftSpace(rest);
  if (!text.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Go refuses numbers beyond float64 as a decoding error, which makes BuildKit fall back to the shell form.
  if (containsOverflow(parsed) || !Array.isArray(parsed)) return undefined;
  const out: string[] = [];
  for (const item of parsed as unknown[]) {
    if (typeof item !== 'string') {
      throw new NotStringArrayError('when using JSON array syntax, arrays must be comprised of strings only');
    }
    // Go decodes a lone surrogate escape as U+FFFD.
    out.push(item.toWellFormed());
  }
  return out;
}

function containsOverflow(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(containsOverflow);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsOverflow);
  return false;
}

function jsonOrUndefined(rest: string): string[] | undefined {
  try {
    return parseJSONArray(rest);
  } catch (err) {
    if (err instanceof NotStringArrayError) throw invalidArgument(err.message);
    throw err;
  }
}

/** RUN, CMD, ENTRYPOINT, SHELL: a JSON array, else the whole rest as one shell-form string. */
export function parseMaybeJSON(rest: string): LineParse {
  if (rest === '') return none;
  const json = jsonOrUndefined(rest);
  return json !== undefined ? { args: json, json: true } : { args: [rest], json: false };
}

/** COPY, ADD, VOLUME: a JSON array, else whitespace-separated words. */
export function parseMaybeJSONToList(rest: string): LineParse {
  const json = jsonOrUndefined(rest);
  return json !== undefined ? { args: json, json: true } : parseWhitespaceList(rest);
}

/** HEALTHCHECK: the first word is the type, the rest is parsed like CMD. */
export function parseHealthConfig(rest: string): LineParse {
  const chars = Array.from(rest);
  let sep = 0;
  while (sep < chars.length && !isGoSpace(chars[sep]!)) sep++;
  if (sep === 0) return none;
  let next = sep;
  while (next < chars.length && isGoSpace(chars[next]!)) next++;
  const cmd = parseMaybeJSON(chars.slice(next).join(''));
  return { args: [chars.slice(0, sep).join(''), ...cmd.args], json: cmd.json };
}

/**
 * Splits into words at blanks, keeping quotes and escapes in the words ("abc xyz" stays quoted); used
 * for ARG, ENV and LABEL. An escape token at the very end is dropped.
 */
export function parseWords(rest: string, escapeToken: string): string[] {
  const chars = Array.from(rest);
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let quote = '';
  let blankOK = false;
  let word = '';
  const n = chars.length;
  for (let pos = 0; pos <= n; pos++) {
    let ch = pos < n ? chars[pos]! : '';
    if (phase === 'spaces') {
      if (pos === n) break;
      if (isGoSpace(ch)) continue;
      phase = 'word';
    }
    if (pos === n) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escapeToken) {
        if (pos + 1 === n) continue;
        // Outside quotes an escaped character (even a quote) is kept together with its escape.
        word += ch;
        pos++;
        ch = chars[pos]!;
      }
      word += ch;
      continue;
    }
    // Inside quotes: the escape token protects the next character, except inside single quotes.
    if (ch === quote) phase = 'word';
    if (ch === escapeToken && quote !== "'") {
      if (pos + 1 === n) {
        phase = 'word';
        continue;
      }
      pos++;
      word += ch;
      ch = chars[pos]!;
    }
    word += ch;
  }
  return words;
}

/** ARG: each word is a `name` or `name=value`, kept as written. */
export function parseNameOrNameVal(rest: string, escapeToken: string): LineParse {
  return { args: parseWords(rest, escapeToken), json: false };
}

/**
 * ENV and LABEL: either the legacy `name value...` form (one pair, value = rest of the line, separator
 * "") or `name=value ...` pairs (separator "="). Values keep their quotes.
 */
export function parseNameVal(rest: string, instruction: string, escapeToken: string): LineParse {
  const words = parseWords(rest, escapeToken);
  if (words.length === 0) return none;
  if (!words[0]!.includes('=')) {
    const parts = splitFirstBlank(rest);
    if (parts.length < 2) throw invalidArgument(`${instruction} must have two arguments`);
    return { args: [parts[0]!, parts[1]!, ''], json: false };
  }
  const args: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw invalidArgument(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`);
    }
    args.push(word.slice(0, eq), word.slice(eq + 1), '=');
  }
  return { args, json: false };
}
