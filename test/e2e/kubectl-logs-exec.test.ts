// `kubectl logs` and `kubectl exec` against `minato up` with the real kubectl 1.32: the API
// server's pods/log and pods/exec relayed to the node agent's kubelet API (client certificate
// from the cluster CA; exec over WebSocket, v5.channel.k8s.io).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { TestClusterUp, until } from '../helpers/test-cluster-up.ts';
import { isRoot } from '../helpers/test-daemon.ts';

const skip = !isRoot() ? 'needs root (runs containers)' : !kubectlVersionsDir() ? 'kubectl (with kubectl.1.32 beside it) is not installed' : false;

const container = (name: string, script: string) => ({ name, image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] });
const pod = (name: string, containers: unknown[], spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 1, containers, ...spec } });

describe('kubectl logs and exec through the API server', { skip, concurrency: false }, () => {
  let cluster: TestClusterUp;

  const kubectl = (args: string[], input?: string) => cluster.kubectlOk(args, input);
  const ticks = (text: string) => [...text.matchAll(/^tick (\d+)$/gm)].map((match) => Number(match[1]));

  before(async () => {
    cluster = new TestClusterUp({ nodeName: 'minato-logs', subnet: '10.89.7.1/24' });
    await cluster.start();
    const manifests = [
      pod('ticker', [container('main', 'echo hello from ticker; i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done')]),
      pod('duo', [container('a', 'echo I am a; exec sleep 3600'), container('b', 'echo I am b; exec sleep 3600')]),
      pod('crasher', [container('c', 'echo crash run at $(cat /proc/uptime); sleep 1; exit 1')]),
      pod('nowhere', [container('main', 'sleep 3600')], { nodeSelector: { 'no-such-label': 'x' } }),
    ];
    await kubectl(['apply', '-f', '-'], manifests.map((m) => JSON.stringify(m)).join('\n'));
    await kubectl(['wait', '--for=condition=Ready', 'pod/ticker', 'pod/duo', '--timeout=120s']);
  });
  after(async () => {
    await cluster?.cleanup();
  });

  test('the Node says where its kubelet API listens', async () => {
    const port = Number(await kubectl(['get', 'node', 'minato-logs', '-o', 'jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}']));
    assert.ok(Number.isInteger(port) && port > 0, `port ${port}`);
    // Only a client certificate from the cluster CA gets through the handshake.
    const ip = await kubectl(['get', 'node', 'minato-logs', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}']);
    const anonymous = await cluster.inNetns('curl', ['-sk', '-m', '5', '-o', '/dev/null', '-w', '%{http_code}', `https://${ip}:${port}/containerLogs/default/ticker/main`]);
    assert.notEqual(anonymous.stdout, '200', 'no logs without a client certificate');
  });

  test('logs shows what the container printed; --tail and --timestamps', async () => {
    const out = await until('two ticks were printed', async () => {
      const text = await kubectl(['logs', 'ticker']);
      return ticks(text).length >= 2 ? text : undefined;
    });
    assert.match(out, /^hello from ticker\ntick 1\ntick 2\n/);
    const tail = await kubectl(['logs', 'ticker', '--tail=1']);
    assert.match(tail, /^tick \d+\n$/);
    const stamped = await kubectl(['logs', 'ticker', '--timestamps', '--tail=2']);
    const lines = stamped.trimEnd().split('\n');
    assert.equal(lines.length, 2, stamped);
    for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z tick \d+$/);
    const limited = await kubectl(['logs', 'ticker', '--limit-bytes=5']);
    assert.equal(limited, 'hello');
    await until('four ticks were printed', async () => ticks(await kubectl(['logs', 'ticker'])).length >= 4);
    const since = await kubectl(['logs', 'ticker', '--since=1s']);
    assert.ok(!since.includes('hello from ticker') && ticks(since).length <= 2, since);
  });

  test('logs -f streams lines printed after it started, until stopped', async () => {
    const before = Math.max(...ticks(await kubectl(['logs', 'ticker'])));
    const followed = await cluster.kubectl(['logs', '-f', 'ticker', '--tail=1'], { timeoutMs: 4_500 });
    assert.equal(followed.code, null, `kubectl was still following when stopped: ${followed.stderr}`);
    const seen = ticks(followed.stdout);
    assert.ok(seen.some((n) => n >= before + 2), `ticks after ${before} while following: ${followed.stdout}`);
  });

  test('a pod with two containers: -c picks one; without it kubectl defaults to the first, and the API says which to choose', async () => {
    assert.equal(await kubectl(['logs', 'duo', '-c', 'b']), 'I am b\n');
    const defaulted = await cluster.kubectl(['logs', 'duo']);
    assert.equal(defaulted.code, 0, defaulted.stderr);
    assert.equal(defaulted.stdout, 'I am a\n');
    assert.match(defaulted.stderr, /Defaulted container "a" out of: a, b/);
    const raw = await cluster.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/duo/log']);
    assert.notEqual(raw.code, 0);
    assert.match(raw.stderr, /a container name must be specified for pod duo, choose one of: \[a b\]/);
    const wrong = await cluster.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/duo/log?container=nope']);
    assert.match(wrong.stderr, /container nope is not valid for pod duo/);
    const wrongC = await cluster.kubectl(['logs', 'duo', '-c', 'nope']);
    assert.notEqual(wrongC.code, 0);
    assert.match(wrongC.stderr, /nope/);
  });

  test('an unscheduled pod has no logs: it has no host', async () => {
    const result = await cluster.kubectl(['logs', 'nowhere']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /pod nowhere does not have a host assigned/);
  });

  test('logs --previous shows the attempt before a restart; without a restart it says there is none', async () => {
    const none = await cluster.kubectl(['logs', 'ticker', '--previous']);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /previous terminated container "main" in pod "ticker" not found/);
    await until('crasher restarted', async () => Number(await kubectl(['get', 'pod', 'crasher', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])) >= 1, 120_000);
    const previous = await kubectl(['logs', 'crasher', '--previous']);
    assert.match(previous, /^crash run at [\d.]+ [\d.]+\n$/);
  });

  test('exec: stdout and stderr apart, and the exit code is kubectl\'s', async () => {
    const result = await cluster.kubectl(['exec', 'ticker', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(result.code, 3, result.stderr);
    assert.equal(result.stdout, 'out\n');
    assert.match(result.stderr, /^err\n/);
    assert.match(result.stderr, /command terminated with exit code 3/);
    assert.equal(await kubectl(['exec', 'duo', '-c', 'b', '--', 'cat', '/proc/1/cmdline']), 'sleep\u00003600\u0000');
  });

  test('exec -i: stdin reaches the process, and its end ends it', async () => {
    const input = 'hello stdin\nsecond line\n';
    assert.equal(await kubectl(['exec', '-i', 'ticker', '--', 'cat'], input), input);
    assert.equal(await kubectl(['exec', '-i', 'ticker', '--', 'wc', '-l'], input), '2\n');
  });

  test('exec errors: unknown container, missing command', async () => {
    const wrong = await cluster.kubectl(['exec', 'duo', '-c', 'nope', '--', 'true']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /nope/);
    const missing = await cluster.kubectl(['exec', 'ticker', '--', 'no-such-command']);
    assert.notEqual(missing.code, 0);
    assert.ok(missing.stderr.length > 0);
  });
});
