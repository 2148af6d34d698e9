// Images move between Minato and skopeo (containers/image, the library podman, buildah and
// CRI-O share) through archives: what `minato save` writes is at the same time a docker-archive
// and an oci-archive to skopeo, and what skopeo writes in either format (and as OCI layouts with
// gzip- or zstd-compressed layers) loads into Minato as runnable images with the right names.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { isRoot, TestDaemon } from '../helpers/test-daemon.ts';

function findSkopeo(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/local/bin'])) {
    const candidate = path.join(dir || '.', 'skopeo');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const skopeoPath = findSkopeo();
const skip = !skopeoPath ? 'skopeo is not installed (apt-get install skopeo)' : !isRoot() ? 'needs root: runs a real daemon and containers' : false;

/** Runs a tool (stdin unused); rejects with its stderr when it fails. */
async function run(command: string, args: string[]): Promise<string> {
  try {
    return (await promisify(execFile)(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 })).stdout;
  } catch (err) {
    const failure = err as { code?: number; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} exited ${failure.code}\n${failure.stderr ?? String(err)}`);
  }
}

const sha256Of = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

describe('archives between minato and skopeo', { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();
  let busyboxId: string;
  let manifestDigest: string;
  let diffId: string;
  const file = (name: string) => path.join(daemon.dir, name);

  async function skopeo(...args: string[]): Promise<string> {
    // skopeo reads policy.json; pass one that accepts everything so a bare machine works too.
    return run(skopeoPath!, ['--insecure-policy', ...args]);
  }
  const skopeoInspect = async (...args: string[]) => JSON.parse(await skopeo('inspect', ...args));

  /** The OCI layout directory as a tar (what `tar -C DIR -cf FILE .` gives). */
  async function tarDirectory(dir: string, out: string): Promise<void> {
    await run('tar', ['-C', dir, '-cf', out, '.']);
  }

  /** The layer blob the layout's (only) manifest names, with its media type. */
  function layoutLayer(dir: string): { mediaType: string; data: Buffer } {
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
    const blob = (digest: string) => readFileSync(path.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)));
    const manifest = JSON.parse(blob(index.manifests[0].digest).toString());
    return { mediaType: manifest.layers[0].mediaType, data: blob(manifest.layers[0].digest) };
  }

  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
    const image = JSON.parse(await daemon.ok(['image', 'inspect', 'busybox']))[0];
    busyboxId = image.Id;
    manifestDigest = image.Descriptor.digest;
    diffId = image.RootFS.Layers[0];
    await daemon.ok(['save', '-o', file('x.tar'), 'busybox']);
  });
  after(() => daemon.cleanup());

  test('skopeo reads what minato save writes as a docker-archive', async () => {
    const info = await skopeoInspect(`docker-archive:${file('x.tar')}`);
    assert.deepEqual(info.Layers, [diffId]);
    assert.equal(info.Os, 'linux');
    const config = Buffer.from(await skopeo('inspect', '--config', '--raw', `docker-archive:${file('x.tar')}`));
    assert.equal(sha256Of(config), busyboxId, 'the config is passed on byte for byte');
    await skopeo('copy', '--quiet', `docker-archive:${file('x.tar')}`, `oci:${file('from-docker-archive')}:busybox:latest`);
    const copied = await skopeoInspect(`oci:${file('from-docker-archive')}:busybox:latest`);
    assert.equal(copied.Layers.length, 1);
    assert.equal(copied.Os, 'linux');
  });

  test('skopeo reads the same file as an oci-archive, keeping manifest and config digests', async () => {
    const info = await skopeoInspect(`oci-archive:${file('x.tar')}`);
    assert.equal(info.Digest, manifestDigest);
    assert.deepEqual(info.Layers, [diffId]);
    const config = Buffer.from(await skopeo('inspect', '--config', '--raw', `oci-archive:${file('x.tar')}`));
    assert.equal(sha256Of(config), busyboxId);
    await skopeo('copy', '--quiet', `oci-archive:${file('x.tar')}`, `oci:${file('layout')}:busybox:latest`);
    const copied = await skopeoInspect(`oci:${file('layout')}:busybox:latest`);
    assert.equal(copied.Os, 'linux');
    const config2 = Buffer.from(await skopeo('inspect', '--config', '--raw', `oci:${file('layout')}:busybox:latest`));
    assert.equal(sha256Of(config2), busyboxId, 'an OCI-to-OCI copy keeps the image ID');
  });

  test('a docker-archive written by skopeo loads with its name and runs', async () => {
    await skopeo('copy', '--quiet', `oci:${file('layout')}:busybox:latest`, `docker-archive:${file('y.tar')}:example.com/team/app:v1`);
    assert.equal(await daemon.ok(['load', '-i', file('y.tar')]), 'Loaded image: example.com/team/app:v1');
    const image = JSON.parse(await daemon.ok(['image', 'inspect', 'example.com/team/app:v1']))[0];
    // skopeo kept the config, so this is the busybox image (same ID) under one more name.
    assert.equal(image.Id, busyboxId);
    assert.deepEqual(image.RepoTags.toSorted(), ['busybox:latest', 'example.com/team/app:v1']);
    assert.deepEqual(image.RootFS.Layers, [diffId]);
    assert.equal(await daemon.ok(['run', '--rm', 'example.com/team/app:v1', 'echo', 'ok']), 'ok');
  });

  test('an oci-archive written by skopeo loads with its name and runs', async () => {
    await skopeo('copy', '--quiet', `oci:${file('layout')}:busybox:latest`, `oci-archive:${file('z.tar')}:app:v2`);
    assert.equal(await daemon.ok(['load', '-i', file('z.tar')]), 'Loaded image: app:v2');
    assert.equal(await daemon.ok(['image', 'inspect', '-f', '{{.Id}}', 'app:v2']), busyboxId, 'same config, same image ID');
    assert.equal(await daemon.ok(['image', 'inspect', '-f', '{{index .RepoTags 0}}', 'docker.io/library/app:v2']), 'app:v2');
    assert.equal(await daemon.ok(['run', '--rm', 'app:v2', 'echo', 'ok']), 'ok');
  });

  test('an OCI layout with gzip-compressed layers (skopeo --dest-compress-format gzip) loads and runs', async () => {
    const dir = file('layout-gzip');
    await skopeo('copy', '--quiet', '--dest-compress', '--dest-compress-format', 'gzip', `oci:${file('layout')}:busybox:latest`, `oci:${dir}:gz:v3`);
    const layer = layoutLayer(dir);
    assert.equal(layer.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
    assert.deepEqual([...layer.data.subarray(0, 2)], [0x1f, 0x8b], 'the layer really is gzip');
    await tarDirectory(dir, file('gz.tar'));
    assert.equal(await daemon.ok(['load', '-i', file('gz.tar')]), 'Loaded image: gz:v3');
    assert.equal(await daemon.ok(['image', 'inspect', '-f', '{{index .RootFS.Layers 0}}', 'gz:v3']), diffId);
    assert.equal(await daemon.ok(['run', '--rm', 'gz:v3', 'echo', 'ok']), 'ok');

    // Saved again, the compressed layer still reads in skopeo as both archive kinds.
    await daemon.ok(['save', '-o', file('gz-resaved.tar'), 'gz:v3']);
    const layerDigest = `sha256:${createHash('sha256').update(layer.data).digest('hex')}`;
    assert.deepEqual((await skopeoInspect(`oci-archive:${file('gz-resaved.tar')}`)).Layers, [layerDigest], 'the gzip blob is saved as it came');
    for (const transport of ['oci-archive', 'docker-archive']) {
      const config = Buffer.from(await skopeo('inspect', '--config', '--raw', `${transport}:${file('gz-resaved.tar')}`));
      assert.equal(sha256Of(config), busyboxId, transport);
    }
    await skopeo('copy', '--quiet', `docker-archive:${file('gz-resaved.tar')}`, `oci:${file('layout-resaved')}:again`);
    assert.ok(readdirSync(path.join(file('layout-resaved'), 'blobs', 'sha256')).length >= 3);
  });

  test('an OCI layout with zstd-compressed layers loads and runs', async () => {
    const dir = file('layout-zstd');
    await skopeo('copy', '--quiet', '--dest-compress', '--dest-compress-format', 'zstd', `oci:${file('layout')}:busybox:latest`, `oci:${dir}:zst:v4`);
    assert.equal(layoutLayer(dir).mediaType, 'application/vnd.oci.image.layer.v1.tar+zstd');
    await tarDirectory(dir, file('zstd.tar'));
    assert.equal(await daemon.ok(['load', '-i', file('zstd.tar')]), 'Loaded image: zst:v4');
    assert.equal(await daemon.ok(['run', '--rm', 'zst:v4', 'echo', 'ok']), 'ok');
  });

  test('an uncompressed OCI layout from skopeo loads too', async () => {
    const dir = file('layout-plain');
    await skopeo('copy', '--quiet', '--dest-oci-accept-uncompressed-layers', `oci-archive:${file('x.tar')}`, `oci:${dir}:plain:v5`);
    assert.equal(layoutLayer(dir).mediaType, 'application/vnd.oci.image.layer.v1.tar');
    await tarDirectory(dir, file('plain.tar'));
    assert.equal(await daemon.ok(['load', '-i', file('plain.tar')]), 'Loaded image: plain:v5');
    assert.equal(await daemon.ok(['image', 'inspect', '-f', '{{.Id}}', 'plain:v5']), busyboxId);
    assert.equal(await daemon.ok(['run', '--rm', 'plain:v5', 'echo', 'ok']), 'ok');
  });
});
