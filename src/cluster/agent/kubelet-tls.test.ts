import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerCertificate } from 'node:tls';
import { isAllowedClient } from './kubelet-tls.ts';

const cert = (subject: Record<string, string | string[]>) => ({ subject }) as unknown as PeerCertificate;

test('only the API server (or a cluster admin) may use the kubelet API', () => {
  assert.equal(isAllowedClient(cert({ CN: 'kube-apiserver-kubelet-client', O: 'system:masters' })), true);
  assert.equal(isAllowedClient(cert({ CN: 'system:admin', O: 'system:masters' })), true);
  assert.equal(isAllowedClient(cert({ CN: 'alice', O: ['dev', 'system:masters'] })), true);
  assert.equal(isAllowedClient(cert({ CN: 'system:node:n1', O: 'system:nodes' })), false);
  assert.equal(isAllowedClient(cert({ CN: 'alice' })), false);
  assert.equal(isAllowedClient(undefined), false);
  assert.equal(isAllowedClient({} as PeerCertificate), false);
});
