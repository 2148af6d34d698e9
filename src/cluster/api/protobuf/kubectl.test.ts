// The proof against the real client: kubectl 1.32 and 1.33 run every create generator and
// autoscale against a loopback server that records the protobuf bodies they POST. Each body
// must decode to exactly the JSON the same command prints with --dry-run=client -o json (Go's
// encoding of the same object, creationTimestamp: null and all), and re-encode to the very
// bytes kubectl sent. Needs no root; skipped where kubectl is not installed.
//
// MINATO_UPDATE_FIXTURES=1 also rewrites test/fixtures/kubectl-protobuf-bodies.json, which
// codec.test.ts and fuzz.test.ts use where kubectl is absent.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { kubectlFixturesFile, kubectlVersionsDir, protobufKubectlCommands, type KubectlCommand, type RecordedBody } from '../../../../test/helpers/kubectl-versions.ts';
import { startRecordingApiServer } from '../../../../test/helpers/recording-api-server.ts';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf, isProtobufContentType } from './index.ts';

const run = promisify(execFile);

/** `kubectl create token` has no dry run: what Go prints for the TokenRequest it builds. */
const tokenRequestJson = {
  kind: 'TokenRequest',
  apiVersion: 'authentication.k8s.io/v1',
  metadata: { creationTimestamp: null },
  spec: { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: null },
  status: { token: '', expirationTimestamp: null },
};

const kubectlDir = kubectlVersionsDir();
const recorded: RecordedBody[] = [];

for (const version of ['1.32', '1.33']) {
  test(`kubectl ${version}: every protobuf body decodes to the JSON kubectl prints and re-encodes to the same bytes`, { skip: !kubectlDir && 'kubectl is not installed' }, async (t) => {
    const kubectl = path.join(kubectlDir!, `kubectl.${version}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'minato-kubectl-protobuf-'));
    writeFileSync(path.join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80]));
    writeFileSync(path.join(dir, 'app.conf'), 'listen = 8080\nname = "web"\n');
    const server = await startRecordingApiServer();
    t.after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    // No kubeconfig: --server alone, and a discovery cache of its own.
    const common = ['--server', server.url, '--cache-dir', path.join(dir, 'cache')];
    const withFlags = (command: KubectlCommand, flags: string[]) => {
      const dashes = command.args.indexOf('--');
      return dashes < 0 ? [...common, ...command.args, ...flags] : [...common, ...command.args.slice(0, dashes), ...flags, ...command.args.slice(dashes)];
    };

    for (const command of protobufKubectlCommands(dir)) {
      await t.test(command.what, async () => {
        const before = server.requests.length;
        const { stdout } = await run(kubectl, withFlags(command, []));
        assert.match(stdout, command.args[1] === 'token' ? /^recorded-token/ : /created|autoscaled/);
        const posts = server.requests.slice(before).filter((request) => request.method === 'POST');
        assert.equal(posts.length, 1);
        const post = posts[0]!;
        assert.ok(isProtobufContentType(post.contentType), `kubectl ${version} sent ${post.contentType}`);

        const expected = command.dryRun ? (JSON.parse((await run(kubectl, withFlags(command, ['--dry-run=client', '-o', 'json']))).stdout) as Record<string, unknown>) : tokenRequestJson;
        const decoded = decodeKubernetesProtobuf(post.body);
        assert.deepEqual(decoded.object, expected);
        assert.equal(decoded.kind, expected['kind']);
        assert.equal(decoded.apiVersion, expected['apiVersion']);
        assert.deepEqual(Buffer.from(encodeKubernetesProtobuf(decoded.object)), post.body, 'encoding gives back the bytes kubectl sent');
        recorded.push({ kubectl: version, what: command.what, args: command.args.map((arg) => arg.replace(dir, '$DIR')), url: post.url, body: post.body.toString('base64'), json: expected });
      });
    }
  });
}

test('record fixtures', { skip: process.env['MINATO_UPDATE_FIXTURES'] !== '1' && 'set MINATO_UPDATE_FIXTURES=1 to rewrite them' }, () => {
  assert.ok(recorded.length > 0, 'kubectl ran');
  writeFileSync(kubectlFixturesFile, `${JSON.stringify(recorded, null, 1)}\n`);
});
