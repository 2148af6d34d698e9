// The embedded DNS server of one user-defined network, as Docker's: it listens on the network's
// gateway address, port 53, UDP and TCP; it answers the names of the network's containers itself
// and forwards every other query to the host's resolvers.
//
// Lifecycle: construct → start() (binds both sockets; rejects, leaving nothing open, if either
// cannot bind) → stop() (closes the listeners, drops TCP clients, aborts forwarded queries, and
// resolves once every socket it opened is closed). start() may be called again after stop().
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { MinatoError, conflict, errnoCode, invalidArgument, messageOf } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import { Forwarder } from './forwarder.ts';
import type { NameLookup } from './local-answers.ts';
import { MAX_QUERY_BYTES, QueryHandler } from './query-handler.ts';
import { serveTcpConnection } from './tcp-connection.ts';
import { formatUpstream, parseUpstream, type Upstream } from './upstream.ts';

export type { NameLookup } from './local-answers.ts';
export { upstreamsFromResolvConf } from './resolv-conf.ts';

/**
 * TTL of the local answers, in seconds. Docker uses 600, so a cache (nginx's `resolver`, a JVM, a
 * caching stub) may keep a restarted container's old address for ten minutes. 5 s bounds that
 * staleness to a few seconds, while still letting such caches absorb a burst of lookups instead of
 * sending every one to the daemon; 0 would make them ask on every connection (and some caches
 * treat 0 as "use my minimum" anyway). glibc and musl do not cache at all, so for most containers
 * any TTL behaves the same.
 */
export const LOCAL_TTL_SECONDS = 5;

export interface DnsResponderOptions {
  /** IP to bind (the network's gateway), e.g. '10.89.0.1'. */
  address: string;
  /** Default 53 (tests use a high port on 127.0.0.x); 0 picks a free port, the same for UDP and TCP. */
  port?: number;
  /** Resolver addresses ('1.2.3.4' or '1.2.3.4:5353'), e.g. from upstreamsFromResolvConf(host's /etc/resolv.conf). */
  upstreams: string[];
  names: NameLookup;
  log: Logger;
  /** The network's name: `<container>.<network>` then resolves like `<container>`, as in Docker. */
  networkName?: string;
  /** Per upstream and transport; default 2000. */
  upstreamTimeoutMs?: number;
  /** TCP clients idle (or stalled in the middle of a message) this long are closed; default 10000. */
  tcpIdleTimeoutMs?: number;
}

const DEFAULT_PORT = 53;
const DEFAULT_UPSTREAM_TIMEOUT_MS = 2000;
const DEFAULT_TCP_IDLE_TIMEOUT_MS = 10_000;
const MAX_FORWARDS_IN_FLIGHT = 256;
const MAX_TCP_CONNECTIONS = 128;
/** With port 0, how many times to pick a port free for UDP and try it for TCP. */
const FREE_PORT_ATTEMPTS = 10;

export class DnsResponder {
  private readonly options: DnsResponderOptions;
  private readonly upstreams: Upstream[];
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private boundPort = 0;
  private starting = false;
  private abort = new AbortController();
  private readonly connections = new Set<Socket>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Set by start(): answers one DNS-over-TCP message. */
  private handleTcp: (msg: Buffer) => Promise<Buffer | undefined> = async () => undefined;

  constructor(options: DnsResponderOptions) {
    if (!isIP(options.address)) throw invalidArgument(`DNS responder address "${options.address}" is not an IP address`);
    const port = options.port ?? DEFAULT_PORT;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidArgument(`DNS responder port ${port} is out of range`);
    this.options = options;
    this.upstreams = options.upstreams.map(parseUpstream);
  }

