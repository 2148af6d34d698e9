// bench/scheduler: Minato's scheduler (src/cluster/scheduler/scheduler-loop.ts) placing pods on a
// large simulated cluster, through a real `minato server` (embedded SQLite), on this machine:
//
//   1. a `minato server` (test/helpers/test-cluster-server.ts) and BENCH_NODES (1,000) simulated
//      nodes, as kwok and kubemark make them: Node objects only, no agents — allocatable varied
//      (8–64 CPUs, 32–256 GiB, 110 pods), a Ready condition, spread over 3 zones
//      (topology.kubernetes.io/zone, region labels), every 50th tainted NoSchedule;
//   2. BENCH_PODS (10,000) pending pods created before the scheduler starts (a backlog): the
//      replicas of BENCH_REPLICASETS (100) "ReplicaSets" — app/pod-template-hash labels and a
//      controlling ownerReference (the ReplicaSet objects themselves are not created; the
//      scheduler only reads the reference, for default spreading) — one container each with small
//      requests (100m CPU, 128 MiB);
//   3. the scheduler is started IN THIS PROCESS (startScheduler, its own RestClient over HTTPS,
//      BENCH_BIND_CONCURRENCY (16) bindings in flight) and places the backlog: it lists 10,000
//      pods and 1,000 nodes, then schedules, binds (POST pods/NAME/binding) and records a Scheduled
//      event per pod, as kube-scheduler does. A separate watch of the pods (in this process too)
//      sees each binding arrive → bound pods per second from the first binding to the last, and
//      the time from the scheduler's start to the last binding (its initial LIST included);
//   4. with the scheduler running, BENCH_STREAM_PODS (2,000) more pods are created,
//      BENCH_CREATE_CONCURRENCY (16) at a time, as fast as the server takes them → the latency
//      from each create's reply to its binding seen on the watch (p50/p90/p99), the way a pod's
//      time to be scheduled shows in practice.
//
// CPU seconds of the server and of this process (the scheduler and the watch) are shown per
// phase, to tell who the bottleneck was. The goal (≥ 500 pods/s bound, for 1,000 nodes and
// 10,000 pods) is marked ✓ or ✗. There is no reference to compare with: kube-scheduler is not
// installed on this machine (the bench says so, and checks the PATH). The machine is shared and
// has 2 cores: the server, the scheduler and the watch all run on them.
//
// Everything started — the server, its temp dir — is stopped by PID and removed at the end, pass
// or fail (Ctrl-C included: the current step ends, then the cleanup runs).
//
// Quick run: BENCH_NODES=100 BENCH_PODS=1000 BENCH_STREAM_PODS=200 bench/scheduler
// Scheduler logs: BENCH_LOG_LEVEL=info (default warn, to stderr).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { loadKubeconfig } from '../src/cluster/client/kubeconfig.ts';
import { ResourceClient, type WatchHandle } from '../src/cluster/client/resource-client.ts';
import { resources } from '../src/cluster/client/resources.ts';
import { RestClient } from '../src/cluster/client/rest-client.ts';
import { type RunningScheduler, startScheduler } from '../src/cluster/scheduler/scheduler-loop.ts';
import { createLogger } from '../src/util/log.ts';
import { TestClusterServer } from '../test/helpers/test-cluster-server.ts';
import { checkInterrupted, inParallel, interruption, ms, num, percentile, phase, stopAtNextStepOnInterrupt } from './bench-helpers.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${process.env[name]}: want a number ≥ 0`);
  return Math.round(value);
};
const nodeCount = Math.max(1, env('BENCH_NODES', 1000));
const podCount = Math.max(1, env('BENCH_PODS', 10_000));
const streamCount = env('BENCH_STREAM_PODS', 2000);
const replicaSets = Math.max(1, env('BENCH_REPLICASETS', 100));
const bindConcurrency = Math.max(1, env('BENCH_BIND_CONCURRENCY', 16));
const createConcurrency = Math.max(1, env('BENCH_CREATE_CONCURRENCY', 16));
const goalPodsPerSecond = 500;
const namespace = 'bench';
const zones = ['zone-a', 'zone-b', 'zone-c'];

