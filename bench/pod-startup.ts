// bench/pod-startup: how fast pods start on a whole single-node Minato cluster (`minato up`:
// engine, API server, controllers, scheduler and node agent in one process), on this machine:
//
//   a. a Deployment of BENCH_REPLICAS (30) busybox httpd pods (as examples/web.yaml, the image
//      `minato up` imports from the host, imagePullPolicy IfNotPresent — no pull is timed) is
//      `kubectl apply`-ed → the time from the apply's start (kubectl's own start-up included)
//      until the first / half / all of its pods are Running, and until all are Ready;
//   b. BENCH_SINGLE (20) single pods, one after another: each is created (POST, from this
//      client), timed until the watch shows it Ready, then deleted (its grace period, 1 s), and the
//      next one created only once the watch showed it gone (the agent confirmed its end) — every pod starts on a node otherwise at
//      rest, which is what "single pod startup" means → p50/p90/p99/max of create → Ready (and of
//      create → Running, and of the delete → gone).
//
// No readinessProbe, by default: a pod without one is Ready as soon as its containers have
// started, which is exactly what Kubernetes' pod startup SLO measures ("all containers reported
// as started and observed via watch", image pull excluded) — with examples/web.yaml's HTTP probe
// (periodSeconds 2) Ready would mostly measure the probe's period. BENCH_PROBE=1 adds that probe
// anyway, to see what it costs. terminationGracePeriodSeconds is 1: busybox httpd is PID 1 in its
// container and ignores SIGTERM, so each delete would otherwise wait out the default 30 s.
//
// How it measures: the API server listens inside the cluster's own network namespace, so the
// measuring part of this script runs there — the script re-executes itself under
// `nsenter --net=/run/netns/<ns>` (`--measure`), and that child watches the pods through
// src/cluster/client (ResourceClient.watch with the cluster's kubeconfig), timestamps every event
// as it arrives (performance.now(), client side: the conditions' lastTransitionTime has a 1 s
// resolution), runs kubectl apply itself, and hands its figures back as JSON on stdout. The
// parent starts and cleans up the cluster (test/helpers/test-cluster-up.ts) and prints the table.
// Everything is deleted between phases (the Deployment, with its ReplicaSet and pods, awaited).
//
// Goals, for single pods: Kubernetes' SLO p99 ≤ 5 s; Minato's own p99 ≤ 1 s; marked ✓ or ✗.
// The machine is shared (2 cores) and the cluster, kubectl and this client all run on it.
// Everything started (the cluster — its containers, network namespaces, mounts, cgroups, temp
// dir — and the measuring child) is stopped by PID and removed at the end, pass or fail (Ctrl-C
// included: the current step ends, then the cleanup runs).
//
// Quick run: BENCH_REPLICAS=10 BENCH_SINGLE=5 bench/pod-startup
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { loadKubeconfig } from '../src/cluster/client/kubeconfig.ts';
import { ResourceClient, type WatchHandle } from '../src/cluster/client/resource-client.ts';
import { resources } from '../src/cluster/client/resources.ts';
import { RestClient } from '../src/cluster/client/rest-client.ts';
import { kubectlVersionsDir } from '../test/helpers/kubectl-versions.ts';
import { TestClusterUp } from '../test/helpers/test-cluster-up.ts';
import { isRoot, runProcess } from '../test/helpers/test-daemon.ts';
import { busyboxHttpdPodSpec, checkInterrupted, interruption, percentile, phase, stopAtNextStepOnInterrupt } from './bench-helpers.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${process.env[name]}: want a number ≥ 0`);
  return Math.round(value);
};
const replicas = Math.max(1, env('BENCH_REPLICAS', 30));
const singles = Math.max(1, env('BENCH_SINGLE', 20));
const probe = env('BENCH_PROBE', 0) > 0;
const namespace = 'bench';
const deploymentName = 'bench-web';
const sloMs = 5000;
const goalMs = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let child: ChildProcess | undefined;
stopAtNextStepOnInterrupt(() => {
  if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
});

// --- The pods --------------------------------------------------------------------------------------

function podSpec(): PodSpec {
  return busyboxHttpdPodSpec(probe ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } } : {});
}

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: deploymentName, namespace, labels: { app: deploymentName } },
  spec: {
    replicas,
    selector: { matchLabels: { app: deploymentName } },
    template: { metadata: { labels: { app: deploymentName } }, spec: podSpec() },
  },
});

const singlePod = (index: number): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `single-${String(index).padStart(3, '0')}`, namespace, labels: { app: 'bench-single' } },
  spec: podSpec(),
});

// --- The measuring child (inside the cluster's network namespace) ----------------------------------

interface Seen {
  labels: Record<string, string>;
  added: number;
  running?: number;
  ready?: number;
  /** deletionTimestamp first seen. */
  terminating?: number;
  gone?: number;
}

interface Figures {
  deployment: { applyMs: number; addedMs: number[]; runningMs: number[]; readyMs: number[]; addedToReadyMs: number[]; teardownMs: number; goneMs: number[]; terminatingMs: number[] };
  single: { readyMs: number[]; runningMs: number[]; goneMs: number[] };
}

