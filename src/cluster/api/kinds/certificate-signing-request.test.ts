import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { generateEcKeyPem } from '../../apiserver/pki/keys.ts';
import { createCertificateRequest } from '../../apiserver/pki/openssl.ts';
import type { KubeObject } from '../resource-type.ts';
import { certificateSigningRequestResource as csrType } from './certificate-signing-request.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minato-csr-kind-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let request = '';
let mastersRequest = '';
const certificate = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

before(async () => {
  const pem = async (commonName: string, organizations: string[]) =>
    Buffer.from(await createCertificateRequest({ commonName, organizations, keyPem: await generateEcKeyPem() }, dir)).toString('base64');
  request = await pem('system:node:n1', ['system:nodes']);
  mastersRequest = await pem('root', ['system:masters']);
});

const csr = (spec: Partial<CertificateSigningRequest['spec']> = {}, status?: CertificateSigningRequest['status']): KubeObject => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 'c1' },
  spec: { request, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'], ...spec },
  ...(status ? { status } : {}),
});
const fields = (object: KubeObject, old?: KubeObject) => csrType.validate(object, old).map((error) => `${error.field}: ${error.type}`);

test('create: the server records the requester (whatever the client wrote) and drops any status', () => {
  const object = csr({ username: 'forged', groups: ['system:masters'] }, { certificate });
  csrType.prepareForCreate!(object, { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'], extra: { scopes: ['x'] } });
  const spec = (object as unknown as CertificateSigningRequest).spec;
  assert.deepEqual([spec.username, spec.uid, spec.groups, spec.extra], ['system:bootstrap:abcdef', undefined, ['system:bootstrappers', 'system:authenticated'], { scopes: ['x'] }]);
  assert.deepEqual(object.status, {});
  assert.deepEqual(fields(object), []);
});

test('validation of a new request: request, signerName, usages, expirationSeconds; no system:masters via the client signer', () => {
  assert.deepEqual(fields(csr({ request: Buffer.from('junk').toString('base64'), signerName: 'no-slash', usages: ['client auth', 'flying', 'client auth'], expirationSeconds: 60 })), [
    'spec.request: FieldValueInvalid',
    'spec.signerName: FieldValueInvalid',
    'spec.usages[1]: FieldValueNotSupported',
    'spec.usages[2]: FieldValueDuplicate',
    'spec.expirationSeconds: FieldValueInvalid',
  ]);
  assert.deepEqual(fields(csr({ request: '', signerName: '', usages: [] })), ['spec.request: FieldValueRequired', 'spec.signerName: FieldValueRequired', 'spec.usages: FieldValueRequired']);
  assert.deepEqual(fields(csr({ request: mastersRequest, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] })), ['spec.signerName: FieldValueForbidden']);
});

test('/approval changes only the conditions; /status never Approved or Denied; updates keep spec and status', () => {
  const old = csr({ username: 'u' }, {});
  const approval = csr({ username: 'changed' }, { certificate, conditions: [{ type: 'Approved', status: 'True', reason: 'R' }] });
  csrType.prepareForSubresourceUpdate!('approval', approval, old);
  const approved = approval as unknown as CertificateSigningRequest;
  assert.deepEqual(approved.status?.conditions?.map((c) => [c.type, c.reason, typeof c.lastUpdateTime]), [['Approved', 'R', 'string']]);
  assert.equal(approved.status?.certificate, undefined, 'no certificate through /approval');

  const status = csr({}, { certificate, conditions: [{ type: 'Denied', status: 'True' }, { type: 'Failed', status: 'True' }] });
  csrType.prepareForSubresourceUpdate!('status', status, approval);
  const updated = status as unknown as CertificateSigningRequest;
  assert.deepEqual(updated.status?.conditions?.map((c) => c.type), ['Failed', 'Approved']);
  assert.equal(updated.status?.certificate, certificate);

  const main = csr({ usages: ['client auth'] }, { certificate });
  csrType.prepareForUpdate!(main, approval);
  assert.deepEqual(main.spec, approval.spec);
  assert.deepEqual(main.status, approval.status);
});

test('status rules: a certificate only once approved (not denied or failed) and never replaced; Approved and Denied exclusive and kept', () => {
  const pending = csr({}, {});
  assert.deepEqual(fields(csr({}, { certificate }), pending), ['status.certificate: FieldValueForbidden']);
  const approved = csr({}, { conditions: [{ type: 'Approved', status: 'True' }] });
  assert.deepEqual(fields(csr({}, { conditions: [{ type: 'Approved', status: 'True' }], certificate }), approved), []);
  const issued = csr({}, { conditions: [{ type: 'Approved', status: 'True' }], certificate });
  assert.deepEqual(fields(csr({}, { conditions: [{ type: 'Approved', status: 'True' }], certificate: Buffer.from('-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----\n').toString('base64') }), issued), ['status.certificate: FieldValueInvalid']);
  assert.deepEqual(fields(csr({}, { conditions: [{ type: 'Approved', status: 'True' }, { type: 'Denied', status: 'True' }] }), pending), ['status.conditions: FieldValueInvalid']);
  assert.deepEqual(fields(csr({}, { conditions: [] }), approved), ['status.conditions: FieldValueForbidden']);
});

test('kubectl get csr columns', () => {
  const object = csr({ username: 'system:bootstrap:abcdef', expirationSeconds: 3600 }, { conditions: [{ type: 'Approved', status: 'True' }], certificate });
  object.metadata!.creationTimestamp = '2026-01-01T00:00:00Z';
  assert.deepEqual(csrType.table.columns.map((column) => column.name), ['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition']);
  assert.deepEqual(csrType.table.row(object, new Date('2026-01-01T00:05:00Z')), ['c1', '5m', 'kubernetes.io/kube-apiserver-client-kubelet', 'system:bootstrap:abcdef', '60m', 'Approved,Issued']);
});
