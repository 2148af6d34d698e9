// `kubectl port-forward` against `minato up` with the real kubectl 1.32: the API server relays
// pods/portforward to the node agent's kubelet API, which speaks SPDY/3.1 with kubectl (tunnelled
// in WebSocket messages by default, raw SPDY with KUBECTL_PORT_FORWARD_WEBSOCKETS=false) and
// connects to the port inside the pod's network namespace.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { KubectlProcess } from '../helpers/kubectl-process.ts';
import { TestClusterUp, until } from '../helpers/test-cluster-up.ts';
import { isRoot } from '../helpers/test-daemon.ts';

const skip = !isRoot() ? 'needs root (runs containers)' : !kubectlVersionsDir() ? 'kubectl (with kubectl.1.32 beside it) is not installed' : false;

const page = 'hello from web';
const loopbackPage = 'only on the pod loopback';
// httpd on :80 (all addresses) and on 127.0.0.1:8080 only; an echo server (cat) on :7000; a 1 MiB file.
const webScript = [
  'mkdir -p /www /local',
  `echo '${page}' > /www/index.html`,
  `echo '${loopbackPage}' > /local/index.html`,
  'head -c 1048576 /dev/urandom > /www/big',
  'httpd -p 127.0.0.1:8080 -h /local',
  'nc -ll -p 7000 -e cat &',
  'exec httpd -f -p 80 -h /www',
].join('\n');

/** A running `kubectl port-forward`, started by this test and stopped by its PID. */
class PortForward extends KubectlProcess {
  constructor(cluster: TestClusterUp, args: string[], env: Record<string, string> = {}) {
    super(cluster, ['port-forward', ...args], { env });
  }

  /** The local port kubectl chose for each remote port ("Forwarding from 127.0.0.1:L -> R"). */
  async ports(remotes: number[]): Promise<Map<number, number>> {
    return this.waitForOutput(`kubectl forwards ${remotes.join(', ')}`, (stdout) => {
      const found = new Map<number, number>();
      for (const match of stdout.matchAll(/^Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)$/gm)) found.set(Number(match[2]), Number(match[1]));
      return remotes.every((remote) => found.has(remote)) ? found : undefined;
    });
  }
}

