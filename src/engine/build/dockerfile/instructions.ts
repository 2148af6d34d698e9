// From the parse tree to typed, validated instructions grouped into stages, following BuildKit's
// frontend/dockerfile/instructions. Every error names the line and says what is wrong, with
// BuildKit's wording where it has one ("COPY requires at least two arguments, ...", "unknown flag:
// --form (did you mean from?)", "unknown instruction: RUNN (did you mean RUN?)").
//
// Minato is stricter than BuildKit in two places: flags on ARG, STOPSIGNAL and HEALTHCHECK NONE are
// errors (BuildKit silently ignores them), and RUN without a command is an error.
import { invalidArgument } from '../../../util/errors.ts';
import { atLocation, dockerfileError, type SourceLocation } from './dockerfile-error.ts';
import { parseFlags, type FlagKind, type ParsedFlags } from './flags.ts';
import { parseGoDuration } from './duration.ts';
import { chompHeredocContent, parseHeredocWord } from './heredoc.ts';
import { INSTRUCTION_NAMES, parseDockerfile, type ParseOptions } from './parser.ts';
import { parseRunDevice, parseRunMount } from './run-mount.ts';
import { ShellLexer } from './shell-lex.ts';
import { goQuote, goTrimSpace } from './go-compat.ts';
import { withSuggestion } from './suggest.ts';
import type { DockerfileNode, ParseResult } from './ast.ts';
import type * as T from './instruction-types.ts';

export type * from './instruction-types.ts';

interface Request {
  node: DockerfileNode;
  escapeToken: string;
  /** Upper-case instruction name for messages. */
  upper: string;
  args: string[];
  base: T.InstructionBase;
}

const noFlags: Record<string, FlagKind> = {};

function base(node: DockerfileNode): T.InstructionBase {
  return { line: node.startLine, endLine: node.endLine, source: goTrimSpace(node.original) };
}

/** The arguments BuildKit's instruction layer sees: ONBUILD's are its trigger's name and arguments. */
function nodeArgs(node: DockerfileNode): string[] {
  if (node.subcommand !== undefined) return [node.subcommand.instruction, ...nodeArgs(node.subcommand)];
  return node.args;
}

function flags(req: Request, accepted: Record<string, FlagKind>): ParsedFlags {
  return parseFlags(req.upper, req.node.flags, accepted);
}

const exactlyOne = (req: Request) => {
  if (req.args.length !== 1) throw invalidArgument(`${req.upper} requires exactly one argument`);
  return req.args[0]!;
};
const atLeastOne = (req: Request) => {
  if (req.args.length === 0) throw invalidArgument(`${req.upper} requires at least one argument`);
};

function commandLine(req: Request): T.CommandLine {
  return req.node.json ? { form: 'exec', args: [...req.args] } : { form: 'shell', command: req.args.join(' ') };
}

function keyValues(req: Request): T.KeyValue[] {
  atLeastOne(req);
  if (req.args.length % 3 !== 0) throw invalidArgument(`Bad input to ${req.upper}, too many arguments`);
  const pairs: T.KeyValue[] = [];
  for (let i = 0; i < req.args.length; i += 3) {
    if (req.args[i] === '') throw invalidArgument(`${req.upper} names can not be blank`);
    pairs.push({ key: req.args[i]!, value: req.args[i + 1]!, legacy: req.args[i + 2] === '' });
  }
  return pairs;
}

const stageNamePattern = /^[a-z][a-z0-9-_.]*$/u;

function parseFrom(req: Request): T.FromInstruction {
  const f = flags(req, { platform: 'string' });
  let stageName: string | undefined;
  if (req.args.length === 3 && req.args[1]!.toLowerCase() === 'as') {
    stageName = req.args[2]!.toLowerCase();
    if (!stageNamePattern.test(stageName)) {
      throw invalidArgument(`invalid name for build stage: ${goQuote(req.args[2]!)}, name can't start with a number or contain symbols`);
    }
  } else if (req.args.length !== 1) {
    throw invalidArgument('FROM requires either one or three arguments');
  }
  const out: T.FromInstruction = { kind: 'from', ...req.base, image: req.args[0]! };
  if (stageName !== undefined) out.stageName = stageName;
  const platform = f.strings.get('platform');
  if (platform !== undefined && platform !== '') out.platform = platform;
  return out;
}

