// `kubectl attach` and `kubectl run -i --rm` against `minato up` with the real kubectl 1.32: the
// API server relays pods/attach (WebSocket, v5.channel.k8s.io) to the node agent's kubelet API,
// which joins kubectl to the container's own stdio through the RuntimeService; the pod spec's
// stdin/stdinOnce/tty reach the engine's container.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { KubectlProcess } from '../helpers/kubectl-process.ts';
import { TestClusterUp, until } from '../helpers/test-cluster-up.ts';
import { isRoot } from '../helpers/test-daemon.ts';

const skip = !isRoot() ? 'needs root (runs containers)' : !kubectlVersionsDir() ? 'kubectl (with kubectl.1.32 beside it) is not installed' : false;

const container = (name: string, script: string, extra: Record<string, unknown> = {}) => ({ name, image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...extra });
const pod = (name: string, containers: unknown[], spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 1, containers, ...spec } });
const runFlags = ['--restart=Never', '--image=busybox', '--image-pull-policy=IfNotPresent'];

/** The frames a WebSocket server sent (unmasked; 7- or 16-bit lengths). */
function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames = [];
  for (let at = 0; at + 2 <= bytes.length; ) {
    let length = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) [length, start] = [bytes.readUInt16BE(at + 2), at + 4];
    assert.ok(length < 127, 'no 64-bit lengths expected here');
    frames.push({ opcode: bytes[at]! & 0x0f, payload: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

describe('kubectl attach and run -i through the API server', { skip, concurrency: false }, () => {
  let cluster: TestClusterUp;
  const processes: KubectlProcess[] = [];

  const kubectl = (args: string[], input?: string) => cluster.kubectlOk(args, input);
  const start = (args: string[], options: ConstructorParameters<typeof KubectlProcess>[2] = {}) => {
    const started = new KubectlProcess(cluster, args, options);
    processes.push(started);
    return started;
  };
  const ticks = (text: string) => [...text.matchAll(/^tick (\d+)$/gm)].map((match) => Number(match[1]));
  const podGone = (name: string) => until(`pod ${name} is deleted`, async () => (await cluster.kubectl(['get', 'pod', name])).stderr.includes('NotFound'), 60_000);

  before(async () => {
    cluster = new TestClusterUp({ nodeName: 'minato-attach', subnet: '10.89.11.1/24' });
    await cluster.start();
    const manifests = [
      pod('ticker', [container('main', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done')]),
      // stdin kept open across attaches (no stdinOnce): each line comes back.
      pod('echoer', [container('main', 'while read line; do echo "echo: $line"; done; echo stdin closed; sleep 3600', { stdin: true })]),
      pod('duo', [container('a', 'sleep 3600'), container('b', 'sleep 3600')]),
      pod('finished', [container('main', 'echo done')], { restartPolicy: 'Never' }),
    ];
    await kubectl(['apply', '-f', '-'], manifests.map((m) => JSON.stringify(m)).join('\n'));
    await kubectl(['wait', '--for=condition=Ready', 'pod/ticker', 'pod/echoer', 'pod/duo', '--timeout=120s']);
    await kubectl(['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/finished', '--timeout=120s']);
  });
  after(async () => {
    for (const started of processes) await started.stop();
    await cluster?.cleanup();
  });

  test('the pod spec\'s stdin, stdinOnce and tty reach the container (kubectl run -i creates them)', async () => {
    await kubectl(['run', 'spec-check', ...runFlags, '--stdin', '--tty', '--attach=false', '--', 'sleep', '3600']);
    const spec = JSON.parse(await kubectl(['get', 'pod', 'spec-check', '-o', 'jsonpath={.spec.containers[0]}'])) as Record<string, unknown>;
    assert.deepEqual([spec.stdin, spec.stdinOnce, spec.tty], [true, true, true]);
    await kubectl(['wait', '--for=condition=Ready', 'pod/spec-check', '--timeout=60s']);
    // The terminal is the container's own: it is there before anyone attaches.
    assert.match(await kubectl(['exec', 'spec-check', '--', 'readlink', '/proc/1/fd/0']), /^\/dev\/pts\/\d+\n$/);
    // kubectl run gives no grace period (30 s) and sleep ignores SIGTERM as PID 1.
    await kubectl(['delete', 'pod', 'spec-check', '--grace-period=1']);
  });

  test('run -i --rm: stdin reaches the container, its output is printed, its exit code is kubectl\'s, and the pod is deleted', async () => {
    const result = await cluster.kubectl(['run', '-i', '--rm', ...runFlags, 'asker', '--', 'sh', '-c', 'read x; echo got $x; echo to stderr >&2; exit 3'], { input: 'hello\n', timeoutMs: 120_000 });
    assert.equal(result.code, 3, `stdout: ${result.stdout}\nstderr: ${result.stderr}`);
    assert.match(result.stdout, /^got hello\n/);
    assert.match(result.stdout, /pod "asker" deleted/);
    assert.match(result.stderr, /to stderr/);
    assert.doesNotMatch(result.stderr, /couldn't attach/, 'the output came through attach, not the logs fallback');
    await podGone('asker');

    const ok = await cluster.kubectl(['run', '-i', '--rm', ...runFlags, 'counter', '--', 'wc', '-l'], { input: 'one\ntwo\nthree\n', timeoutMs: 120_000 });
    assert.equal(ok.code, 0, `stdout: ${ok.stdout}\nstderr: ${ok.stderr}`);
    assert.match(ok.stdout, /^3\n/);
    assert.doesNotMatch(ok.stderr, /couldn't attach/);
    await podGone('counter');
  });

  test('attach shows what a running container prints from then on', async () => {
    await until('the ticker has ticked 5 times', async () => Math.max(0, ...ticks(await kubectl(['logs', 'ticker']))) >= 5);
    const logged = Math.max(...ticks(await kubectl(['logs', 'ticker'])));
    const attached = start(['attach', 'ticker']);
    const seen = await attached.waitForOutput('three ticks while attached', (stdout) => (ticks(stdout).length >= 3 ? ticks(stdout) : undefined));
    await attached.stop();
    assert.ok(seen[0]! >= logged, `attach replays nothing: first tick ${seen[0]} after ${logged} were logged`);
    for (let i = 1; i < seen.length; i++) assert.equal(seen[i], seen[i - 1]! + 1, `consecutive ticks: ${seen.join(' ')}`);
    assert.match(attached.stderr, /If you don't see a command prompt, try pressing enter\./);
  });

  test('attach -i feeds stdin; the end of kubectl\'s stdin detaches, and the container keeps its stdin for the next attach', async () => {
    const first = start(['attach', '-i', 'echoer'], { stdin: 'pipe' });
    first.write('one\n');
    await first.waitForOutput('"one" echoed', (stdout) => stdout.includes('echo: one\n'));
    first.write('two\n');
    await first.waitForOutput('"two" echoed', (stdout) => stdout.includes('echo: two\n'));
    first.endInput();
    assert.equal(await first.exited, 0, first.stderr);
    assert.equal(await kubectl(['get', 'pod', 'echoer', '-o', 'jsonpath={.status.phase}']), 'Running');

    const second = start(['attach', '-i', 'echoer'], { stdin: 'pipe' });
    second.write('three\n');
    await second.waitForOutput('"three" echoed', (stdout) => stdout.includes('echo: three\n'));
    second.endInput();
    assert.equal(await second.exited, 0, second.stderr);
    assert.doesNotMatch(await kubectl(['logs', 'echoer']), /stdin closed/);
  });

  test('attach errors as kubectl words them: a missing container, a completed pod, a TTY the container lacks', async () => {
    const missing = await cluster.kubectl(['attach', 'ticker', '-c', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /cannot attach to the container: container nope not found/);

    const completed = await cluster.kubectl(['attach', 'finished']);
    assert.notEqual(completed.code, 0);
    assert.match(completed.stderr, /cannot attach a container in a completed pod; current phase is Succeeded/);

    // -t on a container without a terminal: a warning, and attach goes on without one.
    const noTty = start(['attach', '-t', 'ticker']);
    await noTty.waitForOutput('a tick', (stdout) => ticks(stdout).length > 0);
    await noTty.stop();
    assert.match(noTty.stderr, /Unable to use a TTY - container main did not allocate one/);

    // The container is chosen as for exec: kubectl defaults to the first of two.
    const defaulted = start(['attach', 'duo']);
    await until('kubectl attached to duo', async () => defaulted.stderr.includes("If you don't see a command prompt"), 30_000, () => defaulted.stderr);
    await defaulted.stop();
    assert.match(defaulted.stderr, /Defaulted container "a" out of: a, b/);
  });

  test('the API server\'s own checks, and the v4 subprotocol end to end (what kubectl checks before it asks)', async () => {
    const upgrade = (query: string, protocol = 'v5.channel.k8s.io', pod = 'ticker') =>
      `GET /api/v1/namespaces/default/pods/${pod}/attach?${query} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`;
    const wrong = (await cluster.rawRequest(upgrade('container=nope&stdout=true'))).toString();
    assert.match(wrong, /^HTTP\/1.1 400 [^]*container nope is not valid for pod ticker/);
    const completed = (await cluster.rawRequest(upgrade('stdout=true', undefined, 'finished'))).toString();
    assert.match(completed, /^HTTP\/1.1 400 [^]*cannot attach a container in a completed pod; current phase is Succeeded/);
    assert.match((await cluster.rawRequest(upgrade('tty=true'))).toString(), /^HTTP\/1.1 400 [^]*you must specify at least 1 of stdin, stdout, stderr/);
    const plain = await cluster.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/ticker/attach?stdout=true']);
    assert.match(plain.stderr, /Upgrade request required/);

    // kubectl 1.29-1.30 speak v4 (no close frame): stdin on channel 0, output on 1, Status on 3.
    await kubectl(['run', 'v4', ...runFlags, '--stdin', '--attach=false', '--', 'sh', '-c', 'read x; echo "v4 got $x"']);
    await kubectl(['wait', '--for=condition=Ready', 'pod/v4', '--timeout=60s']);
    // A client frame: FIN + binary, masked (with a zero key), channel 0 and the bytes.
    const stdinFrame = Buffer.concat([Buffer.from([0x82, 0x80 | 4, 0, 0, 0, 0, 0]), Buffer.from('hi\n')]);
    const answer = await cluster.rawRequest(upgrade('stdin=true&stdout=true&stderr=true', 'v4.channel.k8s.io', 'v4'), stdinFrame);
    const text = answer.toString('latin1');
    assert.match(text, /^HTTP\/1.1 101 Switching Protocols\r\n[^]*Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n/i);
    const frames = serverFrames(answer.subarray(text.indexOf('\r\n\r\n') + 4));
    const channelText = (id: number) => frames.filter((frame) => frame.opcode === 2 && frame.payload[0] === id).map((frame) => frame.payload.subarray(1).toString()).join('');
    assert.equal(channelText(1), 'v4 got hi\n');
    assert.deepEqual(JSON.parse(channelText(3)), { metadata: {}, status: 'Success' });
    await kubectl(['delete', 'pod', 'v4', '--wait=false']);
  });

  test('run -i -t on a terminal (util-linux script): the container\'s own tty, resized to kubectl\'s, and what is typed', async () => {
    const typist = start(['run', '-i', '-t', '--rm', ...runFlags, 'typist', '--', 'sh', '-c', 'read x; sleep 0.5; stty size; echo "got $x"'], { terminal: { rows: 30, cols: 100 } });
    await typist.waitForOutput('kubectl is attaching', (shown) => shown.includes("If you don't see a command prompt, try pressing enter."), 120_000);
    typist.write('hello\r');
    await typist.waitForOutput('the container answered', (shown) => shown.includes('got hello'));
    assert.equal(await typist.exited, 0, typist.stdout);
    // The container's terminal echoed what was typed, then had kubectl's size (kubectl sent 101x31, then 100x30).
    assert.match(typist.stdout, /hello\r\n30 100\r\ngot hello\r\n/);
    assert.doesNotMatch(typist.stdout, /couldn't attach|Unable to use a TTY/);
    await podGone('typist');
  });
});
