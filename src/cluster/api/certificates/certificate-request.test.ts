import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { createCertificateRequest } from '../../apiserver/pki/openssl.ts';
import { generateEcKeyPem } from '../../apiserver/pki/keys.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CertificateRequestError, parseCertificateRequest } from './certificate-request.ts';
import { apiServerClientUsagesProblem, csrConditionText, kubeletClientRequestProblem } from './signers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minato-csr-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const request = async (commonName: string, organizations: string[], keyPem?: string) =>
  createCertificateRequest({ commonName, organizations, keyPem: keyPem ?? (await generateEcKeyPem()) }, dir);

test('an openssl request (EC and RSA keys): subject CN and O, no alternative names, verified signature', async () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  for (const key of [undefined, rsa]) {
    const parsed = parseCertificateRequest(await request('system:node:n1', ['system:nodes'], key));
    assert.deepEqual(parsed.subject, { commonName: 'system:node:n1', organizations: ['system:nodes'] });
    assert.deepEqual([parsed.dnsNames, parsed.ipAddresses, parsed.emailAddresses, parsed.uris], [[], [], [], []]);
  }
});

test('not a request, or a tampered one: a CertificateRequestError saying why', async () => {
  assert.throws(() => parseCertificateRequest('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), /PEM block type must be CERTIFICATE REQUEST/);
  assert.throws(() => parseCertificateRequest('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'), CertificateRequestError);
  const pem = await request('system:node:n1', ['system:nodes']);
  // Change one letter of the subject: the signature no longer covers what is there.
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const at = der.indexOf(Buffer.from('system:node:n1'));
  der[at + 13] = '2'.charCodeAt(0);
  const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  assert.throws(() => parseCertificateRequest(tampered), /signature does not verify/);
});

test('a node client request: O=system:nodes only, CN system:node:*, no SANs, the kubelet usages', async () => {
  const node = parseCertificateRequest(await request('system:node:n1', ['system:nodes']));
  const usages = ['digital signature', 'client auth'];
  assert.equal(kubeletClientRequestProblem(node, usages), undefined);
  assert.equal(kubeletClientRequestProblem(node, ['key encipherment', 'digital signature', 'client auth']), undefined);
  assert.match(kubeletClientRequestProblem(node, ['client auth', 'server auth'])!, /usages did not match/);
  assert.match(kubeletClientRequestProblem(parseCertificateRequest(await request('system:node:n1', ['system:nodes', 'system:masters'])), usages)!, /organization is not system:nodes/);
  assert.match(kubeletClientRequestProblem(parseCertificateRequest(await request('alice', ['system:nodes'])), usages)!, /does not begin with system:node:/);
  assert.match(kubeletClientRequestProblem({ ...node, dnsNames: ['n1.example'] }, usages)!, /DNS subjectAltNames/);
  assert.match(kubeletClientRequestProblem({ ...node, ipAddresses: ['10.0.0.1'] }, usages)!, /IP subjectAltNames/);
});

test('kube-apiserver-client usages: client auth required, signature and encipherment allowed', () => {
  assert.equal(apiServerClientUsagesProblem(['client auth']), undefined);
  assert.equal(apiServerClientUsagesProblem(['client auth', 'digital signature', 'key encipherment']), undefined);
  assert.match(apiServerClientUsagesProblem(['digital signature'])!, /missing required usage for client certificate: client auth/);
  assert.match(apiServerClientUsagesProblem(['client auth', 'server auth'])!, /invalid usage for client certificate: server auth/);
});

test("kubectl's CONDITION column", () => {
  const csr = (conditions: { type: string; status: string }[], certificate?: string) => ({ spec: { request: '', signerName: 'x/y', usages: [] }, status: { conditions, ...(certificate ? { certificate } : {}) } });
  assert.equal(csrConditionText(csr([])), 'Pending');
  assert.equal(csrConditionText(csr([{ type: 'Approved', status: 'True' }], 'Y2VydA==')), 'Approved,Issued');
  assert.equal(csrConditionText(csr([{ type: 'Approved', status: 'True' }, { type: 'Failed', status: 'True' }])), 'Approved,Failed');
  assert.equal(csrConditionText(csr([{ type: 'Denied', status: 'True' }])), 'Denied');
});
