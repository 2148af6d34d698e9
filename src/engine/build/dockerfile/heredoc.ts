// Here-documents (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`, several per line), recognised the way
// BuildKit does it: the instruction line is split into shell words (quotes and escapes kept), each
// word that looks like `[n]<<[-]word` is a heredoc, and the delimiter is lexed twice — once with
// quotes removed, once with quotes kept — so that a delimiter with any quoted part turns off
// variable expansion in the body, as in a POSIX shell.
import { invalidArgument } from '../../../util/errors.ts';
import { ShellLexer } from './shell-lex.ts';
import type { Heredoc } from './ast.ts';

const heredocStart = /^([0-9]*)<<(-?)/u;

/** BuildKit's `^(\d*)<<(-?)\s*([^<]*)$`, by hand (a backtracking engine is quadratic on long blank runs). */
function matchHeredocWord(word: string): { fd: string; chomp: boolean; rest: string } | undefined {
  const m = heredocStart.exec(word);
  if (m === null) return undefined;
  let i = m[0].length;
  while (i < word.length && ' \t\n\f\r'.includes(word[i]!)) i++;
  const rest = word.slice(i);
  if (rest.includes('<')) return undefined;
  return { fd: m[1]!, chomp: m[2] === '-', rest };
}
const emptyEnv: readonly string[] = [];

// Heredoc detection always uses `\` as escape, whatever the escape directive says (as BuildKit does).
const lineLexer = new ShellLexer({ rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
const nameLexer = new ShellLexer({ skipUnsetEnv: true });
const rawNameLexer = new ShellLexer({ rawQuotes: true, skipUnsetEnv: true });

/** The heredoc described by one word (`<<EOF`, `<<-'EOF'`...), or undefined if the word is not one. Body empty. */
export function parseHeredocWord(word: string): Heredoc | undefined {
  const m = matchHeredocWord(word);
  if (m === undefined) return undefined;
  const rest = m.rest;
  if (rest === '') return undefined;
  const words = nameLexer.processWords(rest, emptyEnv);
  if (words.length !== 1) return undefined;
  const rawWords = rawNameLexer.processWords(rest, emptyEnv);
  if (rawWords.length !== words.length) {
    throw invalidArgument(`internal lexing of heredoc produced inconsistent results: ${rest}`);
  }
  const name = words[0]!;
  const fd = m.fd === '' ? 0 : Number.parseInt(m.fd, 10);
  return {
    name,
    fileDescriptor: Number.isSafeInteger(fd) ? fd : 0,
    expand: countQuotes(name) === countQuotes(rawWords[0]!),
    chomp: m.chomp,
    content: '',
  };
}

function countQuotes(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === "'" || ch === '"') n++;
  return n;
}

/** All heredocs started on an instruction line, in order. A line the lexer cannot split has none. */
export function heredocsInLine(line: string): Heredoc[] {
  let words: string[];
  try {
    words = lineLexer.processWords(line, emptyEnv);
  } catch {
    return [];
  }
  const docs: Heredoc[] = [];
  for (const word of words) {
    const doc = parseHeredocWord(word);
    if (doc !== undefined) docs.push(doc);
  }
  return docs;
}

/** `<<-` bodies: strips the tabs at the start of every line. */
export function chompHeredocContent(content: string): string {
  // Line starts are after \n only (a JavaScript `m` flag would also count \r and U+2028).
  return content.replace(/(^|\n)\t+/gu, '$1');
}
