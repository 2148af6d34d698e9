// The node agent's kubelet API (HTTPS, port 10250 by default), what the API server relays
// `kubectl logs` and `kubectl exec` to:
//
//   GET /containerLogs/{namespace}/{pod}/{container}?follow=&tailLines=&timestamps=&previous=&sinceSeconds=&sinceTime=&limitBytes=
//       → text/plain: the log lines' content (not the CRI log format), streaming with follow
//   GET /exec/{namespace}/{pod}/{container}?command=…&input=1&output=1&error=1&tty=1
//       with Upgrade: websocket and Sec-WebSocket-Protocol v5.channel.k8s.io (or v4) → the
//       remote-command channels of cluster/api/remote-command.ts; the error channel's Status
//       carries the exit code
//   GET /attach/{namespace}/{pod}/{container}?input=1&output=1&error=1&tty=1 → the same channels
//       joined to the container's own stdio (RuntimeService.attach); Success once the container
//       exited or the session detached (kubectl reads the exit code from the pod's status)
//   GET /metrics/resource → the node's and its containers' CPU and memory usage in Prometheus
//       text (resource-metrics.ts), what the API server scrapes for `kubectl top`
//   POST (or GET) /portForward/{namespace}/{pod}[/{uid}] with Upgrade: SPDY/3.1 and
//       X-Stream-Protocol-Version: portforward.k8s.io → SPDY/3.1 streams, port-forward-session.ts
//
// Only clients with a certificate signed by the cluster CA and the subject kubelet-tls.ts allows
// get through (the handshake needs a CA-signed certificate; the subject is checked per request).
// Errors are metav1.Status JSON, which the API server passes on to kubectl.
//
//   const kubelet = await startKubeletServer({ runtime, caCertPem, address, port: 10250, … });
//   kubelet.port; await kubelet.close();
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isMinatoError, messageOf } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { SpdySession } from '../../util/spdy/session.ts';
import { type AttachQuery, channel, decodeFrame, encodeFrame, exitStatus, failureStatus, negotiateProtocol, parseAttachQuery, parseExecQuery, parsePodLogQuery, parseResize } from '../api/remote-command.ts';
import { offeredStreamProtocols, portForwardProtocolV1 } from '../api/port-forward.ts';
import { ensureKubeletServingCert, isAllowedClient } from './kubelet-tls.ts';
import { startPortForwardSession } from './port-forward-session.ts';
import { resourceMetricsText } from './resource-metrics.ts';
import type { RuntimeService, StreamingSession } from './runtime-service.ts';

export interface KubeletServerOptions {
  runtime: RuntimeService;
  /** The cluster CA (PEM): client certificates must chain to it. */
  caCertPem: string;
  /** Address to listen on (the node's IP). */
  address: string;
  /** 10250 by default; 0: any free port. */
  port?: number;
  nodeName: string;
  /** Where the serving certificate is kept. */
  dataDir: string;
  log: Logger;
}

export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}

interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  code: number;
}

class HttpFailure extends Error {
  readonly code: number;
  readonly reason: string;
  constructor(code: number, reason: string, message: string) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}

function statusBody(err: unknown): StatusBody {
  let code = 500;
  let reason = 'InternalError';
  if (err instanceof HttpFailure) ({ code, reason } = err);
  else if (isMinatoError(err, 'InvalidArgument')) [code, reason] = [400, 'BadRequest'];
  else if (isMinatoError(err, 'NotFound')) [code, reason] = [404, 'NotFound'];
  else if (isMinatoError(err, 'Conflict')) [code, reason] = [400, 'BadRequest'];
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: messageOf(err), reason, code };
}

const badRequest = (message: string) => new HttpFailure(400, 'BadRequest', message);

/** How an exec or attach request becomes a session, and the Status its error channel ends with. */
interface SessionPlan {
  query: AttachQuery;
  start(): Promise<StreamingSession>;
  /** The session could not start. */
  failed(err: unknown): Record<string, unknown>;
  /** The session's streams are done. */
  ended(session: StreamingSession): Promise<Record<string, unknown>>;
}

/** /{verb}/{namespace}/{pod}/{container} */
function parsePath(pathname: string, verb: string): { namespace: string; pod: string; container: string } | undefined {
  const parts = pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  if (parts.length !== 4 || parts[0] !== verb) return undefined;
  return { namespace: parts[1]!, pod: parts[2]!, container: parts[3]! };
}

