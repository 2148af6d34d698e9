// Typed Dockerfile instructions, what the builder executes. Values are as written in the file:
// variables are NOT expanded and quotes in ENV/LABEL/ARG values and COPY paths are NOT removed yet;
// the builder passes each instruction through expandInstruction() (expansion.ts) with the stage's
// environment right before executing it. FROM is expanded with the global ARGs (build-args.ts).
import type { RunMount } from './run-mount.ts';

export interface InstructionBase {
  /** 1-based first and last line of the instruction (heredoc bodies included). */
  line: number;
  endLine: number;
  /** The instruction's text with continuations joined, for build output and history. */
  source: string;
}

/** A command line in shell form (run by the stage's SHELL) or exec form (a JSON array). */
export type CommandLine = { form: 'shell'; command: string } | { form: 'exec'; args: string[] };

export interface KeyValue {
  key: string;
  value: string;
  /** Written in the legacy `ENV key value` form (BuildKit warns about it). */
  legacy: boolean;
}

export interface ArgDeclaration {
  key: string;
  /** The default as written (quotes kept; expand with processWord), or undefined for `ARG NAME`. */
  defaultValue?: string;
}

/** A heredoc used as a file by COPY/ADD. `data` is already chomped for `<<-`. */
export interface InlineFile {
  name: string;
  data: string;
  /** The delimiter was unquoted: variables in `data` are expanded (expandInstruction does it). */
  expand: boolean;
}

/** A heredoc attached to RUN. `data` is as written; `chomp` says whether to strip leading tabs. */
export interface ShellInlineFile {
  name: string;
  data: string;
  chomp: boolean;
  expand: boolean;
}

export interface FromInstruction extends InstructionBase {
  kind: 'from';
  /** Image reference, `scratch`, or an earlier stage's name; may contain global ARG references. */
  image: string;
  /** Lower-case stage name from `AS name`. */
  stageName?: string;
  /** `--platform` as written (may use global ARGs such as $BUILDPLATFORM). */
  platform?: string;
}

export interface RunInstruction extends InstructionBase {
  kind: 'run';
  command: CommandLine;
  heredocs: ShellInlineFile[];
  /** Raw `--mount` values; expandInstruction() fills `mounts`. */
  mountSpecs: string[];
  /** Parsed mounts, present after expandInstruction(). */
  mounts?: RunMount[];
  network: 'default' | 'none' | 'host';
  security: 'sandbox' | 'insecure';
  /** Raw `--device` values (CDI device names). */
  devices: string[];
  /** Flags that were given (`mount`, `network`, ...), so the builder can refuse what it does not support. */
  flagsUsed: string[];
}

export interface CmdInstruction extends InstructionBase {
  kind: 'cmd';
  command: CommandLine;
}

export interface EntrypointInstruction extends InstructionBase {
  kind: 'entrypoint';
  command: CommandLine;
}

interface CopyLike extends InstructionBase {
  /** Paths (or URLs/git refs for ADD), as written. */
  sources: string[];
  /** Heredoc sources, in the order written. */
  inlineFiles: InlineFile[];
  dest: string;
  chown?: string;
  chmod?: string;
  link: boolean;
  excludes: string[];
  /** The sources were given in JSON form. */
  json: boolean;
}

export interface CopyInstruction extends CopyLike {
  kind: 'copy';
  /** `--from`: stage name, stage index or image; never contains variables. */
  from?: string;
  parents: boolean;
}

export interface AddInstruction extends CopyLike {
  kind: 'add';
  keepGitDir?: boolean;
  checksum?: string;
  unpack?: boolean;
}

export interface EnvInstruction extends InstructionBase {
  kind: 'env';
  pairs: KeyValue[];
}

export interface LabelInstruction extends InstructionBase {
  kind: 'label';
  pairs: KeyValue[];
}

export interface ArgInstruction extends InstructionBase {
  kind: 'arg';
  args: ArgDeclaration[];
}

export interface WorkdirInstruction extends InstructionBase {
  kind: 'workdir';
  path: string;
}

export interface UserInstruction extends InstructionBase {
  kind: 'user';
  user: string;
}

export interface ExposeInstruction extends InstructionBase {
  kind: 'expose';
  /** As written; expansion may split one entry into several ports. */
  ports: string[];
}

export interface VolumeInstruction extends InstructionBase {
  kind: 'volume';
  paths: string[];
}

export interface ShellInstruction extends InstructionBase {
  kind: 'shell';
  shell: string[];
}

export interface StopSignalInstruction extends InstructionBase {
  kind: 'stopsignal';
  signal: string;
}

/** As in the Docker API's HealthConfig: durations in nanoseconds, 0 meaning "inherit/default". */
export interface HealthcheckInstruction extends InstructionBase {
  kind: 'healthcheck';
  /** `["NONE"]`, `["CMD", ...args]` (exec form) or `["CMD-SHELL", command]`. */
  test: string[];
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

export interface OnbuildInstruction extends InstructionBase {
  kind: 'onbuild';
  /** The trigger text stored in the image (e.g. `RUN make`), heredoc bodies appended. */
  expression: string;
  /** The trigger's instruction name, upper case. */
  trigger: string;
}

export interface MaintainerInstruction extends InstructionBase {
  kind: 'maintainer';
  maintainer: string;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | CopyInstruction
  | AddInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | WorkdirInstruction
  | UserInstruction
  | ExposeInstruction
  | VolumeInstruction
  | ShellInstruction
  | StopSignalInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | MaintainerInstruction;

/** Instructions that may appear inside a stage (everything but FROM). */
export type StageInstruction = Exclude<Instruction, FromInstruction>;

export interface Stage {
  /** 0-based position; `COPY --from=0` refers to it. */
  index: number;
  /** Lower-case name from `FROM ... AS name`. */
  name?: string;
  /** The base as written (expand with the global ARGs: resolveStageBase in build-args.ts). */
  baseImage: string;
  platform?: string;
  from: FromInstruction;
  instructions: StageInstruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM: usable in FROM lines, and inside a stage when re-declared. */
  metaArgs: ArgInstruction[];
  stages: Stage[];
  escapeToken: string;
  /** `# syntax=`, `# escape=`, `# check=` directives (Minato has no frontend images; `syntax` is informational). */
  directives: { name: string; value: string; line: number }[];
  warnings: { message: string; line: number }[];
}
