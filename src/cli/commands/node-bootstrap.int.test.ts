// `minato agent`'s join (node-bootstrap.ts) against a real `minato server` with its controllers:
// the CA pinned by --discovery-token-ca-cert-hash (a wrong hash stops the join before any
// request with the token), a warning without one, the node kubeconfig written (0600) with the
// issued certificate, and reused on the next start without the token.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { caCertHash } from '../../cluster/apiserver/pki/ca-cert-hash.ts';
import { loadKubeconfig, ResourceClient, resources, RestClient } from '../../cluster/client/index.ts';
import { TestClusterServer } from '../../../test/helpers/test-cluster-server.ts';
import { NODE_KUBECONFIG, nodeCredentials } from './node-bootstrap.ts';

describe('minato agent joining with a bootstrap token', { concurrency: false }, () => {
  const server = new TestClusterServer();
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (fields: unknown, message?: string) => warnings.push(`${message ?? ''} ${JSON.stringify(fields)}`) };
  let token: string;
  let ca: string;

  before(async () => {
    await server.start();
    token = readFileSync(path.join(server.dataDir, 'node-token'), 'utf8').trim();
    ca = loadKubeconfig(server.kubeconfig).ca!;
  });
  after(() => server.cleanup());

  const options = (dataRoot: string, extra: Partial<Parameters<typeof nodeCredentials>[0]> = {}) => ({
    server: server.url,
    token,
    caCertHashes: [caCertHash(ca)],
    nodeName: 'joiner',
    dataRoot: path.join(server.dir, dataRoot),
    log,
    timeoutMs: 20_000,
    ...extra,
  });

  test('a CA that matches no pinned hash: refused, nothing written', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(nodeCredentials(options('wrong-hash', { caCertHashes: [wrong] })), /matches no --discovery-token-ca-cert-hash: refusing to join/);
    assert.throws(() => statSync(path.join(server.dir, 'wrong-hash', NODE_KUBECONFIG)));
  });

  test('a pinned CA: the node kubeconfig (0600) holds a certificate for system:node:joiner that the server accepts', async () => {
    const credentials = await nodeCredentials(options('node'));
    const file = path.join(server.dir, 'node', NODE_KUBECONFIG);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(credentials.ca, ca);
    assert.equal(credentials.token, undefined, 'the node runs with its certificate, not the token');
    const rest = new RestClient(credentials, { component: 'agent-test' });
    try {
      // system:node may register nodes; the token alone may not.
      await new ResourceClient(rest, resources.nodes).create(undefined, { metadata: { name: 'joiner' } });
    } finally {
      rest.close();
    }
    assert.deepEqual(warnings, []);
  });

  test('the next start reuses the kubeconfig: no token needed; another node name needs one', async () => {
    const again = await nodeCredentials(options('node', { token: undefined }));
    assert.equal(again.cert, loadKubeconfig(path.join(server.dir, 'node', NODE_KUBECONFIG)).cert);
    await assert.rejects(nodeCredentials(options('node', { token: undefined, nodeName: 'other' })), /needs --token to join: .* its certificate is for system:node:joiner, not system:node:other/);
  });

  test('without a hash: joins, with a warning that the CA was not verified', async () => {
    await nodeCredentials(options('unpinned', { caCertHashes: [], nodeName: 'unpinned' }));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /the cluster CA is NOT verified/);
  });

  test('a wrong token: the CSR cannot be created (401)', async () => {
    await assert.rejects(nodeCredentials(options('bad-token', { token: `${token.slice(0, 7)}0000000000000000`, nodeName: 'bad' })), /cannot create the certificate signing request with the bootstrap token: Unauthorized/);
  });
});
