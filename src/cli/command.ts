// Running one CLI verb: commander for the flags, Docker's wording and exit codes for mistakes
// (125 for usage errors, "Error response from daemon: …" and 1 for refusals).
import { Command, CommanderError } from 'commander';
import { ConnectionError, DaemonClient, DaemonError } from './client.ts';
import type { CliContext } from './context.ts';

export interface VerbSpec {
  /** As the user types it, e.g. "stop" or "volume create". */
  name: string;
  usage: string;
  description: string;
  /** Minimum and maximum positional arguments (max undefined = any). */
  args?: { min: number; max?: number };
  /** Options after the first positional belong to the container command (run, exec). */
  passThrough?: boolean;
  configure?(command: Command): void;
  action(args: string[], options: Record<string, unknown>, client: DaemonClient): Promise<number | void>;
}

export class UsageError extends Error {}

/** An error that the CLI reports as is, with its own exit code. */
export class CliFailure extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** For repeatable flags: `-e A -e B`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function argumentCountMessage(spec: VerbSpec, count: number): string | undefined {
  const { min, max } = spec.args ?? { min: 0 };
  const what = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (max !== undefined && min === max && count !== min) return `"minato ${spec.name}" requires exactly ${what(min)}.`;
  if (count < min) return `"minato ${spec.name}" requires at least ${what(min)}.`;
  if (max !== undefined && count > max) return `"minato ${spec.name}" accepts at most ${what(max)}.`;
  return undefined;
}

function commanderMessage(err: CommanderError): string {
  const unknown = /unknown option '([^']+)'/.exec(err.message);
  if (unknown) return `unknown flag: ${unknown[1]}`;
  const missing = /option '([^']+)' argument missing/.exec(err.message);
  if (missing) return `flag needs an argument: ${missing[1]!.split(/[ ,]/).at(-1)}`;
  return err.message.replace(/^error: /, '');
}

export async function runVerb(spec: VerbSpec, argv: string[], context: CliContext): Promise<number> {
  const command = new Command(`minato ${spec.name}`)
    .usage(spec.usage)
    .description(spec.description)
    .helpOption('--help', 'Print usage')
    .allowExcessArguments(true)
    .argument('[args...]')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  if (spec.passThrough) command.passThroughOptions();
  spec.configure?.(command);
  const seeHelp = `See 'minato ${spec.name} --help'.`;
  try {
    command.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      process.stderr.write(`${commanderMessage(err)}\n${seeHelp}\n`);
      return 125;
    }
    throw err;
  }
  const args = command.args;
  const countProblem = argumentCountMessage(spec, args.length);
  if (countProblem) {
    process.stderr.write(`${countProblem}\n${seeHelp}\n\nUsage:  minato ${spec.name} ${spec.usage}\n\n${spec.description}\n`);
    return 125;
  }
  try {
    const code = await spec.action(args, command.opts(), new DaemonClient(context.host));
    return code ?? 0;
  } catch (err) {
    return reportError(err, seeHelp);
  }
}

export function reportError(err: unknown, seeHelp: string): number {
  if (err instanceof DaemonError) {
    process.stderr.write(`Error response from daemon: ${err.message}\n`);
    return 1;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n${seeHelp}\n`);
    return 125;
  }
  if (err instanceof CliFailure) {
    if (err.message) process.stderr.write(`${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof ConnectionError) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

/** Runs an action per argument (stop a b c): prints each name on success, errors as they come. */
export async function forEachArgument(args: string[], action: (arg: string) => Promise<void>, options: { echo?: boolean } = {}): Promise<number> {
  let failed = false;
  for (const arg of args) {
    try {
      await action(arg);
      if (options.echo !== false) process.stdout.write(`${arg}\n`);
    } catch (err) {
      failed = true;
      if (err instanceof DaemonError) process.stderr.write(`Error response from daemon: ${err.message}\n`);
      else throw err;
    }
  }
  return failed ? 1 : 0;
}
