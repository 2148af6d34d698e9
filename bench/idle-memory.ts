// bench/idle-memory: what Minato itself costs in memory on a whole single-node cluster
// (`minato up`: engine, API server, controllers, scheduler and node agent in one process) running
// idle pods, on this machine:
//
//   1. the cluster is started (test/helpers/test-cluster-up.ts: its own network namespace and data
//      root) → memory right after its node is Ready, 0 pods; then again after
//      BENCH_IDLE_SECONDS (20) s idle, still 0 pods (V8 collects garbage when idle);
//   2. a Deployment of BENCH_REPLICAS (30) busybox httpd pods (as examples/web.yaml, no
//      readinessProbe) is `kubectl apply`-ed; kubectl polls the pods (once a second) until all
//      are Ready; then BENCH_IDLE_SECONDS (20) s idle → memory with 30 pods.
//
// Memory of each process: VmRSS (/proc/PID/status), private = Private_Clean + Private_Dirty and
// PSS (/proc/PID/smaps_rollup). Summing RSS counts the pages processes share (conmon's binary and
// libraries, mapped by every conmon) once per process; PSS divides each shared page among its
// users, so PSS sums to what the processes cost together — the goal is judged on PSS, RSS is shown
// as the upper bound. The processes, told apart:
//   - Minato's own: the `minato up` node process (bin/minato execs node; TestDaemon's PID is
//     nsenter's, so its node child is found through /proc/PID/task/PID/children), any other
//     process under it, and the per-container conmon processes (Minato's per-container cost, like
//     Docker's containerd-shim), found by the conmon.pid file in each container's bundle
//     (<data root>/containers/<id>/) and checked by their command line;
//   - the workload: the containers' own processes (the bundle's pidfile, and their children):
//     httpd, and the pods' pause (catatonit) containers — shown apart, by command name.
//
// Goal: Minato's own processes (up + conmons) under 150 MB with 30 pods, marked ✓ or ✗ (k3s asks
// for 512 MB+ of RAM for a server node). The machine is shared (2 cores). Everything started (the
// cluster — its containers, network namespaces, mounts, cgroups, temp dir) is stopped and removed
// at the end, pass or fail (Ctrl-C included: the current step ends, then the cleanup runs).
//
// Quick run: BENCH_REPLICAS=10 BENCH_IDLE_SECONDS=5 bench/idle-memory
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { kubectlVersionsDir } from '../test/helpers/kubectl-versions.ts';
import { TestClusterUp } from '../test/helpers/test-cluster-up.ts';
import { isRoot } from '../test/helpers/test-daemon.ts';
import { busyboxHttpdPodSpec, checkInterrupted, phase, stopAtNextStepOnInterrupt } from './bench-helpers.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${process.env[name]}: want a number ≥ 0`);
  return value;
};
const replicas = Math.max(1, Math.round(env('BENCH_REPLICAS', 30)));
const idleSeconds = env('BENCH_IDLE_SECONDS', 20);
const goalMb = 150;
const deploymentName = 'bench-idle';

stopAtNextStepOnInterrupt();
/** Sleeps, but wakes up (and throws) when interrupted. */
async function sleep(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    checkInterrupted();
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, until - Date.now())));
  }
  checkInterrupted();
}

// --- Processes and their memory --------------------------------------------------------------------

interface Memory {
  rssKb: number;
  privateKb: number;
  pssKb: number;
}

function memoryOf(pid: number): Memory {
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
  return { rssKb, privateKb: field('Private_Clean') + field('Private_Dirty'), pssKb: field('Pss') };
}

const children = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const descendants = (pid: number): number[] => children(pid).flatMap((child) => [child, ...descendants(child)]);
const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
const alive = (pid: number) => pid > 1 && existsSync(`/proc/${pid}/status`);
const isNode = (pid: number) => path.basename(readlinkSync(`/proc/${pid}/exe`)).startsWith('node');

