import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeData, encodeSynStream, FrameReader, HeaderCompressor, rstStatus, type Frame } from './frames.ts';
import { SpdySession, type SpdyStream, type SpdySessionOptions } from './session.ts';

/** A TCP loopback pair: the server side's SPDY session (options given) and the raw client socket. */
async function serverAndSocket(options: Omit<SpdySessionOptions, 'isServer'>): Promise<{ server: SpdySession; socket: Socket; listener: Server }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const socket = connect((listener.address() as { port: number }).port, '127.0.0.1');
  await once(socket, 'connect');
  const [serverSocket] = await accepted;
  return { server: new SpdySession(serverSocket, { isServer: true, ...options }), socket, listener };
}

async function pair(options: Omit<SpdySessionOptions, 'isServer'>): Promise<{ server: SpdySession; client: SpdySession; done: () => void }> {
  const { server, socket, listener } = await serverAndSocket(options);
  const client = new SpdySession(socket, { isServer: false });
  return {
    server,
    client,
    done: () => {
      client.destroy();
      server.destroy();
      listener.close();
    },
  };
}

async function readAll(stream: SpdyStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Frames the peer sends, as parsed from the raw socket. */
function frameLog(socket: Socket): Frame[] {
  const reader = new FrameReader();
  const frames: Frame[] = [];
  socket.on('data', (chunk: Buffer) => frames.push(...reader.push(chunk)));
  return frames;
}

describe('SPDY sessions', () => {
  const cleanups: (() => void)[] = [];
  after(() => cleanups.forEach((cleanup) => cleanup()));

  test('a stream: headers, reply, data both ways, and half-close in either order', async () => {
    const serverStreams: SpdyStream[] = [];
    const { server, client, done } = await pair({
      onStream: (stream) => {
        serverStreams.push(stream);
        stream.reply({ accepted: 'yes' });
      },
    });
    cleanups.push(done);
    const stream = client.openStream({ streamType: 'data', port: '80', requestID: '0' });
    assert.deepEqual({ ...(await stream.replied) }, { accepted: 'yes' });
    const [served] = serverStreams;
    assert.deepEqual({ ...served!.headers }, { streamtype: 'data', port: '80', requestid: '0' });
    // The client ends its side first; the server still answers afterwards.
    stream.end('request');
    assert.equal((await readAll(served!)).toString(), 'request');
    served!.end('response after the client\'s FIN');
    assert.equal((await readAll(stream)).toString(), 'response after the client\'s FIN');
    if (!stream.closed) await once(stream, 'close');
    assert.equal(stream.resetStatus, undefined);
    await sleep(10);
    assert.equal(server.streamCount, 0, 'a stream closed both ways is forgotten');
    assert.equal(client.streamCount, 0);
  });

  test('megabytes both ways with a slow reader: nothing stalls at the 64 KiB window, nothing is lost', async () => {
    const { client, done } = await pair({
      onStream: (stream) => {
        stream.reply();
        stream.pipe(stream); // echo, through the stream's own back-pressure
      },
    });
    cleanups.push(done);
    const stream = client.openStream({ kind: 'echo' });
    const payload = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 11)) & 0xff;
    const chunks: Buffer[] = [];
    let slow = 40;
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (slow-- > 0) {
        stream.pause();
        setTimeout(() => stream.resume(), 5);
      }
    });
    stream.end(payload);
    await once(stream, 'end');
    assert.ok(Buffer.concat(chunks).equals(payload), 'the echo is the payload');
  });

  test('PING is answered; a reset stream closes on both sides with the status', async () => {
    const serverStreams: SpdyStream[] = [];
    const { client, done } = await pair({
      onStream: (stream) => {
        serverStreams.push(stream);
        stream.reply();
      },
    });
    cleanups.push(done);
    assert.ok((await client.ping()) >= 0);
    const stream = client.openStream({ a: '1' });
    await stream.replied;
    const served = serverStreams[0]!;
    served.on('error', () => undefined);
    const closed = once(served, 'close');
    stream.reset(rstStatus.cancel);
    await closed;
    assert.equal(served.resetStatus, rstStatus.cancel);
  });

  test('streams are refused without a handler, past the limit, and when the handler throws', async () => {
    const none = await pair({});
    cleanups.push(none.done);
    const refused = none.client.openStream({ a: '1' });
    refused.on('error', () => undefined);
    await assert.rejects(refused.replied, /reset \(status 3\)/);

    const limited = await pair({ maxConcurrentStreams: 1, onStream: (stream) => stream.reply() });
    cleanups.push(limited.done);
    const first = limited.client.openStream({ n: '1' });
    await first.replied;
    const second = limited.client.openStream({ n: '2' });
    second.on('error', () => undefined);
    await assert.rejects(second.replied, /reset \(status 3\)/);

    const throwing = await pair({
      onStream: () => {
        throw new Error('handler bug');
      },
    });
    cleanups.push(throwing.done);
    const third = throwing.client.openStream({ n: '3' });
    third.on('error', () => undefined);
    await assert.rejects(third.replied, /reset \(status 6\)/);
  });

  test('hostile bytes end the session with GOAWAY PROTOCOL_ERROR; the server does not throw', async () => {
    for (const garbage of [
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from([0x80, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0a, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), // SYN_STREAM with an empty header block
      Buffer.concat([encodeSynStream(1, Buffer.from('not a zlib stream at all'))]),
    ]) {
      const { server, socket, listener } = await serverAndSocket({ onStream: (stream) => stream.reply() });
      cleanups.push(() => listener.close());
      const frames = frameLog(socket);
      const closed = once(server, 'close');
      socket.write(garbage);
      const [err] = (await closed) as [Error | undefined];
      assert.ok(err, 'the session says why it ended');
      await once(socket, 'end');
      const last = frames.at(-1);
      assert.equal(last?.type, 'goaway', `the last frame: ${JSON.stringify(last)}`);
      assert.equal((last as Frame & { type: 'goaway' }).status, 1);
      socket.destroy();
    }
  });

  test('stream ids must grow; data for a stream never opened is answered with INVALID_STREAM', async () => {
    const { server, socket, listener } = await serverAndSocket({ onStream: (stream) => stream.reply() });
    cleanups.push(() => listener.close());
    const frames = frameLog(socket);
    const headers = new HeaderCompressor();
    socket.write(encodeData(9, Buffer.from('x')));
    socket.write(encodeSynStream(3, headers.compress({ a: '1' })));
    await sleep(50);
    assert.deepEqual(frames.map((f) => f.type), ['rst_stream', 'syn_reply']);
    assert.deepEqual(frames[0], { type: 'rst_stream', streamId: 9, status: rstStatus.invalidStream });
    const closed = once(server, 'close');
    socket.write(encodeSynStream(1, headers.compress({ b: '2' })));
    const [err] = (await closed) as [Error];
    assert.match(err.message, /stream id 1 is not greater than the last one \(3\)/);
    socket.destroy();
  });
});