  /** The port both sockets are bound to (useful with port 0); 0 when not started. */
  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    if (this.udp || this.starting) throw conflict(`DNS responder on ${this.options.address} is already started`);
    this.starting = true;
    try {
      await this.listen();
    } finally {
      this.starting = false;
    }
    this.serve();
  }

  /** Binds UDP and TCP on the same port; with port 0, on a port free for both. */
  private async listen(): Promise<void> {
    const { address } = this.options;
    const wanted = this.options.port ?? DEFAULT_PORT;
    for (let attempt = 1; ; attempt++) {
      const udp = await bindUdp(address, wanted).catch((err: unknown) => {
        throw listenError(address, wanted, 'UDP', err);
      });
      const port = udp.address().port;
      try {
        this.tcp = await listenTcp(address, port, (socket) => this.acceptTcp(socket));
      } catch (err) {
        await closeUdp(udp);
        if (wanted === 0 && errnoCode(err) === 'EADDRINUSE' && attempt < FREE_PORT_ATTEMPTS) continue;
        throw listenError(address, port, 'TCP', err);
      }
      this.udp = udp;
      this.boundPort = port;
      return;
    }
  }

  private serve(): void {
    const { address, log } = this.options;
    this.abort = new AbortController();
    const self = { address, port: this.boundPort };
    const upstreams = this.upstreams.filter((u) => formatUpstream(u) !== formatUpstream(self)); // never forward to ourselves
    const forwarder = new Forwarder({
      upstreams,
      timeoutMs: this.options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
      maxInFlight: MAX_FORWARDS_IN_FLIGHT,
      log,
    });
    const handler = new QueryHandler({ names: this.options.names, forwarder, ttl: LOCAL_TTL_SECONDS, networkName: this.options.networkName, log });
    const udp = this.udp!;
    const signal = this.abort.signal;
    udp.on('message', (msg, peer) => {
      this.track(
        handler.handle(msg, 'udp', signal).then((reply) => {
          if (reply && this.udp === udp) udp.send(reply, peer.port, peer.address, (err) => err && log.debug({ err: messageOf(err) }, 'DNS reply not sent'));
        }),
      );
    });
    this.handleTcp = (msg) => this.trackValue(handler.handle(msg, 'tcp', signal));
    log.info({ address, port: this.boundPort, upstreams: upstreams.map(formatUpstream) }, 'DNS responder started');
  }

  async stop(): Promise<void> {
    const { udp, tcp } = this;
    if (!udp || !tcp) return;
    this.udp = undefined;
    this.tcp = undefined;
    this.boundPort = 0;
    this.abort.abort();
    const tcpClosed = new Promise<void>((resolve) => tcp.close(() => resolve()));
    const connections = [...this.connections];
    for (const socket of connections) socket.destroy();
    await Promise.all([closeUdp(udp), tcpClosed, ...this.inFlight, ...connections.map(closed)]);
    this.options.log.info({ address: this.options.address }, 'DNS responder stopped');
  }

  private acceptTcp(socket: Socket): void {
    if (!this.tcp) return void socket.destroy();
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
    serveTcpConnection(socket, {
      handle: (msg) => this.handleTcp(msg),
      idleTimeoutMs: this.options.tcpIdleTimeoutMs ?? DEFAULT_TCP_IDLE_TIMEOUT_MS,
      maxMessageBytes: MAX_QUERY_BYTES,
      log: this.options.log,
    });
  }

  /** Keeps a query's work visible to stop(); errors are logged, never thrown. */
  private track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.options.log.warn({ err: messageOf(err) }, 'DNS query failed'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private trackValue<T>(work: Promise<T>): Promise<T> {
    this.track(work.then(() => undefined));
    return work;
  }
}

function bindUdp(address: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
    const onError = (err: Error) => void closeUdp(socket).then(() => reject(err));
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.removeListener('error', onError);
      // Errors after binding (e.g. an ICMP error for a reply) must not crash the daemon.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

function listenTcp(address: string, port: number, onConnection: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    // allowHalfOpen: a client may send its query and shut down its side; the reply must still go out.
    const server = createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
    server.maxConnections = MAX_TCP_CONNECTIONS;
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.removeListener('error', reject);
      server.on('error', () => undefined);
      resolve(server);
    });
  });
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // was not open
    }
  });
}

const closed = (socket: Socket): Promise<void> => new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

function listenError(address: string, port: number, transport: string, err: unknown): MinatoError {
  const where = `${address}:${port}/${transport.toLowerCase()}`;
  if (errnoCode(err) === 'EADDRINUSE') return new MinatoError('Conflict', `cannot serve DNS on ${where}: the address is in use`, { cause: err });
  return new MinatoError('Unavailable', `cannot serve DNS on ${where}: ${messageOf(err)}`, { cause: err });
}
