// HTTPS to the Kubernetes API server: one keep-alive agent holding the TLS credentials of a
// ClientConfig (client certificate, or a bearer token; the cluster CA), JSON in and out, a
// timeout on every request, and newline-delimited JSON streams for watches. A non-2xx answer is
// an ApiError carrying the server's Status; a request that got no answer (refused, reset, timed
// out) is a MinatoError of kind Unavailable with the cause attached.
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { MinatoError } from '../../util/errors.ts';
import { ApiError, isStatus, statusFromHttp } from './api-error.ts';
import { JsonLineDecoder } from './json-lines.ts';
import type { ClientConfig } from './kubeconfig.ts';

export { ApiError, isAlreadyExists, isApiError, isBadRequest, isConflict, isForbidden, isGone, isInvalid, isNotFound, isUnauthorized } from './api-error.ts';

export interface RestClientOptions {
  /** Who is calling: the User-Agent is minato/<component> (e.g. minato/scheduler). */
  component: string;
  /** How long a request (not a stream) may take, start to last byte; default 30 s. */
  timeoutMs?: number;
  /** Most connections open to the server at once (watches included); default unlimited. */
  maxSockets?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, QueryValue>;
  /** An object is sent as JSON; a string or Buffer as it is. */
  body?: unknown;
  /** Default application/json when there is a body. */
  contentType?: string;
  /** Default application/json. */
  accept?: string;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Why a stream ended: the server closed it, stop() was called, or it failed (error says how). */
export type StreamEnd = { reason: 'closed' } | { reason: 'stopped' } | { reason: 'failed'; error: Error };

export interface StreamHandlers {
  /** The server answered 200: the stream is established. */
  onOpen?(): void;
  /** One JSON document (one line of the body). */
  onValue(value: unknown): void;
  /** Called exactly once. */
  onEnd(end: StreamEnd): void;
}

export interface StreamOptions {
  query?: Record<string, QueryValue>;
  /** Default application/json. */
  accept?: string;
  /** Ends the stream (failed) when nothing arrives for this long; default: never. */
  idleTimeoutMs?: number;
}

export interface StreamHandle {
  /** Ends the stream; onEnd gets reason 'stopped' unless it had ended already. */
  stop(): void;
}

const defaultTimeoutMs = 30_000;

/** Failures of a request on a kept-alive connection the server had closed: worth one more try. */
const retryable = new WeakSet<Error>();

export class RestClient {
  readonly server: URL;
  private readonly config: ClientConfig;
  private readonly agent: Agent;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly active = new Set<ClientRequest>();
  private closed = false;

  constructor(config: ClientConfig, options: RestClientOptions) {
    this.server = new URL(config.server);
    if (this.server.protocol !== 'https:') throw new MinatoError('InvalidArgument', `the API server address must be https://, not ${config.server}`);
    this.config = config;
    this.userAgent = `minato/${options.component}`;
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.agent = new Agent({
      keepAlive: true,
      ...(options.maxSockets !== undefined ? { maxSockets: options.maxSockets } : {}),
      ...(config.ca !== undefined ? { ca: config.ca } : {}),
      ...(config.cert !== undefined ? { cert: config.cert, key: config.key } : {}),
      ...(config.tlsServerName !== undefined ? { servername: config.tlsServerName } : {}),
      rejectUnauthorized: config.insecureSkipTlsVerify !== true,
    });
  }

  /** The full path with its query string. */
  static pathWithQuery(path: string, query: Record<string, QueryValue> | undefined): string {
    if (!query) return path;
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const search = params.toString();
    return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
  }

