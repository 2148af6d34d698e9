// bench/apiserver: the Kubernetes API server (`minato server`) under load, on this machine, in
// one run, for both of its backends — embedded SQLite and etcd (a real etcd on loopback,
// test/helpers/test-etcd.ts) — each a server of its own, started side by side:
//
//   1. create throughput: BENCH_OBJECTS (10,000) small but realistic Pods (one container with
//      ports, resources and env; labels app=bench, shard=sNN of 100 shards) POSTed with
//      BENCH_CONCURRENCY (16) requests in flight → pods/s;
//   2. GET of one pod at a fixed offered rate, BENCH_GET_RATE (500) requests/s for
//      BENCH_GET_SECONDS (10) s, open loop: requests are scheduled at the rate whatever the
//      server does, and each one's latency counts from its scheduled time, so queueing shows (no
//      coordinated omission); keep-alive HTTPS (https.Agent, keepAlive, maxSockets 16) with
//      the admin client certificate → p50/p90/p99 and the throughput achieved;
//      then GETs as fast as the server answers them, BENCH_CONCURRENCY in flight (closed loop)
//      → the throughput it sustains;
//   3. LIST of all the pods, paginated (limit=BENCH_PAGE_SIZE, 500), BENCH_LIST_RUNS (10) times
//      → the whole paginated list's latency (sum of its pages, request sent to last byte; the
//      client's JSON decoding between pages is not counted) and pages/s; and LIST with a
//      labelSelector matching 1% of them (shard=s7);
//   4. watch fan-out: BENCH_WATCHERS (100) watches of the namespace's pods from the current
//      resourceVersion, then a burst of BENCH_UPDATES (1,000) merge PATCHes of a label, 16 in
//      flight; every watcher must receive every event (counted per watcher: misses and
//      duplicates reported) → delivery latency from the PATCH's start to the event's arrival at
//      each watcher (the chunk's arrival time, before this process parses it);
//   5. the server process's memory (VmRSS, and private = Private_Clean + Private_Dirty of
//      smaps_rollup; bin/minato execs node, so the PID is node's — checked): just started, after
//      the creates, after BENCH_IDLE_SECONDS (10) s idle (V8 collects garbage when idle), and at
//      the end (watchers gone, idle again). With etcd, etcd's own RSS is shown beside it.
//
// The machine is shared and noisy, and the load generator runs on it too: phases alternate
// between the backends (creates in 10 chunks, GET and watch in BENCH_ROUNDS (2) rounds, LIST
// run by run), the order flipping every round. A table per backend, then the goals (GET p99 <
// 10 ms at 500 requests/s; memory < 150 MB with 10,000 pods stored; every watch event
// delivered) marked ✓ or ✗. Everything started (servers, etcd, their temp dirs) is stopped by
// PID and removed at the end, pass or fail (Ctrl-C included).
//
// Quick run: BENCH_OBJECTS=1000 BENCH_GET_SECONDS=4 BENCH_LIST_RUNS=3 BENCH_IDLE_SECONDS=3 bench/apiserver
// One backend: BENCH_BACKENDS=sqlite (or etcd). Server flags (default: the API server alone): BENCH_SERVER_ARGS='--disable-scheduler'. Profiling the server: BENCH_SERVER_NODE_OPTIONS=
// '--cpu-prof --cpu-prof-dir=/tmp/prof' (the servers' NODE_OPTIONS; profiles written at their exit).
import { readFileSync, readlinkSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import * as path from 'node:path';
import { credentialsFrom } from '../test/helpers/cluster-client.ts';
import { TestClusterServer } from '../test/helpers/test-cluster-server.ts';
import { etcdMissing, TestEtcd } from '../test/helpers/test-etcd.ts';
import { checkInterrupted, inParallel, interruption, mb, ms, num, percentile, phase, stopAtNextStepOnInterrupt } from './bench-helpers.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${process.env[name]}: want a number ≥ 0`);
  return value;
};
const objects = Math.max(1, Math.round(env('BENCH_OBJECTS', 10_000)));
const rounds = Math.max(1, Math.round(env('BENCH_ROUNDS', 2)));
const concurrency = Math.max(1, Math.round(env('BENCH_CONCURRENCY', 16)));
const getRate = env('BENCH_GET_RATE', 500);
const getSeconds = env('BENCH_GET_SECONDS', 10);
const pageSize = Math.max(1, Math.round(env('BENCH_PAGE_SIZE', 500)));
const listRuns = Math.max(1, Math.round(env('BENCH_LIST_RUNS', 10)));
const watcherCount = Math.max(1, Math.round(env('BENCH_WATCHERS', 100)));
const updates = Math.min(objects, Math.max(1, Math.round(env('BENCH_UPDATES', 1000))));
const idleSeconds = env('BENCH_IDLE_SECONDS', 10);
const backendNames = (process.env.BENCH_BACKENDS ?? 'sqlite,etcd').split(',').map((name) => name.trim()).filter(Boolean);
const shards = 100;
const namespace = 'bench';
const nameWidth = Math.max(5, String(objects - 1).length);
const podName = (index: number) => `bench-${String(index).padStart(nameWidth, '0')}`;

