// The registry on a real socket, driven by the real skopeo (push, inspect, list-tags, pull,
// delete, with and without --htpasswd) and by hand-made HTTP requests for what skopeo does not
// exercise: chunked and monolithic uploads, mounts, uploads that are interrupted or lie about
// their digest, ranges, pagination, referrers and every refusal the spec names.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { connect } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { silentLogger } from '../../../util/log.ts';
import { http } from '../../../util/node-http.ts';
import { MediaType } from '../../images/oci-types.ts';
import { writeOciLayout } from './oci-layout-fixture.ts';
import { type RunningRegistry, startRegistryServer } from './server.ts';

const hasSkopeo = ['/usr/bin/skopeo', '/usr/local/bin/skopeo'].some((file) => existsSync(file));
const skipSkopeo = hasSkopeo ? false : 'skopeo is not installed (make deps installs it)';

const digestOf = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

async function skopeo(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('skopeo', ['--insecure-policy', ...args], { encoding: 'utf8', timeout: 60_000 });
  return stdout;
}

async function skopeoFails(args: string[]): Promise<string> {
  try {
    await skopeo(args);
  } catch (err) {
    return String((err as { stderr?: string }).stderr);
  }
  assert.fail(`skopeo ${args.join(' ')} should have failed`);
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { errors: { code: string }[] };
  return body.errors[0]!.code;
}

/** A request with a path exactly as given (fetch would normalise "..") — status and body. */
function rawRequest(port: number, method: string, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function tempDir(): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), 'minato-test-'));
}

