// Two nodes on one machine, driven by the real kubectl 1.32: `minato up` plus a second node
// started with `minato agent` (its own engine, data root and pod subnet, in the cluster's network
// namespace), joining as `kubeadm join` does: --server, the bootstrap token `minato up` made and
// --discovery-token-ca-cert-hash; its CSR is auto-approved and signed, and it runs as
// system:node:node-two, while the token itself may do nothing but bootstrap. A Deployment spreads its pods over both; when the second node's process is killed
// (SIGKILL: its containers stay, but nobody reports), the node goes NotReady (Ready=Unknown) and
// tainted, and its pods are recreated on the first node. Short grace and toleration times come
// from `minato up`'s controller-manager flags.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parse as parseYaml, stringify } from 'yaml';
import { parseCertificateRequest } from '../../src/cluster/api/certificates/certificate-request.ts';
import { after, before, describe, test } from 'node:test';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { TestClusterAgent, TestClusterUp, until as untilDone } from '../helpers/test-cluster-up.ts';
import { isRoot, leftoversMentioning } from '../helpers/test-daemon.ts';

const skip = !isRoot() ? 'needs root (runs containers)' : !kubectlVersionsDir() ? 'kubectl (with kubectl.1.32 beside it) is not installed' : false;

interface PodView {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'spread' },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'spread' } },
    template: {
      metadata: { labels: { app: 'spread' } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'sleep', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'Honor', labelSelector: { matchLabels: { app: 'spread' } } }],
      },
    },
  },
};

