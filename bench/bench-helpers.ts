// What the benches share: statistics and figures, timed commands, Ctrl-C handling, progress
// lines, and a private mount namespace for the containers/* tools (buildah, skopeo), which write
// to fixed places of the machine outside the storage they are given (lock files, an IPAM
// database, a blob-info cache).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Output {
  ms: number;
  stdout: string;
  stderr: string;
}

let interrupted: string | undefined;

/**
 * Ctrl-C (or SIGTERM) does not kill the bench outright: the command running fails (it got the
 * signal too, or is waited for), no new one starts, and the bench's `finally` cleans up.
 */
export function cleanUpOnInterrupt(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = signal;
      process.stderr.write(`${signal}: stopping after the current command, then cleaning up\n`);
    });
  }
}

/**
 * Runs a command to completion and times it; fails unless it exits 0, and without starting it
 * once the bench was interrupted. Asynchronous on purpose: the test daemon's stderr is a pipe
 * into this process, which must keep reading it meanwhile.
 */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Output> {
  if (interrupted) return Promise.reject(new Error(`interrupted (${interrupted})`));
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const result = { ms, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${result.stdout}\n${result.stderr}`));
      else resolve(result);
    });
  });
}

export function which(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export function must(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
}

/**
 * Runs a program in a network namespace and a private mount namespace where the given host
 * directories are empty tmpfs: what the program writes there vanishes with the namespace.
 * Mount points that do not exist are made by setUp() and removed by tearDown() (when still
 * empty: nothing else started using them meanwhile).
 */
export class PrivateState {
  readonly netns: string;
  private readonly dirs: string[];
  private readonly tag: string;
  private readonly created: { dir: string; top: string }[] = [];

  constructor(options: { netns: string; dirs: string[]; tag: string }) {
    this.netns = options.netns;
    this.dirs = options.dirs;
    this.tag = options.tag;
  }

  setUp(): void {
    for (const dir of this.dirs) {
      let top: string | undefined;
      for (let at = dir; at !== '/' && !existsSync(at); at = path.dirname(at)) top = at;
      if (top) {
        mkdirSync(dir, { recursive: true });
        this.created.push({ dir, top });
      }
    }
  }

  /** nsenter arguments that run `command args…` inside. */
  args(command: string, args: string[]): string[] {
    const mounts = this.dirs.map((dir) => `mount -t tmpfs -o mode=0700 ${this.tag} ${dir}`).join(' && ');
    return [`--net=/run/netns/${this.netns}`, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', `${mounts} && exec "$@"`, 'sh', command, ...args];
  }

  run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Output> {
    return run('nsenter', this.args(command, args), env);
  }

  tearDown(): void {
    for (const { dir, top } of this.created.splice(0).reverse()) {
      for (let at = dir; ; at = path.dirname(at)) {
        try {
          rmdirSync(at);
        } catch {
          break; // not empty: something else uses it now
        }
        if (at === top) break;
      }
    }
  }
}

/** Ctrl-C or SIGTERM seen (its name), if any: the benches stop at the next step, then clean up. */
let interruptedBy: string | undefined;

/** From now on, SIGINT/SIGTERM mark the run interrupted instead of killing it (then `onInterrupt`). */
export function stopAtNextStepOnInterrupt(onInterrupt?: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interruptedBy) return;
      interruptedBy = signal;
      process.stderr.write(`${signal}: stopping after the current step, then cleaning up\n`);
      onInterrupt?.();
    });
  }
}

export function interruption(): string | undefined {
  return interruptedBy;
}

/** Throws once the run was interrupted. */
export function checkInterrupted(): void {
  if (interruptedBy) throw new Error(`interrupted (${interruptedBy})`);
}

/** `count` tasks, `parallel` at a time; each task gets its index. Stops starting tasks once interrupted. */
export async function inParallel(count: number, parallel: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      checkInterrupted();
      await task(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

/** Nearest-rank percentile of unsorted values (NaN for none). */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (value: number) => (Number.isNaN(value) ? '—' : value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(value >= 10 ? 1 : 2)} ms`);
export const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
export const num = (value: number) => Math.round(value).toLocaleString('en-US');

/** A progress line on stderr, stamped with the time of day. */
export const phase = (text: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

/** The pod the cluster benches run: busybox httpd serving /www on port 80, small requests, a 1 s grace period. */
export function busyboxHttpdPodSpec(more: Partial<Container> = {}): PodSpec {
  return {
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: 'httpd',
        image: 'busybox',
        imagePullPolicy: 'IfNotPresent',
        command: ['httpd', '-f', '-p', '80', '-h', '/www'],
        ports: [{ containerPort: 80 }],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        ...more,
      },
    ],
  };
}
