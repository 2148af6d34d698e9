import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { loadKubeconfig } from './kubeconfig.ts';

const caPem = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n';
const certPem = '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n';
const keyPem = '-----BEGIN EC PRIVATE KEY-----\nKEY\n-----END EC PRIVATE KEY-----\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('kubeconfig', () => {
  let dir: string;
  let counter = 0;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'minato-kubeconfig-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a kubeconfig (an object, or raw text) and returns its path. */
  function write(content: unknown): string {
    const file = path.join(dir, `config-${++counter}.yaml`);
    writeFileSync(file, typeof content === 'string' ? content : stringify(content));
    return file;
  }

  function config(overrides: { cluster?: Record<string, unknown>; user?: Record<string, unknown>; context?: Record<string, unknown>; currentContext?: string | null } = {}) {
    return {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c1', cluster: overrides.cluster ?? { server: 'https://127.0.0.1:6443/', 'certificate-authority-data': b64(caPem) } }],
      users: [{ name: 'u1', user: overrides.user ?? { 'client-certificate-data': b64(certPem), 'client-key-data': b64(keyPem) } }],
      contexts: [{ name: 'ctx', context: overrides.context ?? { cluster: 'c1', user: 'u1' } }],
      ...(overrides.currentContext === null ? {} : { 'current-context': overrides.currentContext ?? 'ctx' }),
    };
  }

  test('embedded CA, client certificate and key (the file minato server writes)', () => {
    const loaded = loadKubeconfig(write(config()));
    assert.deepEqual(loaded, { server: 'https://127.0.0.1:6443', ca: caPem, cert: certPem, key: keyPem });
  });

  test('files relative to the kubeconfig folder, and a token', () => {
    mkdirSync(path.join(dir, 'pki'), { recursive: true });
    writeFileSync(path.join(dir, 'pki', 'ca.crt'), caPem);
    const loaded = loadKubeconfig(write(config({ cluster: { server: 'https://example.test:6443', 'certificate-authority': 'pki/ca.crt', 'tls-server-name': 'kubernetes' }, user: { token: 'abc.def' } })));
    assert.deepEqual(loaded, { server: 'https://example.test:6443', ca: caPem, token: 'abc.def', tlsServerName: 'kubernetes' });
  });

  test('client certificate and key files by absolute path; tokenFile (trimmed)', () => {
    writeFileSync(path.join(dir, 'client.crt'), certPem);
    writeFileSync(path.join(dir, 'client.key'), keyPem);
    writeFileSync(path.join(dir, 'token'), 'from-file\n');
    const loaded = loadKubeconfig(write(config({ user: { 'client-certificate': path.join(dir, 'client.crt'), 'client-key': path.join(dir, 'client.key'), tokenFile: 'token' } })));
    assert.equal(loaded.cert, certPem);
    assert.equal(loaded.key, keyPem);
    assert.equal(loaded.token, 'from-file');
  });

  test('a named context instead of current-context; a context without a user is anonymous', () => {
    const document = config({ currentContext: null });
    document.contexts.push({ name: 'anon', context: { cluster: 'c1' } });
    const loaded = loadKubeconfig(write(document), { context: 'anon' });
    assert.deepEqual(loaded, { server: 'https://127.0.0.1:6443', ca: caPem });
  });

  test('insecure-skip-tls-verify', () => {
    const loaded = loadKubeconfig(write(config({ cluster: { server: 'https://10.0.0.1', 'insecure-skip-tls-verify': true }, user: {} })));
    assert.deepEqual(loaded, { server: 'https://10.0.0.1', insecureSkipTlsVerify: true });
  });

  describe('errors name the file and the field', () => {
    const rejects = (file: string, pattern: RegExp, options?: { context: string }) => {
      assert.throws(
        () => loadKubeconfig(file, options),
        (err: Error) => {
          assert.ok(err.message.startsWith(`kubeconfig ${file}: `), err.message);
          assert.match(err.message, pattern);
          return true;
        },
      );
    };

    test('a missing file', () => rejects(path.join(dir, 'absent.yaml'), /cannot read it: ENOENT/));
    test('not YAML', () => rejects(write('clusters: [\n  - {'), /not valid YAML/));
    test('not a mapping', () => rejects(write('- a\n- b\n'), /not a kubeconfig/));
    test('no current-context', () => rejects(write(config({ currentContext: null })), /current-context is not set/));
    test('an unknown context', () => rejects(write(config()), /contexts has no entry named "other"/, { context: 'other' }));
    test('a context naming no cluster', () => rejects(write(config({ context: { user: 'u1' } })), /contexts\[name=ctx\]\.context\.cluster is missing/));
    test('a context naming an unknown user', () => rejects(write(config({ context: { cluster: 'c1', user: 'ghost' } })), /users has no entry named "ghost"/));
    test('a cluster without a server', () => rejects(write(config({ cluster: { 'certificate-authority-data': b64(caPem) } })), /clusters\[name=c1\]\.cluster\.server is missing/));
    test('a plain http server', () => rejects(write(config({ cluster: { server: 'http://127.0.0.1:8080' } })), /only https:\/\/ servers are supported/));
    test('a server that is no URL', () => rejects(write(config({ cluster: { server: 'not a url' } })), /server "not a url" is not a URL/));
    test('a certificate without a key', () => rejects(write(config({ user: { 'client-certificate-data': b64(certPem) } })), /users\[name=u1\]\.user has a client certificate but no client-key-data or client-key/));
    test('a key without a certificate', () => rejects(write(config({ user: { 'client-key-data': b64(keyPem) } })), /has a client key but no client-certificate-data/));
    test('CA data that is not base64 PEM', () => rejects(write(config({ cluster: { server: 'https://h', 'certificate-authority-data': 'bm9wZQ==' } })), /certificate-authority-data is not base64 of a PEM block/));
    test('a CA file that cannot be read', () => rejects(write(config({ cluster: { server: 'https://h', 'certificate-authority': 'missing/ca.crt' } })), /certificate-authority: cannot read .*missing\/ca\.crt: ENOENT/));
    test('a field of the wrong type', () => rejects(write(config({ user: { token: 42 } })), /users\[name=u1\]\.user\.token is not a string/));
    test('exec credentials alone', () => rejects(write(config({ user: { exec: { command: 'aws' } } })), /exec and auth-provider credentials are not supported/));
  });
});