async function measure(kubeconfig: string, kubectl: string, cacheDir: string): Promise<void> {
  const rest = new RestClient(loadKubeconfig(kubeconfig), { component: 'bench' });
  const pods = new ResourceClient(rest, resources.pods);
  const deployments = new ResourceClient(rest, resources.deployments);
  const seen = new Map<string, Seen>();
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const settle = () => {
    for (const waiter of waiters.filter((w) => w.check())) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const until = (what: string, check: () => boolean, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}`)), timeoutMs);
      const poll = setInterval(() => interruption() && done(new Error(`interrupted (${interruption()})`)), 200);
      const waiter = { check, resolve: () => done() };
      const done = (err?: Error) => {
        clearTimeout(timer);
        clearInterval(poll);
        const at = waiters.indexOf(waiter);
        if (at >= 0) waiters.splice(at, 1);
        if (err) reject(err);
        else resolve();
      };
      waiters.push(waiter);
    });

  let watch: WatchHandle | undefined;
  try {
    await new ResourceClient(rest, resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const list = await pods.list(namespace, { limit: 1 });
    watch = pods.watch(namespace, { resourceVersion: list.metadata.resourceVersion, timeoutSeconds: 3600 }, {
      onEvent: (event) => {
        if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
        const now = performance.now();
        const pod = event.object as Pod;
        const name = pod.metadata!.name!;
        let entry = seen.get(name);
        if (!entry) seen.set(name, (entry = { labels: pod.metadata?.labels ?? {}, added: now }));
        if (event.type === 'DELETED') entry.gone ??= now;
        if (pod.metadata?.deletionTimestamp) entry.terminating ??= now;
        if (pod.status?.phase === 'Running') entry.running ??= now;
        if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) entry.ready ??= now;
        settle();
      },
    });
    void watch.ended.then((end) => end.reason !== 'stopped' && process.stderr.write(`the pod watch ended early: ${JSON.stringify(end)}\n`));
    await sleep(300);
    const ofApp = (app: string) => [...seen.values()].filter((entry) => entry.labels.app === app);

    // a. The Deployment, applied with kubectl.
    phase(`kubectl apply: a Deployment of ${replicas} busybox httpd pods (${probe ? 'with' : 'no'} readinessProbe)`);
    const started = performance.now();
    const applied = await runProcess(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'apply', '-f', '-'], { input: JSON.stringify(deployment()), env: { ...process.env, KUBECONFIG: '' } });
    if (applied.code !== 0) throw new Error(`kubectl apply exited ${applied.code}: ${applied.stderr}`);
    const applyMs = performance.now() - started;
    await until(`${replicas} pods Ready`, () => ofApp(deploymentName).filter((entry) => entry.ready !== undefined).length >= replicas, 60_000 + replicas * 5000);
    const mine = ofApp(deploymentName);
    const deploymentFigures = {
      applyMs,
      addedMs: mine.map((e) => e.added - started),
      runningMs: mine.filter((e) => e.running !== undefined).map((e) => e.running! - started),
      readyMs: mine.filter((e) => e.ready !== undefined).map((e) => e.ready! - started),
      addedToReadyMs: mine.filter((e) => e.ready !== undefined).map((e) => e.ready! - e.added),
      teardownMs: 0,
      goneMs: [] as number[],
      terminatingMs: [] as number[],
    };
    phase(`all Ready in ${((Math.max(...deploymentFigures.readyMs)) / 1000).toFixed(2)} s; deleting the Deployment (its ReplicaSet and pods with it)`);
    const teardown = performance.now();
    await deployments.delete(namespace, deploymentName, { propagationPolicy: 'Background' });
    await until(`the Deployment's pods gone`, () => ofApp(deploymentName).every((entry) => entry.gone !== undefined), 120_000);
    deploymentFigures.teardownMs = performance.now() - teardown;
    deploymentFigures.goneMs = ofApp(deploymentName).map((entry) => entry.gone! - teardown);
    deploymentFigures.terminatingMs = ofApp(deploymentName).map((entry) => (entry.terminating ?? entry.gone!) - teardown);
    await sleep(1000);

    // b. Single pods, one after another.
    phase(`${singles} single pods, one after another: create → Ready, then delete → gone`);
    const single = { readyMs: [] as number[], runningMs: [] as number[], goneMs: [] as number[] };
    for (let index = 0; index < singles; index++) {
      checkInterrupted();
      const pod = singlePod(index);
      const name = pod.metadata!.name!;
      const created = performance.now();
      await pods.create(namespace, pod);
      await until(`${name} Ready`, () => seen.get(name)?.ready !== undefined, 60_000);
      const entry = seen.get(name)!;
      single.readyMs.push(entry.ready! - created);
      if (entry.running !== undefined) single.runningMs.push(entry.running - created);
      const deleted = performance.now();
      await pods.delete(namespace, name);
      await until(`${name} gone`, () => seen.get(name)?.gone !== undefined, 60_000);
      single.goneMs.push(entry.gone! - deleted);
    }
    const figures: Figures = { deployment: deploymentFigures, single };
    process.stdout.write(JSON.stringify(figures));
  } finally {
    watch?.stop();
    rest.close();
  }
}

