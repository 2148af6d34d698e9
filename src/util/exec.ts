// Running a helper program (crun, mount, iptables, ...) and collecting what it said.
import { spawn } from 'node:child_process';
import { internal } from './errors.ts';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  timeoutMs?: number;
  /** Resolve with the result instead of throwing when the command exits non-zero. */
  allowFailure?: boolean;
}

/** Runs a program to completion. Throws (unless allowFailure) with its stderr when it fails. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => reject(internal(`cannot run ${command}: ${err.message}`, err)));
    child.on('close', (code, signal) => {
      const result: CommandResult = {
        code,
        signal,
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
      };
      if (code === 0 || options.allowFailure) return resolve(result);
      const why = result.stderr.trim() || result.stdout.trim() || (signal ? `killed by ${signal}` : `exit status ${code}`);
      reject(internal(`${command} ${args.join(' ')}: ${why}`));
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}
