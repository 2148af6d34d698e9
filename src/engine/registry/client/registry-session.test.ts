// The session's authentication and redirect rules against a scripted registry in this process:
// what a real distribution registry does not show — blob redirects to another host (S3-style),
// which must not get the registry's token; a 401 naming more scope, which gets one fresh token
// and one retry; tokens reused per scope; HTTPS tried first, HTTP only for a loopback registry.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { sha256 } from '../../../util/digest.ts';
import { InsecureRegistries } from './insecure-registries.ts';
import { clearTokenCache, RegistrySession } from './registry-session.ts';
import { Repository } from './repository.ts';
import { repositoryScope } from './scope.ts';

const blob = Buffer.from('layer bytes');
const blobDigest = sha256(blob);
const tokenRequests: string[] = [];
const storageAuthorization: (string | undefined)[] = [];
let registry: Server;
let storage: Server;
let registryHost: string;
let storageOrigin: string;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function challenge(res: ServerResponse, extra = ''): void {
  res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${registryHost}/token",service="test-registry"${extra}`, 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
}

/** The scopes a token stands for (this registry's tokens are just their scopes). */
function tokenScopes(req: IncomingMessage): string {
  const authorization = req.headers.authorization ?? '';
  return authorization.startsWith('Bearer ') ? Buffer.from(authorization.slice(7), 'base64url').toString() : '';
}

before(async () => {
  storage = createServer((req, res) => {
    storageAuthorization.push(req.headers.authorization);
    res.writeHead(200, { 'Content-Length': blob.length });
    res.end(blob);
  });
  storageOrigin = `http://127.0.0.1:${await listen(storage)}`;
  registry = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    if (url.pathname === '/token') {
      const scopes = url.searchParams.getAll('scope').join(' ');
      tokenRequests.push(scopes);
      if (req.headers.authorization !== `Basic ${Buffer.from('alice:pw').toString('base64')}`) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        return res.end('{"details":"incorrect username or password"}');
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ token: Buffer.from(scopes).toString('base64url'), expires_in: 300 }));
    }
    if (url.pathname === '/v2/') return challenge(res);
    const scopes = tokenScopes(req);
    if (url.pathname === `/v2/team/app/blobs/${blobDigest}`) {
      if (!scopes.includes('repository:team/app:pull')) return challenge(res, ',scope="repository:team/app:pull",error="insufficient_scope"');
      res.writeHead(307, { Location: `${storageOrigin}/bucket/${blobDigest}?signature=abc` });
      return res.end();
    }
    if (url.pathname === '/v2/team/app/blobs/uploads/' && url.searchParams.get('mount')) {
      // Mounting needs pull on the source: the first token (push scope only) lacks it.
      if (!scopes.includes('repository:other/app:pull')) return challenge(res, ',scope="repository:other/app:pull",error="insufficient_scope"');
      res.writeHead(201, { Location: `/v2/team/app/blobs/${blobDigest}` });
      return res.end();
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }));
  });
  registryHost = `127.0.0.1:${await listen(registry)}`;
});

after(() => {
  registry.close();
  storage.close();
});

const open = (password = 'pw') => RegistrySession.open({ domain: registryHost, credentials: { username: 'alice', password }, insecure: new InsecureRegistries() });

test('a loopback registry without TLS is reached over HTTP after HTTPS failed', async () => {
  const session = await open();
  try {
    assert.equal(session.url('/v2/').protocol, 'http:');
  } finally {
    session.close();
  }
});

test('a blob redirect to storage is followed without the registry token; tokens are cached per scope', async () => {
  clearTokenCache();
  tokenRequests.length = 0;
  storageAuthorization.length = 0;
  const session = await open();
  try {
    const repository = new Repository(session, 'team/app', [repositoryScope('team/app', ['pull'])]);
    for (let round = 0; round < 2; round++) {
      const { body } = await repository.openBlob(blobDigest);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      assert.deepEqual(Buffer.concat(chunks), blob);
    }
    assert.deepEqual(storageAuthorization, [undefined, undefined], 'the storage host never sees the token');
    assert.deepEqual(tokenRequests, ['repository:team/app:pull'], 'one token for both downloads');
  } finally {
    session.close();
  }
});

test('a 401 that names more scope gets one token with the union and one retry', async () => {
  clearTokenCache();
  tokenRequests.length = 0;
  const session = await open();
  try {
    const repository = new Repository(session, 'team/app', [repositoryScope('team/app', ['pull', 'push'])]);
    assert.equal(await repository.mountBlob(blobDigest, 'other/app'), 'mounted');
    assert.deepEqual(tokenRequests, ['repository:team/app:pull,push', 'repository:other/app:pull repository:team/app:pull,push']);
  } finally {
    session.close();
  }
});

test('wrong credentials: the token service refusal in its words; registry errors by code', async () => {
  clearTokenCache();
  const session = await open('wrong');
  try {
    const repository = new Repository(session, 'team/app', [repositoryScope('team/app', ['pull'])]);
    await assert.rejects(repository.openBlob(blobDigest), { kind: 'Unauthorized', message: 'unauthorized: incorrect username or password' });
    await assert.rejects(session.login(), { message: 'unauthorized: incorrect username or password' });
  } finally {
    session.close();
  }
  const good = await open();
  try {
    await assert.rejects(new Repository(good, 'nosuch', [repositoryScope('nosuch', ['pull'])]).getManifest('latest'), { kind: 'NotFound', message: 'name unknown: repository name not known to registry' });
  } finally {
    good.close();
  }
});
