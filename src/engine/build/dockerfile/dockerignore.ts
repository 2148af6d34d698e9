// .dockerignore, with the semantics of moby/patternmatcher (matching) and its ignorefile reader
// (normalisation), and tonistiigi/fsutil's rule for skipping excluded directories, which is what
// BuildKit applies to a build context:
//
// - one pattern per line; a line starting with `#` (first column) is a comment; blanks around a
//   pattern are dropped; a UTF-8 BOM is ignored;
// - patterns are cleaned like Go's path.Clean and a leading `/` is dropped (`/a/../b/` → `b`), so a
//   trailing `/` does not restrict a pattern to directories;
// - `*` matches within one path segment, `?` one character other than `/`, `[a-z]`/`[^a-z]`
//   character classes, `\x` the literal x; `**` any number of segments (`**/x`, `a/**`, `a/**/b`);
// - a path is excluded when it or any of its parent directories matches, and the LAST pattern that
//   matches decides: `!pattern` re-includes (an exception);
// - an excluded directory can be skipped entirely unless an exception could match inside it.
//
// One deliberate difference: patternmatcher copies pattern characters into a Go regular expression,
// so `^` outside a class, `\d`, or `*` inside `[...]` act as regexp syntax there (and a reversed
// range `[z-a]` fails only when matching). Minato follows Go's filepath.Match instead: `\x` and
// characters in a class are literal, and a reversed range is a syntax error up front. Patterns run
// on a Pike VM (pike-vm.ts), so no pattern can make matching slow.
import { invalidArgument, isMinatoError } from '../../../util/errors.ts';
import { goCleanPath, goQuote, goTrimSpace } from './go-compat.ts';
import { ProgramBuilder, pikeSearch, type Program } from './pike-vm.ts';

export interface IgnorePattern {
  /** The cleaned pattern without its `!`. */
  pattern: string;
  /** A `!` exception: matching paths are re-included. */
  exclusion: boolean;
}

type Matcher =
  | { type: 'exact'; text: string }
  | { type: 'prefix'; text: string }
  | { type: 'suffix'; text: string }
  | { type: 'program'; program: Program };

interface CompiledPattern extends IgnorePattern {
  matcher: Matcher;
}

/** Per-pattern match results for a directory, passed down when walking (see DockerIgnore.match). */
export interface MatchState {
  readonly parentMatched: readonly boolean[];
}

/**
 * Reads a .dockerignore file into patterns, normalised as moby/patternmatcher/ignorefile does
 * (comments and blank lines dropped, each pattern cleaned, leading `/` removed, `!` kept in front).
 */
export function readDockerignorePatterns(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.startsWith('#')) return;
    let pattern = goTrimSpace(line);
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = goTrimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = goCleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    out.push(invert ? '!' + pattern : pattern);
  });
  return out;
}

/** Checks a pattern the way Go's filepath.Match does (escapes and bracket expressions). */
function validateGlob(pattern: string): void {
  const chars = Array.from(pattern);
  const bad = () => invalidArgument(`syntax error in pattern ${goQuote(pattern)}`);
  // One class member (possibly escaped): its code point and the index after it.
  const member = (i: number): [number, number] => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') throw bad();
    if (c === '\\') {
      i++;
      c = chars[i];
      if (c === undefined) throw bad();
    }
    if (i + 1 >= chars.length) throw bad();
    return [c.codePointAt(0)!, i + 1];
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\') {
      if (i + 1 >= chars.length) throw bad();
      i++;
    } else if (c === '[') {
      i++;
      if (chars[i] === '^') i++;
      let ranges = 0;
      for (;;) {
        if (chars[i] === ']' && ranges > 0) break;
        const [lo, afterLo] = member(i);
        i = afterLo;
        if (chars[i] === '-') {
          const [hi, afterHi] = member(i + 1);
          // Go's filepath.Match accepts a reversed range, but patternmatcher's regexp then fails to compile.
          if (hi < lo) throw bad();
          i = afterHi;
        }
        ranges++;
      }
    }
  }
}

