// The admin kubeconfig as the real kubectl uses it: kubectl must trust the serving certificate
// through certificate-authority-data and present the admin client certificate, which the server
// side must see verified, with the identity the authenticator turns into system:admin.
import assert from 'node:assert/strict';
import { promises as fsp, realpathSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { parse } from 'yaml';
import { startTlsServer, tempClusterPki, type RunningTlsServer, type TempPki } from '../../../../test/helpers/cluster-pki.ts';
import { runCommand } from '../../../util/exec.ts';
import { isExecutable, lookPath } from '../../../util/which.ts';
import { type Authentication, RequestAuthenticator } from '../auth/authenticator.ts';
import { renderKubeconfig, writeAdminKubeconfig } from './kubeconfig.ts';

/** kubectl 1.32 when the machine has the versioned binaries beside kubectl, else plain kubectl. */
function findKubectl(): string | undefined {
  const kubectl = lookPath('kubectl');
  if (!kubectl) return undefined;
  const versioned = path.join(path.dirname(realpathSync(kubectl)), 'kubectl.1.32');
  return isExecutable(versioned) ? versioned : kubectl;
}

describe('admin kubeconfig', () => {
  let temp: TempPki;
  let server: RunningTlsServer;
  let kubeconfig: string;
  const seen: { path: string; authorized: boolean; subject: { CN?: string | string[]; O?: string | string[] }; authn: Authentication }[] = [];
  const authenticator = new RequestAuthenticator();
  const apiVersions = { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };

  before(async () => {
    temp = await tempClusterPki();
    server = await startTlsServer(temp.pki, (req: IncomingMessage, res) => {
      const socket = req.socket as TLSSocket;
      void authenticator.authenticate({ headers: req.headers, socket }).then((authn) => {
        // kubectl adds ?timeout=32s.
        const requestPath = new URL(req.url ?? '/', 'https://x').pathname;
        seen.push({ path: requestPath, authorized: socket.authorized, subject: socket.getPeerCertificate().subject ?? {}, authn });
        const body =
          requestPath === '/version'
            ? { major: '1', minor: '32', gitVersion: 'v1.32.0+minato', platform: 'linux/amd64' }
            : requestPath === '/api'
              ? apiVersions
              : undefined;
        res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' }));
      });
    });
    kubeconfig = path.join(temp.dataDir, 'kube', 'config.yaml');
    await writeAdminKubeconfig(kubeconfig, {
      server: server.url,
      caCertPem: temp.pki.caCertPem,
      clientCertPem: temp.pki.adminCertPem,
      clientKeyPem: temp.pki.adminKeyPem,
    });
  });
  after(async () => {
    await server?.close();
    await temp?.cleanup();
  });

  test('is written 0600 in the k3s shape: cluster, user and context named default', async () => {
    assert.equal(((await fsp.stat(kubeconfig)).mode & 0o777).toString(8), '600');
    const config = parse(await fsp.readFile(kubeconfig, 'utf8'));
    assert.equal(config.apiVersion, 'v1');
    assert.equal(config.kind, 'Config');
    assert.equal(config['current-context'], 'default');
    assert.deepEqual(config.contexts, [{ context: { cluster: 'default', user: 'default' }, name: 'default' }]);
    assert.equal(config.clusters[0].name, 'default');
    assert.equal(config.clusters[0].cluster.server, server.url);
    assert.equal(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), temp.pki.caCertPem);
    assert.equal(config.users[0].name, 'default');
    assert.equal(Buffer.from(config.users[0].user['client-certificate-data'], 'base64').toString(), temp.pki.adminCertPem);
    assert.equal(Buffer.from(config.users[0].user['client-key-data'], 'base64').toString(), temp.pki.adminKeyPem);
    // Rewriting it (every server start does) keeps the mode, even over a looser file.
    await fsp.chmod(kubeconfig, 0o644);
    await writeAdminKubeconfig(kubeconfig, { server: server.url, caCertPem: temp.pki.caCertPem, clientCertPem: temp.pki.adminCertPem, clientKeyPem: temp.pki.adminKeyPem });
    assert.equal(((await fsp.stat(kubeconfig)).mode & 0o777).toString(8), '600');
    assert.equal(await fsp.readFile(kubeconfig, 'utf8'), renderKubeconfig({ server: server.url, caCertPem: temp.pki.caCertPem, clientCertPem: temp.pki.adminCertPem, clientKeyPem: temp.pki.adminKeyPem }));
  });

  test('the real kubectl accepts it: version and get --raw /api, as system:admin', async (t) => {
    const kubectl = findKubectl();
    if (!kubectl) return t.skip('kubectl is not installed');
    const env = { PATH: process.env.PATH, HOME: temp.dataDir };
    const run = (...args: string[]) => runCommand(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(temp.dataDir, 'kube-cache'), ...args], { env, timeoutMs: 60_000 });
    seen.length = 0;

    const version = JSON.parse((await run('version', '-o', 'json')).stdout);
    assert.equal(version.serverVersion.minor, '32');
    assert.equal(version.serverVersion.gitVersion, 'v1.32.0+minato');
    assert.deepEqual(JSON.parse((await run('get', '--raw', '/api')).stdout), apiVersions);
    // The certificate is valid for the in-cluster names too (pods reach the server as kubernetes.default.svc).
    const viaServiceName = JSON.parse((await run('--tls-server-name', 'kubernetes.default.svc', 'get', '--raw', '/version')).stdout);
    assert.equal(viaServiceName.minor, '32');
    t.diagnostic(`${path.basename(kubectl)} client ${version.clientVersion.gitVersion} → server ${version.serverVersion.gitVersion}`);

    assert.deepEqual(seen.map((s) => s.path), ['/version', '/api', '/version']);
    for (const request of seen) {
      assert.equal(request.authorized, true, 'client certificate verified by TLS against the CA');
      assert.equal(request.subject.CN, 'system:admin');
      assert.equal(request.subject.O, 'system:masters');
      assert.deepEqual(request.authn, { ok: true, method: 'x509', user: { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] } });
    }
  });
});
