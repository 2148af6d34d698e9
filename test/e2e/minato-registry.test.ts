// Minato's own registry (`minato registry`) against real peers, each checking the others:
// skopeo (containers/image) writes into it and reads out of it, the real docker CLI pushes,
// pulls, logs in and runs through the Minato daemon, and `minato pull`/`minato push` move images
// both ways. Every digest is compared between independent tools (or recomputed here from the
// bytes), never taken from Minato alone. The registries run as real `minato registry` processes
// inside the test daemon's network namespace, where the daemon and the nsenter'd tools reach
// them at 127.0.0.1:PORT (loopback: plain HTTP without --insecure-registry).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { writeBusyboxRootfs } from '../fixtures/busybox-rootfs.ts';
import { isRoot, leftoversMentioning, minatoBin, type RunResult, runProcess, TestDaemon } from '../helpers/test-daemon.ts';
import { isExecutable } from '../../src/util/which.ts';


const dockerBin = '/usr/local/bin/docker';
const skopeoBin = ['/usr/bin/skopeo', '/usr/local/bin/skopeo'].find(isExecutable);
const skip = !isRoot()
  ? 'needs root: runs a real Minato daemon (overlays, namespaces, cgroups) in its own network namespace'
  : !isExecutable(dockerBin)
    ? `the docker CLI is not installed at ${dockerBin} (install docker-ce-cli)`
    : !skopeoBin
      ? 'skopeo is not installed (apt-get install skopeo)'
      : false;

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const describeRun = (what: string, result: RunResult) => `${what} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;

/** A free-looking port: the daemon's network namespace is new, so collisions are only our own. */
let nextPort = 20_000 + Math.floor(Math.random() * 20_000);

/** `minato registry` as a process in the daemon's network namespace, stopped by its PID. */
class MinatoRegistry {
  readonly port = nextPort++;
  readonly host = `127.0.0.1:${this.port}`;
  readonly root: string;
  private readonly daemon: TestDaemon;
  private readonly htpasswd: string | undefined;
  private child: ChildProcess | undefined;
  private readonly chunks: Buffer[] = [];

  constructor(daemon: TestDaemon, name: string, htpasswd?: string) {
    this.daemon = daemon;
    this.htpasswd = htpasswd;
    this.root = path.join(daemon.dir, `registry-${name}`);
  }

  get log(): string {
    return Buffer.concat(this.chunks).toString();
  }

  async start(): Promise<void> {
    const args = ['registry', '--addr', this.host, '--root', this.root, ...(this.htpasswd ? ['--htpasswd', this.htpasswd] : [])];
    // nsenter (no --fork) and bin/minato both exec: the PID is the registry's node process.
    const child = spawn('nsenter', [`--net=/run/netns/${this.daemon.netns}`, minatoBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`minato registry exited with ${child.exitCode}:\n${this.log}`);
      const probe = await this.daemon.inNetns('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${this.host}/v2/`], { timeoutMs: 3000 });
      if (probe.stdout === (this.htpasswd ? '401' : '200')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`minato registry did not answer GET /v2/ within 20 s:\n${this.log}`);
  }

  /** SIGTERM to its PID (SIGKILL after 5 s); resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }
}

describe("Minato's registry against skopeo, the docker CLI and minato itself", { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();
  const open = new MinatoRegistry(daemon, 'open');
  const htpasswdFile = path.join(daemon.dir, 'htpasswd');
  const secured = new MinatoRegistry(daemon, 'secured', htpasswdFile);
  const file = (name: string) => path.join(daemon.dir, name);
  const minatoEnv = { MINATO_CONFIG: file('minato-config') };
  const dockerConfig = file('docker-config');
  let dockerEnv: NodeJS.ProcessEnv;
  let busyboxId: string;

  // ---- minato -------------------------------------------------------------------------------
  const minato = (args: string[], input?: string) => daemon.minato(args, { env: minatoEnv, input, timeoutMs: 120_000 });
  const minatoOk = async (args: string[]): Promise<string> => {
    const result = await minato(args);
    assert.equal(result.code, 0, `${describeRun(`minato ${args.join(' ')}`, result)}\ndaemon log (tail):\n${daemon.log.split('\n').slice(-15).join('\n')}`);
    return result.stdout;
  };

  // ---- docker (through the Minato daemon) ---------------------------------------------------
  const docker = (args: string[], input?: string) => runProcess(dockerBin, args, { env: dockerEnv, input, timeoutMs: 120_000 });
  const dockerOk = async (args: string[], input?: string): Promise<RunResult> => {
    const result = await docker(args, input);
    assert.equal(result.code, 0, `${describeRun(`docker ${args.join(' ')}`, result)}\ndaemon log (tail):\n${daemon.log.split('\n').slice(-15).join('\n')}`);
    return result;
  };

  // ---- skopeo (in the daemon's network namespace) -------------------------------------------
  // As root, containers/image keeps a blob-info cache in /var/lib/containers/cache: give each
  // skopeo a private mount namespace with a tmpfs there, so the test leaves nothing behind.
  // Temporary files go under the test directory, credentials come only from the command line.
  const skopeoRun = (args: string[]): Promise<RunResult> => {
    const cacheParent = ['/var/lib/containers/cache', '/var/lib/containers', '/var/lib'].find((dir) => existsSync(dir))!;
    const script = `mount -t tmpfs minato-test "${cacheParent}" && exec "$@"`;
    return runProcess(
      'nsenter',
      [`--net=/run/netns/${daemon.netns}`, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'skopeo',
        skopeoBin!, '--insecure-policy', '--tmpdir', file('skopeo-tmp'), ...args],
      { env: { ...process.env, REGISTRY_AUTH_FILE: file('skopeo-auth.json') }, timeoutMs: 120_000 },
    );
  };
  const skopeo = async (...args: string[]): Promise<string> => {
    const result = await skopeoRun(args);
    assert.equal(result.code, 0, describeRun(`skopeo ${args.join(' ')}`, result));
    return result.stdout;
  };
  /** The manifest the registry serves for `reference`: its bytes and the digest skopeo reports. */
  const registryManifest = async (reference: string, ...flags: string[]) => {
    const raw = await skopeo('inspect', '--raw', '--tls-verify=false', ...flags, `docker://${reference}`);
    const digest = JSON.parse(await skopeo('inspect', '--tls-verify=false', ...flags, `docker://${reference}`)).Digest as string;
    return { raw, manifest: JSON.parse(raw), digest };
  };

  /** A busybox image with one file of its own (so no other test has its layer), imported as `name`. */
  const importUnique = async (name: string, marker: string): Promise<string> => {
    const tar = file(`${marker}-rootfs.tar`);
    await writeBusyboxRootfs(tar, { files: { 'etc/marker': `${marker}\n` } });
    await minatoOk(['import', tar, name]);
    return (await minatoOk(['inspect', '-f', '{{.Id}}', name])).trim();
  };

  before(async () => {
    mkdirSync(file('skopeo-tmp'));
    writeFileSync(file('skopeo-auth.json'), '{"auths":{}}\n');
    mkdirSync(dockerConfig);
    // Only this daemon, none of the caller's docker settings.
    dockerEnv = { ...process.env, DOCKER_HOST: daemon.host, DOCKER_CONFIG: dockerConfig, DOCKER_CLI_HINTS: 'false' };
    for (const name of ['DOCKER_CONTEXT', 'DOCKER_API_VERSION', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_BUILDKIT']) delete dockerEnv[name];
    // One bcryptjs line ($2b$) and one in the "$2y$" spelling `htpasswd -B` writes.
    const apacheStyle = bcrypt.hashSync('s3cret-carol', 5).replace(/^\$2b\$/, '$2y$');
    writeFileSync(htpasswdFile, `alice:${bcrypt.hashSync('wonderland', 5)}\ncarol:${apacheStyle}\n`);

    await daemon.start();
    await daemon.importBusybox();
    busyboxId = (await minatoOk(['inspect', '-f', '{{.Id}}', 'busybox'])).trim();
    await Promise.all([open.start(), secured.start()]);
  });

  after(async () => {
    const dir = daemon.dir;
    try {
      await Promise.all([open.stop(), secured.stop()]);
    } finally {
      await daemon.cleanup();
    }
    const leftovers = leftoversMentioning(dir);
    assert.deepEqual(leftovers, [], 'the test left things behind');
  });

  test('a) skopeo copies a docker-archive into the registry; minato pull gets it with the digest skopeo reports, and runs it', async () => {
    const sourceName = 'copied-source:1';
    const sourceId = await importUnique(sourceName, 'copied-by-skopeo');
    const diffIds = JSON.parse(await minatoOk(['image', 'inspect', sourceName]))[0].RootFS.Layers as string[];
    await minatoOk(['save', '-o', file('copied.tar'), sourceName]);
    await minatoOk(['rmi', sourceName]);
    assert.notEqual((await minato(['inspect', sourceId])).code, 0, 'the image is gone from the daemon before the pull');

    const reference = `${open.host}/copied:1`;
    await skopeo('copy', '--quiet', '--dest-tls-verify=false', `docker-archive:${file('copied.tar')}`, `docker://${reference}`);
    const { raw, manifest, digest } = await registryManifest(reference);
    assert.equal(sha256(raw), digest, 'skopeo reports the digest of the bytes the registry serves');
    assert.equal(manifest.config.digest, sourceId, 'skopeo stored the config (the image ID) unchanged');
    assert.deepEqual(JSON.parse(await skopeo('list-tags', '--tls-verify=false', `docker://${open.host}/copied`)).Tags, ['1']);

    const pulled = await minatoOk(['pull', reference]);
    assert.match(pulled, /^[0-9a-f]{12}: Pull complete$/m, pulled);
    assert.equal(/^Digest: (sha256:[0-9a-f]{64})$/m.exec(pulled)?.[1], digest, pulled);
    assert.equal((await minatoOk(['inspect', '-f', '{{.Id}}', reference])).trim(), sourceId);
    assert.deepEqual(JSON.parse(await minatoOk(['inspect', '-f', '{{json .RepoDigests}}', reference])), [`${open.host}/copied@${digest}`]);
    assert.deepEqual(JSON.parse(await minatoOk(['image', 'inspect', reference]))[0].RootFS.Layers, diffIds, 'same layer contents after gzip on the way');
    assert.equal(await minatoOk(['run', '--rm', reference, 'cat', '/etc/marker']), 'copied-by-skopeo\n');
  });

  test('b) the docker CLI pushes to and pulls from the registry through the Minato daemon', async () => {
    const name = `${open.host}/viadocker`;
    await dockerOk(['tag', 'busybox', `${name}:1`]);
    const pushed = await dockerOk(['push', `${name}:1`]);
    const printed = /^1: digest: (sha256:[0-9a-f]{64}) size: (\d+)$/m.exec(pushed.stdout);
    assert.ok(printed, pushed.stdout);
    const [, digest, size] = printed;

    const { raw, manifest, digest: stored } = await registryManifest(`${name}:1`);
    assert.equal(stored, digest, 'the registry has the manifest docker printed');
    assert.equal(sha256(raw), digest);
    assert.equal(Buffer.byteLength(raw), Number(size));
    assert.equal(manifest.config.digest, busyboxId, 'under its image ID');
    // What the registry keeps on disk under --root: every blob by its content's digest.
    for (const { digest: blobDigest, size: blobSize } of [manifest.config, ...manifest.layers] as { digest: string; size: number }[]) {
      const bytes = readFileSync(path.join(open.root, 'blobs', 'sha256', blobDigest.slice('sha256:'.length)));
      assert.equal(sha256(bytes), blobDigest);
      assert.equal(bytes.length, blobSize);
    }

    // Untag both names: the image is gone, so the pull must download every layer.
    await dockerOk(['rmi', `${name}:1`, 'busybox']);
    assert.notEqual((await docker(['image', 'inspect', busyboxId])).code, 0, 'the image is gone before the pull');
    const pulled = await dockerOk(['pull', `${name}:1`]);
    assert.match(pulled.stdout, /^[0-9a-f]{12}: Pull complete$/m, pulled.stdout);
    assert.match(pulled.stdout, new RegExp(`^Digest: ${digest}$`, 'm'));
    assert.match(pulled.stdout, new RegExp(`^Status: Downloaded newer image for ${name}:1$`, 'm'));
    assert.equal((await dockerOk(['image', 'inspect', '-f', '{{.Id}}', `${name}:1`])).stdout.trim(), busyboxId);
    assert.match((await dockerOk(['image', 'inspect', '-f', '{{json .RepoDigests}}', `${name}:1`])).stdout, new RegExp(`"${name}@${digest}"`));
    const run = await dockerOk(['run', '--rm', `${name}:1`, 'echo', 'ok']);
    assert.equal(run.stdout, 'ok\n');
    await dockerOk(['tag', `${name}:1`, 'busybox']);

    const missing = await docker(['pull', `${name}:nosuch`]);
    assert.notEqual(missing.code, 0, describeRun('docker pull of a missing tag', missing));
    assert.match(missing.stderr, new RegExp(`manifest for ${name}:nosuch not found: manifest unknown`), missing.stderr);
    assert.notEqual((await docker(['image', 'inspect', `${name}:nosuch`])).code, 0, 'no image appeared');
  });

  test('c) --htpasswd: push refused without login, a wrong password fails docker login, login then push and pull work', async () => {
    const name = `${secured.host}/private/busybox:1`;
    await dockerOk(['tag', 'busybox', name]);

    const anonymous = await docker(['push', name]);
    assert.notEqual(anonymous.code, 0, describeRun('anonymous docker push', anonymous));
    assert.match(anonymous.stdout + anonymous.stderr, /unauthorized|authentication required|no basic auth credentials/, describeRun('anonymous docker push', anonymous));
    assert.equal(existsSync(path.join(secured.root, 'repositories', 'private')), false, 'the refused push stored no repository');
    const anonymousRead = await skopeoRun(['inspect', '--tls-verify=false', `docker://${name}`]);
    assert.notEqual(anonymousRead.code, 0, 'nothing was stored and nothing is readable anonymously');
    assert.match(anonymousRead.stderr, /unauthorized|authentication required/i);

    const wrong = await docker(['login', '-u', 'alice', '--password-stdin', secured.host], 'not-her-password\n');
    assert.notEqual(wrong.code, 0, describeRun('docker login with a wrong password', wrong));
    assert.match(wrong.stderr, /unauthorized|401/, wrong.stderr);
    const unknownUser = await docker(['login', '-u', 'mallory', '--password-stdin', secured.host], 'wonderland\n');
    assert.notEqual(unknownUser.code, 0, describeRun('docker login of an unknown user', unknownUser));
    assert.equal(existsSync(path.join(dockerConfig, 'config.json')) && JSON.parse(readFileSync(path.join(dockerConfig, 'config.json'), 'utf8')).auths?.[secured.host] !== undefined, false, 'failed logins store nothing');

    const login = await dockerOk(['login', '-u', 'alice', '--password-stdin', secured.host], 'wonderland\n');
    assert.match(login.stdout, /Login Succeeded/);
    const stored = JSON.parse(readFileSync(path.join(dockerConfig, 'config.json'), 'utf8'));
    assert.equal(stored.auths[secured.host].auth, Buffer.from('alice:wonderland').toString('base64'));

    const pushed = await dockerOk(['push', name]);
    const digest = /^1: digest: (sha256:[0-9a-f]{64}) size: \d+$/m.exec(pushed.stdout)?.[1];
    assert.ok(digest, pushed.stdout);
    // Another tool, with the other user (a "$2y$" line): the registry really stored it.
    const { raw } = await registryManifest(name, '--creds', 'carol:s3cret-carol');
    assert.equal(sha256(raw), digest);
    const wrongCreds = await skopeoRun(['inspect', '--tls-verify=false', '--creds', 'carol:wonderland', `docker://${name}`]);
    assert.notEqual(wrongCreds.code, 0, 'a wrong password is refused on every request, not only at login');

    await dockerOk(['rmi', name]);
    const pulled = await dockerOk(['pull', name]);
    assert.match(pulled.stdout, new RegExp(`^Digest: ${digest}$`, 'm'));
    assert.equal((await dockerOk(['image', 'inspect', '-f', '{{.Id}}', name])).stdout.trim(), busyboxId);

    await dockerOk(['logout', secured.host]);
    await dockerOk(['rmi', name]);
    const afterLogout = await docker(['pull', name]);
    assert.notEqual(afterLogout.code, 0, describeRun('docker pull after logout', afterLogout));
    assert.match(afterLogout.stderr, /unauthorized|authentication required|no basic auth credentials/);
  });

  test('d) minato push to the registry; skopeo copies it out to an OCI layout with identical layer digests', async () => {
    const name = `${open.host}/pushed/by-minato:1`;
    const id = await importUnique(name, 'pushed-by-minato');
    const diffIds = JSON.parse(await minatoOk(['image', 'inspect', name]))[0].RootFS.Layers as string[];

    const out = await minatoOk(['push', name]);
    assert.match(out, /^[0-9a-f]{12}: Pushed$/m, out);
    const printed = /^1: digest: (sha256:[0-9a-f]{64}) size: (\d+)$/m.exec(out);
    assert.ok(printed, out);
    const { raw, manifest, digest } = await registryManifest(name);
    assert.equal(digest, printed[1], 'the registry serves the manifest minato push printed');
    assert.equal(sha256(raw), digest);
    assert.equal(Buffer.byteLength(raw), Number(printed[2]));
    assert.equal(manifest.config.digest, id);
    assert.equal(manifest.layers.length, diffIds.length);

    const layout = file('out-layout');
    // --preserve-digests: skopeo must copy every blob as it is (it refuses rather than recompress).
    await skopeo('copy', '--quiet', '--preserve-digests', '--src-tls-verify=false', `docker://${name}`, `oci:${layout}:copied`);
    const blob = (digest: string) => readFileSync(path.join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)));
    const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8'));
    assert.equal(index.manifests.length, 1);
    assert.equal(index.manifests[0].digest, digest, 'the same manifest, byte for byte');
    const ociManifest = JSON.parse(blob(index.manifests[0].digest).toString());
    assert.deepEqual(
      ociManifest.layers.map((layer: { digest: string; size: number }) => [layer.digest, layer.size]),
      manifest.layers.map((layer: { digest: string; size: number }) => [layer.digest, layer.size]),
      'the OCI layout has exactly the layers the registry serves',
    );
    assert.equal(ociManifest.config.digest, id, 'and the same config');
    assert.equal(sha256(blob(ociManifest.config.digest)), id);
    ociManifest.layers.forEach((layer: { digest: string; mediaType: string }, i: number) => {
      const data = blob(layer.digest);
      assert.equal(sha256(data), layer.digest, 'each layer file hashes to its digest');
      const gzipped = data[0] === 0x1f && data[1] === 0x8b;
      assert.equal(gzipped, /gzip$/.test(layer.mediaType), `the media type ${layer.mediaType} matches the bytes`);
      const uncompressed = gzipped ? gunzipSync(data) : data;
      assert.equal(sha256(uncompressed), diffIds[i], "and unpacks to the layer minato's image has");
    });

    // Every push so far (skopeo, docker, minato, into both registries) closed its upload sessions.
    for (const registry of [open, secured]) assert.deepEqual(readdirSync(path.join(registry.root, 'uploads')), [], `no upload session left in ${registry.root}`);
  });
});