/** A bracket expression starting after `[` at `i`: a test for one character and the index of its `]`. */
function compileClass(chars: string[], i: number): { test: (ch: string) => boolean; end: number } {
  let negated = false;
  if (chars[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: [number, number][] = [];
  const member = (): number => {
    let c = chars[i]!;
    if (c === '\\') c = chars[++i]!;
    i++;
    return c.codePointAt(0)!;
  };
  while (!(chars[i] === ']' && ranges.length > 0)) {
    const lo = member();
    let hi = lo;
    if (chars[i] === '-') {
      i++;
      hi = member();
    }
    ranges.push([lo, hi]);
  }
  const test = (ch: string) => {
    const c = ch.codePointAt(0)!;
    return ranges.some(([lo, hi]) => lo <= c && c <= hi) !== negated;
  };
  return { test, end: i };
}

const notSlash = (ch: string) => ch !== '/';
const notNewline = (ch: string) => ch !== '\n';
const literal = (lit: string) => (ch: string) => ch === lit;

// patternmatcher's compile: an exact path, a prefix (`a/**`), a suffix (a leading `**`) or a
// general pattern, which runs on the Pike VM (linear time, unlike a backtracking RegExp).
function compile(pattern: string): Matcher {
  const chars = Array.from(pattern);
  const b = new ProgramBuilder();
  let type: Matcher['type'] = 'exact';
  let idx = 0;
  for (let iter = 0; idx < chars.length; iter++) {
    const ch = chars[idx++]!;
    if (ch === '*') {
      if (chars[idx] === '*') {
        idx++;
        if (chars[idx] === '/') idx++;
        if (idx >= chars.length) {
          // `**` at the end matches everything below (as in .gitignore).
          if (type === 'exact') type = 'prefix';
          else {
            b.star(notNewline, true);
            type = 'program';
          }
        } else {
          // Any number of whole directories, including none.
          b.optional((o) => o.star(notNewline, true).char(literal('/')));
          type = 'program';
        }
        if (iter === 0) type = 'suffix';
      } else {
        b.star(notSlash, true);
        type = 'program';
      }
    } else if (ch === '?') {
      b.char(notSlash);
      type = 'program';
    } else if (ch === '\\') {
      if (idx < chars.length) {
        b.char(literal(chars[idx++]!));
        type = 'program';
      } else {
        b.char(literal('\\'));
      }
    } else if (ch === '[') {
      const { test, end } = compileClass(chars, idx);
      b.char(test);
      idx = end + 1;
      type = 'program';
    } else if (ch === ']') {
      b.char(literal(ch));
      type = 'program';
    } else {
      b.char(literal(ch));
    }
  }
  switch (type) {
    case 'exact':
      return { type, text: pattern };
    case 'prefix':
      return { type, text: pattern.slice(0, -2) };
    case 'suffix':
      return { type, text: pattern.slice(2) };
    default:
      return { type: 'program', program: b.finish() };
  }
}

function matches(m: Matcher, path: string): boolean {
  switch (m.type) {
    case 'exact':
      return path === m.text;
    case 'prefix':
      return path.startsWith(m.text);
    case 'suffix':
      // `**/foo` also matches `foo` itself.
      return path.endsWith(m.text) || (m.text.startsWith('/') && path === m.text.slice(1));
    case 'program':
      return pikeSearch(m.program, Array.from(path), 0, true, true) !== undefined;
  }
}

/** The parent directories of a cleaned relative path, shortest first: a/b/c → [a, a/b]. */
function parentDirs(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

const patternChars = /[*[\]?^\\]/u;

export class DockerIgnore {
  readonly patterns: readonly IgnorePattern[];
  /** Some pattern is a `!` exception. */
  readonly hasExceptions: boolean;
  private readonly compiled: CompiledPattern[];
  /** Every exception is a plain path (possibly ending in `/*` or `/**`), so skipping can be decided by prefix. */
  private readonly exceptionsArePlain: boolean;

  /** Builds a matcher from patterns as listed (use readDockerignorePatterns or parseDockerignore for file text). */
  constructor(patterns: readonly string[]) {
    const compiled: CompiledPattern[] = [];
    for (const raw of patterns) {
      let p = goTrimSpace(raw);
      if (p === '') continue;
      p = goCleanPath(p);
      let exclusion = false;
      if (p.startsWith('!')) {
        if (p.length === 1) throw invalidArgument('illegal exclusion pattern: "!"');
        exclusion = true;
        p = p.slice(1);
      }
      validateGlob(p);
      compiled.push({ pattern: p, exclusion, matcher: compile(p) });
    }
    this.compiled = compiled;
    this.patterns = compiled.map(({ pattern, exclusion }) => ({ pattern, exclusion }));
    this.hasExceptions = compiled.some((p) => p.exclusion);
    this.exceptionsArePlain = compiled.every((p) => !p.exclusion || !patternChars.test(withoutTrailingGlob(p.pattern)));
  }

  /**
   * True when the path (relative to the context root, `/`-separated) is left out of the build
   * context. `isDirectory` does not change the answer (patterns do not distinguish directories);
   * it is accepted so callers can pass what they know.
   */
  isExcluded(relativePath: string, isDirectory = false): boolean {
    void isDirectory;
    const path = normalise(relativePath);
    if (path === '.' || this.compiled.length === 0) return false;
    const parents = parentDirs(path);
    let matched = false;
    for (const p of this.compiled) {
      // Only an exception can undo a match, only an inclusion can create one.
      if (p.exclusion !== matched) continue;
      let hit = matches(p.matcher, path);
      if (!hit) hit = parents.some((dir) => matches(p.matcher, dir));
      if (hit) matched = !p.exclusion;
    }
    return matched;
  }

  /**
   * For an excluded directory: true when an exception might re-include something inside it, so a
   * walker must still descend (sending only what is re-included); false when the whole directory
   * can be skipped. Conservative: any wildcard in an exception means "descend".
   */
  mayIncludeUnder(relativeDir: string): boolean {
    if (!this.hasExceptions) return false;
    if (!this.exceptionsArePlain) return true;
    const dirSlash = normalise(relativeDir) + '/';
    return this.compiled.some((p) => p.exclusion && (withoutTrailingGlob(p.pattern) + '/').startsWith(dirSlash));
  }

  /** True when a walker may skip this directory and everything in it. */
  canSkipDirectory(relativeDir: string): boolean {
    return this.isExcluded(relativeDir, true) && !this.mayIncludeUnder(relativeDir);
  }

  /**
   * Incremental matching for walkers (patternmatcher's MatchesUsingParentResults): pass the state
   * returned for the parent directory to avoid re-testing every ancestor; same answer as isExcluded.
   */
  match(relativePath: string, parent?: MatchState): { excluded: boolean; state: MatchState } {
    const path = normalise(relativePath);
    const parentMatched = parent?.parentMatched ?? [];
    const own: boolean[] = new Array<boolean>(this.compiled.length).fill(false);
    if (path === '.') return { excluded: false, state: { parentMatched: own } };
    let matched = false;
    const parents = parentMatched.length === 0 ? parentDirs(path) : [];
    this.compiled.forEach((p, i) => {
      let hit = parentMatched[i] ?? false;
      if (!hit) {
        if (p.exclusion !== matched) return;
        hit = matches(p.matcher, path) || parents.some((dir) => matches(p.matcher, dir));
      }
      own[i] = hit;
      if (hit) matched = !p.exclusion;
    });
    return { excluded: matched, state: { parentMatched: own } };
  }
}

function withoutTrailingGlob(pattern: string): string {
  let p = pattern;
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

function normalise(relativePath: string): string {
  let p = goCleanPath(relativePath);
  while (p.startsWith('/')) p = p.slice(1);
  return p === '' ? '.' : p;
}

/** Parses .dockerignore text. Errors name the file and say which pattern is wrong. */
export function parseDockerignore(text: string, fileName = '.dockerignore'): DockerIgnore {
  const patterns = readDockerignorePatterns(text);
  try {
    return new DockerIgnore(patterns);
  } catch (err) {
    if (isMinatoError(err)) throw invalidArgument(`${fileName}: ${err.message}`);
    throw err;
  }
}