describe('registry', { timeout: 300_000 }, () => {
  let dir: string;
  let root: string;
  let running: RunningRegistry;
  let base: string;
  let host: string;
  const url = (p: string) => `${base}${p}`;

  /** Pushes a blob in one POST; answers its digest. */
  async function pushBlob(name: string, data: Buffer | string): Promise<string> {
    const digest = digestOf(data);
    const response = await fetch(url(`/v2/${name}/blobs/uploads/?digest=${digest}`), { method: 'POST', body: data, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(response.status, 201, await response.text());
    return digest;
  }

  /** Pushes a small image (config + one layer + manifest) under `reference`; answers the manifest's digest. */
  async function pushImage(name: string, reference: string, marker: string, extra: Record<string, unknown> = {}): Promise<{ digest: string; body: Buffer }> {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', marker }));
    const layer = Buffer.from(`layer of ${marker}`);
    const manifest = json({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: await pushBlob(name, config), size: config.length },
      layers: [{ mediaType: MediaType.ociLayerGzip, digest: await pushBlob(name, layer), size: layer.length }],
      ...extra,
    });
    const response = await fetch(url(`/v2/${name}/manifests/${reference}`), { method: 'PUT', body: manifest, headers: { 'Content-Type': MediaType.ociManifest } });
    assert.equal(response.status, 201, await response.text());
    assert.equal(response.headers.get('docker-content-digest'), digestOf(manifest));
    return { digest: digestOf(manifest), body: manifest };
  }

  const blobFiles = async () => (await fsp.readdir(path.join(root, 'blobs', 'sha256'))).filter((f) => !f.startsWith('.'));

  before(async () => {
    dir = await tempDir();
    root = path.join(dir, 'root');
    running = await startRegistryServer({ address: { host: '127.0.0.1', port: 0 }, root, log: silentLogger() });
    base = running.url;
    host = base.replace('http://', '');
  });

  after(async () => {
    await running?.close(1000);
    await fsp.rm(dir, { recursive: true, force: true });
  });

  test('GET /v2/ says which API it speaks', async () => {
    const response = await fetch(url('/v2/'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('docker-distribution-api-version'), 'registry/2.0');
    assert.deepEqual(await response.json(), {});
  });

  describe('with skopeo', { skip: skipSkopeo }, () => {
    let layout: string;
    let image: Awaited<ReturnType<typeof writeOciLayout>>;

    before(async () => {
      layout = path.join(dir, 'layout');
      image = await writeOciLayout(layout, 'v1', { 'hello.txt': 'hello from minato\n', 'etc/os-release': 'ID=minato\n' });
    });

    test('copy an OCI layout in, inspect it, list its tags', async () => {
      await skopeo(['copy', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${host}/skopeo/hello:v1`]);
      const inspected = JSON.parse(await skopeo(['inspect', '--tls-verify=false', `docker://${host}/skopeo/hello:v1`])) as { Digest: string; Layers: string[]; Architecture: string };
      assert.equal(inspected.Digest, image.manifestDigest);
      assert.deepEqual(inspected.Layers, [image.layerDigest]);
      assert.equal(inspected.Architecture, 'amd64');
      const raw = JSON.parse(await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${host}/skopeo/hello:v1`])) as { config: { digest: string } };
      assert.equal(raw.config.digest, image.configDigest);
      await skopeo(['copy', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${host}/skopeo/hello:v1`, `docker://${host}/skopeo/hello:v2`]);
      const tags = JSON.parse(await skopeo(['list-tags', '--tls-verify=false', `docker://${host}/skopeo/hello`])) as { Tags: string[] };
      assert.deepEqual(tags.Tags, ['v1', 'v2']);
    });

    test('copy it back out to a directory with the same digests', async () => {
      const out = path.join(dir, 'out');
      await skopeo(['copy', '--src-tls-verify=false', `docker://${host}/skopeo/hello:v1`, `dir:${out}`]);
      const manifest = await fsp.readFile(path.join(out, 'manifest.json'));
      assert.equal(digestOf(manifest), image.manifestDigest);
      for (const digest of [image.configDigest, image.layerDigest]) {
        const original = await fsp.readFile(path.join(layout, 'blobs', 'sha256', digest.slice(7)));
        const copied = await fsp.readFile(path.join(out, digest.slice(7)));
        assert.equal(digestOf(copied), digest);
        assert.ok(copied.equals(original));
      }
    });

    test('copy to another repository mounts the blobs', async () => {
      await skopeo(['copy', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${host}/skopeo/hello:v1`, `docker://${host}/skopeo/copy:latest`]);
      const inspected = JSON.parse(await skopeo(['inspect', '--tls-verify=false', `docker://${host}/skopeo/copy:latest`])) as { Digest: string };
      assert.equal(inspected.Digest, image.manifestDigest);
    });

    test('delete removes the manifest and its tags', async () => {
      await skopeo(['delete', '--tls-verify=false', `docker://${host}/skopeo/hello:v1`]);
      const response = await fetch(url(`/v2/skopeo/hello/manifests/${image.manifestDigest}`));
      assert.equal(response.status, 404);
      assert.equal(await errorCode(response), 'MANIFEST_UNKNOWN');
      assert.equal((await fetch(url('/v2/skopeo/hello/manifests/v2'), { method: 'HEAD' })).status, 404);
      const tags = (await (await fetch(url('/v2/skopeo/hello/tags/list'))).json()) as { tags: string[] };
      assert.deepEqual(tags.tags, []);
      // The other repository still has it.
      assert.equal((await fetch(url('/v2/skopeo/copy/manifests/latest'), { method: 'HEAD', headers: { Accept: MediaType.ociManifest } })).status, 200);
    });
  });

  describe('blob uploads', () => {
    test('chunked, in several PATCHes with Content-Range, then PUT', async () => {
      const data = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
      const started = await fetch(url('/v2/chunks/test/blobs/uploads/'), { method: 'POST', headers: { 'Content-Length': '0' } });
      assert.equal(started.status, 202);
      let location = started.headers.get('location')!;
      assert.match(location, /^\/v2\/chunks\/test\/blobs\/uploads\/[0-9a-f-]{36}$/);
      assert.equal(started.headers.get('range'), '0-0');
      for (const [start, end] of [
        [0, 9],
        [10, 19],
        [20, 29],
      ] as const) {
        const response = await fetch(url(location), {
          method: 'PATCH',
          body: data.subarray(start, end + 1),
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `${start}-${end}` },
        });
        assert.equal(response.status, 202, await response.text());
        assert.equal(response.headers.get('range'), `0-${end}`);
        location = response.headers.get('location')!;
      }
      const status = await fetch(url(location));
      assert.equal(status.status, 204);
      assert.equal(status.headers.get('range'), '0-29');

      // Out of order: 416, and the answer tells where the upload is.
      const outOfOrder = await fetch(url(location), { method: 'PATCH', body: data.subarray(31), headers: { 'Content-Range': `31-${data.length - 1}` } });
      assert.equal(outOfOrder.status, 416);
      assert.equal(outOfOrder.headers.get('range'), '0-29');
      assert.equal(await errorCode(outOfOrder), 'BLOB_UPLOAD_INVALID');
      // A Content-Length that contradicts the Content-Range.
      const badLength = await fetch(url(location), { method: 'PATCH', body: data.subarray(30, 32), headers: { 'Content-Range': '30-35' } });
      assert.equal(badLength.status, 400);
      assert.equal(await errorCode(badLength), 'SIZE_INVALID');

      // The last chunk comes with the closing PUT.
      const digest = digestOf(data);
      const done = await fetch(url(`${location}?digest=${digest}`), { method: 'PUT', body: data.subarray(30), headers: { 'Content-Range': `30-${data.length - 1}` } });
      assert.equal(done.status, 201, await done.text());
      assert.equal(done.headers.get('location'), `/v2/chunks/test/blobs/${digest}`);
      assert.equal(done.headers.get('docker-content-digest'), digest);
      const blob = await fetch(url(`/v2/chunks/test/blobs/${digest}`));
      assert.ok(Buffer.from(await blob.arrayBuffer()).equals(data));
      // The session is gone.
      const gone = await fetch(url(location));
      assert.equal(gone.status, 404);
      assert.equal(await errorCode(gone), 'BLOB_UPLOAD_UNKNOWN');
    });

    test('streamed PATCH without Content-Range, then PUT without a body', async () => {
      const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
      const started = await fetch(url('/v2/stream/blobs/uploads/'), { method: 'POST' });
      const patched = await fetch(url(started.headers.get('location')!), { method: 'PATCH', body: data });
      assert.equal(patched.status, 202);
      assert.equal(patched.headers.get('range'), `0-${data.length - 1}`);
      const done = await fetch(url(`${patched.headers.get('location')!}?digest=${digestOf(data)}`), { method: 'PUT' });
      assert.equal(done.status, 201);
      const head = await fetch(url(`/v2/stream/blobs/${digestOf(data)}`), { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(data.length));
      assert.equal(head.headers.get('docker-content-digest'), digestOf(data));
    });

    test('monolithic: a single POST, and POST then PUT', async () => {
      const digest = await pushBlob('mono/one', 'monolithic blob');
      assert.equal((await fetch(url(`/v2/mono/one/blobs/${digest}`), { method: 'HEAD' })).status, 200);
      const data = 'post then put';
      const started = await fetch(url('/v2/mono/two/blobs/uploads/'), { method: 'POST' });
      const done = await fetch(url(`${started.headers.get('location')!}?digest=${digestOf(data)}`), { method: 'PUT', body: data, headers: { 'Content-Type': 'application/octet-stream' } });
      assert.equal(done.status, 201);
      assert.equal(await (await fetch(url(`/v2/mono/two/blobs/${digestOf(data)}`))).text(), data);
    });

    test('a blob whose content does not match its digest is refused and never visible', async () => {
      const before = await blobFiles();
      const claimed = digestOf('what the client says');
      const single = await fetch(url(`/v2/liar/blobs/uploads/?digest=${claimed}`), { method: 'POST', body: 'what the client sends' });
      assert.equal(single.status, 400);
      assert.equal(await errorCode(single), 'DIGEST_INVALID');
      const started = await fetch(url('/v2/liar/blobs/uploads/'), { method: 'POST' });
      const location = started.headers.get('location')!;
      const done = await fetch(url(`${location}?digest=${claimed}`), { method: 'PUT', body: 'other bytes' });
      assert.equal(done.status, 400);
      assert.equal(await errorCode(done), 'DIGEST_INVALID');
      assert.equal((await fetch(url(location))).status, 404, 'a failed upload is over');
      for (const digest of [claimed, digestOf('what the client sends'), digestOf('other bytes')]) {
        assert.equal((await fetch(url(`/v2/liar/blobs/${digest}`), { method: 'HEAD' })).status, 404);
      }
      assert.deepEqual(await blobFiles(), before);
      const malformed = await fetch(url('/v2/liar/blobs/uploads/?digest=sha256:nothex'), { method: 'POST', body: 'x' });
      assert.equal(malformed.status, 400);
      assert.equal(await errorCode(malformed), 'DIGEST_INVALID');
      const sha512 = await fetch(url(`/v2/liar/blobs/uploads/?digest=sha512:${'a'.repeat(128)}`), { method: 'POST', body: 'x' });
      assert.equal(sha512.status, 400);
      const missing = await fetch(url(`${(await fetch(url('/v2/liar/blobs/uploads/'), { method: 'POST' })).headers.get('location')!}`), { method: 'PUT' });
      assert.equal(missing.status, 400, 'PUT without ?digest=');
    });

    test('a client that disconnects mid-PATCH leaves no blob and the upload where it was', async () => {
      const before = await blobFiles();
      const started = await fetch(url('/v2/interrupted/blobs/uploads/'), { method: 'POST' });
      const location = started.headers.get('location')!;
      const first = Buffer.from('first chunk;');
      assert.equal((await fetch(url(location), { method: 'PATCH', body: first, headers: { 'Content-Range': `0-${first.length - 1}` } })).status, 202);
      const dataFile = path.join(root, 'uploads', location.split('/').at(-1)!, 'data');
      const sizeOnDisk = async () => (await fsp.stat(dataFile)).size;
      await new Promise<void>((resolve, reject) => {
        const socket = connect(running.port, '127.0.0.1', () => {
          socket.write(`PATCH ${location} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n`);
          socket.write(Buffer.alloc(40_000, 1), async () => {
            // Cut the connection only once part of the chunk is on disk.
            for (let i = 0; i < 100 && (await sizeOnDisk()) <= first.length; i++) await new Promise((r) => setTimeout(r, 10));
            if ((await sizeOnDisk()) <= first.length) reject(new Error('no part of the chunk reached the disk before the disconnect'));
            socket.destroy();
          });
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
      // The server notices the abort; the chunk is undone.
      let range = '';
      for (let i = 0; i < 50 && range !== `0-${first.length - 1}`; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        range = (await fetch(url(location))).headers.get('range') ?? '';
      }
      assert.equal(range, `0-${first.length - 1}`);
      assert.equal(await sizeOnDisk(), first.length);
      assert.deepEqual(await blobFiles(), before);
      // …and the upload can go on.
      const rest = Buffer.from('and the rest');
      const whole = Buffer.concat([first, rest]);
      const done = await fetch(url(`${location}?digest=${digestOf(whole)}`), { method: 'PUT', body: rest, headers: { 'Content-Range': `${first.length}-${whole.length - 1}` } });
      assert.equal(done.status, 201);
    });

    test('concurrent uploads of the same blob all succeed', async () => {
      const data = Buffer.alloc(512 * 1024, 3);
      const results = await Promise.all(
        ['con/a', 'con/b', 'con/a', 'con/c'].map(async (name) => {
          const started = await fetch(url(`/v2/${name}/blobs/uploads/`), { method: 'POST' });
          const patched = await fetch(url(started.headers.get('location')!), { method: 'PATCH', body: data });
          return (await fetch(url(`${patched.headers.get('location')!}?digest=${digestOf(data)}`), { method: 'PUT' })).status;
        }),
      );
      assert.deepEqual(results, [201, 201, 201, 201]);
      const body = Buffer.from(await (await fetch(url(`/v2/con/c/blobs/${digestOf(data)}`))).arrayBuffer());
      assert.ok(body.equals(data));
    });

    test('cancel an upload', async () => {
      const started = await fetch(url('/v2/cancel/blobs/uploads/'), { method: 'POST' });
      const location = started.headers.get('location')!;
      assert.equal((await fetch(url(location), { method: 'DELETE' })).status, 204);
      assert.equal((await fetch(url(location))).status, 404);
      assert.equal((await fetch(url(location), { method: 'DELETE' })).status, 404);
      assert.equal((await fetch(url(location), { method: 'PATCH', body: 'x' })).status, 404);
    });

    test('an upload answers only under its own repository', async () => {
      const started = await fetch(url('/v2/owner/blobs/uploads/'), { method: 'POST' });
      const id = started.headers.get('docker-upload-uuid')!;
      const response = await fetch(url(`/v2/intruder/blobs/uploads/${id}`), { method: 'PATCH', body: 'x' });
      assert.equal(response.status, 404);
      assert.equal(await errorCode(response), 'BLOB_UPLOAD_UNKNOWN');
      assert.equal((await fetch(url('/v2/owner/blobs/uploads/not-a-uuid'))).status, 404);
    });

    test('mount from another repository: 201 when it is there, else an upload starts', async () => {
      const digest = await pushBlob('mount/source', 'shared layer');
      const mounted = await fetch(url(`/v2/mount/target/blobs/uploads/?mount=${digest}&from=mount/source`), { method: 'POST' });
      assert.equal(mounted.status, 201);
      assert.equal(mounted.headers.get('location'), `/v2/mount/target/blobs/${digest}`);
      assert.equal(mounted.headers.get('docker-content-digest'), digest);
      assert.equal(await (await fetch(url(`/v2/mount/target/blobs/${digest}`))).text(), 'shared layer');
      for (const from of ['mount/elsewhere', 'Bad..Name']) {
        const fallback = await fetch(url(`/v2/mount/other/blobs/uploads/?mount=${digest}&from=${from}`), { method: 'POST' });
        assert.equal(fallback.status, 202);
        assert.match(fallback.headers.get('location')!, /\/v2\/mount\/other\/blobs\/uploads\//);
      }
      // Content in another repository is not reachable without a mount.
      assert.equal((await fetch(url(`/v2/mount/other/blobs/${digest}`))).status, 404);
    });
  });

  describe('blob downloads', () => {
    let digest: string;
    const data = 'abcdefghijklmnopqrstuvwxyz';
    before(async () => {
      digest = await pushBlob('ranges', data);
    });

    test('ranges', async () => {
      const partial = await fetch(url(`/v2/ranges/blobs/${digest}`), { headers: { Range: 'bytes=2-5' } });
      assert.equal(partial.status, 206);
      assert.equal(partial.headers.get('content-range'), `bytes 2-5/${data.length}`);
      assert.equal(await partial.text(), 'cdef');
      const suffix = await fetch(url(`/v2/ranges/blobs/${digest}`), { headers: { Range: 'bytes=-3' } });
      assert.equal(await suffix.text(), 'xyz');
      const open = await fetch(url(`/v2/ranges/blobs/${digest}`), { headers: { Range: 'bytes=20-' } });
      assert.equal(await open.text(), 'uvwxyz');
      const beyond = await fetch(url(`/v2/ranges/blobs/${digest}`), { headers: { Range: 'bytes=100-200' } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${data.length}`);
      const whole = await fetch(url(`/v2/ranges/blobs/${digest}`));
      assert.equal(whole.status, 200);
      assert.equal(whole.headers.get('accept-ranges'), 'bytes');
      assert.equal(await whole.text(), data);
      const cached = await fetch(url(`/v2/ranges/blobs/${digest}`), { headers: { 'If-None-Match': `"${digest}"` } });
      assert.equal(cached.status, 304);
    });

    test('404, 400 and 405', async () => {
      const unknown = await fetch(url(`/v2/ranges/blobs/${digestOf('nothing')}`));
      assert.equal(unknown.status, 404);
      assert.equal(await errorCode(unknown), 'BLOB_UNKNOWN');
      const malformed = await fetch(url('/v2/ranges/blobs/sha256:123'));
      assert.equal(malformed.status, 400);
      assert.equal(await errorCode(malformed), 'DIGEST_INVALID');
      const put = await fetch(url(`/v2/ranges/blobs/${digest}`), { method: 'PUT', body: 'x' });
      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'GET, HEAD, DELETE');
      assert.equal(await errorCode(put), 'UNSUPPORTED');
      assert.equal((await fetch(url('/v2/_catalog'), { method: 'DELETE' })).status, 405);
      const nowhere = await fetch(url('/v3/whatever'));
      assert.equal(nowhere.status, 404);
    });

    test('delete takes the blob out of the repository only', async () => {
      const shared = await pushBlob('del/one', 'to delete');
      await pushBlob('del/two', 'to delete');
      const deleted = await fetch(url(`/v2/del/one/blobs/${shared}`), { method: 'DELETE' });
      assert.equal(deleted.status, 202);
      assert.equal((await fetch(url(`/v2/del/one/blobs/${shared}`), { method: 'HEAD' })).status, 404);
      assert.equal((await fetch(url(`/v2/del/two/blobs/${shared}`), { method: 'HEAD' })).status, 200);
      const again = await fetch(url(`/v2/del/one/blobs/${shared}`), { method: 'DELETE' });
      assert.equal(again.status, 404);
      assert.equal(await errorCode(again), 'BLOB_UNKNOWN');
    });
  });

  describe('manifests', () => {
    test('push by tag and by digest, get with content negotiation', async () => {
      const { digest, body } = await pushImage('man/app', 'v1', 'one');
      const byDigest = await fetch(url(`/v2/man/app/manifests/${digest}`), { method: 'PUT', body, headers: { 'Content-Type': MediaType.ociManifest } });
      assert.equal(byDigest.status, 201);
      assert.equal(byDigest.headers.get('location'), `/v2/man/app/manifests/${digest}`);
      const got = await fetch(url('/v2/man/app/manifests/v1'), { headers: { Accept: `${MediaType.ociManifest}, ${MediaType.dockerManifest}` } });
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), MediaType.ociManifest);
      assert.equal(got.headers.get('docker-content-digest'), digest);
      assert.ok(Buffer.from(await got.arrayBuffer()).equals(body), 'stored byte for byte');
      const head = await fetch(url(`/v2/man/app/manifests/${digest}`), { method: 'HEAD', headers: { Accept: MediaType.ociManifest } });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(body.length));
      const dockerOnly = await fetch(url('/v2/man/app/manifests/v1'), { headers: { Accept: MediaType.dockerManifest } });
      assert.equal(dockerOnly.status, 404);
      assert.equal(await errorCode(dockerOnly), 'MANIFEST_UNKNOWN');
    });

    test('a Docker manifest list by tag gives old clients the linux/amd64 manifest', async () => {
      const config = Buffer.from('{"os":"linux","architecture":"amd64"}');
      const layer = Buffer.from('docker layer');
      const manifest = json({
        schemaVersion: 2,
        mediaType: MediaType.dockerManifest,
        config: { mediaType: MediaType.dockerConfig, digest: await pushBlob('man/list', config), size: config.length },
        layers: [{ mediaType: MediaType.dockerLayerGzip, digest: await pushBlob('man/list', layer), size: layer.length }],
      });
      assert.equal((await fetch(url(`/v2/man/list/manifests/${digestOf(manifest)}`), { method: 'PUT', body: manifest, headers: { 'Content-Type': MediaType.dockerManifest } })).status, 201);
      const list = json({
        schemaVersion: 2,
        mediaType: MediaType.dockerManifestList,
        manifests: [{ mediaType: MediaType.dockerManifest, digest: digestOf(manifest), size: manifest.length, platform: { os: 'linux', architecture: 'amd64' } }],
      });
      assert.equal((await fetch(url('/v2/man/list/manifests/multi'), { method: 'PUT', body: list, headers: { 'Content-Type': MediaType.dockerManifestList } })).status, 201);
      const asList = await fetch(url('/v2/man/list/manifests/multi'), { headers: { Accept: `${MediaType.dockerManifestList}, ${MediaType.dockerManifest}` } });
      assert.equal(asList.headers.get('docker-content-digest'), digestOf(list));
      const old = await fetch(url('/v2/man/list/manifests/multi'), { headers: { Accept: MediaType.dockerManifest } });
      assert.equal(old.headers.get('content-type'), MediaType.dockerManifest);
      assert.equal(old.headers.get('docker-content-digest'), digestOf(manifest));
    });

    test('refusals: missing blobs, invalid manifests, wrong digests, too large', async () => {
      const config = Buffer.from('{}');
      const present = await pushBlob('man/bad', config);
      const missingLayer = json({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: present, size: config.length },
        layers: [{ mediaType: MediaType.ociLayerGzip, digest: digestOf('never pushed'), size: 12 }],
      });
      const unknownBlob = await fetch(url('/v2/man/bad/manifests/v1'), { method: 'PUT', body: missingLayer, headers: { 'Content-Type': MediaType.ociManifest } });
      assert.equal(unknownBlob.status, 400);
      const body = (await unknownBlob.json()) as { errors: { code: string; message: string; detail: { digest: string } }[] };
      assert.equal(body.errors[0]!.code, 'MANIFEST_BLOB_UNKNOWN');
      assert.equal(body.errors[0]!.detail.digest, digestOf('never pushed'));
      assert.match(body.errors[0]!.message, /layers\[0\]/);

      const index = json({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [{ mediaType: MediaType.ociManifest, digest: digestOf('no manifest'), size: 1 }] });
      const unknownChild = await fetch(url('/v2/man/bad/manifests/idx'), { method: 'PUT', body: index, headers: { 'Content-Type': MediaType.ociIndex } });
      assert.equal(await errorCode(unknownChild), 'MANIFEST_BLOB_UNKNOWN');

      for (const [payload, type] of [
        ['{not json', MediaType.ociManifest],
        ['{"schemaVersion":2,"mediaType":"text/plain"}', 'text/plain'],
        [JSON.stringify({ schemaVersion: 2, config: { mediaType: MediaType.ociConfig, digest: present, size: 2 }, layers: [] }), 'application/json'],
      ] as const) {
        const response = await fetch(url('/v2/man/bad/manifests/v1'), { method: 'PUT', body: payload, headers: { 'Content-Type': type } });
        assert.equal(response.status, 400, payload);
        assert.equal(await errorCode(response), 'MANIFEST_INVALID');
      }

      const good = json({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociConfig, digest: present, size: config.length }, layers: [] });
      const wrongDigest = await fetch(url(`/v2/man/bad/manifests/${digestOf('other')}`), { method: 'PUT', body: good, headers: { 'Content-Type': MediaType.ociManifest } });
      assert.equal(wrongDigest.status, 400);
      assert.equal(await errorCode(wrongDigest), 'DIGEST_INVALID');

      const huge = Buffer.alloc(4 * 1024 * 1024 + 1, 32);
      const tooLarge = await fetch(url('/v2/man/bad/manifests/huge'), { method: 'PUT', body: huge, headers: { 'Content-Type': MediaType.ociManifest } });
      assert.equal(tooLarge.status, 413);

      const badTag = await fetch(url('/v2/man/bad/manifests/-tag'), { method: 'PUT', body: good, headers: { 'Content-Type': MediaType.ociManifest } });
      assert.equal(badTag.status, 400);
      assert.equal((await fetch(url('/v2/man/bad/tags/list'))).status, 404, 'nothing was stored: the repository does not exist');
    });

    test('404s: unknown repository, tag and digest', async () => {
      const repo = await fetch(url('/v2/no/such/repo/manifests/latest'));
      assert.equal(repo.status, 404);
      assert.equal(await errorCode(repo), 'NAME_UNKNOWN');
      await pushImage('man/known', 'v1', 'known');
      const tag = await fetch(url('/v2/man/known/manifests/v2'));
      assert.equal(await errorCode(tag), 'MANIFEST_UNKNOWN');
      const digest = await fetch(url(`/v2/man/known/manifests/${digestOf('x')}`), { method: 'HEAD' });
      assert.equal(digest.status, 404);
      const tags = await fetch(url('/v2/no/such/repo/tags/list'));
      assert.equal(tags.status, 404);
      assert.equal(await errorCode(tags), 'NAME_UNKNOWN');
    });

    test('delete a tag, then the manifest', async () => {
      const { digest } = await pushImage('man/del', 'a', 'del');
      assert.equal((await fetch(url(`/v2/man/del/manifests/${digest}?tag=b&tag=c`), { method: 'PUT', body: (await pushImage('man/del', 'a', 'del')).body, headers: { 'Content-Type': MediaType.ociManifest } })).headers.get('oci-tag'), 'b, c');
      assert.equal((await fetch(url('/v2/man/del/manifests/a'), { method: 'DELETE' })).status, 202);
      assert.equal((await fetch(url('/v2/man/del/manifests/a'))).status, 404);
      assert.equal((await fetch(url('/v2/man/del/manifests/a'), { method: 'DELETE' })).status, 404);
      assert.deepEqual(((await (await fetch(url('/v2/man/del/tags/list'))).json()) as { tags: string[] }).tags, ['b', 'c']);
      assert.equal((await fetch(url(`/v2/man/del/manifests/${digest}`), { method: 'DELETE' })).status, 202);
      assert.deepEqual(((await (await fetch(url('/v2/man/del/tags/list'))).json()) as { tags: string[] }).tags, []);
      assert.equal((await fetch(url(`/v2/man/del/manifests/${digest}`), { method: 'DELETE' })).status, 404);
    });

    test('referrers', async () => {
      const subject = await pushImage('ref/app', 'v1', 'subject');
      const sbom = await pushImage('ref/app', 'sbom', 'sbom', {
        artifactType: 'application/vnd.example.sbom.v1',
        subject: { mediaType: MediaType.ociManifest, digest: subject.digest, size: subject.body.length },
        annotations: { 'org.example': 'yes' },
      });
      const response = await fetch(url(`/v2/ref/app/referrers/${subject.digest}`));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), MediaType.ociIndex);
      const listed = (await response.json()) as { manifests: { digest: string; artifactType: string; annotations: Record<string, string> }[] };
      assert.deepEqual(
        listed.manifests.map((m) => [m.digest, m.artifactType, m.annotations]),
        [[sbom.digest, 'application/vnd.example.sbom.v1', { 'org.example': 'yes' }]],
      );
      const filtered = await fetch(url(`/v2/ref/app/referrers/${subject.digest}?artifactType=other`));
      assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
      assert.deepEqual(((await filtered.json()) as { manifests: unknown[] }).manifests, []);
      const none = await fetch(url(`/v2/ref/app/referrers/${digestOf('nobody')}`));
      assert.equal(none.status, 200);
      assert.equal((await fetch(url('/v2/ref/app/referrers/sha256:zz'))).status, 400);
      await fetch(url(`/v2/ref/app/manifests/${sbom.digest}`), { method: 'DELETE' });
      assert.deepEqual(((await (await fetch(url(`/v2/ref/app/referrers/${subject.digest}`))).json()) as { manifests: unknown[] }).manifests, []);
    });
  });

  describe('listings', () => {
    test('tags with n, last and Link', async () => {
      const { body, digest } = await pushImage('list/tags', 't0', 'tags');
      const tags = ['t1', 't2', 'T3', 't4', '_t5'];
      const put = await fetch(url(`/v2/list/tags/manifests/${digest}?${tags.map((t) => `tag=${t}`).join('&')}`), { method: 'PUT', body, headers: { 'Content-Type': MediaType.ociManifest } });
      assert.equal(put.status, 201);
      const all = (await (await fetch(url('/v2/list/tags/tags/list'))).json()) as { name: string; tags: string[] };
      assert.deepEqual(all, { name: 'list/tags', tags: ['T3', '_t5', 't0', 't1', 't2', 't4'] });
      const seen: string[] = [];
      let next: string | undefined = '/v2/list/tags/tags/list?n=4';
      let pages = 0;
      while (next) {
        const response = await fetch(url(next));
        seen.push(...((await response.json()) as { tags: string[] }).tags);
        next = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
        pages++;
      }
      assert.deepEqual(seen, all.tags);
      assert.equal(pages, 2);
      const after = (await (await fetch(url('/v2/list/tags/tags/list?n=2&last=t0'))).json()) as { tags: string[] };
      assert.deepEqual(after.tags, ['t1', 't2']);
      const zero = await fetch(url('/v2/list/tags/tags/list?n=0'));
      assert.deepEqual(((await zero.json()) as { tags: string[] }).tags, []);
      assert.equal(zero.headers.get('link'), null);
      assert.equal((await fetch(url('/v2/list/tags/tags/list?n=-1'))).status, 400);
    });

    test('catalog with pagination', async () => {
      for (const name of ['cat/a', 'cat/b/c', 'cat/d']) await pushImage(name, 'v1', name);
      const all = ((await (await fetch(url('/v2/_catalog'))).json()) as { repositories: string[] }).repositories;
      assert.ok(['cat/a', 'cat/b/c', 'cat/d'].every((name) => all.includes(name)));
      assert.deepEqual(all, [...all].sort());
      assert.ok(!all.includes('cat/b'), 'a path prefix is not a repository');
      const seen: string[] = [];
      let next: string | undefined = '/v2/_catalog?n=2';
      while (next) {
        const response = await fetch(url(next));
        seen.push(...((await response.json()) as { repositories: string[] }).repositories);
        next = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      }
      assert.deepEqual(seen, all);
    });
  });

  describe('names', () => {
    test('a bad repository name is refused before it reaches the disk', async () => {
      for (const rawPath of ['/v2/UPPER/tags/list', '/v2/a/../b/tags/list', '/v2/a/%2e%2e/b/tags/list', '/v2/../../etc/tags/list', '/v2/a/_manifests/tags/list', `/v2/${'a'.repeat(256)}/tags/list`]) {
        const response = await rawRequest(running.port, 'GET', rawPath);
        assert.equal(response.status, 400, rawPath);
        assert.equal((JSON.parse(response.body) as { errors: { code: string }[] }).errors[0]!.code, 'NAME_INVALID', rawPath);
      }
      const post = await rawRequest(running.port, 'POST', '/v2/a/%2E%2E/%2E%2E/blobs/uploads/');
      assert.equal(post.status, 400);
      assert.ok(!existsSync(path.join(root, 'a')) && !existsSync(path.join(dir, 'a')));
    });
  });
});

describe('registry with --htpasswd', { timeout: 120_000 }, () => {
  let dir: string;
  let running: RunningRegistry;
  let host: string;

  before(async () => {
    dir = await tempDir();
    const file = path.join(dir, 'htpasswd');
    // As `htpasswd -B` writes it ($2y$).
    await fsp.writeFile(file, `user:${bcrypt.hashSync('pass', 5).replace(/^\$2b\$/, '$2y$')}\n`);
    running = await startRegistryServer({ address: { host: '127.0.0.1', port: 0 }, root: path.join(dir, 'root'), htpasswd: file, log: silentLogger() });
    host = running.url.replace('http://', '');
  });

  after(async () => {
    await running?.close(1000);
    await fsp.rm(dir, { recursive: true, force: true });
  });

  test('401 with a Basic challenge without credentials or with wrong ones', async () => {
    for (const headers of [{}, { Authorization: `Basic ${Buffer.from('user:wrong').toString('base64')}` }, { Authorization: 'Bearer token' }]) {
      const response = await fetch(`${running.url}/v2/`, { headers });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Basic realm="minato-registry"');
      assert.equal(await errorCode(response), 'UNAUTHORIZED');
    }
    const ok = await fetch(`${running.url}/v2/`, { headers: { Authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` } });
    assert.equal(ok.status, 200);
  });

  test('skopeo with --dest-creds pushes; a wrong password is refused', { skip: skipSkopeo }, async () => {
    const layout = path.join(dir, 'layout');
    const image = await writeOciLayout(layout, 'v1', { 'secret.txt': 'behind a password\n' });
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', 'user:pass', `oci:${layout}:v1`, `docker://${host}/private/app:v1`]);
    const inspected = JSON.parse(await skopeo(['inspect', '--tls-verify=false', '--creds', 'user:pass', `docker://${host}/private/app:v1`])) as { Digest: string };
    assert.equal(inspected.Digest, image.manifestDigest);
    const refused = await skopeoFails(['copy', '--dest-tls-verify=false', '--dest-creds', 'user:nope', `oci:${layout}:v1`, `docker://${host}/private/app:v2`]);
    assert.match(refused, /401|unauthorized|authentication required/i);
    const anonymous = await skopeoFails(['inspect', '--tls-verify=false', '--no-creds', `docker://${host}/private/app:v1`]);
    assert.match(anonymous, /401|unauthorized|authentication required/i);
  });
});
