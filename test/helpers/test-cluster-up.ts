// A whole Minato cluster for a test: `minato up` (engine, API server, controllers, scheduler,
// node agent) in the test's own network namespace, with its own data root, data dir and node
// name — TestDaemon's mechanics (and its cleanup: every container, mount, cgroup and network
// object goes, pass or fail). The API server listens inside that namespace, so kubectl runs
// there too.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { caCertHash } from '../../src/cluster/apiserver/pki/ca-cert-hash.ts';
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

  /** What `minato agent` joins this cluster with: --server, --token (DATA-DIR/node-token) and --discovery-token-ca-cert-hash. */
  joinArgs(): string[] {
    const config = parseYaml(readFileSync(this.kubeconfig, 'utf8')) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[] };
    const { server, 'certificate-authority-data': ca } = config.clusters[0]!.cluster;
    const token = readFileSync(path.join(this.dir, 'server', 'node-token'), 'utf8').trim();
    return ['--server', server, '--token', token, '--discovery-token-ca-cert-hash', caCertHash(Buffer.from(ca, 'base64').toString())];
  }

  /** The real kubectl 1.32, inside the cluster's network namespace. */
  kubectl(args: string[], options: { input?: string; timeoutMs?: number; kubeconfig?: string } = {}): Promise<RunResult> {
    const dir = kubectlVersionsDir();
    if (!dir) throw new Error('kubectl is not installed');
    return runProcess('nsenter', [`--net=/run/netns/${this.netns}`, path.join(dir, 'kubectl.1.32'), '--kubeconfig', options.kubeconfig ?? this.kubeconfig, '--cache-dir', path.join(this.dir, 'kube-cache'), ...args], {
      input: options.input,
      timeoutMs: options.timeoutMs ?? 60_000,
      env: { ...process.env, KUBECONFIG: '', HOME: this.dir },
    });
  }

  /**
   * One raw request to the API server as the admin user (its client certificate), from inside the
   * cluster's network namespace: `head` (request line and headers), then `extra` bytes; what the
   * server sent back before closing (or within 8 s). For what kubectl would check before sending.
   */
  async rawRequest(head: string, extra: Buffer = Buffer.alloc(0)): Promise<Buffer> {
    const user = JSON.parse(await this.kubectlOk(['config', 'view', '--raw', '-o', 'jsonpath={.users[0].user}'])) as Record<string, string>;
    const { port } = new URL(await this.kubectlOk(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server}']));
    const script = `
      const tls = await import('node:tls');
      const [cert, key, port, head, extra] = process.argv.slice(1);
      const socket = tls.connect({ host: '127.0.0.1', port: Number(port), cert: Buffer.from(cert, 'base64'), key: Buffer.from(key, 'base64'), rejectUnauthorized: false });
      const chunks = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('secureConnect', () => socket.write(head + Buffer.from(extra, 'hex').toString('latin1'), 'latin1'));
      const done = () => { process.stdout.write(Buffer.concat(chunks).toString('hex')); process.exit(0); };
      socket.on('close', done);
      socket.on('error', done);
      setTimeout(done, 8000);`;
    const result = await this.inNetns(process.execPath, ['--input-type=module', '-e', script, user['client-certificate-data']!, user['client-key-data']!, port, head, extra.toString('hex')], { timeoutMs: 20_000 });
    return Buffer.from(result.stdout, 'hex');
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
 * and pod subnet, in the cluster's network namespace (so it reaches the API server). It joins as
 * `kubeadm join` does — --server, the bootstrap token the cluster wrote to DATA-DIR/node-token and
 * --discovery-token-ca-cert-hash — or, with join 'kubeconfig', with the cluster's admin kubeconfig.
 * Its kubelet API on any free port (the cluster's node has 10250 on the same address). Clean it
 * up before the cluster (the namespace is the cluster's).
 */
export class TestClusterAgent extends TestDaemon {
  readonly nodeName: string;

  constructor(cluster: TestClusterUp, options: { nodeName: string; subnet: string; join?: 'token' | 'kubeconfig' }) {
    const joinArgs = options.join === 'kubeconfig' ? ['--kubeconfig', cluster.kubeconfig] : cluster.joinArgs();
    super({ verb: 'agent', netns: cluster.netns, extraArgs: ['--bip', options.subnet], clusterArgs: [...joinArgs, '--node-name', options.nodeName, '--kubelet-port', '0'] });
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
