// Minato's Dockerfile parser: text → one node per instruction, following BuildKit's parser
// (moby/buildkit frontend/dockerfile/parser) rule for rule, so that a Dockerfile means in Minato what
// it means in `docker build`:
//
// - parser directives (`# syntax=`, `# escape=`, `# check=`) only in the leading block of `#` lines;
// - an escape token (`\` or a backtick) at the end of a line continues the instruction; inside a
//   continuation, comment lines are dropped and empty lines are skipped (with a warning);
// - comments are whole lines starting with `#` (after blanks); `#` elsewhere is text;
// - JSON-form arguments that are not valid JSON fall back to the shell form;
// - heredocs on RUN/COPY/ADD (and ONBUILD of those) read the following lines up to the delimiter;
// - unknown instruction words are kept (the instruction layer rejects them with a line number).
//
// The npm Dockerfile parsers were tried first and rejected: `dockerfile-ast` turns the JSON-form
// argument "arg with space" into `argwithspace` and mis-parses quoted heredocs, and
// `docker-file-parser` ignores the escape directive. This parser is written from BuildKit's rules and
// checked against BuildKit's own parser test files (parser.test.ts).
import { goQuote, goTrimLeftSpace, goTrimSpace } from './go-compat.ts';
import { atLocation, dockerfileError, type SourceLocation } from './dockerfile-error.ts';
import { DirectiveState } from './directives.ts';
import { splitCommand } from './split-command.ts';
import { heredocsInLine } from './heredoc.ts';
import {
  parseHealthConfig,
  parseMaybeJSON,
  parseMaybeJSONToList,
  parseNameOrNameVal,
  parseNameVal,
  parseString,
  parseWhitespaceList,
  type LineParse,
} from './line-parsers.ts';
import type { DockerfileNode, Heredoc, ParseResult, ParseWarning } from './ast.ts';

export type { DockerfileNode, Heredoc, ParseResult, ParserDirective, ParseWarning } from './ast.ts';

export interface ParseOptions {
  /** The name used in error messages ("Dockerfile" by default). */
  fileName?: string;
}

type LineParser = (rest: string, ctx: NodeContext) => LineParse | { subcommand: DockerfileNode };

interface NodeContext {
  escapeToken: string;
}

const lineParsers: Record<string, LineParser> = {
  add: (rest) => parseMaybeJSONToList(rest),
  arg: (rest, ctx) => parseNameOrNameVal(rest, ctx.escapeToken),
  cmd: (rest) => parseMaybeJSON(rest),
  copy: (rest) => parseMaybeJSONToList(rest),
  entrypoint: (rest) => parseMaybeJSON(rest),
  env: (rest, ctx) => parseNameVal(rest, 'ENV', ctx.escapeToken),
  expose: (rest) => parseWhitespaceList(rest),
  from: (rest) => parseWhitespaceList(rest),
  healthcheck: (rest) => parseHealthConfig(rest),
  label: (rest, ctx) => parseNameVal(rest, 'LABEL', ctx.escapeToken),
  maintainer: (rest) => parseString(rest),
  onbuild: (rest, ctx) => (rest === '' ? { args: [], json: false } : { subcommand: nodeFromLine(rest, ctx, []) }),
  run: (rest) => parseMaybeJSON(rest),
  shell: (rest) => parseMaybeJSON(rest),
  stopsignal: (rest) => parseString(rest),
  user: (rest) => parseString(rest),
  volume: (rest) => parseMaybeJSONToList(rest),
  workdir: (rest) => parseString(rest),
};

/** Instructions whose heredocs are read (ONBUILD counts when its trigger is one of them). */
const heredocInstructions = new Set(['add', 'copy', 'run']);

/** All instruction names BuildKit knows, lower case. */
export const INSTRUCTION_NAMES: readonly string[] = Object.keys(lineParsers);

export function isKnownInstruction(name: string): boolean {
  return Object.hasOwn(lineParsers, name.toLowerCase());
}

function nodeFromLine(line: string, ctx: NodeContext, comments: string[]): DockerfileNode {
  const { instruction, flags, rest } = splitCommand(line, ctx.escapeToken);
  const name = instruction.toLowerCase();
  const node: DockerfileNode = {
    instruction,
    name,
    flags,
    args: [],
    json: false,
    heredocs: [],
    original: line,
    startLine: 0,
    endLine: 0,
    comments,
  };
  const parse = Object.hasOwn(lineParsers, name) ? lineParsers[name] : undefined;
  if (parse === undefined) return node;
  const parsed = parse(rest, ctx);
  if ('subcommand' in parsed) node.subcommand = parsed.subcommand;
  else {
    node.args = parsed.args;
    node.json = parsed.json;
  }
  return node;
}

