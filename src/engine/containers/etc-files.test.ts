import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsFile, parseExtraHost, resolvConfFile } from './etc-files.ts';

test('hosts: localhost lines, --add-host entries, then the container\'s own name', () => {
  const text = hostsFile({ hostname: 'abc123', addresses: ['10.88.0.5'], extraHosts: ['db:10.0.0.9'] });
  const lines = text.trim().split('\n');
  assert.equal(lines[0], '127.0.0.1\tlocalhost');
  assert.ok(lines.includes('10.0.0.9\tdb'));
  assert.equal(lines.at(-1), '10.88.0.5\tabc123');
  assert.throws(() => parseExtraHost('nocolon'), /bad format for add-host/);
  assert.throws(() => parseExtraHost('db:notanip'), /invalid IP address/);
});

test('resolv.conf: loopback resolvers are dropped, --dns wins, search and options carried', () => {
  const host = 'nameserver 127.0.0.53\nnameserver 10.255.255.53\nsearch corp.example\noptions ndots:2\n';
  assert.equal(resolvConfFile({ hostResolvConf: host, dns: [], dnsSearch: [], dnsOptions: [] }), 'nameserver 10.255.255.53\nsearch corp.example\noptions ndots:2\n');
  assert.equal(resolvConfFile({ hostResolvConf: 'nameserver 127.0.0.1\n', dns: [], dnsSearch: [], dnsOptions: [] }), 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n');
  assert.equal(resolvConfFile({ hostResolvConf: host, dns: ['1.1.1.1'], dnsSearch: ['.'], dnsOptions: ['timeout:1'] }), 'nameserver 1.1.1.1\noptions timeout:1\n');
});
