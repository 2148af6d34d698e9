// The Dockerfile parse tree: one node per instruction, shaped like BuildKit's parser.Node but flat
// (arguments are a list, not a linked chain). Nothing here is interpreted yet: ENV/LABEL values
// keep their quotes, variables are not expanded, flags are raw `--name=value` strings. The typed,
// validated view lives in instructions.ts.

/** A here-document attached to RUN, COPY or ADD (or to ONBUILD RUN/COPY/ADD). */
export interface Heredoc {
  /** The delimiter word after `<<`, quotes removed: `<<"EOF"` has name `EOF`. */
  name: string;
  /** `3<<EOF` gives 3; 0 when no number was written. */
  fileDescriptor: number;
  /** False when any part of the delimiter was quoted: the body is then taken literally. */
  expand: boolean;
  /** `<<-EOF`: leading tabs are stripped from the body lines (and the terminator may be indented with tabs). */
  chomp: boolean;
  /** The body exactly as written, line endings included, without the terminator line. Not yet chomped. */
  content: string;
}

export interface DockerfileNode {
  /** The instruction word as written (`RUN`, `run`, `RUNN`...). */
  instruction: string;
  /** The instruction word in lower case. */
  name: string;
  /** Leading `--flag[=value]` words, quotes and escapes removed. */
  flags: string[];
  /**
   * The arguments, as BuildKit's parser produces them:
   * - JSON form (`json` true): the array elements;
   * - RUN/CMD/ENTRYPOINT/SHELL shell form, USER, WORKDIR, MAINTAINER, STOPSIGNAL: one string, the rest of the line;
   * - FROM, EXPOSE, and non-JSON COPY/ADD/VOLUME: whitespace-separated words;
   * - ARG: words, quotes kept (`abc="1 2"`);
   * - ENV, LABEL: triples key, value, separator (`=` for `k=v`, `` for the legacy `k v` form), quotes kept;
   * - HEALTHCHECK: the type (`CMD`, `NONE`...) followed by the command in one of the forms above;
   * - ONBUILD: empty (see `subcommand`); unknown instructions: empty.
   */
  args: string[];
  /** The arguments were a JSON array. */
  json: boolean;
  /** ONBUILD's trigger instruction. */
  subcommand?: DockerfileNode;
  heredocs: Heredoc[];
  /** The instruction's text with continuation lines joined and comments removed (BuildKit's `Original`). */
  original: string;
  /** 1-based first and last line; heredoc bodies are included. */
  startLine: number;
  endLine: number;
  /** Comment lines directly above the instruction, `#` removed. */
  comments: string[];
}

export interface ParserDirective {
  /** `syntax`, `escape` or `check` (lower case). */
  name: string;
  value: string;
  line: number;
}

export interface ParseWarning {
  message: string;
  line: number;
  url?: string;
}

export interface ParseResult {
  nodes: DockerfileNode[];
  /** `\` unless an `# escape=` directive chose a backtick. */
  escapeToken: string;
  directives: ParserDirective[];
  warnings: ParseWarning[];
}
