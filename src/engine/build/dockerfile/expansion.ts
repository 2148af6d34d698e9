// Which instructions expand variables in which arguments, and the expansion itself, as BuildKit's
// dispatcher does it right before executing an instruction, with the stage's environment (base
// image ENV, then the stage's ENV and ARG values in order):
//
//   ENV, LABEL            keys and values (one word each; quotes removed, spaces kept)
//   COPY, ADD             sources, destination, --chown, --chmod, ADD --checksum; heredoc bodies
//                         whose delimiter was unquoted (only $VAR/${VAR}; quotes stay)
//   WORKDIR, USER, STOPSIGNAL, VOLUME   their value(s)
//   EXPOSE                each entry, then split into words ("$PORTS" may hold several ports)
//   RUN                   only the values inside --mount fields; the command itself is left to the shell
//   ARG                   its default — see resolveStageArgs() in build-args.ts (BuildKit defers it)
//   FROM                  image and --platform, with the global ARGs only — see resolveStageBase()
//   CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER, COPY --from, --exclude: never
//
// Expansion also removes quotes and escapes: `ENV A="x y"` sets `x y`, so every ENV/LABEL/COPY word
// must go through here even when it contains no `$`.
import { atLocation } from './dockerfile-error.ts';
import { parseRunMount } from './run-mount.ts';
import { ShellLexer, type ShellEnv } from './shell-lex.ts';
import type { InlineFile, KeyValue, StageInstruction } from './instruction-types.ts';

/** For each instruction kind, the fields expandInstruction() expands (empty: none). */
export const EXPANDED_FIELDS: Readonly<Record<StageInstruction['kind'], readonly string[]>> = {
  env: ['pairs.key', 'pairs.value'],
  label: ['pairs.key', 'pairs.value'],
  copy: ['sources', 'dest', 'chown', 'chmod', 'inlineFiles.data (when expand)'],
  add: ['sources', 'dest', 'chown', 'chmod', 'checksum', 'inlineFiles.data (when expand)'],
  workdir: ['path'],
  user: ['user'],
  stopsignal: ['signal'],
  volume: ['paths'],
  expose: ['ports (split into words)'],
  run: ['mountSpecs values → mounts'],
  arg: [],
  cmd: [],
  entrypoint: [],
  shell: [],
  healthcheck: [],
  onbuild: [],
  maintainer: [],
};

export function expandsVariables(kind: StageInstruction['kind']): boolean {
  return EXPANDED_FIELDS[kind].length > 0;
}

export interface ExpandOptions {
  /** The Dockerfile's escape token (`\` unless `# escape=` chose a backtick). */
  escapeToken?: string;
  fileName?: string;
}

/**
 * Returns a copy of the instruction with variables expanded (and quotes removed) in the arguments
 * BuildKit expands; RUN gets its parsed `mounts`. Errors (e.g. `${A:?must be set}`) name the line.
 */
export function expandInstruction<I extends StageInstruction>(inst: I, env: ShellEnv, options: ExpandOptions = {}): I {
  const lexer = new ShellLexer({ escapeToken: options.escapeToken ?? '\\' });
  const word = (w: string) => lexer.processWord(w, env);
  const opt = (w: string | undefined) => (w === undefined ? undefined : word(w));
  // Heredoc bodies: only variables, no quote processing, and always `\` as escape.
  const bodyLexer = new ShellLexer({ skipProcessQuotes: true });
  const files = (list: InlineFile[]) => list.map((f) => (f.expand ? { ...f, data: bodyLexer.processWord(f.data, env) } : { ...f }));
  const pairs = (list: KeyValue[]) => list.map((p) => ({ ...p, key: word(p.key), value: word(p.value) }));
  const location = { file: options.fileName ?? 'Dockerfile', line: inst.line, endLine: inst.endLine };

  return atLocation(location, (): I => {
    const i: StageInstruction = inst;
    switch (i.kind) {
      case 'env':
      case 'label':
        return { ...i, pairs: pairs(i.pairs) } as I;
      case 'copy': {
        const out = { ...i, sources: i.sources.map(word), dest: word(i.dest), inlineFiles: files(i.inlineFiles) };
        setOrDelete(out, 'chown', opt(i.chown));
        setOrDelete(out, 'chmod', opt(i.chmod));
        return out as I;
      }
      case 'add': {
        const out = { ...i, sources: i.sources.map(word), dest: word(i.dest), inlineFiles: files(i.inlineFiles) };
        setOrDelete(out, 'chown', opt(i.chown));
        setOrDelete(out, 'chmod', opt(i.chmod));
        setOrDelete(out, 'checksum', opt(i.checksum));
        return out as I;
      }
      case 'workdir':
        return { ...i, path: word(i.path) } as I;
      case 'user':
        return { ...i, user: word(i.user) } as I;
      case 'stopsignal':
        return { ...i, signal: word(i.signal) } as I;
      case 'volume':
        return { ...i, paths: i.paths.map(word) } as I;
      case 'expose':
        return { ...i, ports: i.ports.flatMap((p) => lexer.processWords(p, env)) } as I;
      case 'run':
        return { ...i, mounts: i.mountSpecs.map((spec) => parseRunMount(spec, word)) } as I;
      default:
        return { ...i } as I;
    }
  });
}

function setOrDelete<O extends object, K extends keyof O>(o: O, key: K, value: O[K] | undefined): void {
  if (value === undefined || value === '') delete o[key];
  else o[key] = value;
}