// --- Interruption: stop at the next step, then clean up -------------------------------------------

stopAtNextStepOnInterrupt();

// --- Statistics ------------------------------------------------------------------------------------

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- HTTPS ---------------------------------------------------------------------------------------

interface Target {
  host: string;
  port: number;
  /** keep-alive, maxSockets = concurrency: every request but the watches. */
  agent: Agent;
  /** The watches: a connection each. */
  watchAgent: Agent;
}

interface Reply {
  status: number;
  body: Buffer;
}

function call(target: Target, method: string, urlPath: string, options: { body?: string; contentType?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (options.body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(options.body);
    }
    const req = request({ host: target.host, port: target.port, method, path: urlPath, agent: target.agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function mustCall(target: Target, method: string, urlPath: string, expected: number, options: { body?: string; contentType?: string } = {}): Promise<Reply> {
  const reply = await call(target, method, urlPath, options);
  if (reply.status !== expected) throw new Error(`${method} ${urlPath}: ${reply.status} (wanted ${expected}): ${reply.body.toString().slice(0, 500)}`);
  return reply;
}

// --- Memory ----------------------------------------------------------------------------------------

interface Memory {
  rssKb: number;
  privateKb: number;
}

function memoryOf(pid: number): Memory {
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const privateKb = ['Private_Clean', 'Private_Dirty'].reduce((total, key) => total + Number(new RegExp(`${key}:\\s+(\\d+)`).exec(rollup)?.[1] ?? 0), 0);
  return { rssKb, privateKb };
}

const isNode = (pid: number) => path.basename(readlinkSync(`/proc/${pid}/exe`)).startsWith('node');

/** The node process serving: bin/minato execs node (same PID); if a wrapper stayed, its node child. */
function serverNodePid(pid: number): number {
  if (isNode(pid)) return pid;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  for (const child of children) {
    const found = serverNodePid(child);
    if (found) return found;
  }
  throw new Error(`no node process at or under PID ${pid} (${readlinkSync(`/proc/${pid}/exe`)})`);
}

// --- The objects -----------------------------------------------------------------------------------

function pod(index: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName(index), namespace, labels: { app: 'bench', shard: `s${index % shards}` } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'registry.example.com/team/web:1.27.3',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'production' }, { name: 'POD_INDEX', value: String(index) }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        },
      ],
      restartPolicy: 'Always',
    },
  });
}

// --- A backend: its server (and etcd), and what was measured ---------------------------------------

interface Backend {
  key: string;
  label: string;
  server: TestClusterServer;
  etcd?: TestEtcd;
  target?: Target;
  pid?: number;
  createMs: number[];
  get: { latencies: number[]; ok: number; errors: number; seconds: number };
  saturated: { latencies: number[]; seconds: number };
  list: number[];
  listPages: number;
  selector: number[];
  selectorItems: number;
  watch: { latencies: number[]; fromReply: number[]; expected: number; delivered: number; duplicates: number; other: number; ended: number; slowParses: number; patchMs: number[] };
  memory: { label: string; server: Memory; etcdRssKb?: number }[];
}