describe('two nodes: minato up + minato agent', { skip, concurrency: false }, () => {
  let cluster: TestClusterUp;
  let agent: TestClusterAgent | undefined;

  const kubectl = (args: string[], input?: string) => cluster.kubectlOk(args, input);
  const livePods = async (): Promise<PodView[]> =>
    (JSON.parse(await kubectl(['get', 'pods', '-l', 'app=spread', '-o', 'json'])) as { items: PodView[] }).items.filter((pod) => !pod.metadata.deletionTimestamp);
  const isReady = (pod: PodView) => pod.status.phase === 'Running' && !!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  const nodeReady = async (name: string) => (await cluster.kubectl(['get', 'node', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])).stdout;
  const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs?: number) =>
    untilDone(what, probe, timeoutMs, () => `--- cluster log (tail) ---\n${cluster.log.slice(-3000)}\n--- agent log (tail) ---\n${agent?.log.slice(-3000) ?? ''}`);

  before(async () => {
    cluster = new TestClusterUp({
      nodeName: 'node-one',
      subnet: '10.89.1.1/24',
      upArgs: ['--node-monitor-grace-period', '6s', '--default-unreachable-toleration-seconds', '3', '--default-not-ready-toleration-seconds', '3'],
    });
    await cluster.start();
    agent = new TestClusterAgent(cluster, { nodeName: 'node-two', subnet: '10.89.2.1/24' });
    await agent.start();
  });
  after(async () => {
    // The agent first: it lives in the cluster's network namespace.
    try {
      await agent?.cleanup();
    } finally {
      await cluster?.cleanup();
    }
    const leftovers = [agent, cluster].flatMap((node) => (node ? leftoversMentioning(node.dir, node.cgroupParent) : []));
    assert.deepEqual(leftovers, [], 'both engines cleaned up: no process, mount, cgroup or directory left');
    assert.deepEqual([agent, cluster].flatMap((node) => node?.containerNetns() ?? []), [], 'no container network namespace left');
  });

  test('the second node joins and is Ready', async () => {
    await until('node-two Ready', async () => (await nodeReady('node-two')) === 'True', 60_000);
    const table = await kubectl(['get', 'nodes']);
    assert.match(table, /^node-one\s+Ready\b/m, table);
    assert.match(table, /^node-two\s+Ready\b/m, table);
  });

  test("the second node joined with the token: an Approved,Issued CSR for system:node:node-two, and a node kubeconfig with that identity", async () => {
    const token = cluster.joinArgs()[3]!;
    const csrs = JSON.parse(await kubectl(['get', 'csr', '-o', 'json'])) as { items: { metadata: { name: string }; spec: { request: string; username: string } }[] };
    const forNode = csrs.items.filter((csr) => parseCertificateRequest(Buffer.from(csr.spec.request, 'base64').toString()).subject.commonName === 'system:node:node-two');
    assert.equal(forNode.length, 1, JSON.stringify(csrs.items.map((csr) => csr.metadata.name)));
    assert.equal(forNode[0]!.spec.username, `system:bootstrap:${token.slice(0, 6)}`);
    const table = await kubectl(['get', 'csr', forNode[0]!.metadata.name]);
    assert.match(table, new RegExp(`^${forNode[0]!.metadata.name}\\s+\\S+\\s+kubernetes.io/kube-apiserver-client-kubelet\\s+system:bootstrap:${token.slice(0, 6)}\\s+<none>\\s+Approved,Issued$`, 'm'), table);

    const file = path.join(agent!.dataRoot, 'kubelet.kubeconfig');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const config = parseYaml(readFileSync(file, 'utf8')) as { users: { user: Record<string, string> }[] };
    const cert = new X509Certificate(Buffer.from(config.users[0]!.user['client-certificate-data']!, 'base64'));
    assert.match(cert.subject, /CN=system:node:node-two/);
    assert.match(cert.subject, /O=system:nodes/);
    // The node's credentials work: it reads its own Node object.
    assert.equal((await cluster.kubectl(['get', 'node', 'node-two', '-o', 'name'], { kubeconfig: file })).stdout.trim(), 'node/node-two');
  });

  test('the bootstrap token may do nothing beyond bootstrapping: listing secrets is Forbidden', async () => {
    const [, server, , token] = cluster.joinArgs();
    const admin = parseYaml(readFileSync(cluster.kubeconfig, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
    const tokenConfig = path.join(cluster.dir, 'token-kubeconfig.yaml');
    writeFileSync(tokenConfig, stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': admin.clusters[0]!.cluster['certificate-authority-data'] } }],
      users: [{ name: 'u', user: { token } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'c',
    }), { mode: 0o600 });
    const secrets = await cluster.kubectl(['get', 'secrets', '-A'], { kubeconfig: tokenConfig });
    assert.notEqual(secrets.code, 0);
    assert.match(secrets.stderr, new RegExp(`Forbidden.*User "system:bootstrap:${token!.slice(0, 6)}" cannot list resource "secrets"`), secrets.stderr);
    const nodes = await cluster.kubectl(['get', 'nodes'], { kubeconfig: tokenConfig });
    assert.match(nodes.stderr, /Forbidden/, nodes.stderr);
    // What it may do: ask for certificates.
    assert.equal((await cluster.kubectl(['get', 'csr', '-o', 'name'], { kubeconfig: tokenConfig })).code, 0);
  });

  test('a Deployment spreads its pods over both nodes', async () => {
    await kubectl(['apply', '-f', '-'], JSON.stringify(deployment));
    await kubectl(['rollout', 'status', 'deployment/spread', '--timeout=120s']);
    const pods = (await livePods()).filter(isReady);
    assert.equal(pods.length, 4);
    assert.deepEqual(pods.map((pod) => pod.spec.nodeName).sort(), ['node-one', 'node-one', 'node-two', 'node-two']);
    // node-two's containers run on node-two's engine.
    const onTwo = (await agent!.ok(['ps', '-q', '--filter', 'label=io.kubernetes.pod.namespace=default'])).split('\n').filter(Boolean);
    assert.ok(onTwo.length >= 2, `node-two's engine runs the pods' containers (${onTwo.length})`);
  });

  test('killing the second node: it goes NotReady and tainted, and its pods are recreated on the first', async () => {
    await agent!.killDaemon();
    await until('node-two Ready=Unknown', async () => (await nodeReady('node-two')) === 'Unknown', 60_000);
    const taints = JSON.parse(await kubectl(['get', 'node', 'node-two', '-o', 'jsonpath={.spec.taints}'])) as { key: string; effect: string }[];
    assert.deepEqual(taints.map((t) => `${t.key}:${t.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    assert.match(await kubectl(['get', 'nodes']), /^node-two\s+NotReady\b/m);
    const moved = await until('4 Ready pods, all on node-one', async () => {
      const pods = (await livePods()).filter(isReady);
      return pods.length === 4 && pods.every((pod) => pod.spec.nodeName === 'node-one') ? pods : undefined;
    });
    assert.equal(moved.length, 4);
    const evictions = await kubectl(['get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'name']);
    assert.ok(evictions.trim().split('\n').filter(Boolean).length >= 2, `eviction events: ${evictions}`);
  });

  test('restarted, the second node reuses its node kubeconfig: no new CSR, Ready again', async () => {
    const csrsForNodeTwo = async () => {
      const csrs = JSON.parse(await kubectl(['get', 'csr', '-o', 'json'])) as { items: { spec: { request: string } }[] };
      return csrs.items.filter((csr) => parseCertificateRequest(Buffer.from(csr.spec.request, 'base64').toString()).subject.commonName === 'system:node:node-two').length;
    };
    await agent!.start();
    await until('node-two Ready again', async () => (await nodeReady('node-two')) === 'True', 60_000);
    assert.match(agent!.log, /using the node credentials from an earlier join/);
    assert.equal(await csrsForNodeTwo(), 1);
  });
});
