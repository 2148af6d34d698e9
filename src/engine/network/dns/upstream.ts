// One query to one upstream resolver, over UDP or TCP. Each exchange uses its own socket (a
// fresh random source port, connected to the upstream so only its packets are read) and settles
// only after that socket is closed: on the answer, an error, the timeout or the abort signal.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIP, isIPv4, type Socket as TcpSocket } from 'node:net';
import { invalidArgument } from '../../../util/errors.ts';
import { HEADER_BYTES, framed, isResponse, messageId } from './wire.ts';

export interface Upstream {
  address: string;
  port: number;
}

/** `1.2.3.4`, `1.2.3.4:5353`, `2001:db8::1` or `[2001:db8::1]:5353`. */
export function parseUpstream(text: string): Upstream {
  if (isIP(text)) return { address: text, port: 53 };
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !isIP(match[1]!) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidArgument(`invalid DNS upstream "${text}": expected an IP address, optionally with :port`);
  }
  return { address: match[1]!, port };
}

export const formatUpstream = (u: Upstream): string => (isIPv4(u.address) ? `${u.address}:${u.port}` : `[${u.address}]:${u.port}`);

type Finish = (err: Error | undefined, answer?: Buffer) => void;

/**
 * Runs one exchange. `open` starts it, reports through `finish` and returns how to close its
 * socket (calling back once closed). The promise settles once, after the socket is closed.
 */
function exchange(timeoutMs: number, signal: AbortSignal, open: (finish: Finish) => (closed: () => void) => void): Promise<Buffer> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise((resolve, reject) => {
    let close: ((closed: () => void) => void) | undefined;
    let outcome: { err: Error | undefined; answer: Buffer | undefined } | undefined;
    const settle = () => close!(() => (outcome!.err ? reject(outcome!.err) : resolve(outcome!.answer!)));
    const finish: Finish = (err, answer) => {
      if (outcome) return;
      outcome = { err, answer };
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (close) settle();
    };
    const onAbort = () => finish(new Error('aborted'));
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    close = open(finish);
    if (outcome) settle();
  });
}

const answers = (msg: Buffer, id: number): boolean => msg.length >= HEADER_BYTES && isResponse(msg) && messageId(msg) === id;

export function udpExchange(query: Buffer, upstream: Upstream, timeoutMs: number, signal: AbortSignal): Promise<Buffer> {
  return exchange(timeoutMs, signal, (finish) => {
    const socket: UdpSocket = createSocket(isIPv4(upstream.address) ? 'udp4' : 'udp6');
    const id = messageId(query);
    socket.on('error', (err) => finish(err)); // ECONNREFUSED (ICMP port unreachable) arrives here
    socket.on('message', (msg) => {
      if (answers(msg, id)) finish(undefined, msg);
    });
    socket.connect(upstream.port, upstream.address, (err?: Error) => {
      if (err) return finish(err);
      try {
        socket.send(query, (sendErr) => sendErr && finish(sendErr));
      } catch (sendErr) {
        finish(sendErr as Error); // closed meanwhile
      }
    });
    return (closed) => {
      try {
        socket.close(closed);
      } catch {
        closed(); // already closed
      }
    };
  });
}

export function tcpExchange(query: Buffer, upstream: Upstream, timeoutMs: number, signal: AbortSignal): Promise<Buffer> {
  return exchange(timeoutMs, signal, (finish) => {
    const socket: TcpSocket = connect({ host: upstream.address, port: upstream.port, noDelay: true });
    const id = messageId(query);
    let buffered: Buffer = Buffer.alloc(0);
    socket.on('connect', () => socket.write(framed(query)));
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const end = 2 + buffered.readUInt16BE(0);
        if (buffered.length < end) return;
        const msg = buffered.subarray(2, end);
        buffered = buffered.subarray(end);
        if (answers(msg, id)) return finish(undefined, Buffer.from(msg));
      }
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('connection closed before an answer')));
    return (closed) => {
      if (socket.closed) return closed();
      socket.once('close', closed);
      socket.destroy();
    };
  });
}
