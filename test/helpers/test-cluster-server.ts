// A real `minato server` for tests: its own data dir under a temp dir, a free port on
// 127.0.0.1 (port 0: the server picks, the kubeconfig it writes says which), embedded SQLite or
// an etcd endpoint; and the real kubectl (a given minor version, called directly) pointed at it
// with its own discovery cache. stop() ends the server by its PID and removes the temp dir.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { kubectlVersionsDir } from './kubectl-versions.ts';
import { minatoBin, type RunResult, runProcess } from './test-daemon.ts';

export interface TestClusterServerOptions {
  datastoreEndpoint?: string;
  extraArgs?: string[];
}

export class TestClusterServer {
  readonly dir: string;
  readonly dataDir: string;
  readonly kubeconfig: string;
  private process: ChildProcess | undefined;
  private readonly logChunks: Buffer[] = [];
  private readonly options: TestClusterServerOptions;
  /** Extra flags for `minato server` (may be added to before start()). */
  readonly extraArgs: string[];
  /** https://127.0.0.1:PORT once started. */
  url = '';

  constructor(options: TestClusterServerOptions = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'minato-apiserver-test-'));
    this.dataDir = path.join(this.dir, 'data');
    this.kubeconfig = path.join(this.dir, 'kubeconfig.yaml');
    this.options = options;
    this.extraArgs = [...(options.extraArgs ?? [])];
  }

  get log(): string {
    return Buffer.concat(this.logChunks).toString();
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  async start(): Promise<void> {
    rmSync(this.kubeconfig, { force: true });
    const args = ['server', '--data-dir', this.dataDir, '--https-listen-port', this.url ? new URL(this.url).port : '0', '--bind-address', '127.0.0.1', '--write-kubeconfig', this.kubeconfig];
    if (this.options.datastoreEndpoint) args.push('--datastore-endpoint', this.options.datastoreEndpoint);
    args.push(...this.extraArgs);
    const child = spawn(minatoBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => this.logChunks.push(chunk));
    this.process = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`minato server exited with ${child.exitCode}:\n${this.log}`);
      if (existsSync(this.kubeconfig)) {
        const config = parseYaml(readFileSync(this.kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
        this.url = config.clusters[0]!.cluster.server;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`minato server did not come up within 30 s:\n${this.log}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async cleanup(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** `kubectl.1.MINOR ARGS` against this server (with its admin kubeconfig and a private cache). */
  kubectl(minor: string, args: string[], options: { input?: string; timeoutMs?: number; kubeconfig?: string } = {}): Promise<RunResult> {
    const dir = kubectlVersionsDir();
    if (!dir) throw new Error('kubectl is not installed');
    return runProcess(path.join(dir, `kubectl.1.${minor}`), ['--kubeconfig', options.kubeconfig ?? this.kubeconfig, '--cache-dir', path.join(this.dir, `kube-cache-${minor}`), ...args], {
      input: options.input,
      timeoutMs: options.timeoutMs ?? 30_000,
      env: { ...process.env, KUBECONFIG: '', HOME: this.dir },
    });
  }
}