function newBackend(key: string): Backend {
  return {
    key,
    label: key === 'etcd' ? 'etcd (3.4, loopback)' : 'embedded SQLite',
    server: undefined as unknown as TestClusterServer,
    createMs: [],
    get: { latencies: [], ok: 0, errors: 0, seconds: 0 },
    saturated: { latencies: [], seconds: 0 },
    list: [],
    listPages: 0,
    selector: [],
    selectorItems: 0,
    watch: { latencies: [], fromReply: [], expected: 0, delivered: 0, duplicates: 0, other: 0, ended: 0, slowParses: 0, patchMs: [] },
    memory: [],
  };
}

function target(backend: Backend): Target {
  if (!backend.target) throw new Error(`${backend.label}: not started`);
  return backend.target;
}

async function startBackend(backend: Backend): Promise<void> {
  if (backend.key === 'etcd') backend.etcd = await TestEtcd.start();
  // The API server alone, as kube-apiserver's figures are: `minato server` also runs the
  // controllers and the scheduler by default, and each controller keeps its own cache of the
  // 10,000 pods (bench/idle-memory measures the whole cluster). BENCH_SERVER_ARGS replaces these
  // flags, e.g. BENCH_SERVER_ARGS='--disable-scheduler' to include the controllers.
  const extraArgs = (process.env.BENCH_SERVER_ARGS ?? '--disable-controller-manager --disable-scheduler').split(' ').filter(Boolean);
  backend.server = new TestClusterServer({ extraArgs, ...(backend.etcd ? { datastoreEndpoint: backend.etcd.endpoint } : {}) });
  const nodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS;
  const saved = process.env.NODE_OPTIONS;
  if (nodeOptions) process.env.NODE_OPTIONS = nodeOptions;
  try {
    await backend.server.start();
  } finally {
    if (nodeOptions) {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  }
  backend.pid = serverNodePid(backend.server.pid!);
  const credentials = credentialsFrom(backend.server.kubeconfig);
  const url = new URL(credentials.server);
  const tls = { ca: credentials.ca, cert: credentials.cert, key: credentials.key };
  backend.target = {
    host: url.hostname,
    port: Number(url.port),
    agent: new Agent({ ...tls, keepAlive: true, maxSockets: concurrency }),
    watchAgent: new Agent({ ...tls, keepAlive: false, maxSockets: Infinity }),
  };
  await mustCall(backend.target, 'POST', '/api/v1/namespaces', 201, { body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }) });
}

async function stopBackend(backend: Backend): Promise<void> {
  backend.target?.agent.destroy();
  backend.target?.watchAgent.destroy();
  await backend.server?.cleanup().catch((err: unknown) => process.stderr.write(`stopping the ${backend.label} server: ${String(err)}\n`));
  await backend.etcd?.stop().catch((err: unknown) => process.stderr.write(`stopping etcd: ${String(err)}\n`));
}

function recordMemory(backend: Backend, label: string): void {
  backend.memory.push({ label, server: memoryOf(backend.pid!), ...(backend.etcd?.pid ? { etcdRssKb: memoryOf(backend.etcd.pid).rssKb } : {}) });
}

// --- 1. Creates ------------------------------------------------------------------------------------

async function createChunk(backend: Backend, from: number, to: number): Promise<void> {
  const started = performance.now();
  await inParallel(to - from, concurrency, async (offset) => {
    await mustCall(target(backend), 'POST', `/api/v1/namespaces/${namespace}/pods`, 201, { body: pod(from + offset) });
  });
  backend.createMs.push(performance.now() - started);
}

// --- 2. GET at a fixed rate, open loop -------------------------------------------------------------

interface OpenLoopResult {
  latencies: number[];
  ok: number;
  errors: number;
  seconds: number;
}

/**
 * GETs `urlPath` at `rate` per second for `seconds`: request i is due at start + i/rate and
 * sent then (or as soon as this process gets to it); its latency counts from when it was due.
 * Requests beyond maxSockets wait in the agent's queue: that wait is part of their latency.
 */
