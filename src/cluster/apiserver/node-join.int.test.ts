// TLS bootstrapping against a real `minato server` (its own controllers running): the bootstrap
// token the server made authenticates as system:bootstrap:<id>, may create a node client CSR and
// nothing more; the CSR records its requester, is auto-approved and signed by the cluster CA; the
// issued certificate then authenticates as system:node:<name>. Wrong, expired and unmarked tokens
// get 401, as from kube-apiserver.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import { bootstrapTokenSecret } from '../api/bootstrap-token.ts';
import { generateEcKeyPem } from './pki/keys.ts';
import { createCertificateRequest } from './pki/openssl.ts';
import { type ClientConfig, isForbidden, isUnauthorized, loadKubeconfig, ResourceClient, resources, RestClient } from '../client/index.ts';
import { kubectlVersionsDir } from '../../../test/helpers/kubectl-versions.ts';
import { TestClusterServer } from '../../../test/helpers/test-cluster-server.ts';
import { minatoBin, runProcess } from '../../../test/helpers/test-daemon.ts';

describe('node TLS bootstrapping against a real API server', { concurrency: false }, () => {
  const server = new TestClusterServer();
  let admin: RestClient;
  let token: string;
  let ca: string;
  const clients: RestClient[] = [];

  const client = (config: Partial<ClientConfig>) => {
    const rest = new RestClient({ server: server.url, ca, ...config }, { component: 'tls-bootstrap-test' });
    clients.push(rest);
    return rest;
  };
  // Minato serves no SelfSubjectReview: who a client is shows in the spec.username and groups the
  // server records on a CSR it creates (made for a throwaway subject, removed by the admin).
  let probes = 0;
  const whoAmI = async (rest: RestClient) => {
    const { request } = await csrFor('whoami', ['whoami']);
    const name = `whoami-${++probes}`;
    const created = await new ResourceClient<CertificateSigningRequest>(rest, resources.certificateSigningRequests).create(undefined, {
      metadata: { name },
      spec: { request, signerName: 'example.com/whoami', usages: ['client auth'] },
    });
    await new ResourceClient(admin, resources.certificateSigningRequests).delete(undefined, name);
    return { username: created.spec.username!, groups: created.spec.groups ?? [] };
  };
  const csrFor = async (commonName: string, organizations: string[]) => {
    const keyPem = await generateEcKeyPem();
    const requestPem = await createCertificateRequest({ commonName, organizations, keyPem }, server.dir);
    return { keyPem, request: Buffer.from(requestPem).toString('base64') };
  };

  before(async () => {
    await server.start();
    const config = loadKubeconfig(server.kubeconfig);
    ca = config.ca!;
    admin = new RestClient(config, { component: 'tls-bootstrap-test' });
    clients.push(admin);
    token = readFileSync(path.join(server.dataDir, 'node-token'), 'utf8').trim();
  });
  after(async () => {
    for (const rest of clients) rest.close();
    await server.cleanup();
  });

  test('the server made a bootstrap token (0600 file, kube-system Secret) and printed the join command', async () => {
    assert.match(token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    const { statSync } = await import('node:fs');
    assert.equal(statSync(path.join(server.dataDir, 'node-token')).mode & 0o777, 0o600);
    const secret = await new ResourceClient(admin, resources.secrets).get('kube-system', `bootstrap-token-${token.slice(0, 6)}`);
    assert.equal(secret.type, 'bootstrap.kubernetes.io/token');
    assert.equal(secret.data?.expiration, undefined, 'no expiration');
    assert.match(server.log, new RegExp(`--token ${token} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}`));
  });

  test('cluster-info is readable without credentials and names the server and CA', async () => {
    const anonymous = client({});
    const configMap = await anonymous.request<ConfigMap>('GET', '/api/v1/namespaces/kube-public/configmaps/cluster-info');
    assert.match(configMap.data!.kubeconfig!, new RegExp(`server: ${server.url}`));
    assert.match(configMap.data!.kubeconfig!, new RegExp(`certificate-authority-data: ${Buffer.from(ca).toString('base64')}`));
    await assert.rejects(anonymous.request('GET', '/api/v1/namespaces/kube-public/configmaps'), (err) => isUnauthorized(err) || isForbidden(err));
  });

  test('the token authenticates as system:bootstrap:<id> in system:bootstrappers', async () => {
    const user = await whoAmI(client({ token }));
    assert.equal(user.username, `system:bootstrap:${token.slice(0, 6)}`);
    assert.deepEqual([...user.groups].sort(), ['system:authenticated', 'system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token']);
  });

  test('a wrong secret, an expired token, one not marked for authentication, or an unknown id: 401', async () => {
    const secrets = new ResourceClient<Secret>(admin, resources.secrets);
    const expired = bootstrapTokenSecret({ token: 'expird.0123456789abcdef', expires: new Date(Date.now() - 60_000) });
    const unmarked = bootstrapTokenSecret({ token: 'unmark.0123456789abcdef' });
    unmarked.data!['usage-bootstrap-authentication'] = Buffer.from('false').toString('base64');
    await secrets.create('kube-system', expired);
    await secrets.create('kube-system', unmarked);
    for (const bad of [`${token.slice(0, 7)}0000000000000000`, 'expird.0123456789abcdef', 'unmark.0123456789abcdef', 'nosuch.0123456789abcdef']) {
      await assert.rejects(client({ token: bad }).request('GET', '/api/v1/namespaces'), (err) => isUnauthorized(err), bad);
    }
  });

  test('the token may do nothing but bootstrap: reading secrets or nodes is forbidden', async () => {
    const asToken = client({ token });
    await assert.rejects(asToken.request('GET', '/api/v1/secrets'), (err) => isForbidden(err));
    await assert.rejects(asToken.request('GET', '/api/v1/nodes'), (err) => isForbidden(err));
    await assert.rejects(new ResourceClient(asToken, resources.certificateSigningRequests).updateSubresource({ metadata: { name: 'x' }, spec: { request: '', signerName: 'a.b/c', usages: [] } }, 'approval'), (err) => isForbidden(err));
  });

  test('a node CSR with the token: requester recorded, auto-approved, issued by the cluster CA, and the certificate authenticates as the node', async () => {
    const asToken = client({ token });
    const csrs = new ResourceClient<CertificateSigningRequest>(asToken, resources.certificateSigningRequests);
    const { keyPem, request } = await csrFor('system:node:int-node', ['system:nodes']);
    const created = await csrs.create(undefined, {
      metadata: { name: 'node-csr-int' },
      spec: { request, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'], username: 'someone-else', groups: ['system:masters'] },
    });
    assert.equal(created.spec.username, `system:bootstrap:${token.slice(0, 6)}`, 'the server, not the client, fills spec.username');
    assert.ok(!created.spec.groups?.includes('system:masters'));
    let issued: CertificateSigningRequest | undefined;
    for (let i = 0; i < 100 && !issued?.status?.certificate; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      issued = await csrs.get(undefined, 'node-csr-int');
    }
    const approved = issued?.status?.conditions?.find((condition) => condition.type === 'Approved');
    assert.equal(approved?.reason, 'AutoApproved');
    const certPem = Buffer.from(issued!.status!.certificate!, 'base64').toString();
    const cert = new X509Certificate(certPem);
    assert.ok(cert.verify(new X509Certificate(ca).publicKey), 'signed by the cluster CA');
    const user = await whoAmI(client({ cert: certPem, key: keyPem }));
    assert.equal(user.username, 'system:node:int-node');
    assert.ok(user.groups.includes('system:nodes'));
    const table = await admin.request<{ rows: { cells: unknown[] }[] }>('GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests/node-csr-int', {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    assert.deepEqual(table.rows[0]!.cells.slice(2), ['kubernetes.io/kube-apiserver-client-kubelet', `system:bootstrap:${token.slice(0, 6)}`, '<none>', 'Approved,Issued']);
  });

  test('a CSR for another identity is not auto-approved: it waits for a human (Pending)', async () => {
    const csrs = new ResourceClient<CertificateSigningRequest>(client({ token }), resources.certificateSigningRequests);
    const { request } = await csrFor('system:admin', ['system:masters']);
    await csrs.create(undefined, { metadata: { name: 'not-a-node' }, spec: { request, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const current = await csrs.get(undefined, 'not-a-node');
    assert.deepEqual(current.status?.conditions ?? [], []);
    assert.equal(current.status?.certificate, undefined);
  });

  test('kubectl get csr, certificate approve and deny (the /approval subresource); the signer fails what breaks its rules', { skip: !kubectlVersionsDir() && 'kubectl is not installed' }, async () => {
    const kubectl = async (args: string[]) => {
      const result = await server.kubectl('32', args);
      assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };
    const csrs = new ResourceClient<CertificateSigningRequest>(client({ token }), resources.certificateSigningRequests);
    const { request } = await csrFor('system:node:to-deny', ['system:nodes']);
    // A client (not kubelet) signer request: never auto-approved.
    await csrs.create(undefined, { metadata: { name: 'to-deny' }, spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } });
    assert.match(await kubectl(['certificate', 'deny', 'to-deny']), /certificatesigningrequest.certificates.k8s.io\/to-deny denied/);
    assert.match(await kubectl(['certificate', 'approve', 'not-a-node']), /certificatesigningrequest.certificates.k8s.io\/not-a-node approved/);
    let table = '';
    for (let i = 0; i < 50 && !/not-a-node.*Approved,Failed/.test(table); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      table = await kubectl(['get', 'csr']);
    }
    assert.match(table, /^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$/m);
    assert.match(table, /^node-csr-int\s+\S+\s+kubernetes.io\/kube-apiserver-client-kubelet\s+system:bootstrap:\w+\s+<none>\s+Approved,Issued$/m);
    assert.match(table, /^not-a-node\s+.*Approved,Failed$/m, 'CN=system:admin is no node: the kubelet signer refuses it');
    assert.match(table, /^to-deny\s+.*Denied$/m);
    const failed = (await new ResourceClient<CertificateSigningRequest>(admin, resources.certificateSigningRequests).get(undefined, 'not-a-node')).status?.conditions?.find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'SignerValidationFailure');
    assert.match(failed?.message ?? '', /organization is not system:nodes/);
  });

  test('minato token create and list, as kubeadm token: the new token authenticates, with its TTL', async () => {
    const minato = (args: string[]) => runProcess(minatoBin, ['token', ...args, '--kubeconfig', server.kubeconfig], { timeoutMs: 30_000 });
    const created = await minato(['create', '--ttl', '2h', '--description', 'for node three']);
    assert.equal(created.code, 0, created.stderr);
    const newToken = created.stdout.trim();
    assert.match(newToken, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.equal((await whoAmI(client({ token: newToken }))).username, `system:bootstrap:${newToken.slice(0, 6)}`);
    const listed = await minato(['list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^TOKEN\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS$/m);
    assert.match(listed.stdout, new RegExp(`^${newToken.replace('.', '\\.')}\\s+(119m|120m)\\s+\\S+Z\\s+authentication,signing\\s+for node three\\s+system:bootstrappers:kubeadm:default-node-token$`, 'm'), listed.stdout);
    assert.match(listed.stdout, new RegExp(`^${token.replace('.', '\\.')}\\s+<forever>\\s+<never>`, 'm'));
    const join = await minato(['create', '--print-join-command']);
    assert.match(join.stdout, new RegExp(`^minato agent --server ${server.url} --token [a-z0-9]{6}\\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}\n$`));
    const bad = await minato(['create', 'NOT-A-TOKEN']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid token "NOT-A-TOKEN"/);
  });

  test('an invalid request is refused with field errors', async () => {
    const csrs = new ResourceClient<CertificateSigningRequest>(admin, resources.certificateSigningRequests);
    await assert.rejects(
      csrs.create(undefined, { metadata: { name: 'bad' }, spec: { request: Buffer.from('not a csr').toString('base64'), signerName: 'nope', usages: ['flying'] } }),
      (err: Error) => /spec\.request/.test(err.message) && /spec\.signerName/.test(err.message) && /spec\.usages\[0\]/.test(err.message),
    );
  });
});