function parseRun(req: Request): T.RunInstruction {
  const f = flags(req, { mount: 'strings', network: 'string', security: 'string', device: 'strings' });
  if (req.args.length === 0) throw invalidArgument('RUN requires at least one argument');
  const network = f.strings.get('network') ?? 'default';
  if (network !== 'default' && network !== 'none' && network !== 'host') throw invalidArgument(`invalid network mode ${goQuote(network)}`);
  const security = f.strings.get('security') ?? 'sandbox';
  if (security !== 'sandbox' && security !== 'insecure') throw invalidArgument(`security ${goQuote(security)} is not valid`);
  const mountSpecs = f.lists.get('mount') ?? [];
  for (const spec of mountSpecs) parseRunMount(spec);
  const devices = f.lists.get('device') ?? [];
  for (const spec of devices) parseRunDevice(spec);
  return {
    kind: 'run',
    ...req.base,
    command: commandLine(req),
    heredocs: req.node.heredocs.map((h) => ({ name: h.name, data: h.content, chomp: h.chomp, expand: h.expand })),
    mountSpecs,
    network,
    security,
    devices,
    flagsUsed: f.used,
  };
}

function sourcesAndDest(req: Request): Pick<T.CopyInstruction, 'sources' | 'inlineFiles' | 'dest' | 'json'> {
  if (req.args.length < 2) {
    throw invalidArgument(`${req.upper} requires at least two arguments, but only one was provided. Destination could not be determined`);
  }
  const dest = req.args[req.args.length - 1]!;
  if (parseHeredocWord(dest) !== undefined) throw invalidArgument(`${req.upper} cannot accept a heredoc as a destination`);
  const bodies = new Map(req.node.heredocs.map((h) => [h.name, h.content]));
  const sources: string[] = [];
  const inlineFiles: T.InlineFile[] = [];
  for (const src of req.args.slice(0, -1)) {
    const doc = parseHeredocWord(src);
    if (doc === undefined) {
      sources.push(src);
      continue;
    }
    const data = bodies.get(doc.name) ?? '';
    inlineFiles.push({ name: doc.name, data: doc.chomp ? chompHeredocContent(data) : data, expand: doc.expand });
  }
  return { sources, inlineFiles, dest, json: req.node.json };
}

function setIf<K extends string, V>(target: Partial<Record<K, V>>, key: K, value: V | undefined): void {
  if (value !== undefined) target[key] = value;
}

function parseCopy(req: Request): T.CopyInstruction {
  const paths = sourcesAndDest(req);
  const f = flags(req, { chown: 'string', from: 'string', chmod: 'string', link: 'bool', exclude: 'strings', parents: 'bool' });
  const out: T.CopyInstruction = {
    kind: 'copy',
    ...req.base,
    ...paths,
    link: f.bools.get('link') ?? false,
    parents: f.bools.get('parents') ?? false,
    excludes: f.lists.get('exclude') ?? [],
  };
  const from = f.strings.get('from');
  if (from !== undefined && from !== '') {
    // BuildKit: a --from value that would change under expansion is refused, even with no variables set.
    let unchanged = false;
    try {
      unchanged = new ShellLexer({ escapeToken: req.escapeToken }).processWord(from, []) === from;
    } catch {
      unchanged = false;
    }
    if (!unchanged) {
      throw invalidArgument('variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround');
    }
    out.from = from;
  }
  setIf(out, 'chown', nonEmpty(f.strings.get('chown')));
  setIf(out, 'chmod', nonEmpty(f.strings.get('chmod')));
  return out;
}

function parseAdd(req: Request): T.AddInstruction {
  const paths = sourcesAndDest(req);
  const f = flags(req, {
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
    unpack: 'bool',
    exclude: 'strings',
  });
  const out: T.AddInstruction = {
    kind: 'add',
    ...req.base,
    ...paths,
    link: f.bools.get('link') ?? false,
    excludes: f.lists.get('exclude') ?? [],
  };
  setIf(out, 'chown', nonEmpty(f.strings.get('chown')));
  setIf(out, 'chmod', nonEmpty(f.strings.get('chmod')));
  setIf(out, 'checksum', nonEmpty(f.strings.get('checksum')));
  setIf(out, 'keepGitDir', f.bools.get('keep-git-dir'));
  setIf(out, 'unpack', f.bools.get('unpack'));
  return out;
}

const nonEmpty = (s: string | undefined) => (s === '' ? undefined : s);