function openLoop(backend: Backend, urlPath: string, rate: number, seconds: number): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let issued = 0;
  let outstanding = 0;
  const started = performance.now();
  return new Promise((resolve) => {
    const done = () => {
      outstanding--;
      if (issued === total && outstanding === 0) resolve({ latencies, ok, errors, seconds: (performance.now() - started) / 1000 });
    };
    const tick = () => {
      const now = performance.now();
      while (issued < total && started + issued * interval <= now) {
        const due = started + issued * interval;
        issued++;
        outstanding++;
        call(target(backend), 'GET', urlPath).then(
          (reply) => {
            if (reply.status === 200) {
              ok++;
              latencies.push(performance.now() - due);
            } else errors++;
            done();
          },
          () => {
            errors++;
            done();
          },
        );
      }
      if (issued < total && !interruption()) setTimeout(tick, Math.max(0, started + issued * interval - performance.now()));
      else if (issued < total) {
        issued = total; // interrupted: send no more
        outstanding++;
        done();
      }
    };
    tick();
  });
}

/** GETs `urlPath` as fast as the server answers, `concurrency` in flight, for `seconds` (closed loop: throughput). */
async function saturatedGets(backend: Backend, urlPath: string, seconds: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        checkInterrupted();
        const sent = performance.now();
        await mustCall(target(backend), 'GET', urlPath, 200);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

// --- 3. LIST ----------------------------------------------------------------------------------------

/** A whole paginated LIST: milliseconds (sum of the pages: request sent to last byte), pages, items. */
async function paginatedList(backend: Backend, query: string): Promise<{ ms: number; pages: number; items: number }> {
  let ms = 0;
  let pages = 0;
  let items = 0;
  let token: string | undefined;
  do {
    checkInterrupted();
    const urlPath = `/api/v1/namespaces/${namespace}/pods?limit=${pageSize}${query}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const started = performance.now();
    const reply = await mustCall(target(backend), 'GET', urlPath, 200);
    ms += performance.now() - started;
    const page = JSON.parse(reply.body.toString('utf8')) as { metadata: { continue?: string }; items: unknown[] };
    pages++;
    items += page.items.length;
    token = page.metadata.continue || undefined;
  } while (token);
  return { ms, pages, items };
}

// --- 4. Watch fan-out ----------------------------------------------------------------------------

/** One watch of the namespace's pods, recording when each burst pod's event arrived. */
class FanOutWatch {
  /** Arrival time (performance.now()) per burst index; NaN: not yet. */
  readonly arrivals = new Float64Array(updates).fill(NaN);
  received = 0;
  duplicates = 0;
  other = 0;
  slowParses = 0;
  ended = false;
  private response: IncomingMessage | undefined;

  static open(backend: Backend, resourceVersion: string): Promise<FanOutWatch> {
    const watch = new FanOutWatch();
    const t = target(backend);
    return new Promise((resolve, reject) => {
      const req = request({ host: t.host, port: t.port, method: 'GET', path: `/api/v1/namespaces/${namespace}/pods?watch=1&resourceVersion=${resourceVersion}&timeoutSeconds=900`, agent: t.watchAgent, headers: { Accept: 'application/json' } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch: ${res.statusCode}`));
          res.resume();
          return;
        }
        watch.response = res;
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const arrived = performance.now();
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (line.trim()) watch.take(line, arrived);
          }
        });
        res.on('end', () => (watch.ended = true));
        res.on('error', () => (watch.ended = true));
        resolve(watch);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** One event line. Cheap path: the type and the pod's name read off the text; else JSON.parse. */
  private take(line: string, arrived: number): void {
    const marker = '"metadata":{"name":"';
    let type: string | undefined;
    let name: string | undefined;
    const at = line.startsWith('{"type":"') ? line.indexOf(marker) : -1;
    if (at >= 0) {
      type = line.slice(9, line.indexOf('"', 9));
      name = line.slice(at + marker.length, line.indexOf('"', at + marker.length));
    } else {
      this.slowParses++;
      const event = JSON.parse(line) as { type?: string; object?: { metadata?: { name?: string } } };
      type = event.type;
      name = event.object?.metadata?.name;
    }
    const index = type === 'MODIFIED' && name?.startsWith('bench-') ? Number(name.slice(6)) : NaN;
    if (!(index >= 0 && index < updates)) {
      this.other++;
      return;
    }
    if (!Number.isNaN(this.arrivals[index]!)) {
      this.duplicates++;
      return;
    }
    this.arrivals[index] = arrived;
    this.received++;
  }

  stop(): void {
    this.response?.destroy();
  }
}