/** The node process serving: bin/minato execs node (same PID); if a wrapper stayed, its node child. */
function upNodePid(pid: number): number {
  if (isNode(pid)) return pid;
  for (const child of children(pid)) {
    try {
      return upNodePid(child);
    } catch {
      // not under this one
    }
  }
  throw new Error(`no node process at or under PID ${pid} (${readlinkSync(`/proc/${pid}/exe`)})`);
}

interface Group {
  label: string;
  pids: number[];
  memory: Memory;
}

function group(label: string, pids: number[]): Group {
  const memory = { rssKb: 0, privateKb: 0, pssKb: 0 };
  const counted: number[] = [];
  for (const pid of pids) {
    try {
      const m = memoryOf(pid);
      memory.rssKb += m.rssKb;
      memory.privateKb += m.privateKb;
      memory.pssKb += m.pssKb;
      counted.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return { label, pids: counted, memory };
}

interface Sample {
  label: string;
  pods: number;
  minato: Group[];
  workload: Group[];
}

function sample(cluster: TestClusterUp, label: string, pods: number): Sample {
  const up = upNodePid(cluster.pid!);
  const conmons: number[] = [];
  const workload = new Map<string, number[]>();
  const containers = path.join(cluster.dataRoot, 'containers');
  for (const id of existsSync(containers) ? readdirSync(containers) : []) {
    const read = (file: string) => {
      const pidFile = path.join(containers, id, file);
      return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
    };
    const conmon = read('conmon.pid');
    if (alive(conmon) && readFileSync(`/proc/${conmon}/cmdline`, 'utf8').includes(id)) conmons.push(conmon);
    const main = read('pidfile');
    if (!alive(main)) continue;
    for (const pid of [main, ...descendants(main)]) {
      const name = comm(pid);
      workload.set(name, [...(workload.get(name) ?? []), pid]);
    }
  }
  // Anything else under the up process (helpers it runs) is Minato's too; conmons (daemonized,
  // normally not under it) and containers' processes are counted in their own rows.
  const known = new Set([...conmons, ...[...workload.values()].flat()]);
  const others = descendants(up).filter((pid) => !known.has(pid));
  const minato = [group('minato up (node)', [up]), group('conmon (one per container)', conmons)];
  if (others.length > 0) minato.push(group(`other processes under up (${[...new Set(others.map((pid) => { try { return comm(pid); } catch { return '?'; } }))].join(', ')})`, others));
  return { label, pods, minato, workload: [...workload].sort(([a], [b]) => a.localeCompare(b)).map(([name, pids]) => group(`${name}`, pids)) };
}

// --- The run -----------------------------------------------------------------------------------------

const deployment = () =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: deploymentName, labels: { app: deploymentName } },
    spec: {
      replicas,
      selector: { matchLabels: { app: deploymentName } },
      template: {
        metadata: { labels: { app: deploymentName } },
        spec: busyboxHttpdPodSpec(),
      },
    },
  });

