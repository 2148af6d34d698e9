// RestClient against a small local HTTPS server (the cluster PKI, the API server's TLS options):
// what it sends (credentials, User-Agent, query, body), how it reads answers (JSON, text, a
// Status, a body that is no Status), timeouts and aborts, kept-alive connections, and streams
// whose lines arrive split anywhere — also mid-character — or that break off or go silent.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { type RunningTlsServer, startTlsServer, tempClusterPki, type TempPki } from '../../../test/helpers/cluster-pki.ts';
import { ApiError, isNotFound } from './api-error.ts';
import { RestClient, type StreamEnd } from './rest-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('RestClient', { timeout: 60_000 }, () => {
  let pki: TempPki;
  let server: RunningTlsServer;
  let handler: Handler = (_req, res) => res.end();
  let client: RestClient;

  before(async () => {
    pki = await tempClusterPki();
    server = await startTlsServer(pki.pki, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    client = new RestClient({ server: server.url, ca: pki.pki.caCertPem, cert: pki.pki.adminCertPem, key: pki.pki.adminKeyPem }, { component: 'unit-test', timeoutMs: 2000 });
  });

  after(async () => {
    client?.close();
    await server?.close();
    await pki?.cleanup();
  });

  function json(res: ServerResponse, code: number, value: unknown): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  }

  test('sends the client certificate, User-Agent, query and JSON body; parses the JSON answer', async () => {
    let seen: { method?: string; url?: string; agent?: string; type?: string; accept?: string; body?: string; cn?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, url: req.url, agent: req.headers['user-agent'], type: req.headers['content-type'], accept: req.headers.accept, body, cn: (req.socket as TLSSocket).getPeerCertificate().subject?.CN as string };
      json(res, 201, { ok: true });
    };
    const answer = await client.request('POST', '/api/v1/namespaces/a/configmaps', { query: { fieldManager: 'me', dryRun: undefined, limit: 5, watch: false }, body: { metadata: { name: 'x' } } });
    assert.deepEqual(answer, { ok: true });
    assert.deepEqual(seen, {
      method: 'POST',
      url: '/api/v1/namespaces/a/configmaps?fieldManager=me&limit=5&watch=false',
      agent: 'minato/unit-test',
      type: 'application/json',
      accept: 'application/json',
      body: '{"metadata":{"name":"x"}}',
      cn: 'system:admin',
    });
  });

  test('a bearer token goes in Authorization; a raw string body with its content type as given', async () => {
    let seen: { auth?: string; type?: string; body?: string } = {};
    handler = (req, res, body) => {
      seen = { auth: req.headers.authorization, type: req.headers['content-type'], body };
      res.writeHead(204);
      res.end();
    };
    const withToken = new RestClient({ server: server.url, ca: pki.pki.caCertPem, token: 'secret-token' }, { component: 'unit-test' });
    try {
      assert.equal(await withToken.request('PATCH', '/x', { body: 'a: 1\n', contentType: 'application/apply-patch+yaml' }), undefined, 'no body: undefined');
      assert.deepEqual(seen, { auth: 'Bearer secret-token', type: 'application/apply-patch+yaml', body: 'a: 1\n' });
    } finally {
      withToken.close();
    }
  });

  test('a server certificate from another CA is refused', async () => {
    const otherPki = await tempClusterPki();
    const stranger = new RestClient({ server: server.url, ca: otherPki.pki.caCertPem }, { component: 'unit-test' });
    try {
      await assert.rejects(stranger.request('GET', '/'), (err: Error) => err.message.startsWith('GET /: ') && /certificate/i.test(err.message));
    } finally {
      stranger.close();
      await otherPki.cleanup();
    }
  });

  test('errors: a Status answer is an ApiError with it; a non-Status answer gets a Status from the HTTP code', async () => {
    handler = (req, res) => {
      if (req.url === '/status') json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'pods "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'pods' }, code: 404 });
      else {
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html>bad gateway</html>');
      }
    };
    const notFound = await client.request('GET', '/status').catch((err: unknown) => err);
    assert.ok(notFound instanceof ApiError && isNotFound(notFound));
    assert.equal(notFound.message, 'pods "x" not found');
    assert.equal(notFound.status.details?.name, 'x');
    const gateway = await client.request('GET', '/html').catch((err: unknown) => err);
    assert.ok(gateway instanceof ApiError);
    assert.equal(gateway.code, 502);
    assert.equal(gateway.reason, 'InternalError');
    assert.equal(gateway.message, '<html>bad gateway</html>');
  });

  test('text answers come back as text', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    };
    assert.equal(await client.request('GET', '/healthz'), 'ok');
  });

  test('a request with no answer in time fails with Unavailable; so does an aborted one', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const slow = await client.request('GET', '/slow', { timeoutMs: 200 }).catch((err: unknown) => err);
    assert.match((slow as Error).message, /^GET \/slow: no answer within 200 ms$/);
    assert.equal((slow as { kind?: string }).kind, 'Unavailable');
    assert.ok(Date.now() - started < 1500);
    const controller = new AbortController();
    const pending = client.request('GET', '/slow', { signal: controller.signal });
    controller.abort(new Error('shutting down'));
    await assert.rejects(pending, (err: Error) => err.name === 'AbortError' && /aborted: shutting down/.test(err.message));
  });

  test('requests one after another share one kept-alive connection', async () => {
    const ports = new Set<number | undefined>();
    handler = (req, res) => {
      ports.add(req.socket.remotePort);
      json(res, 200, {});
    };
    const fresh = new RestClient({ server: server.url, ca: pki.pki.caCertPem }, { component: 'unit-test' });
    try {
      for (let i = 0; i < 5; i++) await fresh.request('GET', '/x');
      assert.equal(ports.size, 1);
    } finally {
      fresh.close();
    }
  });

  function streamOf(path: string, options: { idleTimeoutMs?: number } = {}): Promise<{ values: unknown[]; end: StreamEnd; opened: boolean }> {
    return new Promise((resolve) => {
      const values: unknown[] = [];
      let opened = false;
      client.stream(path, options, { onOpen: () => (opened = true), onValue: (value) => values.push(value), onEnd: (end) => resolve({ values, end, opened }) });
    });
  }

  test('a stream: lines split anywhere, even inside a character, arrive whole; the end is "closed"', async () => {
    const events = [{ type: 'ADDED', object: { name: 'snow ☃ and ü' } }, { type: 'MODIFIED', object: { n: 2 } }, { type: 'DELETED', object: { n: 3 } }];
    const bytes = Buffer.from(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const snowman = bytes.indexOf(Buffer.from('☃'));
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Cut inside the snowman's three bytes, mid-line, and at every line end.
      const cuts = [0, snowman + 1, snowman + 2, bytes.indexOf('\n') - 3, bytes.indexOf('\n') + 1, bytes.length - 4, bytes.length];
      let index = 0;
      const next = () => {
        if (index >= cuts.length - 1) {
          res.end();
          return;
        }
        res.write(bytes.subarray(cuts[index], cuts[index + 1]));
        index++;
        setTimeout(next, 5);
      };
      next();
    };
    const { values, end, opened } = await streamOf('/watch');
    assert.deepEqual(values, events);
    assert.deepEqual(end, { reason: 'closed' });
    assert.equal(opened, true);
  });

  test('a stream the server refuses ends failed with the ApiError', async () => {
    handler = (_req, res) => json(res, 403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'forbidden', reason: 'Forbidden', code: 403 });
    const { end, opened } = await streamOf('/watch');
    assert.equal(opened, false);
    assert.ok(end.reason === 'failed' && end.error instanceof ApiError && end.error.code === 403);
  });

  test('a stream that breaks off, or that carries a line that is not JSON, ends failed', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{}}\n{"type":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const broken = await streamOf('/watch');
    assert.deepEqual(broken.values, [{ type: 'ADDED', object: {} }]);
    assert.equal(broken.end.reason, 'failed');
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('not json\n');
    };
    const garbled = await streamOf('/watch');
    assert.ok(garbled.end.reason === 'failed' && /not JSON: not json/.test(garbled.end.error.message));
  });

  test('a silent stream is given up after its idle timeout; stop() ends one as "stopped"', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    };
    const silent = await streamOf('/watch', { idleTimeoutMs: 200 });
    assert.ok(silent.end.reason === 'failed' && /nothing arrived for 200 ms/.test(silent.end.error.message));
    const ended = await new Promise<StreamEnd>((resolve) => {
      const handle = client.stream('/watch', {}, { onOpen: () => handle.stop(), onValue: () => undefined, onEnd: resolve });
    });
    assert.deepEqual(ended, { reason: 'stopped' });
  });

  test('close() ends streams in flight, and later requests fail at once', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    };
    const closing = new RestClient({ server: server.url, ca: pki.pki.caCertPem }, { component: 'unit-test' });
    const ended = new Promise<StreamEnd>((resolve) => {
      closing.stream('/watch', {}, { onOpen: () => closing.close(), onValue: () => undefined, onEnd: resolve });
    });
    assert.equal((await ended).reason, 'failed');
    await assert.rejects(closing.request('GET', '/x'), /the client is closed/);
    const late = await new Promise<StreamEnd>((resolve) => closing.stream('/watch', {}, { onValue: () => undefined, onEnd: resolve }));
    assert.ok(late.reason === 'failed' && /the client is closed/.test(late.error.message));
  });
});
