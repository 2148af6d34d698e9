// Running a probe's or a lifecycle hook's action against a container: exec (RuntimeService
// execSync; exit 0 is success), httpGet (a status from 200 to 399 is success; redirects are
// not followed) and tcpSocket (a connection that opens is success). Used by probes and by the
// preStop / postStart hooks.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Container, ExecAction, HTTPGetAction, TCPSocketAction } from 'kubernetes-types/core/v1.js';
import type { RuntimeService } from './runtime-service.ts';

export interface HandlerAction {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

export interface ActionTarget {
  runtime: RuntimeService;
  containerId: string;
  container: Container;
  podIP: string;
}

/** A named port of the container, or the number itself. */
export function resolvePort(port: number | string | undefined, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

export async function runAction(action: HandlerAction, target: ActionTarget, timeoutSeconds: number): Promise<ActionResult> {
  if (action.exec) {
    const result = await target.runtime.execSync(target.containerId, action.exec.command ?? [], timeoutSeconds);
    if (result.timedOut) return { ok: false, message: `command timed out after ${timeoutSeconds}s` };
    const output = Buffer.concat([result.stdout, result.stderr]).toString().trim();
    return result.exitCode === 0 ? { ok: true, message: output } : { ok: false, message: output || `command exited with ${result.exitCode}` };
  }
  if (action.httpGet) return httpGet(action.httpGet, target, timeoutSeconds);
  if (action.tcpSocket) {
    const port = resolvePort(action.tcpSocket.port, target.container);
    if (!port) return { ok: false, message: `unknown port ${action.tcpSocket.port}` };
    return tcpCheck(action.tcpSocket.host || target.podIP, port, timeoutSeconds);
  }
  return { ok: false, message: 'the action has no handler' };
}

function httpGet(action: HTTPGetAction, target: ActionTarget, timeoutSeconds: number): Promise<ActionResult> {
  const port = resolvePort(action.port, target.container);
  if (!port) return Promise.resolve({ ok: false, message: `unknown port ${action.port}` });
  const host = action.host || target.podIP;
  const https = action.scheme === 'HTTPS';
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
  for (const header of action.httpHeaders ?? []) headers[header.name] = header.value;
  let pathPart = action.path ?? '/';
  if (!pathPart.startsWith('/')) pathPart = `/${pathPart}`;
  return new Promise((resolve) => {
    const request = (https ? httpsRequest : httpRequest)({ host, port, path: pathPart, method: 'GET', headers, timeout: timeoutSeconds * 1000, rejectUnauthorized: false, agent: false }, (response) => {
      const code = response.statusCode ?? 0;
      response.resume();
      response.on('end', () => resolve(code >= 200 && code < 400 ? { ok: true, message: `HTTP ${code}` } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` }));
      response.on('error', (err) => resolve({ ok: false, message: err.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`Get "http${https ? 's' : ''}://${host}:${port}${pathPart}": context deadline exceeded`)));
    request.on('error', (err) => resolve({ ok: false, message: err.message }));
    request.end();
  });
}

function tcpCheck(host: string, port: number, timeoutSeconds: number): Promise<ActionResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
    }, timeoutSeconds * 1000);
    socket.on('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: true, message: '' });
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `dial tcp ${host}:${port}: ${err.message}` });
    });
  });
}