describe('kubectl port-forward through the API server', { skip, concurrency: false }, () => {
  let cluster: TestClusterUp;
  const forwards: PortForward[] = [];
  let bigSum: string;

  const kubectl = (args: string[], input?: string) => cluster.kubectlOk(args, input);
  const portForward = (args: string[], env?: Record<string, string>) => {
    const forward = new PortForward(cluster, args, env);
    forwards.push(forward);
    return forward;
  };
  /** curl inside the cluster's network namespace (where kubectl listens); its stdout, or the failure. */
  const get = async (url: string) => {
    const result = await cluster.inNetns('curl', ['-sS', '-m', '20', url]);
    assert.equal(result.code, 0, `curl ${url}: ${result.stderr}`);
    return result.stdout;
  };
  const sh = async (script: string) => {
    const result = await cluster.inNetns('sh', ['-c', script], { timeoutMs: 60_000 });
    assert.equal(result.code, 0, `${script}: ${result.stderr}`);
    return result.stdout;
  };

  /** What every transport must carry: sequential and concurrent requests, a 1 MiB download, a 1 MiB echo with half-close, the pod's loopback. */
  async function checkForwarding(forward: PortForward): Promise<void> {
    const ports = await forward.ports([80, 8080, 7000]);
    const web = `http://127.0.0.1:${ports.get(80)}`;
    for (let i = 0; i < 4; i++) assert.equal(await get(`${web}/index.html`), `${page}\n`);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => get(`${web}/index.html`)));
    assert.deepEqual(concurrent, Array.from({ length: 8 }, () => `${page}\n`));
    assert.equal((await sh(`curl -sS -m 30 ${web}/big | md5sum`)).split(' ')[0], bigSum, '1 MiB downloaded intact');
    const file = path.join(cluster.dir, 'upload.bin');
    const echoed = await sh(`head -c 1048576 /dev/urandom > ${file}; busybox nc 127.0.0.1 ${ports.get(7000)} < ${file} | md5sum; md5sum < ${file}`);
    const [back, sent] = echoed.trim().split('\n').map((line) => line.split(' ')[0]);
    assert.equal(back, sent, '1 MiB echoed back intact after the client half-closed');
    assert.equal(await get(`http://127.0.0.1:${ports.get(8080)}/index.html`), `${loopbackPage}\n`);
  }

  before(async () => {
    cluster = new TestClusterUp({ nodeName: 'minato-pf', subnet: '10.89.9.1/24' });
    await cluster.start();
    const pod = (name: string, script: string, spec: Record<string, unknown> = {}) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] }], ...spec },
    });
    const manifests = [pod('web', webScript), pod('nowhere', 'sleep 3600', { nodeSelector: { 'no-such-label': 'x' } })];
    await kubectl(['apply', '-f', '-'], manifests.map((m) => JSON.stringify(m)).join('\n'));
    await kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=120s']);
    await until('the servers in the pod listen', async () => (await cluster.kubectl(['exec', 'web', '--', 'sh', '-c', 'netstat -ltn | grep -q ":7000 " && netstat -ltn | grep -q "127.0.0.1:8080 "'])).code === 0, 30_000);
    bigSum = (await kubectl(['exec', 'web', '--', 'md5sum', '/www/big'])).split(' ')[0]!;
  });
  after(async () => {
    for (const forward of forwards) await forward.stop();
    await cluster?.cleanup();
  });

  test('over WebSocket (kubectl\'s default): requests, big transfers, half-close, and the pod\'s loopback', async () => {
    const forward = portForward(['pod/web', ':80', ':8080', ':7000', '-v=6']);
    await checkForwarding(forward);
    assert.match(forward.stdout, /Handling connection for \d+/);
    assert.match(forward.stderr, /GET https:\/\/\S+\/api\/v1\/namespaces\/default\/pods\/web\/portforward 101 Switching Protocols/);
    assert.doesNotMatch(forward.stderr, /fallback to secondary dialer|POST https:\/\/\S+\/portforward/, 'the WebSocket tunnel was used, not the SPDY fallback');
    // The loopback-only server is really not reachable from outside the pod.
    const podIp = await kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}']);
    assert.equal(await get(`http://${podIp}/index.html`), `${page}\n`);
    const outside = await cluster.inNetns('curl', ['-sS', '-m', '5', `http://${podIp}:8080/index.html`]);
    assert.notEqual(outside.code, 0, 'port 8080 answers on the pod IP too: the loopback check proves nothing');
    await forward.stop();
  });

  test('over raw SPDY (KUBECTL_PORT_FORWARD_WEBSOCKETS=false): the same', async () => {
    const forward = portForward(['pod/web', ':80', ':8080', ':7000', '-v=6'], { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    await checkForwarding(forward);
    assert.match(forward.stderr, /POST https:\/\/\S+\/api\/v1\/namespaces\/default\/pods\/web\/portforward 101 Switching Protocols/);
    await forward.stop();
  });

  for (const [transport, env] of [['WebSocket', {}], ['SPDY', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }]] as const) {
    test(`nothing listening on the port (${transport}): kubectl prints the agent's error and, as kubectl 1.32 does, ends with "lost connection to pod"`, async () => {
      const forward = portForward(['pod/web', ':81'], env);
      const local = (await forward.ports([81])).get(81)!;
      const attempt = await cluster.inNetns('curl', ['-sS', '-m', '10', `http://127.0.0.1:${local}/`]);
      assert.notEqual(attempt.code, 0, 'nothing answers');
      const code = await Promise.race([forward.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 20_000))]);
      assert.match(forward.stderr, /an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod \w+, uid [\w-]+: failed to connect to localhost:81 inside the pod's network namespace \S+: dial tcp4 127\.0\.0\.1:81: connect: connection refused/);
      assert.equal(code, 1, `kubectl ${code === 'running' ? 'is still running' : `exited ${code}`}: ${forward.stderr}`);
      assert.match(forward.stderr, /error: lost connection to pod/);
    });
  }

  test('the API server\'s own checks, and hostile bytes after the upgrade, answered without harm', async () => {
    const raw = (head: string, extra?: Buffer) => cluster.rawRequest(head, extra);
    const spdy = (pod: string) => `POST /api/v1/namespaces/default/pods/${pod}/portforward HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\nContent-Length: 0\r\n\r\n`;
    const pending = (await raw(spdy('nowhere'))).toString();
    assert.match(pending, /^HTTP\/1.1 400 /);
    assert.match(pending, /unable to forward port because pod is not running. Current status=Pending/);
    assert.match((await raw(spdy('nope'))).toString(), /^HTTP\/1.1 404 [^]*pods \\"nope\\" not found/);
    const plainWs = `GET /api/v1/namespaces/default/pods/web/portforward HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n`;
    assert.match((await raw(plainWs)).toString(), /^HTTP\/1.1 400 [^]*want SPDY\/3.1\+portforward.k8s.io/);
    // After the 101, bytes that are not SPDY: the agent answers GOAWAY PROTOCOL_ERROR and closes.
    const hostile = await raw(spdy('web'), Buffer.from('\x80\x03\x00\x01\x00\x00\x00\x0agarbage!!!and more garbage', 'latin1'));
    const text = hostile.toString('latin1');
    assert.match(text, /^HTTP\/1.1 101 Switching Protocols\r\n/);
    const frames = hostile.subarray(text.indexOf('\r\n\r\n') + 4);
    assert.deepEqual([...frames.subarray(0, 4)], [0x80, 0x03, 0x00, 0x07], `a GOAWAY: ${frames.toString('hex')}`);
    assert.equal(frames.readUInt32BE(12), 1, 'status PROTOCOL_ERROR');
    // Both servers are still there and still forward.
    assert.equal(await kubectl(['get', '--raw', '/healthz']), 'ok');
    const again = portForward(['pod/web', ':80']);
    assert.equal(await get(`http://127.0.0.1:${(await again.ports([80])).get(80)}/index.html`), `${page}\n`);
    await again.stop();
  });

  test('kubectl\'s own checks: a pod that does not exist, a pod that is not running', async () => {
    const missing = await cluster.kubectl(['port-forward', 'pod/nope', ':80'], { timeoutMs: 20_000 });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /pods "nope" not found/);
    const pending = await cluster.kubectl(['port-forward', 'pod/nowhere', ':80'], { timeoutMs: 20_000 });
    assert.notEqual(pending.code, 0);
    assert.match(pending.stderr, /unable to forward port because pod is not running. Current status=Pending/);
  });
});
