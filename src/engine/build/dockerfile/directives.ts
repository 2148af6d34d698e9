// Parser directives (`# syntax=...`, `# escape=...`, `# check=...`) and the escape token they
// control. As in BuildKit, directives are only recognised while every line seen so far was a
// directive: the first line that is anything else (an instruction, an ordinary comment, a blank
// line, a shebang) ends the directive block for good. Names are case-insensitive; each may appear
// once. Unknown names (`# foo=bar`) are ordinary comments and end the block.
import { invalidArgument } from '../../../util/errors.ts';
import { goTrimLeftSpace } from './go-compat.ts';
import type { ParserDirective } from './ast.ts';

const knownDirectives = new Set(['syntax', 'escape', 'check']);
const isGoRegexpSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f' || ch === '\r';

/**
 * BuildKit's `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` (Go's \s is [\t\n\f\r ]), written out by hand
 * because a backtracking engine is quadratic on it for long lines.
 */
function matchDirective(text: string): { name: string; value: string } | undefined {
  const name = /^[a-zA-Z][a-zA-Z0-9]*/u.exec(text)?.[0];
  if (name === undefined) return undefined;
  let i = name.length;
  while (isGoRegexpSpace(text[i])) i++;
  if (text[i] !== '=') return undefined;
  const rest = text.slice(i + 1);
  if (rest === '' || rest.includes('\n')) return undefined;
  let start = 0;
  while (isGoRegexpSpace(rest[start])) start++;
  let end = rest.length;
  while (end > start && isGoRegexpSpace(rest[end - 1])) end--;
  // All blanks: the lazy value still takes one character (the last one).
  if (end === start) return { name, value: rest.slice(-1) };
  return { name, value: rest.slice(start, end) };
}

export class DirectiveState {
  escapeToken = '\\';
  readonly found: ParserDirective[] = [];
  private line = 0;
  private done = false;

  /**
   * Looks at the next physical line (already stripped of its line ending, and of leading blanks
   * for a line that starts an instruction). Returns true when it was a directive.
   */
  consider(text: string): boolean {
    this.line++;
    if (this.done) return false;
    if (!text.startsWith('#')) {
      this.done = true;
      return false;
    }
    const m = matchDirective(goTrimLeftSpace(text.slice(1)));
    const name = m?.name.toLowerCase();
    if (m === undefined || name === undefined || !knownDirectives.has(name)) {
      this.done = true;
      return false;
    }
    if (this.found.some((d) => d.name === name)) {
      throw invalidArgument(`only one ${name} parser directive can be used`);
    }
    const value = m.value;
    this.found.push({ name, value, line: this.line });
    if (name === 'escape') {
      if (value !== '`' && value !== '\\') {
        throw invalidArgument(`invalid escape token '${value}' does not match \` or \\`);
      }
      this.escapeToken = value;
    }
    return true;
  }

  /**
   * Removes a trailing line-continuation token. Like BuildKit's regular expression, the token counts
   * when it is the last character before optional blanks and is either the whole line or preceded by
   * something other than the token itself (so `\\` at the end is an escaped backslash, not a
   * continuation). Returns the text and whether the instruction ends on this line.
   */
  trimContinuation(text: string): { text: string; ends: boolean } {
    let end = text.length;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    if (end === 0 || text[end - 1] !== this.escapeToken) return { text, ends: true };
    if (end >= 2 && text[end - 2] === this.escapeToken) return { text, ends: true };
    return { text: text.slice(0, end - 1), ends: false };
  }
}
