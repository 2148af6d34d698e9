// bench/run-latency: how long `run --rm IMAGE true` takes, side by side in one run —
//   the real docker CLI against Minato's daemon, the minato CLI, bare `crun run` of the same
//   root filesystem (the floor), and Docker / Podman when they run on the machine —
// plus the memory Minato itself needs: the idle daemon, and per running container.
// The idle daemon is measured 1 s after it started and again once it has idled for
// BENCH_IDLE_SECONDS (30): V8 gives memory back when a process idles, and a daemon mostly idles.
// Alternates the contenders (A/B/C…) and reports medians of at least 10 runs each, because
// these machines are shared and noisy: compare the ratios, not the absolute numbers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestDaemon } from '../test/helpers/test-daemon.ts';
import { mb, median } from './bench-helpers.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);

function timed(command: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

function which(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Memory only this process uses (RSS counts the Node binary's pages it shares with others). */
function privateKb(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return ['Private_Clean', 'Private_Dirty'].reduce((sum, key) => sum + Number(new RegExp(`${key}:\\s+(\\d+)`).exec(rollup)?.[1] ?? 0), 0);
}

/** A bare OCI bundle of the busybox root filesystem, with crun's default spec (new netns). */
function bareBundle(dir: string, rootfsTar: string): string {
  const bundle = path.join(dir, 'bare');
  mkdirSync(path.join(bundle, 'rootfs'), { recursive: true });
  spawnSync('tar', ['-xf', rootfsTar, '-C', path.join(bundle, 'rootfs')]);
  spawnSync('crun', ['spec'], { cwd: bundle });
  const spec = JSON.parse(readFileSync(path.join(bundle, 'config.json'), 'utf8'));
  spec.process.terminal = false;
  spec.process.args = ['/bin/true'];
  writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(spec));
  return bundle;
}

/** Docker or Podman on this machine, if their daemon/engine actually works. */
function referenceEngine(name: 'docker' | 'podman'): { args: string[]; env: NodeJS.ProcessEnv } | undefined {
  if (!which(name)) return undefined;
  const env = { ...process.env };
  delete env.DOCKER_HOST;
  const probe = spawnSync(name, ['info'], { env, stdio: 'ignore', timeout: 5000 });
  if (probe.status !== 0) return undefined;
  const image = spawnSync(name, ['image', 'inspect', 'busybox'], { env, stdio: 'ignore' });
  if (image.status !== 0) return undefined;
  return { args: ['run', '--rm', 'busybox', 'true'], env };
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/run-latency needs root');
  const daemon = new TestDaemon();
  const results: { name: string; ms?: number; note?: string }[] = [];
  try {
    await daemon.start();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const fresh = { rss: rssKb(daemon.pid!), private: privateKb(daemon.pid!) };
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const idle = { rss: rssKb(daemon.pid!), private: privateKb(daemon.pid!) };
    await daemon.importBusybox();
    const bundle = bareBundle(daemon.dir, path.join(daemon.dir, 'busybox-rootfs.tar'));
    const crunRoot = path.join(daemon.dir, 'bare-crun-state');
    const minatoEnv = { ...process.env, MINATO_HOST: daemon.host };
    const dockerEnv = { ...process.env, DOCKER_HOST: daemon.host };
    const dockerCli = which('docker');
    const contenders: { name: string; run: () => number }[] = [];
    let counter = 0;
    contenders.push({ name: 'bare crun run (floor)', run: () => timed('crun', ['--root', crunRoot, 'run', '--bundle', bundle, `bare-${counter++}`]) });
    if (dockerCli) contenders.push({ name: 'docker CLI → Minato daemon', run: () => timed(dockerCli, ['run', '--rm', 'busybox', 'true'], dockerEnv) });
    contenders.push({ name: 'minato CLI → Minato daemon', run: () => timed(path.join(import.meta.dirname, '..', 'bin', 'minato'), ['run', '--rm', 'busybox', 'true'], minatoEnv) });
    for (const engine of ['docker', 'podman'] as const) {
      const reference = referenceEngine(engine);
      if (reference) contenders.push({ name: `${engine} run --rm (its own engine)`, run: () => timed(engine, reference.args, reference.env) });
      else results.push({ name: `${engine} run --rm (its own engine)`, note: `not available here (no working ${engine} engine with a busybox image)` });
    }
    for (const contender of contenders) contender.run(); // warm-up: caches, first compile of the seccomp filter
    const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const contender of contenders) samples.get(contender.name)!.push(contender.run());
    }
    for (const contender of contenders) results.unshift({ name: contender.name, ms: median(samples.get(contender.name)!) });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const used = { rss: rssKb(daemon.pid!), private: privateKb(daemon.pid!) };

    // Memory: 10 running containers; Minato's own share is conmon per container plus the
    // daemon's growth (the containers' own processes are not Minato's).
    const before = rssKb(daemon.pid!);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(spawnSync('bin/minato', ['run', '-d', 'busybox', 'sleep', '600'], { env: minatoEnv, encoding: 'utf8', cwd: path.join(import.meta.dirname, '..') }).stdout.trim());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const conmonKb = ids.map((id) => {
      const pid = Number(readFileSync(path.join(daemon.dataRoot, 'containers', id, 'conmon.pid'), 'utf8'));
      return rssKb(pid);
    });
    const daemonGrowthKb = rssKb(daemon.pid!) - before;
    const perContainerMb = (conmonKb.reduce((a, b) => a + b, 0) + Math.max(0, daemonGrowthKb)) / ids.length / 1024;

    const floor = results.find((r) => r.name.startsWith('bare crun'))?.ms ?? NaN;
    const lines = [`run --rm busybox true — median of ${rounds} alternating runs (ms), ratio to bare crun`, ''];
    const width = Math.max(...results.map((r) => r.name.length));
    for (const result of results) {
      lines.push(result.ms === undefined ? `  ${result.name.padEnd(width)}   ${result.note}` : `  ${result.name.padEnd(width)}   ${result.ms.toFixed(1).padStart(7)} ms   ${(result.ms / floor).toFixed(1).padStart(5)}×`);
    }
    lines.push('', 'memory (goal: idle daemon < 60 MB RSS, dockerd + containerd ≈ 115 MB; < 5 MB per container, Docker\'s shim ≈ 13 MB)');
    const memoryRow = (label: string, sample: { rss: number; private: number }) => lines.push(`  ${label.padEnd(36)}RSS ${mb(sample.rss)}   private ${mb(sample.private)}`);
    memoryRow('daemon, 1 s after it started', fresh);
    memoryRow(`idle daemon, ${idleSeconds} s after it started`, idle);
    memoryRow('daemon, after the runs above', used);
    lines.push(`  per running container (conmon + daemon growth)   ${perContainerMb.toFixed(2)} MB`);
    console.log(lines.join('\n'));
  } finally {
    await daemon.cleanup();
  }
}

await main();