function canContainHeredoc(node: DockerfileNode): boolean {
  const target = node.name === 'onbuild' && node.subcommand !== undefined ? node.subcommand : node;
  return heredocInstructions.has(target.name) && !target.json;
}

/** Splits into lines that keep their line endings (bufio.Scanner with BuildKit's scanLines). */
function physicalLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Drops trailing CR/LF characters (a loop: a regular expression would be quadratic on long \r runs). */
function trimNewline(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\n' || s[end - 1] === '\r')) end--;
  return s.slice(0, end);
}
const isComment = (s: string) => goTrimLeftSpace(s).startsWith('#');

/**
 * Parses a Dockerfile. Throws a MinatoError (InvalidArgument) naming the line for a malformed file:
 * a bad or repeated directive, an unterminated heredoc, an ENV without value, a JSON array with
 * non-strings, a file with no instructions.
 */
export function parseDockerfile(text: string, options: ParseOptions = {}): ParseResult {
  const file = options.fileName ?? 'Dockerfile';
  const lines = physicalLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const directives = new DirectiveState();
  const nodes: DockerfileNode[] = [];
  const warnings: ParseWarning[] = [];
  let comments: string[] = [];
  let index = 0;
  let currentLine = 0;
  const at = (line: number, endLine = line): SourceLocation => ({ file, line, endLine });

  /** Strips the line ending (and leading blanks when asked), offers the line to the directive parser, and drops comments. */
  const processLine = (raw: string, stripLeft: boolean): { text: string; directive: boolean } => {
    let token = trimNewline(raw);
    if (stripLeft) token = goTrimLeftSpace(token);
    const directive = atLocation(at(currentLine + 1), () => directives.consider(token));
    return { text: isComment(token) ? '' : token, directive };
  };

  while (index < lines.length) {
    const raw = lines[index++]!;
    if (isComment(raw)) {
      const comment = goTrimSpace(goTrimLeftSpace(raw).slice(1));
      if (comment === '') comments = [];
      else comments.push(comment);
    }
    const first = processLine(raw, true);
    if (first.directive) comments.pop();
    currentLine++;
    const startLine = currentLine;
    let { text: buf, ends } = directives.trimContinuation(first.text);
    if (ends && buf === '') continue;

    let emptyContinuation = false;
    while (!ends && index < lines.length) {
      const next = lines[index++]!;
      const processed = processLine(next, false);
      currentLine++;
      if (isComment(next)) continue;
      if (goTrimLeftSpace(processed.text) === '') {
        emptyContinuation = true;
        continue;
      }
      const trimmed = directives.trimContinuation(processed.text);
      buf += trimmed.text;
      ends = trimmed.ends;
    }
    if (emptyContinuation) {
      warnings.push({
        message: `Empty continuation line found in: ${buf}`,
        line: currentLine,
        url: 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/',
      });
    }

    const ctx: NodeContext = { escapeToken: directives.escapeToken };
    const node = atLocation(at(startLine, currentLine), () => nodeFromLine(buf, ctx, comments));

    if (canContainHeredoc(node) && buf.includes('<<')) {
      const docs = atLocation(at(startLine, currentLine), () => heredocsInLine(buf));
      for (const doc of docs) {
        node.heredocs.push(readHeredocBody(doc, startLine));
      }
    }
    node.startLine = startLine;
    node.endLine = currentLine;
    nodes.push(node);
    comments = [];
  }

  function readHeredocBody(doc: Heredoc, startLine: number): Heredoc {
    let content = '';
    while (index < lines.length) {
      const raw = lines[index++]!;
      currentLine++;
      let candidate = trimNewline(raw);
      if (doc.chomp) candidate = candidate.replace(/^\t+/u, '');
      if (candidate === doc.name) return { ...doc, content };
      content += raw;
    }
    throw dockerfileError(at(startLine, currentLine), `unterminated heredoc: expected a line ${goQuote(doc.name)} to end it`);
  }

  if (nodes.length === 0) throw dockerfileError(at(0), 'file with no instructions');
  return { nodes, escapeToken: directives.escapeToken, directives: [...directives.found], warnings };
}
