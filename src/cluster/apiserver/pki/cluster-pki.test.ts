import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { tempClusterPki, type TempPki } from '../../../../test/helpers/cluster-pki.ts';
import { type ClusterPki, ensureClusterPki, pkiFiles } from './cluster-pki.ts';
import { subjectOf } from './certificate-checks.ts';
import { createCertificate } from './openssl.ts';
import { generateEcKeyPem } from './keys.ts';

const hostOptions = { hostname: 'minato-test-host', interfaces: {} };
const DAY = 86_400_000;

async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.values(pkiFiles).map(async (name) => [name, await fsp.readFile(path.join(dir, name), 'utf8')]));
  return Object.fromEntries(entries);
}

/** A TLS handshake against a server holding the serving certificate; resolves with the verification error, if any. */
async function handshake(pki: ClusterPki, connect: tls.ConnectionOptions): Promise<Error | undefined> {
  const server = tls.createServer({ key: pki.servingKeyPem, cert: pki.servingCertPem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, connect.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    return await new Promise<Error | undefined>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca: pki.caCertPem, ...connect }, () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.on('error', (err) => resolve(err));
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('ensureClusterPki', () => {
  let temp: TempPki;
  before(async () => {
    temp = await tempClusterPki();
  });
  after(() => temp.cleanup());

  test('first start creates the CA, serving and admin certificates and the service-account keys', async () => {
    const { pki } = temp;
    assert.deepEqual(pki.generated.map((g) => g.file).sort(), ['adminCert', 'caCert', 'kubeletClientCert', 'serviceAccountKey', 'serviceAccountPublicKey', 'servingCert'].sort());
    assert.equal(((await fsp.stat(pki.dir)).mode & 0o777).toString(8), '700');
    for (const key of [pki.files.caKey, pki.files.servingKey, pki.files.adminKey, pki.files.serviceAccountKey]) {
      assert.equal(((await fsp.stat(key)).mode & 0o777).toString(8), '600', key);
    }
    const ca = new X509Certificate(pki.caCertPem);
    assert.equal(ca.ca, true);
    assert.ok(ca.validToDate.getTime() - Date.now() > 3649 * DAY, 'CA valid for 10 years');
    assert.ok(ca.verify(ca.publicKey), 'CA is self-signed');
    const admin = new X509Certificate(pki.adminCertPem);
    assert.deepEqual(subjectOf(admin), { commonName: 'system:admin', organizations: ['system:masters'] });
    assert.ok(admin.checkIssued(ca) && admin.verify(ca.publicKey));
    assert.ok(admin.keyUsage?.includes('1.3.6.1.5.5.7.3.2'), 'admin certificate is for client auth');
    const serving = new X509Certificate(pki.servingCertPem);
    assert.ok(serving.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'serving certificate is for server auth');
    assert.match(pki.serviceAccountPrivateKeyPem, /BEGIN PRIVATE KEY/);
    assert.match(pki.serviceAccountPublicKeyPem, /BEGIN PUBLIC KEY/);
  });

  test('a second start reuses every file unchanged', async () => {
    const before = await snapshot(temp.pki.dir);
    const again = await ensureClusterPki(temp.dataDir, hostOptions);
    assert.deepEqual(again.generated, []);
    assert.deepEqual(await snapshot(temp.pki.dir), before);
    assert.equal(again.caCertPem, temp.pki.caCertPem);
    assert.equal(again.servingCertPem, temp.pki.servingCertPem);
  });

  test('the serving certificate verifies against the CA for every SAN, over real TLS', async () => {
    const { pki } = temp;
    assert.deepEqual(pki.servingNames.dnsNames, [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'minato-test-host',
    ]);
    assert.deepEqual(pki.servingNames.ipAddresses, ['127.0.0.1', '::1']);
    for (const name of pki.servingNames.dnsNames) {
      assert.equal(await handshake(pki, { servername: name }), undefined, `TLS to ${name}`);
    }
    // By IP: the client checks the address it connected to (no SNI for IPs).
    assert.equal(await handshake(pki, { host: '127.0.0.1' }), undefined, 'TLS to 127.0.0.1');
    const ipv6 = await handshake(pki, { host: '::1' }).catch((err: Error) => err);
    if (ipv6 && /EADDRNOTAVAIL|EAFNOSUPPORT/.test(String((ipv6 as NodeJS.ErrnoException).code ?? ipv6.message))) {
      assert.equal(tls.checkServerIdentity('::1', { subjectaltname: new X509Certificate(pki.servingCertPem).subjectAltName } as tls.PeerCertificate), undefined);
    } else {
      assert.equal(ipv6, undefined, 'TLS to ::1');
    }
    const wrongName = await handshake(pki, { servername: 'elsewhere.example.com' });
    assert.equal((wrongName as NodeJS.ErrnoException | undefined)?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const otherCa = await handshake(pki, { servername: 'localhost', ca: (await tempCa()).certPem });
    assert.ok(otherCa, 'a client trusting another CA refuses the certificate');
  });

  test('a new SAN regenerates the serving certificate only', async () => {
    const before = await snapshot(temp.pki.dir);
    const pki = await ensureClusterPki(temp.dataDir, { ...hostOptions, bindAddress: '127.0.0.1', extraSans: ['minato.example.com', '10.43.0.1'] });
    assert.deepEqual(pki.generated.map((g) => g.file), ['servingCert']);
    assert.match(pki.generated[0]!.reason, /not valid for minato\.example\.com, 10\.43\.0\.1/);
    const after = await snapshot(pki.dir);
    assert.notEqual(after[pkiFiles.servingCert], before[pkiFiles.servingCert]);
    for (const unchanged of [pkiFiles.caCert, pkiFiles.caKey, pkiFiles.adminCert, pkiFiles.adminKey, pkiFiles.serviceAccountKey]) {
      assert.equal(after[unchanged], before[unchanged], unchanged);
    }
    assert.equal(await handshake(pki, { servername: 'minato.example.com' }), undefined);
    assert.equal(new X509Certificate(pki.servingCertPem).checkIP('10.43.0.1'), '10.43.0.1');
    // Asking again for the same names, or fewer, changes nothing.
    assert.deepEqual((await ensureClusterPki(temp.dataDir, { ...hostOptions, extraSans: ['minato.example.com'] })).generated, []);
  });

  test('leaf certificates about to expire are renewed; the CA stays', async () => {
    const before = await snapshot(temp.pki.dir);
    const later = new Date(Date.now() + 300 * DAY);
    const pki = await ensureClusterPki(temp.dataDir, { ...hostOptions, now: later });
    assert.deepEqual(pki.generated.map((g) => g.file).sort(), ['adminCert', 'kubeletClientCert', 'servingCert']);
    for (const { reason } of pki.generated) assert.match(reason, /^expires in 6[45] days$/);
    assert.equal(pki.caCertPem, before[pkiFiles.caCert]);
    assert.deepEqual((await ensureClusterPki(temp.dataDir, hostOptions)).generated, []);
  });

  test('a key file with a loose mode is tightened, a missing public key rewritten', async () => {
    await fsp.chmod(temp.pki.files.adminKey, 0o644);
    await fsp.rm(temp.pki.files.serviceAccountPublicKey);
    const pki = await ensureClusterPki(temp.dataDir, hostOptions);
    assert.deepEqual(pki.generated.map((g) => g.file), ['serviceAccountPublicKey']);
    assert.equal(((await fsp.stat(pki.files.adminKey)).mode & 0o777).toString(8), '600');
    assert.equal(await fsp.readFile(pki.files.serviceAccountPublicKey, 'utf8'), temp.pki.serviceAccountPublicKeyPem);
  });

  test('an unreadable leaf certificate is made again', async () => {
    await fsp.writeFile(temp.pki.files.servingCert, '-----BEGIN CERTIFICATE-----\ntruncated');
    const pki = await ensureClusterPki(temp.dataDir, hostOptions);
    assert.deepEqual(pki.generated.map((g) => g.file), ['servingCert']);
    assert.match(pki.generated[0]!.reason, /^unreadable/);
    assert.equal(await handshake(pki, { servername: 'kubernetes.default.svc' }), undefined);
  });

  test('half a CA is an error, not a silent new CA', async () => {
    const saved = await fsp.readFile(temp.pki.files.caKey, 'utf8');
    await fsp.rm(temp.pki.files.caKey);
    try {
      await assert.rejects(ensureClusterPki(temp.dataDir, hostOptions), /ca\.key is missing while its other half exists/);
    } finally {
      await fsp.writeFile(temp.pki.files.caKey, saved, { mode: 0o600 });
    }
  });

  test('a new CA (both halves removed) re-issues every certificate it signs', async () => {
    const before = await snapshot(temp.pki.dir);
    await fsp.rm(temp.pki.files.caCert);
    await fsp.rm(temp.pki.files.caKey);
    const pki = await ensureClusterPki(temp.dataDir, hostOptions);
    assert.deepEqual(pki.generated.map((g) => `${g.file}: ${g.reason}`), ['caCert: no cluster CA yet', 'servingCert: not signed by the current CA', 'adminCert: not signed by the current CA', 'kubeletClientCert: not signed by the current CA']);
    assert.equal((await snapshot(pki.dir))[pkiFiles.serviceAccountKey], before[pkiFiles.serviceAccountKey], 'tokens stay valid');
  });

  test('an invalid --tls-san is refused', async () => {
    await assert.rejects(ensureClusterPki(temp.dataDir, { ...hostOptions, extraSans: ['not a name'] }), /--tls-san "not a name" is neither a DNS name nor an IP address/);
  });
});

async function tempCa(): Promise<{ certPem: string; keyPem: string }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minato-ca-'));
  try {
    const keyPem = await generateEcKeyPem();
    return { keyPem, certPem: await createCertificate({ commonName: 'other-ca', usage: 'ca', keyPem, days: 1 }, dir) };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