// --- Interruption: stop at the next step, then clean up -------------------------------------------

stopAtNextStepOnInterrupt();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** User + system CPU seconds of a process so far (/proc/PID/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// --- The objects -----------------------------------------------------------------------------------

function makeNode(index: number): Node {
  const name = `sim-node-${String(index).padStart(4, '0')}`;
  const cpu = [8, 16, 32, 64][index % 4]!;
  const memoryGi = [32, 64, 128, 256][(index >> 2) % 4]!;
  const allocatable = { cpu: String(cpu), memory: `${memoryGi}Gi`, pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/region': 'bench',
        'topology.kubernetes.io/zone': zones[index % zones.length]!,
        type: 'simulated',
      },
    },
    spec: index % 50 === 49 ? { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] } : {},
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated node (no agent)' }],
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'v1.32.0-simulated' } as NonNullable<Node['status']>['nodeInfo'],
    },
  };
}

function makePod(index: number, prefix: string): Pod {
  const rs = index % replicaSets;
  const hash = `h${String(rs).padStart(4, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${prefix}-${rs}-${hash}-${index}`,
      namespace,
      labels: { app: `app-${rs}`, 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${rs}-${hash}`, uid: `00000000-0000-4000-8000-${String(rs).padStart(12, '0')}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [{ name: 'app', image: 'registry.example.com/team/app:1.0', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }],
      restartPolicy: 'Always',
    },
  };
}

// --- The run ---------------------------------------------------------------------------------------

interface Bound {
  /** performance.now() when the watch saw each pod bound, by name. */
  at: Map<string, number>;
  /** Bindings per node. */
  perNode: Map<string, number>;
  /** Zone per node name. */
  zoneOf: Map<string, string>;
  waiters: { count: number; resolve: () => void }[];
}

