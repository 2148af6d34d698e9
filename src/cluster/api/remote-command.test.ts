import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  channel,
  decodeFrame,
  encodeFrame,
  exitStatus,
  kubeletStreamQueryString,
  negotiateProtocol,
  parseAttachQuery,
  parseExecQuery,
  parsePodLogQuery,
  parseResize,
  podLogQueryString,
} from './remote-command.ts';

describe('remote-command channel framing', () => {
  test('a frame is the channel byte, then the payload', () => {
    assert.deepEqual([...encodeFrame(channel.stdout, 'hi')], [1, 0x68, 0x69]);
    assert.deepEqual([...encodeFrame(channel.close, Buffer.from([channel.stdin]))], [255, 0]);
    assert.deepEqual([...encodeFrame(channel.stderr)], [2]);
    const decoded = decodeFrame(Buffer.from([0, 0x61, 0x62]));
    assert.equal(decoded?.channel, channel.stdin);
    assert.equal(decoded?.payload.toString(), 'ab');
    assert.equal(decodeFrame(Buffer.alloc(0)), undefined);
  });

  test('round trip of any bytes on any channel', () => {
    for (const id of [0, 1, 2, 3, 4, 255]) {
      const payload = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7 + id) & 0xff));
      const decoded = decodeFrame(encodeFrame(id, payload))!;
      assert.equal(decoded.channel, id);
      assert.ok(decoded.payload.equals(payload));
    }
  });

  test('resize frames: {"Width","Height"}', () => {
    assert.deepEqual(parseResize(Buffer.from('{"Width":120,"Height":40}')), { width: 120, height: 40 });
    assert.equal(parseResize(Buffer.from('{"Width":-1,"Height":40}')), undefined);
    assert.equal(parseResize(Buffer.from('not json')), undefined);
  });

  test('the exit status is what client-go reads the exit code from', () => {
    assert.deepEqual(exitStatus(0), { metadata: {}, status: 'Success' });
    const failed = exitStatus(3, ['sh', '-c', 'exit 3']) as { status: string; reason: string; message: string; details: { causes: { reason: string; message: string }[] } };
    assert.equal(failed.status, 'Failure');
    assert.equal(failed.reason, 'NonZeroExitCode');
    assert.deepEqual(failed.details.causes, [{ reason: 'ExitCode', message: '3' }]);
    assert.match(failed.message, /^command terminated with non-zero exit code: /);
  });

  test('subprotocol negotiation prefers v5, accepts v4, refuses others', () => {
    assert.equal(negotiateProtocol(['v5.channel.k8s.io']), 'v5.channel.k8s.io');
    assert.equal(negotiateProtocol(['v4.channel.k8s.io', ' v5.channel.k8s.io']), 'v5.channel.k8s.io');
    assert.equal(negotiateProtocol(['v4.channel.k8s.io']), 'v4.channel.k8s.io');
    assert.equal(negotiateProtocol(['channel.k8s.io', 'base64.channel.k8s.io']), undefined);
  });
});

