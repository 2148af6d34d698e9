// A long-running kubectl (port-forward, attach, logs -f …) started by a test in a TestClusterUp's
// network namespace: its output is collected as it comes, its stdin is a pipe the test writes to
// (or nothing), and it is stopped by its own PID. With `terminal`, kubectl runs on a pseudo-
// terminal of that size that util-linux `script` holds (what `-t` needs): the pipe is what is
// typed, stdout is what the terminal shows (stderr included).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { kubectlVersionsDir } from './kubectl-versions.ts';
import { type TestClusterUp, until } from './test-cluster-up.ts';

export class KubectlProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** The exit code; null when it was ended by a signal. */
  readonly exited: Promise<number | null>;

  /** `stdin: 'pipe'` gives the test `write`/`endInput`; otherwise kubectl's stdin is /dev/null. */
  constructor(cluster: TestClusterUp, args: string[], options: { env?: Record<string, string>; stdin?: 'pipe' | 'ignore'; terminal?: { rows: number; cols: number } } = {}) {
    const kubectl = [path.join(kubectlVersionsDir()!, 'kubectl.1.32'), '--kubeconfig', cluster.kubeconfig, '--cache-dir', path.join(cluster.dir, 'kube-cache'), ...args];
    const terminal = options.terminal;
    // script -e: its exit code is kubectl's; -f: output is passed on as it comes.
    const command = terminal ? ['script', '-qefc', `stty rows ${terminal.rows} cols ${terminal.cols}; exec ${kubectl.map(shellQuote).join(' ')}`, '/dev/null'] : kubectl;
    this.child = spawn('nsenter', [`--net=/run/netns/${cluster.netns}`, ...command], {
      env: { ...process.env, KUBECONFIG: '', HOME: cluster.dir, ...options.env },
      stdio: [terminal ? 'pipe' : (options.stdin ?? 'ignore'), 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.stdin?.on('error', () => undefined); // kubectl may exit before reading everything
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  write(text: string): void {
    assert.ok(this.child.stdin, 'kubectl was started without a stdin pipe');
    this.child.stdin.write(text);
  }

  endInput(): void {
    this.child.stdin?.end();
  }

  /** Waits until `probe(stdout)` holds (failing, with what kubectl printed, if it exits first or after `timeoutMs`). */
  async waitForOutput<T>(what: string, probe: (stdout: string) => T | undefined | false, timeoutMs = 30_000): Promise<T> {
    return until(what, async () => {
      const value = probe(this.stdout);
      if (value) return value;
      if (this.child.exitCode !== null || this.child.signalCode !== null) assert.fail(`kubectl exited ${this.child.exitCode ?? this.child.signalCode} before ${what}: ${this.stderr}\n${this.stdout}`);
      return undefined;
    }, timeoutMs, () => `stdout: ${this.stdout}\nstderr: ${this.stderr}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

const shellQuote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