async function fanOutRound(backend: Backend, round: number): Promise<void> {
  const t = target(backend);
  const current = JSON.parse((await mustCall(t, 'GET', `/api/v1/namespaces/${namespace}/pods?limit=1`, 200)).body.toString()) as { metadata: { resourceVersion: string } };
  const watches: FanOutWatch[] = [];
  try {
    for (let i = 0; i < watcherCount; i += 20) {
      checkInterrupted();
      watches.push(...(await Promise.all(Array.from({ length: Math.min(20, watcherCount - i) }, () => FanOutWatch.open(backend, current.metadata.resourceVersion)))));
    }
    await sleep(500);
    const started = new Float64Array(updates);
    const replied = new Float64Array(updates);
    const patch = JSON.stringify({ metadata: { labels: { burst: `r${round}` } } });
    const burstStart = performance.now();
    await inParallel(updates, concurrency, async (index) => {
      started[index] = performance.now();
      await mustCall(t, 'PATCH', `/api/v1/namespaces/${namespace}/pods/${podName(index)}`, 200, { body: patch, contentType: 'application/merge-patch+json' });
      replied[index] = performance.now();
    });
    backend.watch.patchMs.push(performance.now() - burstStart);
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline && watches.some((watch) => watch.received < updates && !watch.ended)) {
      checkInterrupted();
      await sleep(50);
    }
    await sleep(200); // late duplicates, if any
    const w = backend.watch;
    w.expected += watcherCount * updates;
    for (const watch of watches) {
      w.delivered += watch.received;
      w.duplicates += watch.duplicates;
      w.other += watch.other;
      w.slowParses += watch.slowParses;
      if (watch.ended) w.ended++;
      for (let index = 0; index < updates; index++) {
        const arrived = watch.arrivals[index]!;
        if (Number.isNaN(arrived)) continue;
        w.latencies.push(arrived - started[index]!);
        w.fromReply.push(arrived - replied[index]!);
      }
    }
  } finally {
    for (const watch of watches) watch.stop();
  }
}

// --- The report ----------------------------------------------------------------------------------

