import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { CertificateRequestInfo } from '../../api/certificates/certificate-request.ts';
import { groupCsrAuthorizer } from './csr-approving-controller.ts';
import { type CsrAuthorizer, type CsrPermission, decideApproval } from './csr-approval.ts';
import { decideSigning } from './csr-signing.ts';

const publicKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const request = (commonName: string, organizations = ['system:nodes']): CertificateRequestInfo => ({
  subject: { commonName, organizations },
  dnsNames: [],
  emailAddresses: [],
  ipAddresses: [],
  uris: [],
  publicKey,
});
const csr = (username: string, groups: string[], extra: Partial<CertificateSigningRequest['spec']> = {}, status?: CertificateSigningRequest['status']): CertificateSigningRequest => ({
  metadata: { name: 'c' },
  spec: { request: '', signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'], username, groups, ...extra },
  ...(status ? { status } : {}),
});
const asked: CsrPermission['subresource'][] = [];
const recording = (answer: CsrAuthorizer): CsrAuthorizer => async (requester, permission) => {
  asked.push(permission.subresource);
  return answer(requester, permission);
};

test('a bootstrap token asking for a node certificate: approved after the nodeclient check', async () => {
  asked.length = 0;
  const decision = await decideApproval(csr('system:bootstrap:abcdef', ['system:bootstrappers', 'system:authenticated']), request('system:node:n1'), recording(groupCsrAuthorizer));
  assert.deepEqual(decision, { kind: 'approve', message: 'Auto approving kubelet client certificate after SubjectAccessReview.' });
  assert.deepEqual(asked, ['nodeclient']);
});

test('a node renewing its own certificate: approved after the selfnodeclient check', async () => {
  asked.length = 0;
  const decision = await decideApproval(csr('system:node:n1', ['system:nodes', 'system:authenticated']), request('system:node:n1'), recording(groupCsrAuthorizer));
  assert.equal(decision.kind, 'approve');
  assert.deepEqual(asked, ['selfnodeclient']);
});

test('recognized, but the requester lacks the permission: not approved, left for a human', async () => {
  const decision = await decideApproval(csr('alice', ['system:authenticated']), request('system:node:n1'), groupCsrAuthorizer);
  assert.deepEqual(decision, { kind: 'not-permitted', tried: ['nodeclient'] });
  // A node asking for another node's certificate: only nodeclient applies, and nodes do not hold it.
  assert.deepEqual(await decideApproval(csr('system:node:n2', ['system:nodes']), request('system:node:n1'), groupCsrAuthorizer), { kind: 'not-permitted', tried: ['nodeclient'] });
});

test('not a node client request, or decided already: ignored', async () => {
  const token = ['system:bootstrappers'];
  const cases: [string, CertificateSigningRequest, CertificateRequestInfo][] = [
    ['another signer', csr('t', token, { signerName: 'kubernetes.io/kube-apiserver-client' }), request('system:node:n1')],
    ['another subject', csr('t', token), request('system:admin', ['system:masters'])],
    ['server usages', csr('t', token, { usages: ['digital signature', 'server auth'] }), request('system:node:n1')],
    ['approved already', csr('t', token, {}, { conditions: [{ type: 'Approved', status: 'True' }] }), request('system:node:n1')],
    ['denied already', csr('t', token, {}, { conditions: [{ type: 'Denied', status: 'True' }] }), request('system:node:n1')],
    ['issued already', csr('t', token, {}, { certificate: 'Y2VydA==' }), request('system:node:n1')],
  ];
  for (const [what, object, parsed] of cases) assert.deepEqual(await decideApproval(object, parsed, groupCsrAuthorizer), { kind: 'ignore' }, what);
});

test('the signer: signs approved node and client requests for their usages and duration; fails what breaks the rules; ignores the rest', () => {
  const approved = { conditions: [{ type: 'Approved', status: 'True' }] };
  assert.deepEqual(decideSigning(csr('t', [], {}, approved), () => request('system:node:n1')), { kind: 'sign', request: { keyUsage: ['digitalSignature'], durationSeconds: 365 * 24 * 3600 } });
  assert.deepEqual(
    decideSigning(csr('t', [], { signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth', 'key encipherment'], expirationSeconds: 3600 }, approved), () => request('alice', [])),
    { kind: 'sign', request: { keyUsage: ['keyEncipherment'], durationSeconds: 3600 } },
  );
  assert.deepEqual(decideSigning(csr('t', [], {}, approved), () => request('system:admin', ['system:masters'])), { kind: 'fail', message: 'subject organization is not system:nodes' });
  assert.equal(decideSigning(csr('t', []), () => request('system:node:n1')).kind, 'ignore', 'pending');
  assert.equal(decideSigning(csr('t', [], { signerName: 'example.com/other' }, approved), () => request('system:node:n1')).kind, 'ignore', 'not our signer');
  assert.equal(decideSigning(csr('t', [], {}, { ...approved, certificate: 'Y2VydA==' }), () => request('system:node:n1')).kind, 'ignore', 'issued');
});
