// BuildKit's Dockerfile shell lexer: quote removal, escapes and variable expansion for the words of
// instructions such as ENV, COPY, WORKDIR (and word splitting for EXPOSE), following the rules of
// moby/buildkit frontend/dockerfile/shell. This is not a shell: there is no command substitution,
// globbing or arithmetic; only what BuildKit supports:
//
//   'single'  "double" (\ escapes only " $ and the escape token inside)   \x (escape token)
//   $VAR  ${VAR}  ${VAR:-word} ${VAR-word}  ${VAR:+word} ${VAR+word}  ${VAR:?msg} ${VAR?msg}
//   ${VAR#pat} ${VAR##pat} ${VAR%pat} ${VAR%%pat}  ${VAR/pat/repl} ${VAR//pat/repl}
//   $1.. and the special parameters $@ $* $# $? $- $$ $! $0, which are never set in a Dockerfile.
//
// Anything else after `${NAME` (for example ${VAR:=x} or ${VAR:3}) is an error naming the word.
//
// Environment: a ReadonlyMap<string, string> (preferred), a plain object, or a list of "KEY=VALUE"
// strings as stored in an image config (the last entry for a key wins; "KEY" alone means "set, empty").
//
// One deliberate difference: since 2024 BuildKit's ProcessWords shares one buffer between nested
// ${...} expansions, so `abc${X:-def}` splits into ["def"]; Minato returns ["abcdef"], as BuildKit did
// before that optimisation and as a shell does.
import { invalidArgument } from '../../../util/errors.ts';
import { goQuote, isGoSpace } from './go-compat.ts';
import { replaceShellPattern, trimShellPrefix, trimShellSuffix } from './shell-pattern.ts';

export type ShellEnv = ReadonlyMap<string, string> | Readonly<Record<string, string>> | readonly string[];

export interface ShellLexOptions {
  /** The Dockerfile escape token: `\` (default) or a backtick. */
  escapeToken?: string;
  /** Keep quote characters in the output (they still group words). */
  rawQuotes?: boolean;
  /** Keep escape characters in the output. */
  rawEscapes?: boolean;
  /** Treat quotes as ordinary characters (used for heredoc bodies). */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written instead of expanding them to "". */
  skipUnsetEnv?: boolean;
}

export interface ProcessWordResult {
  /** The word after quote removal and expansion, spaces kept. */
  result: string;
  /** The same, split into words at unquoted whitespace. */
  words: string[];
  /** Variables that were referenced and set. */
  matched: Set<string>;
  /** Variables that were referenced but not set. */
  unmatched: Set<string>;
}

const EOF = '';

