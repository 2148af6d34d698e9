// /api/v1/namespaces/NS/pods/NAME/portforward (`kubectl port-forward`): the pod is checked here
// (it exists, is Running, has a node), then the node agent's kubelet API is dialled with a SPDY
// upgrade (POST /portForward/NS/NAME, X-Stream-Protocol-Version: portforward.k8s.io) and the
// client is joined to it. SPDY is not terminated here: the agent speaks it with kubectl, as the
// kubelet does behind kube-apiserver, so this file only moves bytes —
//   - WebSocket (kubectl's first try, subprotocol SPDY/3.1+portforward.k8s.io): the SPDY bytes
//     travel in binary messages; each message's payload is written to the agent's connection and
//     what the agent sends goes back as binary messages (apiserver util/proxy streamtunnel.go);
//   - SPDY/3.1 (kubectl's fallback): the agent's 101 goes back as is and the two connections are
//     joined byte for byte (exec's relay).
// The agent is dialled before the client's upgrade is answered, so an agent that cannot be reached
// (or that refuses: pod not running there) gives kubectl a Status to print, not a dead tunnel.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { offeredStreamProtocols, offeredSubprotocols, parsePortForwardQuery, portForwardProtocolV1, spdyTunnelProtocol } from '../../api/port-forward.ts';
import { errors } from '../status.ts';
import { type KubeletAccess, kubeletTlsOptions, locatePod, relayUpgraded, statusFromKubelet } from './kubelet-proxy.ts';

/** Bytes queued towards the client above which the agent's connection is paused. */
const tunnelHighWater = 1024 * 1024;

// ws accepts only RFC 7230 tokens as subprotocols, and "SPDY/3.1+portforward.k8s.io" has a '/':
// ws is shown the protocol's name alone, and the 101 it writes is given the real one back.
const subprotocolAlias = portForwardProtocolV1;
let tunnels: WebSocketServer | undefined;
function tunnelServer(): WebSocketServer {
  if (!tunnels) {
    tunnels = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => (offered.has(subprotocolAlias) ? subprotocolAlias : false) });
    tunnels.on('headers', (headers: string[]) => {
      const at = headers.findIndex((line) => line.toLowerCase().startsWith('sec-websocket-protocol:'));
      if (at >= 0) headers[at] = `Sec-WebSocket-Protocol: ${spdyTunnelProtocol}`;
    });
  }
  return tunnels;
}

interface AgentConnection {
  response: IncomingMessage;
  socket: Duplex;
  head: Buffer;
}

/** POST /portForward/NS/NAME with a SPDY upgrade; the agent's Status when it does not switch. */
function dialAgent(access: KubeletAccess, host: string, port: number, namespace: string, name: string, protocols: string[]): Promise<AgentConnection> {
  const { request } = process.getBuiltinModule('node:https') as typeof import('node:https');
  const upstream = request({
    host,
    port,
    path: `/portForward/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
    method: 'POST',
    agent: false,
    headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': protocols.join(', '), 'Content-Length': '0' },
    ...kubeletTlsOptions(access.credentials!),
  });
  return new Promise((resolve, reject) => {
    upstream.once('error', (err) => reject(errors.internal(`error dialing backend: ${err.message}`)));
    upstream.once('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        if (body.length < 64 * 1024) body += chunk.toString();
      });
      response.once('end', () => reject(statusFromKubelet(response.statusCode ?? 500, body)));
      response.once('error', reject);
    });
    upstream.once('upgrade', (response: IncomingMessage, socket: Duplex, head: Buffer) => resolve({ response, socket, head }));
    upstream.end();
  });
}

export async function handlePodPortForwardUpgrade(access: KubeletAccess, req: IncomingMessage, socket: Duplex, head: Buffer, namespace: string, name: string, query: URLSearchParams): Promise<void> {
  parsePortForwardQuery(query);
  const target = await locatePod(access, namespace, name, (pod) => {
    const phase = pod.status?.phase ?? 'Pending';
    if (phase !== 'Running') throw errors.badRequest(`unable to forward port because pod is not running. Current status=${phase}`);
  });
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket') {
    const offered = offeredSubprotocols(req.headers['sec-websocket-protocol']);
    if (!offered.includes(spdyTunnelProtocol)) throw errors.badRequest(`none of the offered subprotocols [${offered.join(', ')}] is served for port forwarding: want ${spdyTunnelProtocol}`);
    if (!req.headers['sec-websocket-key']) throw errors.badRequest('missing Sec-WebSocket-Key');
    const agent = await dialAgent(access, target.host, target.port, namespace, name, [portForwardProtocolV1]);
    // ws answers a bad handshake itself and drops the socket without calling back: the agent goes too.
    let joined = false;
    socket.once('close', () => {
      if (!joined) agent.socket.destroy();
    });
    if (socket.destroyed) return void agent.socket.destroy();
    req.headers['sec-websocket-protocol'] = subprotocolAlias;
    tunnelServer().handleUpgrade(req, socket, head, (ws) => {
      joined = true;
      joinTunnel(ws, agent);
    });
    return;
  }
  if (upgrade.includes('spdy/3.1')) {
    const protocols = offeredStreamProtocols(req.headers['x-stream-protocol-version']);
    if (protocols.length === 0) throw errors.badRequest('unable to upgrade: X-Stream-Protocol-Version is required');
    const agent = await dialAgent(access, target.host, target.port, namespace, name, protocols);
    relayUpgraded(socket, head, agent.response, agent.socket, agent.head);
    return;
  }
  throw errors.badRequest(`upgrade "${req.headers.upgrade ?? ''}" is not supported for port forwarding: want websocket (${spdyTunnelProtocol}) or SPDY/3.1`);
}

/** WebSocket binary messages ⇄ the agent's byte stream, with back-pressure both ways. */
function joinTunnel(ws: WebSocket, agent: AgentConnection): void {
  const socket = agent.socket;
  let closed = false;
  const closeBoth = () => {
    if (closed) return;
    closed = true;
    ws.terminate();
    socket.destroy();
  };
  const toClient = (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true }, () => {
      if (socket.isPaused() && ws.bufferedAmount < tunnelHighWater / 2) socket.resume();
    });
    if (ws.bufferedAmount > tunnelHighWater) socket.pause();
  };
  if (agent.head.length > 0) toClient(agent.head);
  socket.on('data', toClient);
  socket.once('end', () => {
    if (ws.readyState === ws.OPEN) ws.close(1000);
  });
  socket.once('close', closeBoth);
  socket.on('error', closeBoth);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    // client-go's tunnelling connection sends binary messages only; anything else is not SPDY.
    if (!isBinary) return void ws.close(1003, 'port forwarding tunnels carry binary messages only');
    const chunk = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (!socket.write(chunk)) {
      ws.pause();
      socket.once('drain', () => ws.resume());
    }
  });
  ws.once('close', () => {
    if (!socket.destroyed) socket.end();
    setTimeout(closeBoth, 2000).unref();
  });
  ws.on('error', closeBoth);
}
