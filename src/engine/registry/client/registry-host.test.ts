import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InsecureRegistries } from './insecure-registries.ts';
import { apiHost, credentialKey, normaliseServerAddress } from './registry-host.ts';

test('Docker Hub: docker.io is served by registry-1.docker.io, its credentials live under index.docker.io/v1', () => {
  assert.equal(apiHost('docker.io'), 'registry-1.docker.io');
  assert.equal(apiHost('index.docker.io'), 'registry-1.docker.io');
  assert.equal(apiHost('localhost:5000'), 'localhost:5000');
  assert.equal(credentialKey('docker.io'), 'https://index.docker.io/v1/');
  assert.equal(credentialKey('quay.io'), 'quay.io');
});

test('server addresses in every spelling', () => {
  assert.equal(normaliseServerAddress(undefined), 'docker.io');
  assert.equal(normaliseServerAddress(''), 'docker.io');
  assert.equal(normaliseServerAddress('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(normaliseServerAddress('registry-1.docker.io'), 'docker.io');
  assert.equal(normaliseServerAddress('docker.io'), 'docker.io');
  assert.equal(normaliseServerAddress('http://localhost:5000/v2/'), 'localhost:5000');
  assert.equal(normaliseServerAddress('Registry.Example.com:443'), 'registry.example.com:443');
  assert.throws(() => normaliseServerAddress('user@host'), /invalid registry address "user@host"/);
});

test('insecure registries: loopback always, named hosts and CIDRs from the flag', async () => {
  const none = new InsecureRegistries();
  assert.equal(await none.isInsecure('localhost:5000'), true);
  assert.equal(await none.isInsecure('127.0.0.1:5000'), true);
  assert.equal(await none.isInsecure('127.8.9.10'), true);
  assert.equal(await none.isInsecure('[::1]:5000'), true);
  assert.equal(await none.isInsecure('10.1.2.3:5000'), false);

  const some = new InsecureRegistries(['registry.internal:5000', '10.0.0.0/8', 'fd00::/8']);
  assert.equal(await some.isInsecure('registry.internal:5000'), true);
  assert.equal(await some.isInsecure('registry.internal:5001'), false);
  assert.equal(await some.isInsecure('10.1.2.3:5000'), true);
  assert.equal(await some.isInsecure('11.1.2.3:5000'), false);
  assert.equal(await some.isInsecure('[fd00::5]:5000'), true);
});

test('bad --insecure-registry entries are refused with the reason', () => {
  assert.throws(() => new InsecureRegistries(['http://x:5000']), /without a scheme/);
  assert.throws(() => new InsecureRegistries(['10.0.0.0/33']), /not a valid CIDR/);
  assert.throws(() => new InsecureRegistries(['nonsense/8']), /not a valid CIDR/);
  assert.throws(() => new InsecureRegistries(['a b']), /want HOST\[:PORT\] or a CIDR/);
  assert.throws(() => new InsecureRegistries(['']), /want HOST\[:PORT\]/);
});
