// The CLI's connection to the daemon: the Docker Engine API over a unix socket (or TCP). The
// CLI holds no engine logic; every verb is calls through this client.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { http } from '../util/node-http.ts';

export const apiPrefix = '/v1.50';

export class DaemonError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'DaemonError';
    this.status = status;
  }
}

/** The daemon is not there (no socket, connection refused). */
export class ConnectionError extends Error {
  constructor(host: string, cause: Error) {
    super(`Cannot connect to the Minato daemon at ${host}. Is the daemon running? (${cause.message})`);
    this.name = 'ConnectionError';
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** A stream to send as the body (tar uploads). */
  upload?: Readable;
  headers?: OutgoingHttpHeaders;
}

function buildPath(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const text = params.toString();
  return `${apiPrefix}${path}${text ? `?${text}` : ''}`;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class DaemonClient {
  readonly host: string;
  private readonly target: { socketPath: string } | { host: string; port: number };

  constructor(host: string) {
    this.host = host;
    if (host.startsWith('unix://')) this.target = { socketPath: host.slice('unix://'.length) };
    else {
      const match = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
      if (!match) throw new Error(`invalid host "${host}": want unix:///path or tcp://host:port`);
      this.target = { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
    }
  }

  /** Sends a request; resolves with the response once its headers arrived. */
  send(method: string, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const headers: OutgoingHttpHeaders = { ...options.headers };
      let payload: Buffer | undefined;
      if (options.body !== undefined) {
        payload = Buffer.from(JSON.stringify(options.body));
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = payload.length;
      }
      let answered = false;
      const req = http.request({ ...this.target, method, path: buildPath(path, options.query), headers }, (response) => {
        answered = true;
        // The daemon may answer (refuse) before the upload is complete: stop sending.
        if (options.upload && !options.upload.readableEnded) {
          options.upload.unpipe(req);
          options.upload.destroy();
        }
        resolve(response);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (answered) return; // EPIPE/ECONNRESET from the cut-off upload: the answer is what counts
        reject(err.code && ['ENOENT', 'ECONNREFUSED', 'EACCES'].includes(err.code) ? new ConnectionError(this.host, err) : err);
      });
      if (options.upload) options.upload.on('error', (err) => req.destroy(err)).pipe(req);
      else req.end(payload);
    });
  }

  /** Throws DaemonError with the daemon's message unless the status is 2xx (or 304). */
  async check(response: IncomingMessage): Promise<IncomingMessage> {
    const status = response.statusCode ?? 0;
    if ((status >= 200 && status < 300) || status === 304) return response;
    const text = (await readAll(response)).toString('utf8');
    let message = text.trim();
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new DaemonError(status, message || `HTTP ${status}`);
  }

  async call(method: string, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    return this.check(await this.send(method, path, options));
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.call(method, path, options);
    const text = (await readAll(response)).toString('utf8');
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Status code only (for 204/304 answers). */
  async status(method: string, path: string, options: RequestOptions = {}): Promise<number> {
    const response = await this.call(method, path, options);
    response.resume();
    return response.statusCode ?? 0;
  }

  /** Reads a newline-delimited JSON stream (progress), calling back per message. */
  async jsonStream(response: IncomingMessage, onMessage: (message: Record<string, unknown>) => void): Promise<void> {
    let buffered = '';
    for await (const chunk of response) {
      buffered += (chunk as Buffer).toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) onMessage(JSON.parse(line) as Record<string, unknown>);
      }
    }
    if (buffered.trim()) onMessage(JSON.parse(buffered) as Record<string, unknown>);
  }

  /** POST with `Upgrade: tcp`; resolves with the raw connection once the daemon answers 101. */
  hijack(path: string, options: RequestOptions = {}): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
      const headers: OutgoingHttpHeaders = { Connection: 'Upgrade', Upgrade: 'tcp' };
      if (payload) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = payload.length;
      }
      const req = http.request({ ...this.target, method: 'POST', path: buildPath(path, options.query), headers });
      req.on('upgrade', (_response, socket, head) => {
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
      });
      req.on('response', (response) => {
        this.check(response).then(() => reject(new Error(`the daemon did not upgrade the connection for ${path}`)), reject);
      });
      req.on('error', (err) => reject((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? new ConnectionError(this.host, err) : err));
      req.end(payload);
    });
  }
}
