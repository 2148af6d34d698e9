// `kubectl top` against `minato up` with the real kubectl 1.32: metrics.k8s.io/v1beta1 in
// discovery, served by the API server from what its in-process scraper reads of the node agent's
// kubelet /metrics/resource (CPU rates from two samples; memory working sets).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { TestClusterUp, until } from '../helpers/test-cluster-up.ts';
import { isRoot } from '../helpers/test-daemon.ts';

const skip = !isRoot() ? 'needs root (runs containers)' : !kubectlVersionsDir() ? 'kubectl (with kubectl.1.32 beside it) is not installed' : false;

const pod = (name: string, script: string, cpuLimit?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: name } },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...(cpuLimit ? { resources: { limits: { cpu: cpuLimit } } } : {}) }],
  },
});

/** The rows of kubectl's table output, split into columns. */
function rows(text: string): string[][] {
  return text.trimEnd().split('\n').map((line) => line.trim().split(/\s+/));
}

/** "199m" → 199; "1" → 1000. */
function millicores(text: string): number {
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

describe('kubectl top', { skip, concurrency: false }, () => {
  let cluster: TestClusterUp;
  const kubectl = (args: string[], input?: string) => cluster.kubectlOk(args, input);

  before(async () => {
    cluster = new TestClusterUp({ nodeName: 'minato-top', subnet: '10.89.23.1/24' });
    await cluster.start();
    const manifests = [pod('busy', 'while :; do :; done', '200m'), pod('idle', 'exec sleep 3600')];
    await kubectl(['apply', '-f', '-'], manifests.map((m) => JSON.stringify(m)).join('\n'));
    await kubectl(['wait', '--for=condition=Ready', 'pod/busy', 'pod/idle', '--timeout=60s']);
  });
  after(async () => {
    await cluster?.cleanup();
  });

  test('the node agent serves /metrics/resource: the kubelet\'s metric names and labels, with timestamps', async () => {
    const user = JSON.parse(await kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.users[0].user}'])) as Record<string, string>;
    const cert = path.join(cluster.dir, 'admin.crt');
    const key = path.join(cluster.dir, 'admin.key');
    writeFileSync(cert, Buffer.from(user['client-certificate-data']!, 'base64'));
    writeFileSync(key, Buffer.from(user['client-key-data']!, 'base64'));
    const ip = await kubectl(['get', 'node', 'minato-top', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}']);
    const port = await kubectl(['get', 'node', 'minato-top', '-o', 'jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}']);
    const url = `https://${ip}:${port}/metrics/resource`;
    const result = await cluster.inNetns('curl', ['-sSk', '-m', '10', '--cert', cert, '--key', key, url]);
    assert.equal(result.code, 0, result.stderr);
    const text = result.stdout;
    assert.match(text, /^# TYPE node_cpu_usage_seconds_total counter$/m);
    assert.match(text, /^node_cpu_usage_seconds_total [\d.e+]+ \d{13}$/m);
    assert.match(text, /^node_memory_working_set_bytes [\d.e+]+ \d{13}$/m);
    assert.match(text, /^container_cpu_usage_seconds_total\{container="main",namespace="default",pod="busy"\} [\d.e+-]+ \d{13}$/m);
    assert.match(text, /^container_memory_working_set_bytes\{container="main",namespace="default",pod="idle"\} \d+ \d{13}$/m);
    assert.match(text, /^pod_cpu_usage_seconds_total\{namespace="default",pod="busy"\} [\d.e+-]+ \d{13}$/m);
    assert.match(text, /^scrape_error 0$/m);
    const anonymous = await cluster.inNetns('curl', ['-sk', '-m', '5', '-o', '/dev/null', '-w', '%{http_code}', url]);
    assert.notEqual(anonymous.stdout, '200', 'no metrics without a client certificate');
  });

  test('metrics.k8s.io is discovered, and the role view may read it', async () => {
    const resources = JSON.parse(await kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1'])) as { resources: { name: string; namespaced: boolean; kind: string; verbs: string[] }[] };
    assert.deepEqual(
      resources.resources.map((r) => [r.name, r.kind, r.namespaced, r.verbs]),
      [
        ['nodes', 'NodeMetrics', false, ['get', 'list']],
        ['pods', 'PodMetrics', true, ['get', 'list']],
      ],
    );
    const view = JSON.parse(await kubectl(['get', 'clusterrole', 'view', '-o', 'json'])) as { rules: { apiGroups: string[]; resources: string[] }[] };
    assert.ok(view.rules.some((rule) => rule.apiGroups.includes('metrics.k8s.io') && rule.resources.includes('pods')), 'view aggregates system:aggregated-metrics-reader');
  });

  test('reading metrics is authorized like any read: view may, an account without a role may not', async () => {
    // Service account tokens: kubectl's --as is impersonation, which Minato does not serve.
    const config = JSON.parse(await kubectl(['config', 'view', '--raw', '--minify', '-o', 'json'])) as { clusters: unknown[] };
    const kubeconfigFor = async (account: string) => {
      const file = path.join(cluster.dir, `${account}.kubeconfig`);
      const token = (await kubectl(['create', 'token', account])).trim();
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: config.clusters, users: [{ name: account, user: { token } }], contexts: [{ name: account, context: { cluster: (config.clusters[0] as { name: string }).name, user: account, namespace: 'default' } }], 'current-context': account }));
      return file;
    };
    await kubectl(['create', 'serviceaccount', 'viewer']);
    await kubectl(['create', 'serviceaccount', 'stranger']);
    await kubectl(['create', 'rolebinding', 'viewer-view', '--clusterrole=view', '--serviceaccount=default:viewer']);
    try {
      const allowed = await cluster.kubectl(['top', 'pods'], { kubeconfig: await kubeconfigFor('viewer') });
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.match(allowed.stdout, /^busy\s/m);
      const denied = await cluster.kubectl(['top', 'pods'], { kubeconfig: await kubeconfigFor('stranger') });
      assert.notEqual(denied.code, 0, denied.stdout);
      assert.match(denied.stderr, /pods\.metrics\.k8s\.io is forbidden: User "system:serviceaccount:default:stranger" cannot list resource "pods" in API group "metrics\.k8s\.io"/);
    } finally {
      await kubectl(['delete', 'rolebinding/viewer-view', 'serviceaccount/viewer', 'serviceaccount/stranger']);
    }
  });

  test('top nodes lists the node with its CPU and memory', async () => {
    const out = await kubectl(['top', 'nodes']);
    const [header, ...nodes] = rows(out);
    assert.deepEqual(header, ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], out);
    assert.equal(nodes.length, 1, out);
    const [name, cpu, , memory] = nodes[0]!;
    assert.equal(name, 'minato-top');
    assert.match(cpu!, /^\d+m?$/, out);
    assert.match(memory!, /^\d+Mi$/, out);
    assert.ok(millicores(cpu!) >= 100, `the busy pod alone uses ~200m of the node: ${out}`);
    const raw = JSON.parse(await kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes/minato-top'])) as Record<string, unknown>;
    assert.equal(raw.kind, 'NodeMetrics');
    assert.match(String(raw.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(String(raw.window), /^[\d.]+m?s$/);
  });

  test('top pods shows the busy pod using clearly more CPU than the idle one', async () => {
    const usage = await until(
      'the busy pod shows its CPU limit at work',
      async () => {
        const out = await kubectl(['top', 'pods']);
        const [header, ...pods] = rows(out);
        assert.deepEqual(header, ['NAME', 'CPU(cores)', 'MEMORY(bytes)'], out);
        const byName = new Map(pods.map(([name, cpu, memory]) => [name!, { cpu: millicores(cpu!), memory: memory! }]));
        const busy = byName.get('busy');
        const idle = byName.get('idle');
        return busy && idle && busy.cpu > 100 ? { busy, idle, out } : undefined;
      },
      30_000,
    );
    assert.ok(usage.busy.cpu <= 260, `the 200m limit holds: ${usage.out}`);
    assert.ok(usage.idle.cpu < 20, `the idle pod is idle: ${usage.out}`);
    assert.match(usage.busy.memory, /^\d+Mi$/);
  });

  test('top pod NAME --containers; -l picks pods by label, -A in every namespace', async () => {
    const out = await kubectl(['top', 'pod', 'busy', '--containers']);
    const [header, row] = rows(out);
    assert.deepEqual(header, ['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'], out);
    assert.deepEqual(row!.slice(0, 2), ['busy', 'main'], out);
    assert.ok(millicores(row![2]!) > 50, out);
    const selected = rows(await kubectl(['top', 'pods', '-l', 'app=idle']));
    assert.deepEqual(selected.slice(1).map((r) => r[0]), ['idle']);
    const everywhere = rows(await kubectl(['top', 'pods', '-A', '-l', 'app in (busy,idle)']));
    assert.deepEqual(everywhere.map((r) => r.slice(0, 2)), [['NAMESPACE', 'NAME'], ['default', 'busy'], ['default', 'idle']]);
    const none = await cluster.kubectl(['top', 'pods', '-l', 'app=nothing']);
    assert.match(none.stdout + none.stderr, /No resources found in default namespace/);
  });

  test('a missing pod is kubectl\'s NotFound error', async () => {
    const missing = await cluster.kubectl(['top', 'pod', 'no-such-pod']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "no-such-pod" not found/);
  });
});
