// /api/v1/namespaces/NS/pods/NAME/exec (`kubectl exec`) and …/attach (`kubectl attach`, `kubectl
// run -i`): the request is checked here (pod, container, options), then its WebSocket upgrade is
// relayed to the node agent's kubelet API (/exec/NS/NAME/CONTAINER?command=…&input=1&output=1&
// error=1&tty=1, or /attach/NS/NAME/CONTAINER?input=1&…) and the two connections are joined byte
// for byte, as kube-apiserver's UpgradeAwareHandler does: the agent speaks the remote-command
// channels (cluster/api/remote-command.ts) to kubectl directly, so the subprotocol
// (v5.channel.k8s.io, v4…) is negotiated end to end.
//
// SPDY (kubectl's fallback when the WebSocket upgrade is refused) is not served: such a request
// gets a 400 Status saying so, after the same checks (so a wrong container name still reads as
// kubectl users know it).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { kubeletStreamQueryString, parseAttachQuery, parseExecQuery } from '../../api/remote-command.ts';
import { errors, statusOf } from '../status.ts';
import { type KubeletAccess, type KubeletTarget, kubeletTlsOptions, locateContainer, relayUpgraded, statusFromKubelet } from './kubelet-proxy.ts';

const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** Answers an upgrade request that will not be upgraded with a Status, and closes the connection. */
export function rejectUpgrade(socket: Duplex, err: unknown): void {
  const status = statusOf(err);
  const body = JSON.stringify(status);
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status.code} ${reasons[status.code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export async function handlePodExecUpgrade(access: KubeletAccess, req: IncomingMessage, socket: Duplex, head: Buffer, namespace: string, name: string, query: URLSearchParams): Promise<void> {
  const options = parseExecQuery(query, 'apiserver');
  const target = await locateContainer(access, namespace, name, options.container);
  const phase = target.pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw errors.badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  await relayToKubelet(access, req, socket, head, target, 'exec', `${kubeletPath('exec', namespace, name, target.container)}?${kubeletStreamQueryString(options)}`);
}

/** pods/attach: the container's own stdio (its tty is the container's, whatever the request says). */
export async function handlePodAttachUpgrade(access: KubeletAccess, req: IncomingMessage, socket: Duplex, head: Buffer, namespace: string, name: string, query: URLSearchParams): Promise<void> {
  const options = parseAttachQuery(query, 'apiserver');
  const target = await locateContainer(access, namespace, name, options.container);
  const phase = target.pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw errors.badRequest(`cannot attach a container in a completed pod; current phase is ${phase}`);
  await relayToKubelet(access, req, socket, head, target, 'attach', `${kubeletPath('attach', namespace, name, target.container)}?${kubeletStreamQueryString(options)}`);
}

const kubeletPath = (verb: string, namespace: string, name: string, container: string) => `/${verb}/${[namespace, name, container].map(encodeURIComponent).join('/')}`;

/** Dials `path` (GET /VERB/NS/POD/CONTAINER?…) on the agent with the client's WebSocket handshake, and joins the two. */
async function relayToKubelet(access: KubeletAccess, req: IncomingMessage, socket: Duplex, head: Buffer, target: KubeletTarget, verb: 'exec' | 'attach', path: string): Promise<void> {
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    throw errors.badRequest(`upgrade "${req.headers.upgrade ?? ''}" is not supported: this server streams ${verb} over WebSocket only (v5.channel.k8s.io); unset KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false`);
  }
  const key = req.headers['sec-websocket-key'];
  if (!key) throw errors.badRequest('missing Sec-WebSocket-Key');
  const { request } = process.getBuiltinModule('node:https') as typeof import('node:https');
  const upstream = request({
    host: target.host,
    port: target.port,
    path,
    method: 'GET',
    agent: false,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Version': req.headers['sec-websocket-version'] ?? '13',
      ...(req.headers['sec-websocket-protocol'] ? { 'Sec-WebSocket-Protocol': req.headers['sec-websocket-protocol'] } : {}),
    },
    ...kubeletTlsOptions(access.credentials!),
  });
  await new Promise<void>((resolve, reject) => {
    upstream.once('error', (err) => reject(errors.internal(`error dialing backend: ${err.message}`)));
    upstream.once('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.once('end', () => reject(statusFromKubelet(response.statusCode ?? 500, body)));
      response.once('error', reject);
    });
    upstream.once('upgrade', (response: IncomingMessage, agentSocket: Duplex, agentHead: Buffer) => {
      relayUpgraded(socket, head, response, agentSocket, agentHead);
      resolve();
    });
    upstream.end();
  });
}
