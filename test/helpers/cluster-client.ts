// Plain HTTPS requests to a test `minato server`, as a client library would send them: with the
// admin client certificate from its kubeconfig, a bearer token, or nothing; JSON in and out,
// and watch streams read line by line.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export interface ClusterCredentials {
  server: string;
  ca: string;
  cert: string;
  key: string;
}

export function credentialsFrom(kubeconfigFile: string): ClusterCredentials {
  const config = parseYaml(readFileSync(kubeconfigFile, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
  };
  const decode = (text: string) => Buffer.from(text, 'base64').toString();
  return {
    server: config.clusters[0]!.cluster.server,
    ca: decode(config.clusters[0]!.cluster['certificate-authority-data']),
    cert: decode(config.users[0]!.user['client-certificate-data']),
    key: decode(config.users[0]!.user['client-key-data']),
  };
}

export interface RequestOptions {
  body?: unknown;
  /** Raw bytes or text to send as is. */
  raw?: string | Buffer;
  contentType?: string;
  accept?: string;
  /** 'admin' (the client certificate), 'anonymous', or a bearer token. */
  as?: 'admin' | 'anonymous' | { token: string };
  headers?: Record<string, string>;
}

export interface Response {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json<T = Record<string, unknown>>(): T;
}

function open(credentials: ClusterCredentials, method: string, path: string, options: RequestOptions): Promise<IncomingMessage> {
  const url = new URL(path, credentials.server);
  const who = options.as ?? 'admin';
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json', ...options.headers };
  let payload: Buffer | undefined;
  if (options.raw !== undefined) payload = Buffer.from(options.raw);
  else if (options.body !== undefined) payload = Buffer.from(JSON.stringify(options.body));
  if (payload) headers['Content-Type'] = options.contentType ?? 'application/json';
  if (typeof who === 'object') headers.Authorization = `Bearer ${who.token}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        ca: credentials.ca,
        ...(who === 'admin' ? { cert: credentials.cert, key: credentials.key } : {}),
      },
      resolve,
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function clusterRequest(credentials: ClusterCredentials, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const response = await open(credentials, method, path, options);
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: response.statusCode ?? 0, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

export interface WatchEvent {
  type: string;
  object: Record<string, unknown> & { metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

/** A watch stream: events as they arrive; stop() ends it. */
export class WatchStream {
  readonly events: WatchEvent[] = [];
  status = 0;
  ended = false;
  private response: IncomingMessage | undefined;
  private waiters: (() => void)[] = [];

  static async open(credentials: ClusterCredentials, path: string, options: RequestOptions = {}): Promise<WatchStream> {
    const stream = new WatchStream();
    const response = await open(credentials, 'GET', path, options);
    stream.response = response;
    stream.status = response.statusCode ?? 0;
    let buffered = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) stream.events.push(JSON.parse(line) as WatchEvent);
      }
      stream.wake();
    });
    response.on('end', () => {
      stream.ended = true;
      stream.wake();
    });
    response.on('error', () => {
      stream.ended = true;
      stream.wake();
    });
    return stream;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `predicate` holds for the events so far (or the stream ends, or the time runs out). */
  async until(predicate: (events: WatchEvent[]) => boolean, timeoutMs = 10_000): Promise<WatchEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (this.ended) throw new Error(`the watch ended first; events: ${JSON.stringify(this.events.map((event) => `${event.type} ${event.object.metadata?.name ?? ''}`))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; events: ${JSON.stringify(this.events.map((event) => `${event.type} ${event.object.metadata?.name ?? ''}`))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  stop(): void {
    this.response?.destroy();
  }
}
