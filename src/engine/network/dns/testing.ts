// Test helpers: a DNS client over UDP and TCP, and a fake upstream resolver. Loopback only.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { decode, encode, RECURSION_DESIRED, TRUNCATED_RESPONSE, type Answer, type DecodedPacket, type Packet, type RecordType } from 'dns-packet';
import { framed } from './wire.ts';

export interface Reply extends DecodedPacket {
  rcode: string;
  raw: Buffer;
}

export function query(name: string, type: RecordType | 'ANY', options: { id?: number; edns?: number } = {}): Buffer {
  const packet: Packet = {
    type: 'query',
    id: options.id ?? 4242,
    flags: RECURSION_DESIRED,
    questions: [{ name, type: type as RecordType, class: 'IN' }],
    additionals: options.edns ? [{ type: 'OPT', name: '.', udpPayloadSize: options.edns, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
  };
  return encode(packet);
}

const asReply = (raw: Buffer): Reply => Object.assign(decode(raw), { raw }) as Reply;

/** Sends one datagram and resolves with the first reply (or rejects after timeoutMs). */
export function udpAsk(port: number, msg: Buffer, timeoutMs = 3000, address = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => socket.close(() => reject(new Error('no UDP reply'))), timeoutMs);
    socket.on('message', (raw) => {
      clearTimeout(timer);
      socket.close(() => resolve(asReply(raw)));
    });
    socket.send(msg, port, address);
  });
}

/** Sends datagrams from one socket and collects every reply that arrives within waitMs. */
export function udpSendAll(port: number, msgs: Buffer[], waitMs: number, address = '127.0.0.1'): Promise<Buffer[]> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const replies: Buffer[] = [];
    socket.on('message', (raw) => replies.push(raw));
    for (const msg of msgs) socket.send(msg, port, address);
    setTimeout(() => socket.close(() => resolve(replies)), waitMs);
  });
}

/** Writes `bytes` on a new TCP connection and reads `count` framed replies (or until the server closes). */
export function tcpAsk(port: number, bytes: Buffer, count = 1, address = '127.0.0.1'): Promise<{ replies: Reply[]; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: address, port });
    const replies: Reply[] = [];
    let buffered: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`TCP: ${replies.length} of ${count} replies`));
    }, 5000);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        replies.push(asReply(Buffer.from(buffered.subarray(2, 2 + buffered.readUInt16BE(0)))));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
      }
      if (replies.length >= count) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ replies, closedByServer: false });
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ replies, closedByServer: true });
    });
  });
}

/** Resolves when the server closes the connection, with how long that took. */
export function tcpUntilClosed(port: number, bytes: Buffer, address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect({ host: address, port }, () => socket.write(bytes));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Date.now() - started));
  });
}

const aRecords = (name: string, count: number, prefix: string): Answer[] =>
  Array.from({ length: count }, (_, i) => ({ type: 'A', name, ttl: 300, class: 'IN', data: `${prefix}.${i + 1}` }) as Answer);

/**
 * A resolver answering UDP and TCP on one port: every name has A 192.0.2.1, except
 * `big.test` / `huge.test` (truncated over UDP; 20 / 60 A records over TCP) and `fail.test` (SERVFAIL).
 */
export class FakeUpstream {
  readonly seen: { transport: 'udp' | 'tcp'; id: number; name: string }[] = [];
  port = 0;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;

  async start(address = '127.0.0.2'): Promise<void> {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, address, resolve));
    this.port = udp.address().port;
    udp.on('message', (msg, peer) => {
      const reply = this.answer(msg, 'udp');
      if (reply) udp.send(reply, peer.port, peer.address);
    });
    const tcp = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        const reply = this.answer(chunk.subarray(2), 'tcp');
        if (reply) socket.write(framed(reply));
      });
    });
    await new Promise<void>((resolve) => tcp.listen(this.port, address, resolve));
    this.udp = udp;
    this.tcp = tcp;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.udp?.close(() => resolve()) ?? resolve());
    await new Promise<void>((resolve) => this.tcp?.close(() => resolve()) ?? resolve());
  }

  private answer(msg: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    let q: DecodedPacket;
    try {
      q = decode(msg);
    } catch {
      return undefined;
    }
    const question = q.questions?.[0];
    if (!question) return undefined;
    this.seen.push({ transport, id: q.id ?? 0, name: question.name });
    const base = { type: 'response' as const, id: q.id ?? 0, questions: [question] };
    const big = question.name === 'big.test' ? 20 : question.name === 'huge.test' ? 60 : 0;
    if (big > 0 && transport === 'udp') return encode({ ...base, flags: TRUNCATED_RESPONSE | RECURSION_DESIRED, answers: [] });
    if (big > 0) return encode({ ...base, flags: RECURSION_DESIRED, answers: aRecords(question.name, big, '198.51.100') });
    if (question.name === 'fail.test') return encode({ ...base, flags: RECURSION_DESIRED | 2 });
    return encode({ ...base, flags: RECURSION_DESIRED, answers: aRecords(question.name, 1, '192.0.2') });
  }
}

/** A UDP socket that reads queries and never answers: an upstream that timed out. */
export async function blackhole(address = '127.0.0.3'): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return { port: socket.address().port, received: () => count, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** A loopback port that nothing listens on (UDP or TCP), for an upstream that is down. */
export async function closedPort(address = '127.0.0.4'): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * How many handles of each kind (UDPWrap, TCPSocketWrap, Timeout, …) the process holds. Waits a
 * moment first: a closed socket's descriptor is released at once, but its handle leaves this list
 * only in a later turn of the event loop.
 */
export async function openHandles(): Promise<Record<string, number>> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