/** Turns any accepted environment shape into a lookup. */
export function envLookup(env: ShellEnv): (name: string) => string | undefined {
  if (env instanceof Map) return (name) => env.get(name);
  if (Array.isArray(env)) {
    const map = new Map<string, string>();
    for (const entry of env as readonly string[]) {
      const eq = entry.indexOf('=');
      if (eq < 0) map.set(entry, '');
      else map.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    return (name) => map.get(name);
  }
  const record = env as Readonly<Record<string, string>>;
  return (name) => (Object.hasOwn(record, name) ? record[name] : undefined);
}

export class ShellLexer {
  readonly escapeToken: string;
  readonly rawQuotes: boolean;
  readonly rawEscapes: boolean;
  readonly skipProcessQuotes: boolean;
  readonly skipUnsetEnv: boolean;

  constructor(options: ShellLexOptions = {}) {
    this.escapeToken = options.escapeToken ?? '\\';
    if (this.escapeToken !== '\\' && this.escapeToken !== '`') {
      throw invalidArgument(`invalid escape token '${this.escapeToken}' does not match \` or \\`);
    }
    this.rawQuotes = options.rawQuotes ?? false;
    this.rawEscapes = options.rawEscapes ?? false;
    this.skipProcessQuotes = options.skipProcessQuotes ?? false;
    this.skipUnsetEnv = options.skipUnsetEnv ?? false;
  }

  /** Expands one word; whitespace inside it is kept. */
  processWord(word: string, env: ShellEnv): string {
    return this.process(word, env).result;
  }

  /** Expands and splits into words at unquoted whitespace (including whitespace that came from variables). */
  processWords(word: string, env: ShellEnv): string[] {
    return this.process(word, env).words;
  }

  /** Expands and reports which variables were used, set or not. */
  process(word: string, env: ShellEnv): ProcessWordResult {
    const run = new WordRun(this, word, envLookup(env));
    try {
      const { result, words } = run.processStopOn(EOF, this.rawEscapes);
      return { result, words, matched: run.matched, unmatched: run.unmatched };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw invalidArgument(`failed to process ${goQuote(word)}: ${why}`);
    }
  }
}

/** Expands one word with the default lexer options. */
export function processWord(word: string, env: ShellEnv, options?: ShellLexOptions): string {
  return new ShellLexer(options).processWord(word, env);
}

/** Expands and splits one word with the default lexer options. */
export function processWords(word: string, env: ShellEnv, options?: ShellLexOptions): string[] {
  return new ShellLexer(options).processWords(word, env);
}

/** Collects characters into words, splitting at unquoted whitespace. */
class WordCollector {
  private buf = '';
  private inWord = false;
  readonly words: string[] = [];

  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.buf.length > 0) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else {
      this.addRawChar(ch);
    }
  }

  addRawChar(ch: string): void {
    this.buf += ch;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  addRawString(s: string): void {
    this.buf += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

const specialParams = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const digit = /^\p{Nd}$/u;
const letter = /^\p{L}$/u;

/** The state of expanding one word: a cursor over its characters plus what was looked up. */
class WordRun {
  private readonly chars: string[];
  private pos = 0;
  private rawEscapes: boolean;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  private readonly lex: ShellLexer;
  private readonly lookup: (name: string) => string | undefined;

  constructor(lex: ShellLexer, word: string, lookup: (name: string) => string | undefined) {
    this.lex = lex;
    this.lookup = lookup;
    this.chars = Array.from(word);
    this.rawEscapes = lex.rawEscapes;
  }

  private peek(): string {
    return this.chars[this.pos] ?? EOF;
  }

  private next(): string {
    const ch = this.chars[this.pos] ?? EOF;
    if (ch !== EOF) this.pos++;
    return ch;
  }

  private getEnv(name: string): string | undefined {
    const v = this.lookup(name);
    if (v === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return v;
  }

  /** Processes up to `stop` (consumed) or the end of the word. */
  processStopOn(stop: string, rawEscapes: boolean): { result: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      return this.scan(stop);
    } finally {
      this.rawEscapes = saved;
    }
  }

  private scan(stop: string): { result: string; words: string[] } {
    let result = '';
    const words = new WordCollector();
    const esc = this.lex.escapeToken;
    while (this.peek() !== EOF) {
      let ch = this.peek();
      if (stop !== EOF && ch === stop) {
        this.next();
        return { result, words: words.finish() };
      }
      if (ch === '$') {
        const tmp = this.processDollar();
        result += tmp;
        words.addString(tmp);
        continue;
      }
      if (ch === '<') {
        const tmp = this.processPossibleHeredoc();
        result += tmp;
        words.addRawString(tmp);
        continue;
      }
      if (!this.lex.skipProcessQuotes && (ch === "'" || ch === '"')) {
        const tmp = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
        result += tmp;
        words.addRawString(tmp);
        continue;
      }
      ch = this.next();
      if (ch === esc) {
        if (this.rawEscapes) {
          words.addRawChar(ch);
          result += ch;
        }
        // The escape token quotes the next character; at the very end it is dropped.
        ch = this.next();
        if (ch === EOF) break;
        words.addRawChar(ch);
      } else {
        words.addChar(ch);
      }
      result += ch;
    }
    if (stop !== EOF) throw new Error(`unexpected end of statement while looking for matching ${stop}`);
    return { result, words: words.finish() };
  }

  private processSingleQuote(): string {
    // Everything up to the next ' is literal; a ' cannot be escaped inside.
    let out = '';
    const open = this.next();
    if (this.lex.rawQuotes) out += open;
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new Error('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") {
        if (this.lex.rawQuotes) out += ch;
        return out;
      }
      out += ch;
    }
  }

  private processDoubleQuote(): string {
    // Literal except $ (expanded) and the escape token, which quotes only " $ and itself.
    let out = '';
    const esc = this.lex.escapeToken;
    const open = this.next();
    if (this.lex.rawQuotes) out += open;
    for (;;) {
      const p = this.peek();
      if (p === EOF) throw new Error('unexpected end of statement while looking for matching double-quote');
      if (p === '"') {
        const ch = this.next();
        if (this.lex.rawQuotes) out += ch;
        return out;
      }
      if (p === '$') {
        out += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === esc) {
        if (this.rawEscapes) out += ch;
        const after = this.peek();
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === esc) ch = this.next();
      }
      out += ch;
    }
  }

  private processPossibleHeredoc(): string {
    // `<<` and the blanks after it stay glued to the following word, so that `<< EOF` is one word.
    this.next();
    if (this.peek() !== '<') return '<';
    this.next();
    let space = '';
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r') space += this.next();
    return '<<' + space;
  }

  private processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name === '' && digit.test(ch)) {
        // Positional parameter: all the digits.
        while (this.peek() !== EOF && digit.test(this.peek())) name += this.next();
        return name;
      }
      if (name === '' && specialParams.has(ch)) return this.next();
      if (!letter.test(ch) && !digit.test(ch) && ch !== '_') break;
      name += this.next();
    }
    return name;
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.getEnv(name);
      if (value === undefined && this.lex.skipUnsetEnv) return '$' + name;
      return value ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new Error("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new Error('syntax error: bad substitution');
    const name = this.processName();
    // BuildKit reports "unsupported modifier (\uFFFD)" here; the real problem is the missing brace.
    if (this.peek() === EOF) throw new Error("syntax error: missing '}'");
    let ch = this.next();
    let modifier = ch;
    let nullIsUnset = false;
    switch (ch) {
      case '}': {
        const value = this.getEnv(name);
        if (value === undefined && this.lex.skipUnsetEnv) return '${' + name + '}';
        return value ?? '';
      }
      case '/':
        return this.processReplace(name);
      case ':':
        nullIsUnset = true;
        ch = this.next();
        modifier += ch;
        break;
      case '+':
      case '-':
      case '?':
      case '#':
      case '%':
        break;
      default:
        throw new Error(`unsupported modifier (${modifier}) in substitution`);
    }
    const patternModifier = ch === '#' || ch === '%';
    if (nullIsUnset && patternModifier) throw new Error(`unsupported modifier (${modifier}) in substitution`);
    const word = this.operand('}', patternModifier, "syntax error: missing '}'");
    const value = this.getEnv(name);
    if (value === undefined && this.lex.skipUnsetEnv) return '${' + name + modifier + word + '}';
    const unset = value === undefined || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return unset ? word : value!;
      case '+':
        return unset ? '' : word;
      case '?':
        if (value === undefined) throw new Error(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
        if (unset) throw new Error(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
        return value;
      case '#':
      case '%': {
        // One character means the shortest match, doubled (## or %%) the longest.
        let pattern = word;
        const greedy = pattern.startsWith(ch);
        if (greedy) pattern = pattern.slice(1);
        return ch === '%' ? trimShellSuffix(pattern, value ?? '', greedy) : trimShellPrefix(pattern, value ?? '', greedy);
      }
      default:
        throw new Error(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  private processReplace(name: string): string {
    const all = this.peek() === '/';
    if (all) this.next();
    const pattern = this.operand('/', true, "syntax error: missing '/' in ${}");
    const replacement = this.operand('}', true, "syntax error: missing '}'");
    const value = this.getEnv(name);
    if (value === undefined && this.lex.skipUnsetEnv) return '${' + name + '/' + pattern + '/' + replacement + '}';
    return replaceShellPattern(value ?? '', pattern, replacement, all);
  }

  /** Reads the word after a modifier up to `stop`; running off the end reports `missing`. */
  private operand(stop: string, rawEscapes: boolean, missing: string): string {
    try {
      return this.processStopOn(stop, rawEscapes).result;
    } catch (err) {
      if (this.peek() === EOF) throw new Error(missing);
      throw err;
    }
  }
}
