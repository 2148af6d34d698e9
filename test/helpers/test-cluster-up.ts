// A whole Minato cluster for a test: `minato up` (engine, API server, controllers, scheduler,
// node agent) in the test's own network namespace, with its own data root, data dir and node
// name — TestDaemon's mechanics (and its cleanup: every container, mount, cgroup and network
// object goes, pass or fail). The API server listens inside that namespace, so kubectl runs
// there too.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { kubectlVersionsDir } from './kubectl-versions.ts';
import { type RunResult, runProcess, TestDaemon } from './test-daemon.ts';

export class TestClusterUp extends TestDaemon {
  readonly nodeName: string;
  readonly kubeconfig: string;

  /** `upArgs`: more `minato up` flags (e.g. --node-monitor-grace-period). */
  constructor(options: { nodeName?: string; subnet?: string; upArgs?: string[] } = {}) {
    const nodeName = options.nodeName ?? 'minato-e2e';
    super({ verb: 'up', extraArgs: ['--bip', options.subnet ?? '10.89.0.1/24'], clusterArgs: [] });
    this.nodeName = nodeName;
    this.kubeconfig = path.join(this.dir, 'kubeconfig.yaml');
    this.clusterArgs.push('--data-dir', path.join(this.dir, 'server'), '--write-kubeconfig', this.kubeconfig, '--node-name', nodeName, ...(options.upArgs ?? []));
  }

  /** Starts the cluster and waits until its node is Ready. */
  override async start(): Promise<void> {
    await super.start();
    if (this.verb !== 'up') return;
    const deadline = Date.now() + 60_000;
    let last: RunResult | undefined;
    while (Date.now() < deadline) {
      if (existsSync(this.kubeconfig)) {
        last = await this.kubectl(['get', 'node', this.nodeName, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
        if (last.stdout === 'True') return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`node ${this.nodeName} not Ready within 60 s: ${last?.stderr ?? 'no kubeconfig'}\n${this.log}`);
  }

  /** The real kubectl 1.32, inside the cluster's network namespace. */
  kubectl(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    const dir = kubectlVersionsDir();
    if (!dir) throw new Error('kubectl is not installed');
    return runProcess('nsenter', [`--net=/run/netns/${this.netns}`, path.join(dir, 'kubectl.1.32'), '--kubeconfig', this.kubeconfig, '--cache-dir', path.join(this.dir, 'kube-cache'), ...args], {
      input: options.input,
      timeoutMs: options.timeoutMs ?? 60_000,
      env: { ...process.env, KUBECONFIG: '', HOME: this.dir },
    });
  }

  /** kubectl ARGS, which must exit 0 (the assertion says what it printed otherwise); its stdout. */
  async kubectlOk(args: string[], input?: string): Promise<string> {
    const result = await this.kubectl(args, input === undefined ? {} : { input });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}\n${result.stdout}`);
    return result.stdout;
  }
}

/**
 * A second node for a TestClusterUp: `minato agent` with its own data root, socket, cgroup parent
 * and pod subnet, in the cluster's network namespace (so it reaches the API server), joining with
 * the cluster's admin kubeconfig; its kubelet API on any free port (the cluster's node has 10250
 * on the same address). Clean it up before the cluster (the namespace is the cluster's).
 */
export class TestClusterAgent extends TestDaemon {
  readonly nodeName: string;

  constructor(cluster: TestClusterUp, options: { nodeName: string; subnet: string }) {
    super({ verb: 'agent', netns: cluster.netns, extraArgs: ['--bip', options.subnet], clusterArgs: ['--kubeconfig', cluster.kubeconfig, '--node-name', options.nodeName, '--kubelet-port', '0'] });
    this.nodeName = options.nodeName;
  }
}

/** Polls `probe` every 300 ms until it gives a value; fails the test after `timeoutMs`, saying what it waited for (and `context()`). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000, context?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}${context ? `\n${context()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
