// A real Minato daemon for a test: its own data root under /tmp (prefix minato-test-), its own
// socket, exec root and cgroup parent, started through bin/minato like a user would. stop()
// removes every container, mount, cgroup and file it made, pass or fail.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { derivedDefaults } from '../../src/engine/daemon/daemon.ts';
import { writeBusyboxRootfs } from '../fixtures/busybox-rootfs.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const minatoBin = path.join(repoRoot, 'bin', 'minato');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Runs a command to completion (with an optional stdin), never throwing on non-zero. */
export function runProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer; timeoutMs?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // a child that exits without reading its stdin
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.end(options.input ?? '');
  });
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mountPoint): mountPoint is string => !!mountPoint && mountPoint.startsWith(dir))
    .sort((a, b) => b.length - a.length);
}

/** The network namespace a test daemon lives in: bridges, veths and iptables rules stay inside. */
function createTestNetns(name: string): void {
  for (const args of [['netns', 'add', name], ['-n', name, 'link', 'set', 'lo', 'up']]) {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
  }
}

export class TestDaemon {
  readonly dir: string;
  /** The daemon's network namespace (created by the test and removed by cleanup, unless given: then another's). */
  readonly netns: string;
  private readonly ownsNetns: boolean;
  readonly dataRoot: string;
  readonly socket: string;
  readonly host: string;
  readonly cgroupParent: string;
  private process: ChildProcess | undefined;
  private logChunks: Buffer[] = [];
  private readonly extraArgs: string[];
  /** `daemon`, or `up` (the whole cluster) / `agent` (a node joining one) with `clusterArgs` (test/helpers/test-cluster-up.ts). */
  protected verb: 'daemon' | 'up' | 'agent';
  protected readonly clusterArgs: string[];

  /** `netns`: run in this existing network namespace (another test daemon's) instead of a new one of its own. */
  constructor(options: { extraArgs?: string[]; verb?: 'daemon' | 'up' | 'agent'; clusterArgs?: string[]; netns?: string } = {}) {
    this.verb = options.verb ?? 'daemon';
    this.clusterArgs = options.clusterArgs ?? [];
    this.dir = mkdtempSync(path.join(tmpdir(), 'minato-test-'));
    this.ownsNetns = options.netns === undefined;
    this.netns = options.netns ?? path.basename(this.dir);
    if (this.ownsNetns) createTestNetns(this.netns);
    this.dataRoot = path.join(this.dir, 'data');
    this.socket = path.join(this.dir, 'minato.sock');
    this.host = `unix://${this.socket}`;
    this.cgroupParent = derivedDefaults(this.dataRoot).cgroupParent;
    this.extraArgs = options.extraArgs ?? [];
  }