// --- The parent: the cluster, the child, the table --------------------------------------------------

function runChild(cluster: TestClusterUp, kubectl: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const args = [`--net=/run/netns/${cluster.netns}`, process.execPath, '--disable-warning=ExperimentalWarning', import.meta.filename, '--measure', cluster.kubeconfig, kubectl, path.join(cluster.dir, 'kube-cache')];
    const started = spawn('nsenter', args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOME: cluster.dir } });
    child = started;
    const out: Buffer[] = [];
    started.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    started.on('error', reject);
    started.on('close', (code) => {
      child = undefined;
      if (code !== 0) return reject(new Error(`the measuring child exited ${code}`));
      try {
        resolve(JSON.parse(Buffer.concat(out).toString()) as Figures);
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

async function main(): Promise<void> {
  if (!isRoot()) throw new Error('bench/pod-startup needs root: it runs real containers');
  const dir = kubectlVersionsDir();
  if (!dir) throw new Error('kubectl (with kubectl.1.32 beside it) is not installed');
  const kubectl = path.join(dir, 'kubectl.1.32');
  phase('starting the cluster (minato up, its own network namespace and data root)');
  const cluster = new TestClusterUp({ nodeName: 'minato-bench' });
  try {
    const startedAt = performance.now();
    await cluster.start();
    phase(`node Ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; measuring from inside its network namespace (${cluster.netns})`);
    checkInterrupted();
    const figures = await runChild(cluster, kubectl);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const msf = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : s(ms));
    const stats = (values: number[]) => `p50 ${msf(percentile(values, 50))}  p90 ${msf(percentile(values, 90))}  p99 ${msf(percentile(values, 99))}  max ${msf(percentile(values, 100))}`;
    const row = (label: string, value: string) => `  ${label.padEnd(52)} ${value}`;
    const mark = (ok: boolean) => (ok ? '✓' : '✗');
    const d = figures.deployment;
    const nth = (values: number[], n: number) => [...values].sort((a, b) => a - b)[n - 1] ?? NaN;
    const half = Math.ceil(replicas / 2);
    const p99 = percentile(figures.single.readyMs, 99);
    const lines = [
      '',
      `Pod startup on minato up (1 node, busybox httpd, image present, ${probe ? 'readinessProbe httpGet every 2 s' : 'no readinessProbe: Ready = containers started'})`,
      '',
      `a. Deployment of ${replicas} replicas, from kubectl apply's start`,
      row('kubectl apply itself (process start to exit)', s(d.applyMs)),
      row('first / last pod created (seen on the watch)', `${s(nth(d.addedMs, 1))} / ${s(Math.max(...d.addedMs))}`),
      row('first pod Running / Ready', `${s(nth(d.runningMs, 1))} / ${s(nth(d.readyMs, 1))}`),
      row(`${half} pods Running / Ready`, `${s(nth(d.runningMs, half))} / ${s(nth(d.readyMs, half))}`),
      row(`all ${replicas} Running / Ready`, `${s(Math.max(...d.runningMs))} / ${s(Math.max(...d.readyMs))}`),
      row('throughput (pods Ready / s, apply → all Ready)', `${(replicas / (Math.max(...d.readyMs) / 1000)).toFixed(1)}`),
      row('per pod: pod first seen on the watch → Ready', stats(d.addedToReadyMs)),
      row('delete the Deployment → first / half / all pods terminating', `${s(nth(d.terminatingMs, 1))} / ${s(nth(d.terminatingMs, half))} / ${s(Math.max(...d.terminatingMs))}`),
      row('delete the Deployment → first / half / all pods gone', `${s(nth(d.goneMs, 1))} / ${s(nth(d.goneMs, half))} / ${s(d.teardownMs)}`),
      '',
      `b. ${figures.single.readyMs.length} single pods, one at a time (create → Ready, then delete, next after it is gone)`,
      row('create → Ready', stats(figures.single.readyMs)),
      row('create → Running', stats(figures.single.runningMs)),
      row('delete (grace 1 s) → gone', stats(figures.single.goneMs)),
      '',
      'Goals (single pod startup, create → Ready, client side)',
      `  ${mark(p99 <= sloMs)} Kubernetes' SLO: p99 ≤ 5 s: ${msf(p99)}`,
      `  ${mark(p99 <= goalMs)} Minato's goal: p99 ≤ 1 s: ${msf(p99)}`,
    ];
    if (singles < 100) lines.push(`  (p99 of ${singles} samples is their maximum)`);
    console.log(lines.join('\n'));
  } finally {
    if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
    phase('cleaning up the cluster');
    await cluster.cleanup().catch((err: unknown) => process.stderr.write(`cleaning up the cluster: ${String(err)}\n`));
  }
}

if (process.argv[2] === '--measure') {
  try {
    await measure(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  } catch (err) {
    process.stderr.write(`measuring: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
} else {
  await main();
}
