// HTTP(S) for the registry client, on node:http and node:https rather than fetch: bodies stream
// both ways with the Content-Length the distribution API wants on uploads, connections are
// kept alive for the length of one pull or push, and the daemon loads no more than it needs.
// Redirects are not followed here; the caller decides (blob downloads follow them, without
// the registry's credentials when the target is another host, e.g. S3).
import type { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { MinatoError, unavailable } from '../../../util/errors.ts';
import { http } from '../../../util/node-http.ts';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  url: URL;
  body: IncomingMessage;
}

export interface HttpRequest {
  method: string;
  headers?: OutgoingHttpHeaders;
  /** A small body in memory, or a stream (give Content-Length in headers for the latter). */
  body?: Buffer | Readable;
  /** Idle time (no bytes either way) before the request fails; default 60 s. */
  idleTimeoutMs?: number;
}

/** A request that never got an HTTP answer: refused, reset, TLS failure, DNS, timeout. */
export class TransportError extends MinatoError {
  readonly code: string | undefined;
  readonly tls: boolean;

  constructor(method: string, url: URL, cause: NodeJS.ErrnoException) {
    super('Unavailable', `${method.charAt(0)}${method.slice(1).toLowerCase()} "${url.href}": ${describeCause(cause)}`, { cause });
    this.code = cause.code;
    this.tls = /SSL|TLS|CERT|certificate|wrong version number|EPROTO/i.test(`${cause.code ?? ''} ${cause.message}`);
  }
}

/** A network failure in a few words (OpenSSL's own messages run over several lines of internals). */
function describeCause(cause: NodeJS.ErrnoException): string {
  const text = cause.message;
  if (/wrong version number|packet length too long|http request/i.test(text)) return 'server gave HTTP response to HTTPS client';
  switch (cause.code) {
    case 'ECONNREFUSED':
      return `connection refused${'address' in cause ? ` (${String(cause.address)}:${String((cause as { port?: number }).port ?? '')})` : ''}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `no such host (${String((cause as { hostname?: string }).hostname ?? '')}: ${cause.code})`;
    case 'ECONNRESET':
      return 'connection reset by the server';
  }
  const openssl = /:SSL routines:[^:]*:([^:]+):/.exec(text);
  return openssl ? `TLS: ${openssl[1]}` : text.split('\n')[0]!;
}

export class HttpTransport {
  private readonly rejectUnauthorized: boolean;
  private httpAgent: HttpAgent | undefined;
  private httpsAgent: HttpsAgent | undefined;
  private https: typeof import('node:https') | undefined;

  /** `verifyTls: false` for insecure registries: their certificates are not checked (as dockerd). */
  constructor(options: { verifyTls: boolean }) {
    this.rejectUnauthorized = options.verifyTls;
  }

  async request(url: URL, request: HttpRequest): Promise<HttpResponse> {
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') throw unavailable(`unsupported URL scheme in "${url.href}": want http or https`);
    // node:https (and TLS) only once an https URL is asked for.
    if (secure) this.https ??= process.getBuiltinModule('node:https') as typeof import('node:https');
    const headers: OutgoingHttpHeaders = { 'User-Agent': 'minato (distribution client)', ...request.headers };
    if (Buffer.isBuffer(request.body)) headers['Content-Length'] = request.body.length;
    const options = {
      method: request.method,
      headers,
      agent: secure ? this.secureAgent() : this.plainAgent(),
      // SNI carries host names only (RFC 6066), never an address.
      ...(secure ? { rejectUnauthorized: this.rejectUnauthorized, servername: isIP(url.hostname.replace(/^\[|\]$/g, '')) ? '' : url.hostname } : {}),
    };
    return new Promise<HttpResponse>((resolve, reject) => {
      const module = secure ? this.https! : http;
      const req = module.request(url, options, (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, url, body: res }));
      const idle = request.idleTimeoutMs ?? 60_000;
      req.setTimeout(idle, () => req.destroy(Object.assign(new Error(`no answer for ${Math.round(idle / 1000)} s`), { code: 'ETIMEDOUT' })));
      req.on('error', (err: NodeJS.ErrnoException) => reject(new TransportError(request.method, url, err)));
      const body = request.body;
      if (body === undefined || Buffer.isBuffer(body)) {
        req.end(body);
        return;
      }
      body.on('error', (err) => req.destroy(err));
      body.pipe(req);
    });
  }

  private plainAgent(): HttpAgent {
    this.httpAgent ??= new http.Agent({ keepAlive: true, maxSockets: 8 });
    return this.httpAgent;
  }

  private secureAgent(): HttpsAgent {
    this.httpsAgent ??= new this.https!.Agent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: this.rejectUnauthorized });
    return this.httpsAgent;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
  }
}

/** Reads a (small) body to the end; more than `limit` bytes is an error. */
export async function readBody(response: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    throw unavailable(`${what} is ${declared} bytes, more than the ${limit} this client accepts`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      response.body.destroy();
      throw unavailable(`${what} is larger than the ${limit} bytes this client accepts`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Drops a body nobody needs, so the connection can be reused. */
export function discardBody(response: HttpResponse): void {
  response.body.resume();
}
