import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../util/log.ts';
import { SpdySession, type SpdyStream } from '../../util/spdy/session.ts';
import { forwardToPodPort } from './netns-port-forward.ts';
import { type Forwarder, startPortForwardSession } from './port-forward-session.ts';

const log = silentLogger();

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

async function text(stream: SpdyStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += (chunk as Buffer).toString();
  return out;
}

/** kubectl's side: a client SPDY session to a port-forward session served over TCP loopback. */
async function portForwardClient(forward: Forwarder, streamCreationTimeoutMs?: number): Promise<{ client: SpdySession; server: SpdySession; close: () => void }> {
  const listener = createServer();
  const port = await listen(listener);
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const [served] = await accepted;
  const server = startPortForwardSession(served, { forward, pod: 'sandbox-1', uid: 'uid-1', log, ...(streamCreationTimeoutMs ? { streamCreationTimeoutMs } : {}) });
  const client = new SpdySession(socket, { isServer: false });
  return { client, server, close: () => (client.destroy(), server.destroy(), listener.close()) };
}

/** What client-go does per local connection: an error stream (closed at once on its side) and a data stream. */
function forwardedConnection(client: SpdySession, port: number, requestId: string): { error: SpdyStream; data: SpdyStream } {
  const headers = { streamType: 'error', port: String(port), requestID: requestId };
  const error = client.openStream(headers);
  error.end();
  const data = client.openStream({ ...headers, streamType: 'data' });
  error.on('error', () => undefined);
  data.on('error', () => undefined);
  return { error, data };
}

describe('port forwarding at the node agent', () => {
  let echo: Server;
  let echoPort: number;
  let closedPort: number;
  const cleanups: (() => void)[] = [];
  const hostForward: Forwarder = (port, stream) => forwardToPodPort({}, port, stream);

  before(async () => {
    // An echo server that answers once the client has half-closed, like a request/response protocol.
    echo = createServer({ allowHalfOpen: true }, (socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => socket.end(Buffer.concat([Buffer.from('echo:'), ...chunks])));
    });
    echoPort = await listen(echo);
    const probe = createServer();
    closedPort = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
  });
  after(() => {
    cleanups.forEach((cleanup) => cleanup());
    echo.close();
  });

  test('a pair of streams is one forwarded connection: bytes both ways, half-close, then both streams end', async () => {
    const { client, close } = await portForwardClient(hostForward);
    cleanups.push(close);
    const results = await Promise.all(
      ['0', '1', '2'].map(async (id) => {
        const { error, data } = forwardedConnection(client, echoPort, id);
        data.end(`hello ${id}`);
        return { reply: await text(data), error: await text(error) };
      }),
    );
    assert.deepEqual(results, [0, 1, 2].map((id) => ({ reply: `echo:hello ${id}`, error: '' })));
  });

  test('nothing listening: the error stream says so, as the kubelet words it, and both streams end', async () => {
    const { client, close } = await portForwardClient(hostForward);
    cleanups.push(close);
    const { error, data } = forwardedConnection(client, closedPort, '7');
    data.end();
    const [message, rest] = await Promise.all([text(error), text(data)]);
    assert.equal(rest, '');
    assert.equal(message, `error forwarding port ${closedPort} to pod sandbox-1, uid uid-1: failed to connect to localhost:${closedPort} inside the host network namespace: dial tcp4 127.0.0.1:${closedPort}: connect: connection refused`);
  });

  test('streams with bad headers are refused; an unpaired stream times out with a message', async () => {
    const { client, close } = await portForwardClient(hostForward, 100);
    cleanups.push(close);
    for (const headers of [{ streamType: 'data' }, { streamType: 'data', port: '0' }, { streamType: 'data', port: 'http' }, { port: '80' }, { port: '80', streamType: 'stdin' }] as Record<string, string>[]) {
      const stream = client.openStream(headers);
      stream.on('error', () => undefined);
      await assert.rejects(stream.replied, /was reset/, JSON.stringify(headers));
    }
    const lonely = client.openStream({ streamType: 'error', port: String(echoPort), requestID: '9' });
    lonely.end();
    assert.equal(await text(lonely), 'timed out waiting for streams of request 9');
  });

  test('a second stream of the same type in a pair is reported on the error stream and refused', async () => {
    let forwards = 0;
    const { client, close } = await portForwardClient(async (port, stream) => {
      forwards++;
      await hostForward(port, stream);
    }, 200);
    cleanups.push(close);
    const headers = { streamType: 'error', port: String(echoPort), requestID: '3' };
    const error = client.openStream(headers);
    error.end();
    const again = client.openStream(headers);
    again.on('error', () => undefined);
    await assert.rejects(again.replied, /was reset/);
    // The pair never completes, so the creation timeout speaks too.
    assert.equal(await text(error), 'error processing stream for request 3: error stream already assignedtimed out waiting for streams of request 3');
    assert.equal(forwards, 0);
  });

  test('the client resetting the data stream stops the forward; the session survives hostile bytes', async () => {
    let resolved = false;
    const { client, server, close } = await portForwardClient(async (port, stream) => {
      await hostForward(port, stream);
      resolved = true;
    });
    cleanups.push(close);
    const { data } = forwardedConnection(client, echoPort, '0');
    await data.replied;
    data.write('partial');
    await sleep(20);
    data.reset();
    for (let i = 0; i < 50 && !resolved; i++) await sleep(10);
    assert.ok(resolved, 'the forward finished once the stream was reset');
    assert.ok(server.alive);
    const closed = once(server, 'close');
    (client as unknown as { transport: Socket }).transport.write(Buffer.from('\x80\x03\x00\x01garbage that is not a frame'));
    const [err] = (await closed) as [Error];
    assert.ok(err, 'the session ended with a reason');
  });
});