interface PodView {
  metadata: { deletionTimestamp?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

async function main(): Promise<void> {
  if (!isRoot()) throw new Error('bench/idle-memory needs root: it runs real containers');
  if (!kubectlVersionsDir()) throw new Error('kubectl (with kubectl.1.32 beside it) is not installed');
  phase('starting the cluster (minato up, its own network namespace and data root)');
  const cluster = new TestClusterUp({ nodeName: 'minato-bench' });
  const samples: Sample[] = [];
  try {
    await cluster.start();
    samples.push(sample(cluster, 'just started', 0));
    phase(`node Ready; ${idleSeconds} s idle with 0 pods`);
    await sleep(idleSeconds * 1000);
    samples.push(sample(cluster, `after ${idleSeconds} s idle`, 0));

    phase(`kubectl apply: a Deployment of ${replicas} busybox httpd pods; waiting until all are Ready`);
    const kubectl = async (args: string[], input?: string) => {
      const result = await cluster.kubectl(args, input === undefined ? {} : { input });
      if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return result.stdout;
    };
    await kubectl(['apply', '-f', '-'], deployment());
    const started = Date.now();
    for (;;) {
      const pods = (JSON.parse(await kubectl(['get', 'pods', '-l', `app=${deploymentName}`, '-o', 'json'])) as { items: PodView[] }).items;
      const ready = pods.filter((pod) => !pod.metadata.deletionTimestamp && pod.status.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      if (ready.length >= replicas) break;
      if (Date.now() - started > 60_000 + replicas * 5000) throw new Error(`only ${ready.length} of ${replicas} pods Ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
      await sleep(1000);
    }
    samples.push(sample(cluster, 'all Ready', replicas));
    phase(`all ${replicas} Ready in ${((Date.now() - started) / 1000).toFixed(1)} s; ${idleSeconds} s idle`);
    await sleep(idleSeconds * 1000);
    samples.push(sample(cluster, `after ${idleSeconds} s idle`, replicas));

    const mb = (kb: number) => `${(kb / 1024).toFixed(1)}`.padStart(8);
    const total = (groups: Group[]) => groups.reduce((t, g) => ({ rssKb: t.rssKb + g.memory.rssKb, privateKb: t.privateKb + g.memory.privateKb, pssKb: t.pssKb + g.memory.pssKb }), { rssKb: 0, privateKb: 0, pssKb: 0 });
    const line = (label: string, count: string, m: Memory) => `  ${label.padEnd(44)} ${count.padStart(5)} ${mb(m.rssKb)} ${mb(m.privateKb)} ${mb(m.pssKb)}`;
    const lines = ['', `Memory of minato up (1 node), busybox httpd pods, no readinessProbe; MB = MiB`];
    for (const s of samples) {
      lines.push('', `${s.pods} pods, ${s.label}`, `  ${'process'.padEnd(44)} ${'count'.padStart(5)} ${'RSS'.padStart(8)} ${'private'.padStart(8)} ${'PSS'.padStart(8)}`);
      for (const g of s.minato) lines.push(line(g.label, String(g.pids.length), g.memory));
      const conmon = s.minato[1]!;
      if (conmon.pids.length > 0) lines.push(line('  per conmon (average)', '', { rssKb: conmon.memory.rssKb / conmon.pids.length, privateKb: conmon.memory.privateKb / conmon.pids.length, pssKb: conmon.memory.pssKb / conmon.pids.length }));
      lines.push(line("Minato's own, total", String(s.minato.reduce((n, g) => n + g.pids.length, 0)), total(s.minato)));
      for (const g of s.workload) lines.push(line(`workload: ${g.label}`, String(g.pids.length), g.memory));
      if (s.workload.length > 0) lines.push(line('workload, total', String(s.workload.reduce((n, g) => n + g.pids.length, 0)), total(s.workload)));
    }
    const last = samples.at(-1)!;
    const own = total(last.minato);
    lines.push(
      '',
      `Goal (${replicas} pods, after ${idleSeconds} s idle; Minato's own processes: up + conmons)`,
      `  ${own.pssKb / 1024 < goalMb ? '✓' : '✗'} under ${goalMb} MB (PSS, what they cost together): ${(own.pssKb / 1024).toFixed(1)} MB  (RSS summed, shared pages counted per process: ${(own.rssKb / 1024).toFixed(1)} MB; private: ${(own.privateKb / 1024).toFixed(1)} MB)`,
      '  for comparison, k3s asks for 512 MB+ of RAM for a server node',
    );
    if (replicas !== 30) lines.push(`  (the goal is stated for 30 pods; this run: ${replicas})`);
    console.log(lines.join('\n'));
  } finally {
    phase('cleaning up the cluster');
    await cluster.cleanup().catch((err: unknown) => process.stderr.write(`cleaning up the cluster: ${String(err)}\n`));
  }
}

await main();