  /** A request; resolves with the parsed JSON answer (text for a non-JSON one, undefined for none). */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const fullPath = RestClient.pathWithQuery(path, options.query);
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' || Buffer.isBuffer(options.body) ? Buffer.from(options.body) : Buffer.from(JSON.stringify(options.body));
    const headers: OutgoingHttpHeaders = { Accept: options.accept ?? 'application/json' };
    if (payload) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    // A kept-alive connection the server has just closed fails the first write: the request
    // never reached it, so it is sent once more on a fresh connection.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, fullPath, headers, payload, options);
      } catch (err) {
        if (attempt === 1 && retryable.has(err as Error)) continue;
        throw err;
      }
    }
  }

  private once<T>(method: string, path: string, headers: OutgoingHttpHeaders, payload: Buffer | undefined, options: RequestOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(new MinatoError('Unavailable', `${method} ${path}: the client is closed`));
        return;
      }
      if (options.signal?.aborted) {
        reject(abortError(method, path, options.signal));
        return;
      }
      let settled = false;
      let gotResponse = false;
      const timeoutMs = options.timeoutMs ?? this.timeoutMs;
      const req = this.open(method, path, headers);
      const finish = (err: Error | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.active.delete(req);
        if (err) reject(err);
        else resolve(value as T);
      };
      const timer = setTimeout(() => {
        finish(new MinatoError('Unavailable', `${method} ${path}: no answer within ${timeoutMs} ms`));
        req.destroy();
      }, timeoutMs);
      const onAbort = () => {
        finish(abortError(method, path, options.signal!));
        req.destroy();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const failure = new MinatoError('Unavailable', `${method} ${path}: ${err.message}`, { cause: err });
        if (!gotResponse && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) retryable.add(failure);
        finish(failure);
      });
      req.on('response', (response: IncomingMessage) => {
        gotResponse = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (err) => finish(new MinatoError('Unavailable', `${method} ${path}: the answer broke off: ${err.message}`, { cause: err })));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = response.statusCode ?? 0;
          if (code >= 200 && code < 300) {
            try {
              finish(undefined, parseBody(response, text) as T);
            } catch (err) {
              finish(new MinatoError('Internal', `${method} ${path}: the answer is not valid JSON: ${(err as Error).message}`));
            }
            return;
          }
          finish(errorFromResponse(code, text, method, path));
        });
      });
      req.end(payload);
    });
  }

  /** A streaming GET (a watch): each line of the body is parsed and handed to onValue as it arrives. */
  stream(path: string, options: StreamOptions, handlers: StreamHandlers): StreamHandle {
    const fullPath = RestClient.pathWithQuery(path, options.query);
    let ended = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let req: ClientRequest | undefined;
    const end = (how: StreamEnd) => {
      if (ended) return;
      ended = true;
      clearTimeout(idleTimer);
      if (req) {
        this.active.delete(req);
        if (how.reason !== 'closed') req.destroy();
      }
      handlers.onEnd(how);
    };
    const fail = (message: string, cause?: unknown) => end({ reason: 'failed', error: new MinatoError('Unavailable', `GET ${fullPath}: ${message}`, cause === undefined ? {} : { cause }) });
    const touch = () => {
      if (options.idleTimeoutMs === undefined) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => fail(`nothing arrived for ${options.idleTimeoutMs} ms`), options.idleTimeoutMs);
    };
    const handle: StreamHandle = { stop: () => end({ reason: 'stopped' }) };
    if (this.closed) {
      queueMicrotask(() => fail('the client is closed'));
      return handle;
    }
    req = this.open('GET', fullPath, { Accept: options.accept ?? 'application/json' });
    touch();
    req.on('error', (err) => fail(err.message, err));
    req.on('response', (response: IncomingMessage) => {
      const code = response.statusCode ?? 0;
      if (code !== 200) {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (err) => fail(err.message, err));
        response.on('end', () => end({ reason: 'failed', error: errorFromResponse(code, Buffer.concat(chunks).toString('utf8'), 'GET', fullPath) }));
        return;
      }
      handlers.onOpen?.();
      const decoder = new JsonLineDecoder();
      const deliver = (values: unknown[]) => {
        for (const value of values) {
          if (ended) return;
          handlers.onValue(value);
        }
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        touch();
        try {
          deliver(decoder.push(chunk));
        } catch (err) {
          fail((err as Error).message, err);
        }
      });
      response.on('end', () => {
        try {
          deliver(decoder.end());
        } catch (err) {
          fail((err as Error).message, err);
          return;
        }
        end({ reason: 'closed' });
      });
      response.on('error', (err) => fail(`the stream broke off: ${err.message}`, err));
      response.on('close', () => {
        if (!response.complete) fail('the stream broke off');
      });
    });
    req.end();
    return handle;
  }

  private open(method: string, path: string, headers: OutgoingHttpHeaders): ClientRequest {
    const req = httpsRequest({
      protocol: 'https:',
      hostname: this.server.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: this.server.port || 443,
      path: `${this.server.pathname.replace(/\/+$/, '')}${path}`,
      method,
      agent: this.agent,
      headers: {
        'User-Agent': this.userAgent,
        ...(this.config.token !== undefined ? { Authorization: `Bearer ${this.config.token}` } : {}),
        ...headers,
      },
    });
    this.active.add(req);
    req.once('close', () => this.active.delete(req));
    return req;
  }

  /** Ends every request and stream in flight and closes the connections; later requests fail. */
  close(): void {
    this.closed = true;
    for (const req of [...this.active]) req.destroy();
    this.active.clear();
    this.agent.destroy();
  }
}

function parseBody(response: IncomingMessage, text: string): unknown {
  if (text === '') return undefined;
  const type = response.headers['content-type'] ?? '';
  if (type.includes('json') || /^\s*[{[]/.test(text)) return JSON.parse(text);
  return text;
}

function errorFromResponse(code: number, text: string, method: string, path: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const status = isStatus(parsed) ? { ...parsed, code: parsed.code || code } : statusFromHttp(code, text);
  return new ApiError(status, { method, path });
}

function abortError(method: string, path: string, signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const error = new Error(`${method} ${path}: aborted${reason instanceof Error ? `: ${reason.message}` : ''}`, { cause: reason });
  error.name = 'AbortError';
  return error;
}
