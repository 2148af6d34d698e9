// etcd's JSON gRPC gateway (/v3/...) over node:http: unary calls and the streaming watch. No
// client library: the etcd3 package is unmaintained, and the gateway is part of every etcd.
//
// node:http rather than fetch: a watch stream may stay silent for many minutes (etcd sends
// progress notifications every 10 minutes by default), and fetch's undici has a 5-minute body
// timeout that only a dispatcher from the undici package can lift. One keep-alive agent serves
// the unary calls; each watch holds its own connection.
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { http } from '../../../util/node-http.ts';
import { internal, invalidArgument, messageOf, MinatoError, unavailable } from '../../../util/errors.ts';

/** The gateway's error body: a gRPC status. */
interface GatewayError {
  error?: string;
  message?: string;
  code?: number;
}

const grpcInvalidArgument = 3;
const grpcDeadlineExceeded = 4;
const grpcOutOfRange = 11;
const grpcUnavailable = 14;

export function gatewayError(path: string, status: number, body: string): MinatoError {
  let parsed: GatewayError = {};
  try {
    parsed = JSON.parse(body) as GatewayError;
  } catch {
    // not JSON: keep the raw text in the message
  }
  const message = parsed.message ?? parsed.error ?? body.trim();
  const what = `etcd ${path}: ${message}`;
  if (parsed.code === grpcOutOfRange && message.includes('compacted')) return new MinatoError('Gone', what);
  if (parsed.code === grpcOutOfRange && message.includes('future revision')) return invalidArgument(what);
  if (parsed.code === grpcInvalidArgument) return invalidArgument(what);
  if (parsed.code === grpcUnavailable || parsed.code === grpcDeadlineExceeded || status === 503) return unavailable(what);
  return internal(`${what} (HTTP ${status}, gRPC code ${parsed.code ?? 'none'})`);
}

export interface StreamHandlers {
  /** One JSON message of the stream. */
  onMessage(message: unknown): void;
  /** The stream ended or failed (not called after abort()). */
  onEnd(error: Error): void;
}

export interface Stream {
  abort(): void;
}

export class GatewayClient {
  private readonly url: URL;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly timeoutMs: number;

  constructor(endpoint: string, timeoutMs = 30_000) {
    this.url = new URL(endpoint);
    if (this.url.protocol !== 'http:') throw invalidArgument(`etcd endpoint ${endpoint}: only http:// is supported`);
    this.timeoutMs = timeoutMs;
  }

  private request(path: string, body: unknown, agent: Agent | false): { req: ClientRequest; payload: string } {
    const payload = JSON.stringify(body);
    const req = http.request({
      host: this.url.hostname,
      port: this.url.port || 2379,
      path,
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    return { req, payload };
  }

  /** A unary call: resolves with the response body parsed, rejects with a mapped MinatoError. */
  call<T>(path: string, body: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const { req, payload } = this.request(path, body, this.agent);
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err) => reject(unavailable(`etcd ${this.url.host}${path}: ${messageOf(err)}`, err)));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => reject(unavailable(`etcd ${path}: ${messageOf(err)}`, err)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(gatewayError(path, res.statusCode ?? 0, text));
          try {
            resolve(JSON.parse(text) as T);
          } catch (err) {
            reject(internal(`etcd ${path}: unparsable answer: ${text.slice(0, 200)}`, err));
          }
        });
      });
      req.end(payload);
    });
  }

  /** A server stream: newline-delimited JSON messages, each `{"result": …}` or `{"error": …}`. */
  stream(path: string, body: unknown, handlers: StreamHandlers): Stream {
    const { req, payload } = this.request(path, body, false);
    let aborted = false;
    let ended = false;
    const end = (error: Error) => {
      if (aborted || ended) return;
      ended = true;
      req.destroy();
      handlers.onEnd(error);
    };
    req.on('error', (err) => end(unavailable(`etcd ${this.url.host}${path}: ${messageOf(err)}`, err)));
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => end(gatewayError(path, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
        return;
      }
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while (!aborted && !ended && (newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line === '') continue;
          let message: unknown;
          try {
            message = JSON.parse(line);
          } catch (err) {
            return end(internal(`etcd ${path}: unparsable stream message: ${line.slice(0, 200)}`, err));
          }
          handlers.onMessage(message);
        }
      });
      res.on('error', (err) => end(unavailable(`etcd ${path} stream failed: ${messageOf(err)}`, err)));
      res.on('end', () => end(unavailable(`etcd ${path} stream ended`)));
    });
    req.end(payload);
    return {
      abort: () => {
        if (aborted || ended) return;
        aborted = true;
        req.destroy();
      },
    };
  }

  close(): void {
    this.agent.destroy();
  }
}