  get log(): string {
    return Buffer.concat(this.logChunks).toString();
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Starts (or restarts) the daemon and waits until it answers. */
  async start(): Promise<void> {
    // Only the network namespace is the test's own (not the mount namespace): the daemon's
    // overlay mounts stay visible to the test and to its cleanup.
    const child = spawn('nsenter', [`--net=/run/netns/${this.netns}`, minatoBin, this.verb, '--data-root', this.dataRoot, '-H', this.host, ...this.extraArgs, ...(this.verb !== 'daemon' ? this.clusterArgs : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => this.logChunks.push(chunk));
    this.process = child;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`daemon exited with ${child.exitCode}:\n${this.log}`);
      const ping = await runProcess('curl', ['-s', '--unix-socket', this.socket, 'http://d/_ping'], { timeoutMs: 2000 }).catch(() => undefined);
      if (ping?.stdout === 'OK') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`daemon did not answer within 20 s:\n${this.log}`);
  }

  /** Stops the daemon the polite way (SIGTERM); containers keep running. */
  async stopDaemon(): Promise<void> {
    const child = this.process;
    // A process killed by a signal has signalCode set and exitCode null.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** kill -9 of the daemon process only. */
  async killDaemon(): Promise<void> {
    const child = this.process;
    // A process killed by a signal has signalCode set and exitCode null.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Runs a program inside the daemon's network namespace (curl to a published port, …). */
  inNetns(command: string, args: string[], options: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<RunResult> {
    return runProcess('nsenter', [`--net=/run/netns/${this.netns}`, command, ...args], options);
  }

  /** Network namespaces the daemon made for its containers (they carry its cgroup parent's name). */
  containerNetns(): string[] {
    const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    return list.split('\n').map((line) => line.split(' ')[0]!).filter((name) => name.startsWith(`${this.cgroupParent}-`));
  }

  /** Runs `minato ARGS` against this daemon. */
  minato(args: string[], options: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
    return runProcess(minatoBin, args, { env: { ...process.env, ...options.env, MINATO_HOST: this.host }, input: options.input, timeoutMs: options.timeoutMs });
  }

  /** Runs `minato ARGS` and fails the test unless it exits 0; returns trimmed stdout. */
  async ok(args: string[], options: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<string> {
    const result = await this.minato(args, options);
    if (result.code !== 0) throw new Error(`minato ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** Imports the busybox test image as `name`. */
  async importBusybox(name = 'busybox'): Promise<void> {
    const tar = path.join(this.dir, 'busybox-rootfs.tar');
    if (!existsSync(tar)) await writeBusyboxRootfs(tar);
    await this.ok(['import', tar, name]);
  }

  /** Removes everything: containers (killed), the daemon, mounts, cgroups, files. */
  async cleanup(): Promise<void> {
    try {
      if (this.verb !== 'daemon') {
        // A cluster would put its pods back while they are removed: stop it, then let a plain
        // daemon on the same data root remove the containers.
        await this.stopDaemon();
        this.verb = 'daemon';
        await this.start().catch(() => undefined);
      }
      if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
        const ids = (await this.minato(['ps', '-aq', '--no-trunc'])).stdout.split('\n').filter(Boolean);
        if (ids.length > 0) await this.minato(['rm', '-f', ...ids], { timeoutMs: 60_000 });
      }
    } finally {
      await this.stopDaemon();
      this.killLeftoverContainers();
      for (const mountPoint of mountsUnder(this.dir)) spawnSync('umount', ['-l', mountPoint]);
      this.removeCgroups();
      // The daemon's namespace holds its bridge, the veths and its iptables rules: deleting it
      // takes them all; the containers' namespaces go after it.
      for (const name of [...this.containerNetns(), ...(this.ownsNetns ? [this.netns] : [])]) spawnSync('ip', ['netns', 'delete', name]);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Containers whose conmon outlived a failed test: kill them by the PIDs their bundle recorded. */
  private killLeftoverContainers(): void {
    const containers = path.join(this.dataRoot, 'containers');
    if (!existsSync(containers)) return;
    for (const id of readdirSync(containers)) {
      for (const file of ['pidfile', 'conmon.pid']) {
        const pidFile = path.join(containers, id, file);
        if (!existsSync(pidFile)) continue;
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
        if (pid > 1 && (file === 'pidfile' || cmdline.includes(id))) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }
  }

  private removeCgroups(): void {
    const root = '/sys/fs/cgroup';
    const candidates = [path.join(root, this.cgroupParent), ...readdirSync(root).map((name) => path.join(root, name, this.cgroupParent))];
    for (const dir of candidates) {
      if (!existsSync(dir)) continue;
      for (const child of readdirSync(dir, { withFileTypes: true })) if (child.isDirectory()) rmdirQuietly(path.join(dir, child.name));
      rmdirQuietly(dir);
    }
  }
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // busy or gone
  }
}

/**
 * What is still on the machine that mentions `dir` (a test's directory): processes, mounts,
 * the cgroup `cgroupParent` in any hierarchy, the directory itself. Empty after a clean teardown.
 */
export function leftoversMentioning(dir: string, cgroupParent?: string): string[] {
  const leftovers: string[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) if (line.includes(dir)) leftovers.push(`mount: ${line}`);
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (cmdline.includes(dir)) leftovers.push(`process ${pid}: ${cmdline.replaceAll('\0', ' ')}`);
  }
  if (cgroupParent) {
    for (const cgroup of [path.join('/sys/fs/cgroup', cgroupParent), ...readdirSync('/sys/fs/cgroup').map((c) => path.join('/sys/fs/cgroup', c, cgroupParent))]) {
      if (existsSync(cgroup)) leftovers.push(`cgroup: ${cgroup}`);
    }
  }
  if (existsSync(dir)) leftovers.push(`directory: ${dir}`);
  return leftovers;
}
