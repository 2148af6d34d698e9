// A real etcd for tests: Debian's etcd-server (3.4) as a single-member cluster on loopback, on
// free ports, with a data directory of its own. stop() ends it by its PID and removes the
// directory; call it in an after() hook so it runs pass or fail.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const etcdBinary = '/usr/bin/etcd';

/** A reason to skip etcd tests, or false when etcd is installed. */
export function etcdMissing(): string | false {
  return existsSync(etcdBinary) ? false : `${etcdBinary} is not installed (Debian package etcd-server; make deps installs it)`;
}

/** A port nothing listens on right now (the kernel picks it; etcd binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Go's name for this machine's architecture. */
function goArch(): string {
  const names: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return names[process.arch] ?? process.arch;
}

/**
 * etcd reads every ETCD_* variable as a flag and refuses unknown ones, so none are inherited.
 * etcd 3.4 runs only on amd64 and ppc64le unless ETCD_UNSUPPORTED_ARCH names the architecture;
 * on those two, setting it is an error ("unrecognized environment variable").
 */
function etcdEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('ETCD_')) env[name] = value;
  const arch = goArch();
  if (arch !== 'amd64' && arch !== 'ppc64le') env.ETCD_UNSUPPORTED_ARCH = arch;
  return env;
}

export interface TestEtcdOptions {
  /** etcd's --experimental-watch-progress-notify-interval (default: etcd's 10 minutes). */
  progressNotifyIntervalMs?: number;
}

export class TestEtcd {
  readonly dir: string;
  readonly endpoint: string;
  private readonly child: ChildProcess;
  private readonly output: Buffer[] = [];

  private constructor(dir: string, clientPort: number, peerPort: number, options: TestEtcdOptions) {
    this.dir = dir;
    this.endpoint = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    const args = [
      '--name', 'default',
      '--data-dir', path.join(dir, 'data'),
      '--listen-client-urls', this.endpoint,
      '--advertise-client-urls', this.endpoint,
      '--listen-peer-urls', peer,
      '--initial-advertise-peer-urls', peer,
      '--initial-cluster', `default=${peer}`,
      '--initial-cluster-state', 'new',
      '--logger', 'zap',
      '--log-outputs', 'stderr',
    ];
    if (options.progressNotifyIntervalMs !== undefined) args.push('--experimental-watch-progress-notify-interval', `${options.progressNotifyIntervalMs}ms`);
    this.child = spawn(etcdBinary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: etcdEnvironment() });
    this.child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk));
  }

  /** Starts etcd and waits until it reports healthy. */
  static async start(options: TestEtcdOptions = {}): Promise<TestEtcd> {
    const dir = mkdtempSync(path.join(tmpdir(), 'minato-test-etcd-'));
    const etcd = new TestEtcd(dir, await freePort(), await freePort(), options);
    try {
      await etcd.waitHealthy();
    } catch (err) {
      await etcd.stop();
      throw err;
    }
    return etcd;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** etcd's log so far (for failure messages). */
  get log(): string {
    return Buffer.concat(this.output).toString('utf8');
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + 20_000;
    let last = '';
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`etcd exited (${this.child.exitCode ?? this.child.signalCode}) before it was healthy:\n${this.log.slice(-4000)}`);
      }
      try {
        const response = await fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
        last = await response.text();
        if (response.ok && (JSON.parse(last) as { health?: string }).health === 'true') return;
      } catch (err) {
        last = String(err);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`etcd at ${this.endpoint} not healthy within 20 s (last answer: ${last}):\n${this.log.slice(-4000)}`);
  }

  /** Ends etcd (SIGTERM, SIGKILL after 5 s) by its PID and removes its data directory. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
