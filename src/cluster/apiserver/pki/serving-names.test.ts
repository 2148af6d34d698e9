import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalIp, servingNames } from './serving-names.ts';

const kubernetesNames = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];

test('defaults: loopback, the kubernetes Service names and the hostname', () => {
  assert.deepEqual(servingNames({ hostname: 'Node-1', interfaces: {} }), { dnsNames: [...kubernetesNames, 'node-1'], ipAddresses: ['127.0.0.1', '::1'] });
});

test('a specific bind address is added; extras may be names or IPs; duplicates collapse', () => {
  const names = servingNames({ hostname: 'h', bindAddress: '10.0.0.5', extraSans: ['api.example.com', '10.43.0.1', '0:0:0:0:0:0:0:1', 'LOCALHOST'], clusterDomain: 'corp.internal' });
  assert.deepEqual(names.ipAddresses, ['127.0.0.1', '::1', '10.0.0.5', '10.43.0.1']);
  assert.deepEqual(names.dnsNames, ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.corp.internal', 'h', 'api.example.com']);
});

test('binding all interfaces adds their addresses (not loopback, not link-local)', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: '2001:db8::20', family: 'IPv6', internal: false },
    ],
  } as never;
  assert.deepEqual(servingNames({ hostname: 'h', bindAddress: '0.0.0.0', interfaces }).ipAddresses, ['127.0.0.1', '::1', '192.168.1.20', '2001:db8::20']);
});

test('an unusable hostname is skipped; an invalid --tls-san is an error', () => {
  assert.deepEqual(servingNames({ hostname: 'bad_host', interfaces: {} }).dnsNames, kubernetesNames);
  assert.throws(() => servingNames({ extraSans: ['https://x'] }), /--tls-san "https:\/\/x" is neither a DNS name nor an IP address/);
  assert.equal(canonicalIp('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
});
