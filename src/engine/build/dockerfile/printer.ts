// Renders a parse tree in BuildKit's debug form (parser.Node.Dump), one instruction per line:
//   (run ["--mount=type=cache,target=/x"] "make")      (env "A" "1" "=")      (onbuild (run "x"))
// Strings are quoted with Go's strconv.Quote. This is what BuildKit's parser test files contain, so
// printing Minato's tree this way compares the two parsers directly.
import { goQuote, goTrimSpace } from './go-compat.ts';
import { isKnownInstruction } from './parser.ts';
import type { DockerfileNode, ParseResult } from './ast.ts';

export function dumpNode(node: DockerfileNode): string {
  let out = node.name;
  if (node.flags.length > 0) out += ' [' + node.flags.map(goQuote).join(' ') + ']';
  if (node.subcommand !== undefined) {
    out += ' (' + dumpNode(node.subcommand) + ')';
  } else if (!isKnownInstruction(node.name)) {
    // BuildKit keeps an empty argument node for instructions it does not know.
    out += ' ""';
  } else {
    for (const arg of node.args) out += ' ' + goQuote(arg);
  }
  return goTrimSpace(out);
}

/** The whole file, one `(instruction ...)` per line, each line ending in a newline. */
export function dumpDockerfile(result: ParseResult): string {
  return result.nodes.map((n) => `(${dumpNode(n)})\n`).join('');
}
