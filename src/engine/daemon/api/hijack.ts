// Taking over a connection for attach and exec: the docker CLI sends `Upgrade: tcp` and
// expects "101 UPGRADED", after which the socket carries raw stdin one way and container output
// (multiplexed unless TTY) the other. Node hands such requests to the server's 'upgrade' event
// with the headers parsed and nothing else: any request body (exec start sends JSON) is read
// here, and what follows it is the client's stdin.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import { httpStatusOf, invalidArgument, messageOf } from '../../../util/errors.ts';
import { http } from '../../../util/node-http.ts';

export interface HijackedConnection {
  body: Buffer;
  /** What the client sends after the body: the container's stdin. Ends when the client half-closes. */
  stdin: PassThrough;
  write(data: Buffer): void;
  end(): void;
  /** Resolves when the client goes away. */
  closed: Promise<void>;
  isClosed(): boolean;
}

/** Reads the request body (Content-Length bytes) from what came with the headers and the socket. */
function readBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<{ body: Buffer; rest: Buffer }> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (!Number.isFinite(length) || length < 0 || length > 1024 * 1024) return Promise.reject(invalidArgument('invalid Content-Length'));
  if (head.length >= length) return Promise.resolve({ body: head.subarray(0, length), rest: head.subarray(length) });
  return new Promise((resolve, reject) => {
    let buffered = head;
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < length) return;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      resolve({ body: buffered.subarray(0, length), rest: buffered.subarray(length) });
    };
    const onEnd = () => reject(invalidArgument('connection closed before the request body was complete'));
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}

/** Answers an upgrade request with a plain HTTP error and closes the connection. */
export function refuseUpgrade(socket: Duplex, err: unknown): void {
  const status = httpStatusOf(err);
  const body = JSON.stringify({ message: messageOf(err) });
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export async function readUpgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer) {
  return readBody(req, socket, head);
}

/** Sends 101 and wires stdin; call after every check that could still fail with an HTTP error. */
export function completeUpgrade(socket: Duplex, rest: Buffer, body: Buffer, tty: boolean): HijackedConnection {
  const contentType = tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream';
  socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
  const stdin = new PassThrough();
  if (rest.length > 0) stdin.write(rest);
  socket.on('data', (chunk: Buffer) => stdin.write(chunk));
  socket.on('end', () => stdin.end());
  socket.resume();
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => {
    const done = () => {
      closed = true;
      stdin.end();
      resolve();
    };
    socket.once('close', done);
    socket.once('error', done);
  });
  return {
    body,
    stdin,
    write: (data) => {
      if (!closed) socket.write(data);
    },
    end: () => {
      if (!closed) socket.end();
    },
    closed: closedPromise,
    isClosed: () => closed,
  };
}