describe('pods/log parameters', () => {
  test('kubectl logs -f -c c --tail 10 --timestamps --previous', () => {
    const query = new URLSearchParams('container=c&follow=true&tailLines=10&timestamps=true&previous=true&limitBytes=100');
    const parsed = parsePodLogQuery(query);
    assert.deepEqual(parsed, { container: 'c', follow: true, previous: true, timestamps: true, tailLines: 10, limitBytes: 100 });
    assert.equal(podLogQueryString(parsed), 'follow=true&previous=true&timestamps=true&tailLines=10&limitBytes=100');
  });

  test('defaults and the since options', () => {
    assert.deepEqual(parsePodLogQuery(new URLSearchParams('')), { follow: false, previous: false, timestamps: false });
    assert.equal(parsePodLogQuery(new URLSearchParams('sinceSeconds=5')).sinceSeconds, 5);
    assert.equal(parsePodLogQuery(new URLSearchParams('sinceTime=2026-01-02T03:04:05Z')).sinceTime, '2026-01-02T03:04:05Z');
  });

  test('bad values are 400s that say what was wrong', () => {
    assert.throws(() => parsePodLogQuery(new URLSearchParams('follow=maybe')), /invalid value "maybe" for follow/);
    assert.throws(() => parsePodLogQuery(new URLSearchParams('tailLines=-1')), /tailLines: Invalid value: -1/);
    assert.throws(() => parsePodLogQuery(new URLSearchParams('tailLines=ten')), /want an integer/);
    assert.throws(() => parsePodLogQuery(new URLSearchParams('sinceSeconds=0')), /sinceSeconds/);
    assert.throws(() => parsePodLogQuery(new URLSearchParams('limitBytes=0')), /limitBytes/);
    assert.throws(() => parsePodLogQuery(new URLSearchParams('sinceTime=yesterday')), /sinceTime/);
    assert.throws(() => parsePodLogQuery(new URLSearchParams('sinceSeconds=5&sinceTime=2026-01-02T03:04:05Z')), /at most one of sinceTime or sinceSeconds/);
    try {
      parsePodLogQuery(new URLSearchParams('tailLines=x'));
    } catch (err) {
      assert.equal((err as { kind?: string }).kind, 'InvalidArgument');
    }
  });
});

describe('pods/exec parameters', () => {
  test("kubectl's names, translated to the kubelet's", () => {
    const parsed = parseExecQuery(new URLSearchParams('command=sh&command=-c&command=echo+hi&container=c&stdin=true&stdout=true&stderr=true'), 'apiserver');
    assert.deepEqual(parsed, { command: ['sh', '-c', 'echo hi'], container: 'c', stdin: true, stdout: true, stderr: true, tty: false });
    const kubeletQuery = kubeletStreamQueryString(parsed);
    assert.equal(kubeletQuery, 'command=sh&command=-c&command=echo+hi&input=1&output=1&error=1');
    assert.deepEqual(parseExecQuery(new URLSearchParams(kubeletQuery), 'kubelet'), { command: ['sh', '-c', 'echo hi'], stdin: true, stdout: true, stderr: true, tty: false });
  });

  test('a terminal has no separate stderr', () => {
    const parsed = parseExecQuery(new URLSearchParams('command=sh&stdin=true&stdout=true&stderr=true&tty=true'), 'apiserver');
    assert.equal(parsed.tty, true);
    assert.equal(parsed.stderr, false);
  });

  test('a command and a stream are required', () => {
    assert.throws(() => parseExecQuery(new URLSearchParams('stdout=true'), 'apiserver'), /at least 1 command/);
    assert.throws(() => parseExecQuery(new URLSearchParams('command=ls'), 'apiserver'), /at least 1 of stdin, stdout, stderr/);
  });
});

describe('pods/attach parameters', () => {
  test("kubectl's names, translated to the kubelet's; no command", () => {
    const parsed = parseAttachQuery(new URLSearchParams('container=c&stdin=true&stdout=true&stderr=true'), 'apiserver');
    assert.deepEqual(parsed, { container: 'c', stdin: true, stdout: true, stderr: true, tty: false });
    const kubeletQuery = kubeletStreamQueryString(parsed);
    assert.equal(kubeletQuery, 'input=1&output=1&error=1');
    assert.deepEqual(parseAttachQuery(new URLSearchParams(kubeletQuery), 'kubelet'), { stdin: true, stdout: true, stderr: true, tty: false });
  });

  test('a command in the query is not part of an attach', () => {
    assert.equal('command' in parseAttachQuery(new URLSearchParams('command=sh&stdout=true'), 'apiserver'), false);
  });

  test('a terminal has no separate stderr; one stream at least', () => {
    assert.deepEqual(parseAttachQuery(new URLSearchParams('input=1&output=1&error=1&tty=1'), 'kubelet'), { stdin: true, stdout: true, stderr: false, tty: true });
    assert.throws(() => parseAttachQuery(new URLSearchParams('tty=true'), 'apiserver'), /at least 1 of stdin, stdout, stderr/);
    assert.throws(() => parseAttachQuery(new URLSearchParams('stdin=yes'), 'apiserver'), /invalid value "yes" for stdin/);
  });
});