export async function startKubeletServer(options: KubeletServerOptions): Promise<KubeletServer> {
  const log = options.log.child({ component: 'kubelet-server' });
  const runtime = options.runtime;
  const serving = await ensureKubeletServingCert(options.dataDir, options.nodeName, options.address);

  /** The newest attempt of the container in the pod's newest live sandbox. */
  async function findContainer(namespace: string, pod: string, name: string): Promise<string> {
    const sandboxes = (await runtime.listPodSandbox()).filter((sandbox) => sandbox.metadata.namespace === namespace && sandbox.metadata.name === pod);
    if (sandboxes.length === 0) throw new HttpFailure(404, 'NotFound', `pod "${pod}" in namespace "${namespace}" is not running on node "${options.nodeName}"`);
    sandboxes.sort((a, b) => Number(b.state === 'READY') - Number(a.state === 'READY') || b.createdAt.localeCompare(a.createdAt));
    for (const sandbox of sandboxes) {
      const containers = (await runtime.listContainers({ podSandboxId: sandbox.id })).filter((container) => container.metadata.name === name);
      containers.sort((a, b) => b.metadata.attempt - a.metadata.attempt);
      if (containers[0]) return containers[0].id;
    }
    throw badRequest(`container "${name}" in pod "${pod}" is waiting to start: ContainerCreating`);
  }

  function checkClient(req: IncomingMessage): void {
    const socket = req.socket as TLSSocket;
    if (!socket.authorized || !isAllowedClient(socket.getPeerCertificate(false))) throw new HttpFailure(403, 'Forbidden', 'Forbidden: only the API server may use the kubelet API');
  }

  async function serveLogs(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const target = parsePath(url.pathname, 'containerLogs');
    if (!target) throw new HttpFailure(404, 'NotFound', 'not found');
    const query = parsePodLogQuery(url.searchParams);
    const id = await findContainer(target.namespace, target.pod, target.container);
    const sinceTime = query.sinceSeconds !== undefined ? new Date(Date.now() - query.sinceSeconds * 1000) : query.sinceTime;
    let stream;
    try {
      stream = await runtime.containerLogs(id, {
        follow: query.follow,
        previous: query.previous,
        timestamps: query.timestamps,
        ...(query.tailLines !== undefined ? { tail: query.tailLines } : {}),
        ...(sinceTime !== undefined ? { sinceTime } : {}),
        ...(query.limitBytes !== undefined ? { limitBytes: query.limitBytes } : {}),
      });
    } catch (err) {
      // "previous terminated container … not found" is the caller's mistake, as in Kubernetes.
      if (isMinatoError(err, 'NotFound')) throw badRequest(err.message);
      throw err;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.flushHeaders();
    const stop = () => stream.destroy();
    res.once('close', stop);
    req.once('close', stop);
    stream.on('error', (err) => {
      log.debug({ err }, 'log stream failed');
      res.destroy();
    });
    stream.pipe(res);
  }

  const sessions = new Set<SpdySession>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (protocols) => negotiateProtocol(protocols) ?? false });

  /** /exec and /attach: the remote-command channels over WebSocket, bridged to a RuntimeService session. */
  async function serveStreamUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, verb: 'exec' | 'attach'): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const target = parsePath(url.pathname, verb);
    if (!target) throw new HttpFailure(404, 'NotFound', 'not found');
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') throw badRequest(`unsupported upgrade "${req.headers.upgrade ?? ''}": this node serves ${verb} over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) only`);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',');
    if (!negotiateProtocol(offered)) throw badRequest(`none of the offered subprotocols [${offered.join(', ')}] is supported; want one of v5.channel.k8s.io, v4.channel.k8s.io`);
    let plan: SessionPlan;
    if (verb === 'exec') {
      const query = parseExecQuery(url.searchParams, 'kubelet');
      const id = await findContainer(target.namespace, target.pod, target.container);
      plan = {
        query,
        start: () => runtime.exec(id, query.command, { stdin: query.stdin, stdout: query.stdout, stderr: query.stderr, tty: query.tty }),
        failed: (err) => failureStatus(messageOf(err)),
        ended: async (session) => exitStatus(await session.exit, query.command),
      };
    } else {
      const query = parseAttachQuery(url.searchParams, 'kubelet');
      const id = await findContainer(target.namespace, target.pod, target.container);
      plan = {
        query,
        // The container's tty is its own (kubelet takes it from the pod spec): not the query's.
        start: () => runtime.attach(id, { stdin: query.stdin, stdout: query.stdout, stderr: query.stderr }),
        failed: (err) => failureStatus(`error attaching to container: ${messageOf(err)}`),
        ended: async () => ({ metadata: {}, status: 'Success' }),
      };
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void runSession(ws, plan).catch((err: unknown) => log.warn({ err }, `${verb} session failed`));
    });
  }

  /** The kubelet's handshake (httpstream.Handshake + the SPDY response upgrader), then the session. */
  async function servePortForwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const parts = url.pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
    if (parts[0] !== 'portForward' || (parts.length !== 3 && parts.length !== 4)) throw new HttpFailure(404, 'NotFound', 'not found');
    const [, namespace, pod, uid] = parts as [string, string, string, string | undefined];
    if (!(req.headers.upgrade ?? '').toLowerCase().includes('spdy/3.1')) throw badRequest(`unsupported upgrade "${req.headers.upgrade ?? ''}": this node serves port forwarding over SPDY/3.1 only`);
    const offered = offeredStreamProtocols(req.headers['x-stream-protocol-version']);
    if (offered.length === 0) throw badRequest('unable to upgrade: X-Stream-Protocol-Version is required');
    if (!offered.includes(portForwardProtocolV1)) throw badRequest(`unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${portForwardProtocolV1}]`);
    const sandboxes = (await runtime.listPodSandbox()).filter((s) => s.metadata.namespace === namespace && s.metadata.name === pod && (!uid || s.metadata.uid === uid));
    const sandbox = sandboxes.filter((s) => s.state === 'READY').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!sandbox) throw new HttpFailure(404, 'NotFound', `pod "${pod}" in namespace "${namespace}" is not running on node "${options.nodeName}"`);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${portForwardProtocolV1}\r\n\r\n`);
    if (head.length > 0) socket.unshift(head);
    const session = startPortForwardSession(socket, {
      forward: (port, stream) => runtime.portForward(sandbox.id, port, stream),
      pod: sandbox.id,
      uid: sandbox.metadata.uid,
      log: log.child({ pod: `${namespace}/${pod}` }),
    });
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  }

  async function runSession(ws: WebSocket, plan: SessionPlan): Promise<void> {
    const query = plan.query;
    const v5 = ws.protocol === 'v5.channel.k8s.io';
    let session: StreamingSession | undefined;
    const pending: Buffer[] = [];
    let clientGone = false;
    // One resize at a time, in order: kubectl sends two at once (its size + 1, then its size).
    let resizing = Promise.resolve();
    const handle = (frame: Buffer) => {
      const decoded = decodeFrame(frame);
      if (!decoded || !session) return;
      if (decoded.channel === channel.stdin) session.stdin?.write(decoded.payload);
      else if (decoded.channel === channel.resize) {
        const size = parseResize(decoded.payload);
        const target = session;
        if (size) resizing = resizing.then(() => target.resize(size)).catch((err: unknown) => log.debug({ err }, 'resize failed'));
      } else if (v5 && decoded.channel === channel.close && decoded.payload[0] === channel.stdin) session.stdin?.end();
    };
    ws.on('message', (data: RawData) => {
      const frame = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (session) handle(frame);
      else pending.push(frame);
    });
    ws.on('close', () => {
      clientGone = true;
      session?.close();
    });
    ws.on('error', (err) => log.debug({ err }, 'exec websocket error'));
    const sendStatus = (status: Record<string, unknown>) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(encodeFrame(channel.error, JSON.stringify(status)));
      ws.close(1000);
    };
    try {
      session = await plan.start();
    } catch (err) {
      sendStatus(plan.failed(err));
      return;
    }
    if (clientGone) {
      session.close();
      return;
    }
    session.stdin?.on('error', () => undefined); // the process may exit before reading everything
    for (const frame of pending.splice(0)) handle(frame);
    const forward = (stream: NodeJS.ReadableStream | undefined, id: number) => {
      if (!stream) return Promise.resolve();
      stream.on('data', (chunk: Buffer) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeFrame(id, chunk));
      });
      return finished(stream as never).catch(() => undefined);
    };
    const outputs = Promise.all([forward(query.stdout ? session.stdout : undefined, channel.stdout), forward(query.stderr && !session.tty ? session.stderr : undefined, channel.stderr)]);
    await Promise.all([outputs, session.done]);
    sendStatus(await plan.ended(session));
  }

  const { createServer } = process.getBuiltinModule('node:https') as typeof import('node:https');
  const server: Server = createServer(
    { key: serving.keyPem, cert: serving.certPem, ca: options.caCertPem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    (req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'https://kubelet');
        checkClient(req);
        if (req.method !== 'GET') throw new HttpFailure(405, 'MethodNotAllowed', 'only GET is served');
        if (url.pathname === '/healthz') {
          res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
          return;
        }
        if (url.pathname.startsWith('/containerLogs/')) return serveLogs(req, res, url);
        if (url.pathname === '/metrics/resource') {
          const text = await resourceMetricsText(runtime, (err) => log.warn({ err }, 'container stats for /metrics/resource could not be read'));
          res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
          return;
        }
        if (['/exec/', '/attach/', '/portForward/'].some((prefix) => url.pathname.startsWith(prefix))) throw badRequest('Upgrade request required');
        throw new HttpFailure(404, 'NotFound', 'not found');
      })().catch((err: unknown) => {
        const status = statusBody(err);
        if (status.code >= 500) log.error({ err, url: req.url }, 'kubelet API request failed');
        if (res.headersSent) return void res.destroy();
        res.writeHead(status.code, { 'Content-Type': 'application/json' }).end(JSON.stringify(status));
      });
    },
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    void (async () => {
      checkClient(req);
      const url = req.url ?? '';
      if (url.startsWith('/portForward/')) await servePortForwardUpgrade(req, socket, head);
      else await serveStreamUpgrade(req, socket, head, url.startsWith('/attach/') ? 'attach' : 'exec');
    })().catch((err: unknown) => {
      const status = statusBody(err);
      if (status.code >= 500) log.error({ err, url: req.url }, 'kubelet API upgrade failed');
      const body = JSON.stringify(status);
      socket.end(`HTTP/1.1 ${status.code} ${status.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
  });
  server.on('clientError', (err, socket) => {
    log.debug({ err }, 'kubelet API client error');
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 10250, options.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  log.info({ address: `${options.address}:${port}` }, 'kubelet API listening');
  return {
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const session of sessions) session.destroy();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