function table(backend: Backend): string[] {
  const row = (label: string, value: string) => `  ${label.padEnd(54)} ${value}`;
  const createSeconds = sum(backend.createMs) / 1000;
  const g = backend.get;
  const w = backend.watch;
  const listPages = backend.listPages;
  const lines = [
    `${backend.label} — ${num(objects)} pods stored (server PID ${backend.pid})`,
    row(`create, ${concurrency} in flight`, `${num(objects / createSeconds)} pods/s  (${createSeconds.toFixed(1)} s for ${num(objects)})`),
    row(`GET one pod, open loop ${getRate}/s × ${g.seconds.toFixed(0)} s (keep-alive ×${concurrency})`, `p50 ${ms(percentile(g.latencies, 50))}  p90 ${ms(percentile(g.latencies, 90))}  p99 ${ms(percentile(g.latencies, 99))}  max ${ms(percentile(g.latencies, 100))}`),
    row('', `achieved ${(g.ok / g.seconds).toFixed(1)} req/s (offered ${getRate}), ${g.errors} errors`),
    row(`GET one pod, as fast as served (${concurrency} in flight)`, `${num(backend.saturated.latencies.length / backend.saturated.seconds)} req/s  p50 ${ms(percentile(backend.saturated.latencies, 50))}  p99 ${ms(percentile(backend.saturated.latencies, 99))}`),
    row(`LIST all, limit=${pageSize} (${listPages} pages) × ${backend.list.length}`, `p50 ${ms(percentile(backend.list, 50))}  p99 ${ms(percentile(backend.list, 99))}  → ${((listPages * backend.list.length) / (sum(backend.list) / 1000)).toFixed(1)} pages/s, ${num((objects * backend.list.length) / (sum(backend.list) / 1000))} items/s`),
    row(`LIST labelSelector shard=s7 (${backend.selectorItems} items, 1%) × ${backend.selector.length}`, `p50 ${ms(percentile(backend.selector, 50))}  p99 ${ms(percentile(backend.selector, 99))}`),
    row(`watch: ${watcherCount} watchers × ${updates} PATCHes × ${rounds} rounds`, `delivered ${num(w.delivered)} of ${num(w.expected)}: ${num(w.expected - w.delivered)} missed, ${w.duplicates} duplicates${w.ended ? `, ${w.ended} watches ended early` : ''}${w.other ? `, ${w.other} other events` : ''}`),
    row('  delivery latency, from the PATCH sent', `p50 ${ms(percentile(w.latencies, 50))}  p90 ${ms(percentile(w.latencies, 90))}  p99 ${ms(percentile(w.latencies, 99))}  max ${ms(percentile(w.latencies, 100))}`),
    row('  … from its reply (negative: the event came first)', `p50 ${ms(percentile(w.fromReply, 50))}  p99 ${ms(percentile(w.fromReply, 99))}`),
    row(`  the PATCH burst, ${concurrency} in flight`, `${num((updates * w.patchMs.length) / (sum(w.patchMs) / 1000))} PATCHes/s while fanning out`),
    `  memory of the server process${backend.etcd ? ' (etcd\'s own RSS beside it)' : ''}:`,
  ];
  for (const sample of backend.memory) {
    lines.push(row(`    ${sample.label}`, `RSS ${mb(sample.server.rssKb).padStart(9)}   private ${mb(sample.server.privateKb).padStart(9)}${sample.etcdRssKb !== undefined ? `   (etcd RSS ${mb(sample.etcdRssKb)})` : ''}`));
  }
  if (w.slowParses) lines.push(`  (${w.slowParses} watch events needed a full JSON.parse in the bench)`);
  return lines;
}

function goals(backends: Backend[]): string[] {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const cell = (text: string) => text.padEnd(26);
  const lines = ['Goals', `  ${''.padEnd(52)} ${backends.map((b) => cell(b.label)).join(' ')}`];
  const goal = (label: string, judge: (backend: Backend) => [boolean, string]) => {
    lines.push(`  ${label.padEnd(52)} ${backends.map((backend) => cell(((r) => `${mark(r[0])} ${r[1]}`)(judge(backend)))).join(' ')}`);
  };
  goal(`GET p99 < 10 ms at ${getRate} req/s (all served)`, (b) => {
    const p99 = percentile(b.get.latencies, 99);
    const achieved = b.get.ok / b.get.seconds;
    return [p99 < 10 && b.get.errors === 0 && achieved >= getRate * 0.98, `p99 ${ms(p99)}, ${achieved.toFixed(0)}/s`];
  });
  goal(`memory < 150 MB RSS, ${num(objects)} pods stored (idle)`, (b) => {
    const idle = b.memory.filter((sample) => sample.label.includes('idle'));
    const worst = Math.max(...idle.map((sample) => sample.server.rssKb));
    return [worst < 150 * 1024, `${mb(worst)} (worst idle)`];
  });
  goal('every watch event delivered to every watcher', (b) => [b.watch.delivered === b.watch.expected && b.watch.duplicates === 0 && b.watch.expected > 0, `${num(b.watch.expected - b.watch.delivered)} missed`]);
  if (objects !== 10_000 || getRate !== 500) lines.push(`  (the goals are stated for 10,000 pods and 500 req/s; this run: ${num(objects)} pods, ${getRate} req/s)`);
  return lines;
}

// --- The run ---------------------------------------------------------------------------------------

/** The backends in this round's order (flipped every other round). */
const ordered = (backends: Backend[], round: number) => (round % 2 ? backends.toReversed() : backends);

