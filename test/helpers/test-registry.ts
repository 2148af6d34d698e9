// A real OCI distribution registry for tests: Debian's docker-registry (distribution 2.8), run
// as `docker-registry serve CONFIG` (as its systemd unit does) inside a test daemon's network
// namespace, so that the daemon reaches it at 127.0.0.1:PORT. Storage is a directory under the
// daemon's test directory. Authentication: none, htpasswd (bcrypt lines from bcryptjs), or
// token (a realm served by test/helpers/fake-token-server.ts, also started here).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import bcrypt from 'bcryptjs';
import { repoRoot, type TestDaemon } from './test-daemon.ts';

export const registryBinary = '/usr/bin/docker-registry';
const nodeBinary = existsSync(path.join(repoRoot, '.node', 'bin', 'node')) ? path.join(repoRoot, '.node', 'bin', 'node') : process.execPath;

export type RegistryAuth = { kind: 'none' } | { kind: 'htpasswd'; users: Record<string, string> } | { kind: 'token'; users: Record<string, string> };

/** A free-looking port: the daemon's network namespace is new, so collisions are its own. */
let nextPort = 20_000 + Math.floor(Math.random() * 20_000);

class Child {
  readonly process: ChildProcess;
  private readonly chunks: Buffer[] = [];

  constructor(netns: string, command: string, args: string[]) {
    this.process = spawn('nsenter', [`--net=/run/netns/${netns}`, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.process.stderr!.on('data', (chunk: Buffer) => this.chunks.push(chunk));
  }

  get output(): string {
    return Buffer.concat(this.chunks).toString();
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export class TestRegistry {
  readonly daemon: TestDaemon;
  readonly name: string;
  readonly auth: RegistryAuth;
  readonly dir: string;
  readonly port = nextPort++;
  /** Where the daemon (and nsenter'd tools) reach it: 127.0.0.1:PORT unless another address is given. */
  readonly host: string;
  readonly tokenPort = nextPort++;
  readonly service = 'minato-test-registry';
  private registry: Child | undefined;
  private tokenServer: Child | undefined;

  /** `address`: an address of the daemon's network namespace to listen on (default 127.0.0.1). */
  constructor(daemon: TestDaemon, name: string, auth: RegistryAuth, options: { address?: string } = {}) {
    this.daemon = daemon;
    this.name = name;
    this.auth = auth;
    this.host = `${options.address ?? '127.0.0.1'}:${this.port}`;
    this.dir = path.join(daemon.dir, `registry-${name}`);
  }

  /** The registry's log: its access log shows every request (mounts included). */
  get log(): string {
    return this.registry?.output ?? '';
  }

  get tokenLog(): string {
    return this.tokenServer?.output ?? '';
  }

  async start(): Promise<void> {
    mkdirSync(path.join(this.dir, 'storage'), { recursive: true });
    const lines = [
      'version: 0.1',
      'log:',
      '  level: info',
      '  accesslog:',
      '    disabled: false',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(this.dir, 'storage')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${this.host}`,
    ];
    if (this.auth.kind === 'htpasswd') {
      const htpasswd = path.join(this.dir, 'htpasswd');
      writeFileSync(htpasswd, Object.entries(this.auth.users).map(([user, password]) => `${user}:${bcrypt.hashSync(password, 5)}\n`).join(''));
      lines.push('auth:', '  htpasswd:', '    realm: minato-test', `    path: ${htpasswd}`);
    }
    if (this.auth.kind === 'token') {
      const key = path.join(this.dir, 'token-key.pem');
      const cert = path.join(this.dir, 'token-cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=minato-fake-token-issuer'], { stdio: 'ignore' });
      const issuer = 'minato-fake-token-issuer';
      const realm = `http://127.0.0.1:${this.tokenPort}/token`;
      lines.push('auth:', '  token:', `    realm: ${realm}`, `    service: ${this.service}`, `    issuer: ${issuer}`, `    rootcertbundle: ${cert}`);
      const users = Object.entries(this.auth.users).flatMap(([user, password]) => ['--user', `${user}:${password}`]);
      this.tokenServer = new Child(this.daemon.netns, nodeBinary, [
        path.join(repoRoot, 'test', 'helpers', 'fake-token-server.ts'),
        '--listen', `127.0.0.1:${this.tokenPort}`, '--key', key, '--cert', cert, '--issuer', issuer, '--service', this.service, ...users,
      ]);
      await this.waitFor(() => this.tokenServer!.output.includes('listening'), 'the fake token server', this.tokenServer);
    }
    const config = path.join(this.dir, 'config.yml');
    writeFileSync(config, `${lines.join('\n')}\n`);
    this.registry = new Child(this.daemon.netns, registryBinary, ['serve', config]);
    await this.waitFor(async () => {
      const probe = await this.daemon.inNetns('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${this.host}/v2/`], { timeoutMs: 3000 });
      return probe.stdout === '200' || probe.stdout === '401';
    }, 'the registry', this.registry);
  }

  private async waitFor(ready: () => boolean | Promise<boolean>, what: string, child: Child): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.process.exitCode !== null) throw new Error(`${what} exited with ${child.process.exitCode}:\n${child.output}`);
      if (await ready()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} did not come up within 20 s:\n${child.output}`);
  }

  async stop(): Promise<void> {
    await this.registry?.stop();
    await this.tokenServer?.stop();
  }
}