function parseArg(req: Request): T.ArgInstruction {
  atLeastOne(req);
  flags(req, noFlags);
  const args = req.args.map((word): T.ArgDeclaration => {
    const eq = word.indexOf('=');
    if (eq < 0) return { key: word };
    if (eq === 0) throw invalidArgument('ARG names can not be blank');
    return { key: word.slice(0, eq), defaultValue: word.slice(eq + 1) };
  });
  return { kind: 'arg', ...req.base, args };
}

/** Go's time.ParseDuration plus BuildKit's rule that a non-zero interval is at least 1ms. */
function interval(f: ParsedFlags, name: string): number {
  const text = f.strings.get(name);
  if (text === undefined || text === '') return 0;
  const ns = parseGoDuration(text);
  if (ns !== 0 && ns < 1_000_000) throw invalidArgument(`Interval ${goQuote(name)} cannot be less than 1ms`);
  return ns;
}

function parseHealthcheck(req: Request): T.HealthcheckInstruction {
  atLeastOne(req);
  const type = req.args[0]!.toUpperCase();
  const rest = req.args.slice(1);
  const none = { interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };
  if (type === 'NONE') {
    if (rest.length !== 0) throw invalidArgument('HEALTHCHECK NONE takes no arguments');
    if (req.node.flags.length > 0) throw invalidArgument('HEALTHCHECK NONE takes no flags');
    return { kind: 'healthcheck', ...req.base, test: ['NONE'], ...none };
  }
  const f = flags(req, { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' });
  if (type !== 'CMD') throw invalidArgument(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`);
  if (rest.length === 0) throw invalidArgument('Missing command after HEALTHCHECK CMD');
  const test = req.node.json ? ['CMD', ...rest] : ['CMD-SHELL', rest.join(' ')];
  let retries = 0;
  const retriesText = f.strings.get('retries');
  if (retriesText !== undefined && retriesText !== '') {
    const n = Number(retriesText);
    if (!/^[+-]?[0-9]+$/u.test(retriesText) || n < -(2 ** 31) || n > 2 ** 31 - 1) {
      throw invalidArgument(`--retries must be an integer, not ${goQuote(retriesText)}`);
    }
    retries = n;
    if (retries < 0) throw invalidArgument(`--retries cannot be negative (${retries})`);
  }
  return {
    kind: 'healthcheck',
    ...req.base,
    test,
    interval: interval(f, 'interval'),
    timeout: interval(f, 'timeout'),
    startPeriod: interval(f, 'start-period'),
    startInterval: interval(f, 'start-interval'),
    retries,
  };
}

function parseOnbuild(req: Request): T.OnbuildInstruction {
  atLeastOne(req);
  flags(req, noFlags);
  const trigger = goTrimSpace(req.args[0]!).toUpperCase();
  if (trigger === 'ONBUILD') throw invalidArgument('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  if (trigger === 'MAINTAINER' || trigger === 'FROM') throw invalidArgument(`${trigger} isn't allowed as an ONBUILD trigger`);
  // An unknown trigger could never run in the child build; BuildKit only notices there, Minato here.
  if (!Object.hasOwn(parsers, trigger.toLowerCase())) {
    throw invalidArgument(withSuggestion(`unknown ONBUILD trigger instruction: ${req.args[0]!}`, req.args[0]!, upperNames, false));
  }
  let expression = req.node.original.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/iu, '');
  for (const doc of req.node.heredocs) expression += '\n' + doc.content + doc.name;
  return { kind: 'onbuild', ...req.base, expression, trigger };
}

function parseShell(req: Request): T.ShellInstruction {
  flags(req, noFlags);
  atLeastOne(req);
  if (!req.node.json) throw invalidArgument('SHELL requires the arguments to be in JSON form');
  return { kind: 'shell', ...req.base, shell: [...req.args] };
}

type Parser = (req: Request) => T.Instruction;

const parsers: Record<string, Parser> = {
  from: parseFrom,
  run: parseRun,
  cmd: (req) => (flags(req, noFlags), { kind: 'cmd', ...req.base, command: commandLine(req) }),
  entrypoint: (req) => (flags(req, noFlags), { kind: 'entrypoint', ...req.base, command: commandLine(req) }),
  copy: parseCopy,
  add: parseAdd,
  env: (req) => (flags(req, noFlags), { kind: 'env', ...req.base, pairs: keyValues(req) }),
  label: (req) => (flags(req, noFlags), { kind: 'label', ...req.base, pairs: keyValues(req) }),
  arg: parseArg,
  workdir: (req) => {
    const path = exactlyOne(req);
    flags(req, noFlags);
    return { kind: 'workdir', ...req.base, path };
  },
  user: (req) => {
    const user = exactlyOne(req);
    flags(req, noFlags);
    return { kind: 'user', ...req.base, user };
  },
  maintainer: (req) => {
    const maintainer = exactlyOne(req);
    flags(req, noFlags);
    return { kind: 'maintainer', ...req.base, maintainer };
  },
  stopsignal: (req) => {
    const signal = exactlyOne(req);
    flags(req, noFlags);
    return { kind: 'stopsignal', ...req.base, signal };
  },
  expose: (req) => {
    atLeastOne(req);
    flags(req, noFlags);
    return { kind: 'expose', ...req.base, ports: [...req.args] };
  },
  volume: (req) => {
    atLeastOne(req);
    flags(req, noFlags);
    const paths = req.args.map((v) => v.trim());
    if (paths.includes('')) throw invalidArgument('VOLUME specified can not be an empty string');
    return { kind: 'volume', ...req.base, paths };
  },
  shell: parseShell,
  healthcheck: parseHealthcheck,
  onbuild: parseOnbuild,
};

const upperNames = INSTRUCTION_NAMES.map((n) => n.toUpperCase());

export interface InstructionOptions {
  fileName?: string;
  /** The file's escape token (ParseResult.escapeToken). */
  escapeToken?: string;
}

/** One parse-tree node to a typed instruction. Throws a located MinatoError. */
export function parseInstruction(node: DockerfileNode, options: InstructionOptions = {}): T.Instruction {
  const location: SourceLocation = { file: options.fileName ?? 'Dockerfile', line: node.startLine, endLine: node.endLine };
  return atLocation(location, () => {
    const parse = Object.hasOwn(parsers, node.name) ? parsers[node.name] : undefined;
    if (parse === undefined) {
      if (node.instruction === '') throw invalidArgument('empty instruction (a line continuation with nothing after it)');
      throw invalidArgument(withSuggestion(`unknown instruction: ${node.instruction}`, node.instruction, upperNames, false));
    }
    const escapeToken = options.escapeToken ?? '\\';
    return parse({ node, escapeToken, upper: node.name.toUpperCase(), args: nodeArgs(node), base: base(node) });
  });
}

/** Groups parsed instructions into stages; ARGs before the first FROM become meta args. */
export function toDockerfile(result: ParseResult, fileName = 'Dockerfile'): T.Dockerfile {
  const metaArgs: T.ArgInstruction[] = [];
  const stages: T.Stage[] = [];
  const warnings: { message: string; line: number }[] = result.warnings.map((w) => ({ message: w.message, line: w.line }));
  for (const node of result.nodes) {
    const inst = parseInstruction(node, { fileName, escapeToken: result.escapeToken });
    if (inst.kind === 'from') {
      const stage: T.Stage = { index: stages.length, baseImage: inst.image, from: inst, instructions: [] };
      if (inst.stageName !== undefined) {
        if (stages.some((s) => s.name === inst.stageName)) {
          warnings.push({ message: `Duplicate stage name ${goQuote(inst.stageName)}, stage names should be unique`, line: inst.line });
        }
        stage.name = inst.stageName;
      }
      if (inst.platform !== undefined) stage.platform = inst.platform;
      stages.push(stage);
      continue;
    }
    const current = stages[stages.length - 1];
    if (current === undefined) {
      if (inst.kind === 'arg') {
        metaArgs.push(inst);
        continue;
      }
      throw dockerfileError(
        { file: fileName, line: inst.line, endLine: inst.endLine },
        `no build stage in current context: ${node.instruction} must come after a FROM (only ARG may precede the first FROM)`,
      );
    }
    current.instructions.push(inst);
  }
  if (stages.length === 0) throw dockerfileError({ file: fileName, line: 0, endLine: 0 }, 'dockerfile contains no stages to build');
  return {
    metaArgs,
    stages,
    escapeToken: result.escapeToken,
    directives: result.directives.map((d) => ({ ...d })),
    warnings,
  };
}

/** Text to stages in one step: parseDockerfile + toDockerfile. */
export function parseDockerfileInstructions(text: string, options: ParseOptions = {}): T.Dockerfile {
  return toDockerfile(parseDockerfile(text, options), options.fileName);
}
