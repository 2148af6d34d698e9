// The registry client against a real registry: Debian's docker-registry (distribution 2.8) in
// the test daemon's network namespace — anonymous, with htpasswd, and with token auth through a
// fake token service — and the real peers that check what Minato did: skopeo reads what
// `minato push` wrote and writes a multi-platform index for `minato pull` to choose from, and
// the real docker CLI pulls, pushes, logs in and runs through the Minato daemon.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pack } from 'tar-stream';
import { writeBusyboxRootfs } from '../../../../test/fixtures/busybox-rootfs.ts';
import { isRoot, type RunResult, runProcess, TestDaemon } from '../../../../test/helpers/test-daemon.ts';
import { registryBinary, TestRegistry } from '../../../../test/helpers/test-registry.ts';
import { isExecutable } from '../../../util/which.ts';


const dockerBin = '/usr/local/bin/docker';
const skip = !isRoot()
  ? 'needs root: runs a real daemon in its own network namespace'
  : !isExecutable(registryBinary)
    ? 'docker-registry is not installed (apt-get install docker-registry)'
    : !isExecutable('/usr/bin/skopeo')
      ? 'skopeo is not installed (apt-get install skopeo)'
      : false;

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

describe('pull, push, login against a real registry', { skip, timeout: 600_000 }, () => {
  // Two more addresses in the daemon's namespace: not loopback, so HTTPS only unless listed.
  const daemon = new TestDaemon({ extraArgs: ['--insecure-registry', '10.231.0.1/32'] });
  const open = new TestRegistry(daemon, 'open', { kind: 'none' });
  const listed = new TestRegistry(daemon, 'listed', { kind: 'none' }, { address: '10.231.0.1' });
  const unlisted = new TestRegistry(daemon, 'unlisted', { kind: 'none' }, { address: '10.231.0.2' });
  const basic = new TestRegistry(daemon, 'basic', { kind: 'htpasswd', users: { alice: 'wonderland' } });
  const token = new TestRegistry(daemon, 'token', { kind: 'token', users: { bob: 'builder' } });
  const minatoConfig = path.join(daemon.dir, 'minato-config');
  const env = { MINATO_CONFIG: minatoConfig };
  let busyboxId: string;

  const minato = (args: string[], options: { input?: string } = {}) => daemon.minato(args, { env, timeoutMs: 120_000, ...options });
  const describeRun = (args: string[], result: RunResult) =>
    `minato ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}\ndaemon log (tail):\n${daemon.log.split('\n').slice(-15).join('\n')}`;
  const ok = async (args: string[], options: { input?: string } = {}) => {
    const result = await minato(args, options);
    assert.equal(result.code, 0, describeRun(args, result));
    return result.stdout;
  };
  const fails = async (args: string[], options: { input?: string } = {}) => {
    const result = await minato(args, options);
    assert.notEqual(result.code, 0, describeRun(args, result));
    return result;
  };
  /** skopeo inside the daemon's network namespace, where the registries listen. */
  const skopeo = async (...args: string[]) => {
    const result = await daemon.inNetns('skopeo', ['--insecure-policy', ...args], { timeoutMs: 120_000 });
    assert.equal(result.code, 0, `skopeo ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const imageId = async (name: string) => (await ok(['inspect', '-f', '{{.Id}}', name])).trim();

  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
    busyboxId = await imageId('busybox');
    for (const address of ['10.231.0.1/32', '10.231.0.2/32']) {
      const added = await runProcess('ip', ['-n', daemon.netns, 'addr', 'add', address, 'dev', 'lo']);
      assert.equal(added.code, 0, added.stderr);
    }
    await Promise.all([open.start(), basic.start(), token.start(), listed.start(), unlisted.start()]);
  });
  after(async () => {
    await Promise.all([open.stop(), basic.stop(), token.stop(), listed.stop(), unlisted.stop()]);
    await daemon.cleanup();
  });

  test('push to an anonymous registry; skopeo reads it back', async () => {
    const name = `${open.host}/busybox`;
    await ok(['tag', 'busybox', name]);
    const out = await ok(['push', name]);
    assert.match(out, new RegExp(`^The push refers to repository \\[${open.host}/busybox\\]$`, 'm'));
    assert.match(out, /^[0-9a-f]{12}: Pushed$/m);
    const final = /^latest: digest: (sha256:[0-9a-f]{64}) size: (\d+)$/m.exec(out);
    assert.ok(final, out);
    const inspected = JSON.parse(await skopeo('inspect', '--tls-verify=false', `docker://${name}:latest`));
    assert.equal(inspected.Digest, final[1]);
    const raw = await skopeo('inspect', '--raw', '--tls-verify=false', `docker://${name}:latest`);
    assert.equal(sha256(raw), final[1]);
    assert.equal(Buffer.byteLength(raw), Number(final[2]));
    assert.equal(JSON.parse(raw).config.digest, busyboxId, 'the registry has the image under its ID (config digest)');
    // The push is remembered: the image now has a repo digest.
    assert.match(await ok(['inspect', '-f', '{{json .RepoDigests}}', name]), new RegExp(`${open.host}/busybox@${final[1]}`));
  });

  test('pushing again: every layer already exists', async () => {
    const out = await ok(['push', `${open.host}/busybox:latest`]);
    assert.match(out, /^[0-9a-f]{12}: Layer already exists$/m);
    assert.doesNotMatch(out, /Pushed/);
  });

  test('a second repository on the same registry gets the layers by cross-repository mount', async () => {
    await ok(['tag', 'busybox', `${open.host}/other/busybox:v1`]);
    const out = await ok(['push', `${open.host}/other/busybox:v1`]);
    assert.match(out, /^[0-9a-f]{12}: Mounted from busybox$/m, out);
    // The registry's access log shows the mount request (it may reach us a moment later).
    const mountRequest = /"POST \/v2\/other\/busybox\/blobs\/uploads\/\?mount=sha256%3A[0-9a-f]{64}&from=busybox HTTP\/1.1" 201/;
    for (let waited = 0; waited < 50 && !mountRequest.test(open.log); waited++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(open.log, mountRequest);
  });

  test('rmi, then pull it back: same image, runnable', async () => {
    const name = `${open.host}/busybox`;
    await ok(['rmi', `${name}:latest`, `${open.host}/other/busybox:v1`, 'busybox']);
    assert.notEqual((await minato(['inspect', busyboxId])).code, 0, 'the image is gone');
    const out = await ok(['pull', name]);
    assert.match(out, /^Using default tag: latest$/m);
    assert.match(out, /^latest: Pulling from busybox$/m);
    assert.match(out, /^[0-9a-f]{12}: Pull complete$/m);
    assert.match(out, /^Digest: sha256:[0-9a-f]{64}$/m);
    assert.match(out, new RegExp(`^Status: Downloaded newer image for ${name}:latest$`, 'm'));
    assert.match(out, new RegExp(`^${name}:latest$`, 'm'));
    assert.equal(await imageId(name), busyboxId);
    assert.equal((await ok(['run', '--rm', name, 'echo', 'pulled and running'])).trim(), 'pulled and running');
    const again = await ok(['pull', name]);
    assert.match(again, new RegExp(`^Status: Image is up to date for ${name}:latest$`, 'm'));
  });

  test('pull by digest: verified, recorded as a repo digest', async () => {
    const name = `${open.host}/busybox`;
    const digest = JSON.parse(await skopeo('inspect', '--tls-verify=false', `docker://${name}:latest`)).Digest as string;
    await ok(['rmi', `${name}:latest`]);
    const out = await ok(['pull', `${name}@${digest}`]);
    assert.match(out, new RegExp(`^${digest}: Pulling from busybox$`, 'm'));
    assert.match(out, new RegExp(`^Status: Downloaded newer image for ${name}@${digest}$`, 'm'));
    assert.equal(await imageId(`${name}@${digest}`), busyboxId);
    assert.match(await ok(['inspect', '-f', '{{json .RepoDigests}}', busyboxId]), new RegExp(`"${name}@${digest}"`));
  });

  test('a blob corrupted in the registry fails the pull while it streams, and leaves no image', async () => {
    const rootfs = path.join(daemon.dir, 'unique-rootfs.tar');
    await writeBusyboxRootfs(rootfs, { files: { 'etc/unique': 'only in this image\n' } });
    const name = `${open.host}/corrupt:1`;
    await ok(['import', rootfs, name]);
    await ok(['push', name]);
    const layer = JSON.parse(await skopeo('inspect', '--raw', '--tls-verify=false', `docker://${name}`)).layers[0].digest as string;
    const data = path.join(open.dir, 'storage', 'docker', 'registry', 'v2', 'blobs', 'sha256', layer.slice(7, 9), layer.slice(7), 'data');
    const bytes = readFileSync(data);
    bytes[bytes.length - 1] ^= 0xff; // same size, other content
    writeFileSync(data, bytes);
    await ok(['rmi', name]);
    const pulled = await fails(['pull', name]);
    assert.match(pulled.stderr, new RegExp(`filesystem layer verification failed for digest ${layer}: content digest mismatch: expected ${layer}, got sha256:[0-9a-f]{64}`));
    assert.notEqual((await minato(['inspect', name])).code, 0, 'no image was registered');
    assert.doesNotMatch(await ok(['images', '--format', '{{.Repository}}:{{.Tag}}']), /corrupt/);
  });

  test('registry errors in clear words', async () => {
    const missingTag = await fails(['pull', `${open.host}/busybox:nosuch`]);
    assert.match(missingTag.stderr, new RegExp(`manifest for ${open.host}/busybox:nosuch not found: manifest unknown`));
    const missingRepo = await fails(['pull', `${open.host}/nosuch/repo`]);
    // distribution answers MANIFEST_UNKNOWN for a repository it never heard of.
    assert.match(missingRepo.stderr, new RegExp(`manifest for ${open.host}/nosuch/repo:latest not found: manifest unknown`));
    const noImage = await fails(['push', `${open.host}/not-here:1`]);
    assert.match(noImage.stderr, new RegExp(`An image does not exist locally with the tag: ${open.host}/not-here:1`));
  });

  test('--insecure-registry: plain HTTP to a listed registry; an unlisted one is HTTPS only, with a hint', async () => {
    const name = `${listed.host}/plain:1`;
    await ok(['tag', busyboxId, name]);
    assert.match(await ok(['push', name]), /1: digest: sha256:/);
    await ok(['rmi', name]);
    assert.match(await ok(['pull', name]), /Downloaded newer image/);
    const refused = await fails(['pull', `${unlisted.host}/plain:1`]);
    assert.match(refused.stderr, new RegExp(`cannot reach registry ${unlisted.host}: Get "https://${unlisted.host}/v2/": .*\\(if ${unlisted.host} speaks plain HTTP, start the daemon with --insecure-registry ${unlisted.host}\\)`));
  });

  test('htpasswd: refused without login, a wrong password refused, login stores 0600 docker config, logout forgets', async () => {
    const name = `${basic.host}/private/busybox:1`;
    await ok(['tag', 'busybox', name]).catch(async () => ok(['tag', busyboxId, name]));
    const anonymous = await fails(['push', name]);
    assert.match(anonymous.stderr + anonymous.stdout, /unauthorized: authentication required/);

    const wrong = await fails(['login', '-u', 'alice', '-p', 'nope', basic.host]);
    assert.match(wrong.stderr, /Error response from daemon: unauthorized: incorrect username or password/);
    assert.match(wrong.stderr, /WARNING! Using --password via the CLI is insecure/);

    const login = await minato(['login', '-u', 'alice', '--password-stdin', basic.host], { input: 'wonderland\n' });
    assert.equal(login.code, 0, describeRun(['login'], login));
    assert.equal(login.stdout, 'Login Succeeded\n');
    const file = path.join(minatoConfig, 'config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(stored.auths[basic.host], { auth: Buffer.from('alice:wonderland').toString('base64') });

    // Without flags, the stored credentials are tried first (no terminal needed).
    const again = await minato(['login', basic.host]);
    assert.equal(again.code, 0, describeRun(['login', basic.host], again));
    assert.match(again.stderr, /Authenticating with existing credentials\.\.\. \[Username: alice\]/);

    const pushed = await ok(['push', name]);
    assert.match(pushed, /^1: digest: sha256:[0-9a-f]{64} size: \d+$/m);
    await ok(['rmi', name]);
    assert.match(await ok(['pull', name]), /Status: Downloaded newer image for/);

    assert.equal((await ok(['logout', basic.host])).trim(), `Removing login credentials for ${basic.host}`);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).auths[basic.host], undefined);
    assert.equal((await ok(['logout', basic.host])).trim(), `Not logged in to ${basic.host}`);
    assert.match((await fails(['pull', name])).stderr, /unauthorized: authentication required/);
  });

  test('token auth (fake token service): anonymous is denied, login, push, pull with cached tokens, logout', async () => {
    const name = `${token.host}/team/busybox:1`;
    await ok(['tag', busyboxId, name]);
    const denied = await fails(['push', name]);
    assert.match(denied.stderr + denied.stdout, /denied: requested access to the resource is denied/);

    const wrong = await fails(['login', '-u', 'bob', '--password-stdin', token.host], { input: 'wrong\n' });
    assert.match(wrong.stderr, /unauthorized: incorrect username or password/);
    const login = await minato(['login', '-u', 'bob', '--password-stdin', token.host], { input: 'builder\n' });
    assert.equal(login.code, 0, describeRun(['login'], login));
    assert.match(login.stdout, /Login Succeeded/);

    const pushed = await ok(['push', name]);
    assert.match(pushed, /: Pushed$/m);
    assert.match(token.tokenLog, /"scopes":\["repository:team\/busybox:pull,push"\],"granted":1/);
    await ok(['rmi', name]);
    const tokenRequests = () => token.tokenLog.split('\n').filter((line) => line.includes('"repository:team/busybox:pull"')).length;
    await ok(['pull', name]);
    await ok(['pull', name]);
    assert.equal(tokenRequests(), 1, `one token for two pulls (cached per scope):\n${token.tokenLog}`);
    assert.equal(await imageId(name), busyboxId);

    await ok(['logout', token.host]);
    await ok(['rmi', name]);
    const anonymous = await fails(['pull', name]);
    assert.match(anonymous.stderr, new RegExp(`pull access denied for ${token.host}/team/busybox, repository does not exist or may require 'docker login'`));
  });

  test('an index with linux/amd64 and linux/arm64 (written by skopeo): pull picks this machine', async () => {
    const layout = path.join(daemon.dir, 'multi-layout');
    mkdirSync(path.join(layout, 'blobs', 'sha256'), { recursive: true });
    const blob = (data: Buffer | string) => {
      const buffer = Buffer.from(data);
      const digest = sha256(buffer);
      writeFileSync(path.join(layout, 'blobs', 'sha256', digest.slice(7)), buffer);
      return { digest, size: buffer.length };
    };
    const rootfs = path.join(daemon.dir, 'multi-amd64.tar');
    await writeBusyboxRootfs(rootfs, { files: { 'etc/platform': 'amd64\n' } });
    const armLayer = await tarOf({ 'etc/platform': 'arm64\n' });
    const image = (architecture: string, layer: Buffer, variant?: string) => {
      const layerBlob = blob(layer);
      const config = blob(JSON.stringify({ architecture, os: 'linux', ...(variant ? { variant } : {}), config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [layerBlob.digest] } }));
      const manifest = blob(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layerBlob }] }));
      return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { os: 'linux', architecture, ...(variant ? { variant } : {}) } };
    };
    const index = blob(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [image('arm64', armLayer, 'v8'), image('amd64', readFileSync(rootfs))] }));
    writeFileSync(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(path.join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...index, annotations: { 'org.opencontainers.image.ref.name': 'multi' } }] }));
    const name = `${open.host}/multi`;
    await skopeo('copy', '--all', '--dest-tls-verify=false', `oci:${layout}:multi`, `docker://${name}:latest`);

    await ok(['pull', name]);
    assert.equal((await ok(['inspect', '-f', '{{.Architecture}}', name])).trim(), 'amd64');
    // skopeo may re-encode the index on the way: the registry's copy is what the tag names.
    const indexDigest = sha256(await skopeo('inspect', '--raw', '--tls-verify=false', `docker://${name}:latest`));
    assert.match(await ok(['inspect', '-f', '{{json .RepoDigests}}', name]), new RegExp(`${name}@${indexDigest}`), 'the repo digest is the index digest');
    assert.equal((await ok(['run', '--rm', name, 'cat', '/etc/platform'])).trim(), 'amd64');

    await ok(['pull', '--platform', 'linux/arm64', name]);
    assert.equal((await ok(['inspect', '-f', '{{.Architecture}}', name])).trim(), 'arm64');
    const none = await fails(['pull', '--platform', 'linux/s390x', name]);
    assert.match(none.stderr, /no matching manifest for linux\/s390x in the manifest list entries of .*multi:latest \(available: linux\/arm64, linux\/amd64\)/);
  });

  describe('the real docker CLI through the Minato daemon', { skip: isExecutable(dockerBin) ? false : `${dockerBin} not found` }, () => {
    let dockerEnv: NodeJS.ProcessEnv;
    const docker = (args: string[], input?: string) => runProcess(dockerBin, args, { env: dockerEnv, input, timeoutMs: 120_000 });
    const dockerOk = async (args: string[], input?: string) => {
      const result = await docker(args, input);
      assert.equal(result.code, 0, `docker ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}\ndaemon log:\n${daemon.log.split('\n').slice(-10).join('\n')}`);
      return result;
    };

    before(() => {
      const config = path.join(daemon.dir, 'docker-config');
      mkdirSync(config, { recursive: true });
      dockerEnv = { ...process.env, DOCKER_HOST: daemon.host, DOCKER_CONFIG: config, DOCKER_CLI_HINTS: 'false' };
      for (const name of ['DOCKER_CONTEXT', 'DOCKER_API_VERSION', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_BUILDKIT']) delete dockerEnv[name];
    });

    test('docker push and docker pull (by tag and by digest)', async () => {
      const name = `${open.host}/from-docker`;
      await dockerOk(['tag', busyboxId, `${name}:v1`]);
      const pushed = await dockerOk(['push', `${name}:v1`]);
      assert.match(pushed.stdout, /^v1: digest: (sha256:[0-9a-f]{64}) size: \d+$/m);
      const digest = /^v1: digest: (sha256:[0-9a-f]{64})/m.exec(pushed.stdout)![1]!;
      assert.equal(JSON.parse(await skopeo('inspect', '--tls-verify=false', `docker://${name}:v1`)).Digest, digest);

      await dockerOk(['rmi', `${name}:v1`]);
      const pulled = await dockerOk(['pull', `${name}:v1`]);
      assert.match(pulled.stdout, new RegExp(`Status: Downloaded newer image for ${name}:v1`));
      assert.match(pulled.stdout, new RegExp(`^${name}:v1$`, 'm'));
      const byDigest = await dockerOk(['pull', `${name}@${digest}`]);
      assert.match(byDigest.stdout, new RegExp(`^${name}@${digest}$`, 'm'));
      assert.equal((await dockerOk(['inspect', '-f', '{{.Id}}', `${name}@${digest}`])).stdout.trim(), busyboxId);
    });

    test('docker run of an image that is only in the registry pulls it first', async () => {
      const name = `${open.host}/only-remote:2`;
      await ok(['tag', busyboxId, name]);
      await ok(['push', name]);
      await ok(['rmi', name]);
      const run = await dockerOk(['run', '--rm', name, 'echo', 'hello from the registry']);
      assert.equal(run.stdout.trim(), 'hello from the registry');
      assert.match(run.stderr, new RegExp(`Unable to find image '${name}' locally`));
      assert.match(run.stderr, /Pull complete|Already exists/);
      const missing = await docker(['run', '--rm', `${open.host}/only-remote:nosuch`, 'true']);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /manifest for .*only-remote:nosuch not found: manifest unknown/);
    });

    test('docker login / logout against htpasswd and token registries', async () => {
      const wrong = await docker(['login', '-u', 'alice', '--password-stdin', basic.host], 'bad\n');
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /unauthorized: incorrect username or password/);
      assert.match((await dockerOk(['login', '-u', 'alice', '--password-stdin', basic.host], 'wonderland\n')).stdout, /Login Succeeded/);
      assert.match((await dockerOk(['login', '-u', 'bob', '--password-stdin', token.host], 'builder\n')).stdout, /Login Succeeded/);
      for (const registry of [basic, token]) {
        const name = `${registry.host}/docker/pushed:1`;
        await dockerOk(['tag', busyboxId, name]);
        assert.match((await dockerOk(['push', name])).stdout, /1: digest: sha256:/);
        await dockerOk(['rmi', name]);
        assert.match((await dockerOk(['pull', name])).stdout, /Downloaded newer image/);
      }
      await dockerOk(['logout', basic.host]);
      const after = await docker(['pull', `${basic.host}/docker/pushed:1`]);
      assert.notEqual(after.code, 0);
      assert.match(after.stderr, /unauthorized: authentication required/);
    });
  });
});

/** A one-layer tar with the given files. */
async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const tar = pack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name, mode: 0o644, mtime: new Date('2026-01-01T00:00:00Z') }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
