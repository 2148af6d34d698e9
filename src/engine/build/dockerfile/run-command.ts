// What a RUN actually executes once heredocs are taken into account, as BuildKit's dispatcher
// decides it:
//
//   RUN <<EOF            (the command is only the heredoc) → the body is the shell script;
//                         a body starting with `#!` is instead written as an executable file
//                         /dev/pipes/<name> and the shell runs that path;
//   RUN cmd <<EOF ...    → the shell gets the command line followed by each body and delimiter,
//                         i.e. a real shell heredoc;
//   RUN ["exec", "form"] → no shell, no heredocs.
//
// Variables in bodies are never expanded by Minato here: the shell does it (or not, for <<'EOF').
import { goCleanPath } from './go-compat.ts';
import { chompHeredocContent, parseHeredocWord } from './heredoc.ts';
import type { RunInstruction } from './instruction-types.ts';

export interface InlineExecutable {
  /** Absolute path inside the container. */
  path: string;
  data: string;
  mode: number;
}

export type ResolvedRunCommand =
  /** Run with the stage's SHELL (default ["/bin/sh", "-c"]) followed by `script`; `files` must exist first (read-only). */
  | { form: 'shell'; script: string; files: InlineExecutable[] }
  /** Run `args` directly. */
  | { form: 'exec'; args: string[] };

export function resolveRunCommand(run: RunInstruction, options: { windows?: boolean } = {}): ResolvedRunCommand {
  if (run.command.form === 'exec') return { form: 'exec', args: [...run.command.args] };
  const command = run.command.command;
  const first = run.heredocs[0];
  if (first === undefined) return { form: 'shell', script: command, files: [] };
  if (parseHeredocWord(command) !== undefined) {
    const data = first.chomp ? chompHeredocContent(first.data) : first.data;
    if (!options.windows && data.startsWith('#!')) {
      // path.Join semantics; a name like `../x` leaves /dev/pipes, so the builder must confine the write to the container.
      const path = goCleanPath(`/dev/pipes/${first.name}`);
      return { form: 'shell', script: path, files: [{ path, data, mode: 0o755 }] };
    }
    return { form: 'shell', script: data, files: [] };
  }
  let script = command;
  for (const doc of run.heredocs) script += '\n' + doc.data + doc.name;
  return { form: 'shell', script, files: [] };
}