async function main(): Promise<void> {
  for (const name of backendNames) if (name !== 'sqlite' && name !== 'etcd') throw new Error(`BENCH_BACKENDS: unknown backend ${name} (sqlite, etcd)`);
  if (backendNames.includes('etcd') && etcdMissing()) throw new Error(`${etcdMissing()} — or run BENCH_BACKENDS=sqlite`);
  const backends = backendNames.map(newBackend);
  try {
    for (const backend of backends) {
      phase(`starting the ${backend.label} server`);
      await startBackend(backend);
    }
    await sleep(2000);
    for (const backend of backends) recordMemory(backend, 'just started (a namespace, RBAC defaults)');

    phase(`creating ${objects} pods on each, ${concurrency} in flight`);
    const chunks = 10;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const from = Math.floor((objects * chunk) / chunks);
      const to = Math.floor((objects * (chunk + 1)) / chunks);
      if (to > from) for (const backend of ordered(backends, chunk)) await createChunk(backend, from, to);
    }
    for (const backend of backends) recordMemory(backend, 'right after the creates');
    phase(`idle ${idleSeconds} s`);
    await sleep(idleSeconds * 1000);
    for (const backend of backends) recordMemory(backend, `after the creates, ${idleSeconds} s idle`);

    const getPath = `/api/v1/namespaces/${namespace}/pods/${podName(Math.floor(objects / 2))}`;
    phase(`GET at ${getRate}/s: 1 s warm-up each, then ${rounds} rounds of ${(getSeconds / rounds).toFixed(1)} s each`);
    for (const backend of backends) await openLoop(backend, getPath, getRate, 1);
    for (let round = 0; round < rounds; round++) {
      for (const backend of ordered(backends, round)) {
        checkInterrupted();
        const result = await openLoop(backend, getPath, getRate, getSeconds / rounds);
        backend.get.latencies.push(...result.latencies);
        backend.get.ok += result.ok;
        backend.get.errors += result.errors;
        backend.get.seconds += result.seconds;
      }
    }

    for (let round = 0; round < rounds; round++) {
      for (const backend of ordered(backends, round)) {
        const result = await saturatedGets(backend, getPath, Math.max(1, getSeconds / rounds / 2));
        backend.saturated.latencies.push(...result.latencies);
        backend.saturated.seconds += result.seconds;
      }
    }

    for (const backend of backends) recordMemory(backend, 'after the GETs');
    phase(`LIST: ${listRuns} paginated lists and ${listRuns} selector lists each`);
    for (const backend of backends) {
      const warm = await paginatedList(backend, '');
      if (warm.items !== objects) throw new Error(`${backend.label}: the list had ${warm.items} items, not ${objects}`);
      backend.listPages = warm.pages;
    }
    for (let run = 0; run < listRuns; run++) {
      for (const backend of ordered(backends, run)) {
        const result = await paginatedList(backend, '');
        if (result.items !== objects) throw new Error(`${backend.label}: the list had ${result.items} items, not ${objects}`);
        backend.list.push(result.ms);
      }
    }
    const selector = '&labelSelector=shard%3Ds7';
    for (let run = -1; run < listRuns; run++) {
      for (const backend of ordered(backends, run + 1)) {
        const result = await paginatedList(backend, selector);
        backend.selectorItems = result.items;
        if (run >= 0) backend.selector.push(result.ms);
      }
    }

    for (const backend of backends) recordMemory(backend, 'after the LISTs');
    phase(`watch fan-out: ${watcherCount} watchers, ${updates} PATCHes, ${rounds} rounds`);
    for (let round = 0; round < rounds; round++) {
      for (const backend of ordered(backends, round)) await fanOutRound(backend, round);
    }

    for (const backend of backends) recordMemory(backend, 'after the watch fan-out (watchers gone)');
    phase(`idle ${idleSeconds} s`);
    await sleep(idleSeconds * 1000);
    for (const backend of backends) recordMemory(backend, `at the end (after all the above), ${idleSeconds} s idle`);

    const lines = [
      `minato server under load — ${num(objects)} pods, GET at ${getRate}/s, LIST limit=${pageSize}, ${watcherCount} watchers; phases alternate between the backends`,
      '',
    ];
    for (const backend of backends) lines.push(...table(backend), '');
    lines.push(...goals(backends));
    console.log(lines.join('\n'));
  } finally {
    for (const backend of backends) await stopBackend(backend);
  }
}

await main();