async function main(): Promise<void> {
  const kubeScheduler = spawnSync('sh', ['-c', 'command -v kube-scheduler'], { encoding: 'utf8' }).stdout.trim();
  // The scheduler measured runs in this process: the server's own stays off, and so do its controllers.
  const server = new TestClusterServer({ extraArgs: ['--disable-controller-manager', '--disable-scheduler'] });
  let rest: RestClient | undefined;
  let schedulerRest: RestClient | undefined;
  let scheduler: RunningScheduler | undefined;
  let watch: WatchHandle | undefined;
  try {
    phase('starting minato server (embedded SQLite)');
    await server.start();
    const serverPid = server.pid!;
    const config = loadKubeconfig(server.kubeconfig);
    rest = new RestClient(config, { component: 'bench', maxSockets: Math.max(createConcurrency, 16) + 4 });
    const pods = new ResourceClient(rest, resources.pods);
    const nodes = new ResourceClient(rest, resources.nodes);
    await new ResourceClient(rest, resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });

    phase(`creating ${num(nodeCount)} simulated nodes`);
    const bound: Bound = { at: new Map(), perNode: new Map(), zoneOf: new Map(), waiters: [] };
    await inParallel(nodeCount, 16, async (index) => {
      const node = makeNode(index);
      bound.zoneOf.set(node.metadata!.name!, node.metadata!.labels!['topology.kubernetes.io/zone']!);
      await nodes.create(undefined, node);
    });

    phase(`creating ${num(podCount)} pending pods (${replicaSets} ReplicaSets' worth), ${createConcurrency} in flight`);
    const createStarted = performance.now();
    await inParallel(podCount, createConcurrency, async (index) => {
      await pods.create(namespace, makePod(index, 'backlog'));
    });
    const createSeconds = (performance.now() - createStarted) / 1000;
    const list = await pods.list(namespace, { limit: 1 });

    // The watch that counts bindings, from the state after the creates.
    const watchEnded = (handle: WatchHandle) => handle.ended.then((end) => {
      if (end.reason !== 'stopped') process.stderr.write(`the counting watch ended early: ${JSON.stringify(end)}\n`);
    });
    watch = pods.watch(namespace, { resourceVersion: list.metadata.resourceVersion, timeoutSeconds: 3600 }, {
      onEvent: (event) => {
        if (event.type !== 'MODIFIED') return;
        const pod = event.object as Pod;
        const name = pod.metadata!.name!;
        const nodeName = pod.spec?.nodeName;
        if (!nodeName || bound.at.has(name)) return;
        bound.at.set(name, performance.now());
        bound.perNode.set(nodeName, (bound.perNode.get(nodeName) ?? 0) + 1);
        for (const waiter of bound.waiters.filter((w) => bound.at.size >= w.count)) {
          bound.waiters.splice(bound.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      },
    });
    void watchEnded(watch);
    const boundAtLeast = (count: number, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        if (bound.at.size >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${bound.at.size} of ${count} pods bound after ${timeoutMs / 1000} s`)), timeoutMs);
        const poll = setInterval(() => {
          if (interruption()) {
            clearInterval(poll);
            clearTimeout(timer);
            reject(new Error(`interrupted (${interruption()})`));
          }
        }, 200);
        bound.waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            clearInterval(poll);
            resolve();
          },
        });
      });
    await sleep(500);

    phase(`starting the scheduler in this process (${bindConcurrency} bindings in flight) on the backlog`);
    const cpu0 = { server: cpuSeconds(serverPid), self: cpuSeconds(process.pid) };
    const schedulerStarted = performance.now();
    schedulerRest = new RestClient(config, { component: 'scheduler' });
    scheduler = startScheduler({ rest: schedulerRest, log: createLogger('scheduler', process.env.BENCH_LOG_LEVEL ?? 'warn'), bindConcurrency });
    await scheduler.ready;
    const syncedMs = performance.now() - schedulerStarted;
    await boundAtLeast(podCount, Math.max(120_000, podCount * 20));
    const cpu1 = { server: cpuSeconds(serverPid), self: cpuSeconds(process.pid) };
    const backlogTimes = [...bound.at.values()];
    const first = Math.min(...backlogTimes);
    const last = Math.max(...backlogTimes);
    const backlogRate = podCount > 1 ? (podCount - 1) / ((last - first) / 1000) : NaN;
    const backlogStats = scheduler.stats();

    let streamLatencies: number[] = [];
    let streamSeconds = 0;
    let cpu2 = cpu1;
    if (streamCount > 0) {
      checkInterrupted();
      phase(`creating ${num(streamCount)} more pods with the scheduler running, ${createConcurrency} in flight`);
      const created = new Map<string, number>();
      const streamStarted = performance.now();
      await inParallel(streamCount, createConcurrency, async (index) => {
        const pod = makePod(podCount + index, 'stream');
        await pods.create(namespace, pod);
        created.set(pod.metadata!.name!, performance.now());
      });
      await boundAtLeast(podCount + streamCount, 120_000);
      streamSeconds = (performance.now() - streamStarted) / 1000;
      cpu2 = { server: cpuSeconds(serverPid), self: cpuSeconds(process.pid) };
      streamLatencies = [...created].map(([name, at]) => bound.at.get(name)! - at);
    }
    const running = scheduler;
    scheduler = undefined;
    await running.stop(); // waits a few seconds at most for the events still queued
    const stats = running.stats();

    // Spread: pods per node (schedulable nodes) and per zone.
    const perNode = [...bound.perNode.values()];
    const perZone = new Map<string, number>();
    for (const [node, count] of bound.perNode) perZone.set(bound.zoneOf.get(node)!, (perZone.get(bound.zoneOf.get(node)!) ?? 0) + count);
    const tainted = Math.floor(nodeCount / 50);

    const row = (label: string, value: string) => `  ${label.padEnd(58)} ${value}`;
    const mark = (ok: boolean) => (ok ? '✓' : '✗');
    const lines = [
      `Minato scheduler — ${num(nodeCount)} simulated nodes (3 zones, ${tainted} tainted), ${num(podCount)} pending pods of ${replicaSets} ReplicaSets, then ${num(streamCount)} more; scheduler in-process, ${bindConcurrency} bindings in flight`,
      '',
      row('setup: pending pods created (server only)', `${num(podCount / createSeconds)} pods/s (${createSeconds.toFixed(1)} s)`),
      row(`scheduler start → informers synced (LIST ${num(podCount)} pods, ${num(nodeCount)} nodes)`, ms(syncedMs)),
      row('backlog: bound pods/s, first binding → last (watch)', `${num(backlogRate)} pods/s  (${((last - first) / 1000).toFixed(2)} s)`),
      row('backlog: scheduler start → last binding', `${((last - schedulerStarted) / 1000).toFixed(2)} s  → ${num(podCount / ((last - schedulerStarted) / 1000))} pods/s overall`),
      row('  CPU during the backlog: server / this process', `${(cpu1.server - cpu0.server).toFixed(1)} s / ${(cpu1.self - cpu0.self).toFixed(1)} s (of ${((last - schedulerStarted) / 1000).toFixed(1)} s wall, 2 cores)`),
      row('  bindings failed / unschedulable attempts / errors', `${backlogStats.bindFailures} / ${backlogStats.unschedulable} / ${backlogStats.errors}`),
    ];
    if (streamCount > 0) {
      lines.push(
        row(`stream: ${num(streamCount)} pods created while scheduling, all bound in`, `${streamSeconds.toFixed(2)} s → ${num(streamCount / streamSeconds)} pods/s (creation-bound)`),
        row('  create reply → bound (watch)', `p50 ${ms(percentile(streamLatencies, 50))}  p90 ${ms(percentile(streamLatencies, 90))}  p99 ${ms(percentile(streamLatencies, 99))}  max ${ms(percentile(streamLatencies, 100))}`),
        row('  CPU during the stream: server / this process', `${(cpu2.server - cpu1.server).toFixed(1)} s / ${(cpu2.self - cpu1.self).toFixed(1)} s`),
      );
    }
    lines.push(
      row('spread: pods per node used (min / max), nodes used', `${Math.min(...perNode)} / ${Math.max(...perNode)}, ${bound.perNode.size} of ${nodeCount} (${tainted} tainted)`),
      row('spread: pods per zone', [...perZone].sort().map(([zone, count]) => `${zone} ${num(count)}`).join(', ')),
      row('events: Scheduled written / dropped (queue full, or at stop) / failed', `${num(stats.events.created)} / ${num(stats.events.dropped)} / ${num(stats.events.failed)}`),
      '',
      'Reference',
      kubeScheduler
        ? `  kube-scheduler found at ${kubeScheduler}, but this bench does not run it.`
        : '  none: no kube-scheduler binary on this machine, so there is nothing to compare with here.',
      '',
      'Goals',
      `  ${mark(backlogRate >= goalPodsPerSecond)} ≥ ${goalPodsPerSecond} pods/s bound (backlog, first → last binding): ${num(backlogRate)} pods/s`,
    );
    if (nodeCount !== 1000 || podCount !== 10_000) lines.push(`  (the goal is stated for 1,000 nodes and 10,000 pods; this run: ${num(nodeCount)} nodes, ${num(podCount)} pods)`);
    console.log(lines.join('\n'));
  } finally {
    watch?.stop();
    await scheduler?.stop().catch((err: unknown) => process.stderr.write(`stopping the scheduler: ${String(err)}\n`));
    schedulerRest?.close();
    rest?.close();
    await server.cleanup().catch((err: unknown) => process.stderr.write(`stopping the server: ${String(err)}\n`));
  }
}

await main();
