import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { defaultConfigPath, readDockerConfig, removeStoredAuth, setStoredAuth, storedAuth, writeDockerConfig } from './docker-config.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minato-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('where the file lives', () => {
  assert.equal(defaultConfigPath({ MINATO_CONFIG: '/etc/m' }), '/etc/m/config.json');
  assert.equal(defaultConfigPath({ HOME: '/home/u' }), '/home/u/.minato/config.json');
});

test('store, read back, remove: the docker format, mode 0600, other keys kept', async () => {
  const file = path.join(dir, 'a', 'config.json');
  assert.deepEqual(await readDockerConfig(file), {});
  let config = setStoredAuth({ credsStore: 'none-here' }, 'localhost:5000', { username: 'alice', password: 's3cret' });
  config = setStoredAuth(config, 'docker.io', { username: 'bob', password: 'pw' });
  await writeDockerConfig(file, config);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const written = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(written, {
    credsStore: 'none-here',
    auths: {
      'localhost:5000': { auth: Buffer.from('alice:s3cret').toString('base64') },
      'https://index.docker.io/v1/': { auth: Buffer.from('bob:pw').toString('base64') },
    },
  });
  const read = await readDockerConfig(file);
  assert.equal(storedAuth(read, 'localhost:5000')?.auth, Buffer.from('alice:s3cret').toString('base64'));
  assert.equal(storedAuth(read, 'docker.io')?.serveraddress, 'https://index.docker.io/v1/');
  assert.equal(storedAuth(read, 'quay.io'), undefined);
  const { config: without, removed } = removeStoredAuth(read, 'localhost:5000');
  assert.equal(removed, true);
  assert.equal(storedAuth(without, 'localhost:5000'), undefined);
  assert.equal(removeStoredAuth(without, 'localhost:5000').removed, false);
});

test("entries under another spelling of the registry are found and replaced (docker's files have them)", () => {
  const config = { auths: { 'http://localhost:5000/v2/': { auth: Buffer.from('old:pw').toString('base64') } } };
  assert.equal(storedAuth(config, 'localhost:5000')?.serveraddress, 'http://localhost:5000/v2/');
  const replaced = setStoredAuth(config, 'localhost:5000', { username: 'new', password: 'pw2' });
  assert.deepEqual(Object.keys(replaced.auths ?? {}), ['localhost:5000']);
});

test('a broken file says where and what', async () => {
  const file = path.join(dir, 'broken.json');
  writeFileSync(file, '{"auths": ');
  await assert.rejects(readDockerConfig(file), /broken.json: not valid JSON/);
  writeFileSync(file, '{"auths": []}');
  await assert.rejects(readDockerConfig(file), /"auths" must be an object keyed by registry/);
});
