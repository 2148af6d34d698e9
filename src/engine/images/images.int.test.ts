// Images through the minato CLI against a real daemon: import (plain, gzip, stdin, --change),
// Docker's name rules, tag / rmi and their conflicts, inspect and history, prune removing blobs
// and unpacked layers from disk, one unpacked layer shared by containers, save/load round trips
// and archives that must be refused.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { writeBusyboxRootfs } from '../../../test/fixtures/busybox-rootfs.ts';
import { isRoot, TestDaemon } from '../../../test/helpers/test-daemon.ts';

/** Runs a tool that reads no stdin (the helper's runProcess writes stdin, racing fast exits). */
const run = async (command: string, args: string[]) => (await promisify(execFile)(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;

const skip = isRoot() ? false : 'needs root: runs a real daemon and containers';

const sha256File = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
const hexOf = (digest: string) => digest.replace(/^sha256:/, '');

/** A tar built in memory from [name, content] pairs (names are written as given). */
function tarOf(entries: [string, string][]): Promise<Buffer> {
  const tar = pack();
  for (const [name, content] of entries) tar.entry({ name }, content);
  tar.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    tar.on('data', (chunk) => chunks.push(chunk as Buffer));
    tar.on('end', () => resolve(Buffer.concat(chunks)));
    tar.on('error', reject);
  });
}

describe('images', { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();
  let plainTar: string;
  let busyboxId: string;
  const blobsDir = () => path.join(daemon.dataRoot, 'content', 'blobs', 'sha256');
  const layersDir = () => path.join(daemon.dataRoot, 'snapshots', 'layers');
  const layerDirs = () => readdirSync(layersDir()).filter((name) => /^[a-f0-9]{64}$/.test(name));
  const inspect = async (name: string) => JSON.parse(await daemon.ok(['image', 'inspect', name]))[0];
  const imageId = (name: string) => daemon.ok(['image', 'inspect', '-f', '{{.Id}}', name]);
  const imageRows = async () => (await daemon.ok(['images'])).split('\n').slice(1).map((line) => line.split(/\s{2,}/));

  /** A busybox rootfs with one file of its own, so that its layer is shared with no other image. */
  async function uniqueRootfs(name: string): Promise<string> {
    const file = path.join(daemon.dir, `${name}.tar`);
    await writeBusyboxRootfs(file, { files: { 'unique.txt': randomUUID() } });
    return file;
  }

  before(async () => {
    await daemon.start();
    plainTar = path.join(daemon.dir, 'busybox-rootfs.tar');
    await writeBusyboxRootfs(plainTar);
    busyboxId = await daemon.ok(['import', plainTar, 'busybox']);
  });
  after(() => daemon.cleanup());

  test('import of a plain rootfs tar prints the image ID; its one layer is the tar itself', async () => {
    assert.match(busyboxId, /^sha256:[a-f0-9]{64}$/);
    const image = await inspect('busybox');
    assert.equal(image.Id, busyboxId);
    assert.deepEqual(image.RepoTags, ['busybox:latest']);
    assert.equal(image.RootFS.Type, 'layers');
    assert.deepEqual(image.RootFS.Layers, [sha256File(plainTar)]);
    assert.equal(image.Os, 'linux');
    assert.equal(image.Comment, 'Imported from -');
    assert.ok(image.Config.Env.some((entry: string) => entry.startsWith('PATH=')));
    assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'echo', 'plain ok']), 'plain ok');
  });

  test('import of a gzip-compressed rootfs gives the same layer (diff ID) and runs', async () => {
    const gz = path.join(daemon.dir, 'busybox-rootfs.tar.gz');
    writeFileSync(gz, gzipSync(readFileSync(plainTar)));
    const id = await daemon.ok(['import', gz, 'gzbox:1']);
    assert.notEqual(id, busyboxId, 'a new import is a new image (its config has its own creation time)');
    const image = await inspect('gzbox:1');
    assert.deepEqual(image.RootFS.Layers, [sha256File(plainTar)]);
    assert.equal(image.Size, readFileSync(plainTar).length, 'Size counts the uncompressed layer');
    assert.equal(await daemon.ok(['run', '--rm', 'gzbox:1', 'cat', '/www/index.html']), '<h1>hello from minato</h1>');
  });

  test('import - reads stdin; --change and --message shape the image config', async () => {
    const id = await daemon.ok(['import', '--change', 'CMD ["echo", "from stdin"]', '--change', 'ENV MODE=test', '-m', 'piped in', '-', 'stdinbox:v1'], { input: readFileSync(plainTar) });
    assert.match(id, /^sha256:[a-f0-9]{64}$/);
    const image = await inspect('stdinbox:v1');
    assert.equal(image.Id, id);
    assert.deepEqual(image.Config.Cmd, ['echo', 'from stdin']);
    assert.ok(image.Config.Env.includes('MODE=test'));
    assert.equal(image.Comment, 'piped in');
    assert.equal(await daemon.ok(['run', '--rm', 'stdinbox:v1']), 'from stdin');
  });

  test('import refuses a digest reference, a bad name and a file that is not a tar', async () => {
    const digestRef = await daemon.minato(['import', plainTar, `busybox@sha256:${'a'.repeat(64)}`]);
    assert.equal(digestRef.code, 1);
    assert.match(digestRef.stderr, /cannot import digest reference/);
    const badName = await daemon.minato(['import', plainTar, 'Bad/Name']);
    assert.equal(badName.code, 1);
    assert.match(badName.stderr, /invalid reference format/);
    const blobsBefore = readdirSync(blobsDir()).sort();
    const junk = path.join(daemon.dir, 'junk.bin');
    writeFileSync(junk, Buffer.alloc(4096, 7));
    const notTar = await daemon.minato(['import', junk, 'junk']);
    assert.equal(notTar.code, 1);
    assert.match(notTar.stderr, /^Error response from daemon: .*tar/);
    assert.equal((await daemon.minato(['image', 'inspect', 'junk'])).code, 1);
    assert.deepEqual(readdirSync(blobsDir()).sort(), blobsBefore, 'the refused upload is not kept');
  });

  test('busybox, library/busybox and docker.io/library/busybox:latest are one image', async () => {
    for (const name of ['busybox', 'busybox:latest', 'library/busybox', 'docker.io/library/busybox', 'docker.io/library/busybox:latest', 'index.docker.io/library/busybox:latest']) {
      assert.equal(await imageId(name), busyboxId, name);
    }
    const rows = await imageRows();
    assert.deepEqual(rows.filter((row) => row[2] === busyboxId.slice(7, 19)).map((row) => row.slice(0, 2)), [['busybox', 'latest']]);
    // Tagging under the long name adds no second row: it is the same tag.
    await daemon.ok(['tag', 'busybox', 'docker.io/library/busybox:latest']);
    assert.deepEqual((await inspect('busybox')).RepoTags, ['busybox:latest']);
    const missing = await daemon.minato(['image', 'inspect', 'busybox:nosuchtag']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No such image: busybox:nosuchtag/);
  });

  test('rmi of one of two tags keeps the image; rmi of the last tag deletes it and its layer', async () => {
    const rootfs = await uniqueRootfs('twotags');
    const id = await daemon.ok(['import', rootfs, 'twotags:a']);
    await daemon.ok(['tag', 'twotags:a', 'example.com/team/twotags:b']);
    assert.deepEqual((await inspect(id)).RepoTags.toSorted(), ['example.com/team/twotags:b', 'twotags:a']);
    assert.equal(await daemon.ok(['rmi', 'twotags:a']), 'Untagged: twotags:a');
    assert.equal(await imageId('example.com/team/twotags:b'), id);
    const layerBlob = path.join(blobsDir(), hexOf(sha256File(rootfs)));
    assert.ok(existsSync(layerBlob));
    const lines = (await daemon.ok(['rmi', 'example.com/team/twotags:b'])).split('\n');
    assert.equal(lines[0], 'Untagged: example.com/team/twotags:b');
    assert.equal(lines[1], `Deleted: ${id}`);
    assert.equal((await daemon.minato(['image', 'inspect', id])).code, 1);
    assert.ok(!existsSync(layerBlob), 'the layer blob no other image uses went with the image');
    assert.ok(!existsSync(path.join(blobsDir(), hexOf(id))), 'so did the config blob');
  });

  test('rmi by ID of an image with several tags needs -f, which removes every tag', async () => {
    const id = await daemon.ok(['import', plainTar, 'multi:1']);
    await daemon.ok(['tag', 'multi:1', 'multi:2']);
    const refused = await daemon.minato(['rmi', id.slice(7, 19)]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim(), `Error response from daemon: conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
    assert.equal(await imageId('multi:2'), id);
    assert.deepEqual((await daemon.ok(['rmi', '-f', id.slice(7, 19)])).split('\n'), ['Untagged: multi:1', 'Untagged: multi:2', `Deleted: ${id}`]);
    assert.equal((await daemon.minato(['image', 'inspect', 'multi:1'])).code, 1);
  });

  test('rmi of an image a container uses is refused with 409 as Docker words it; -f rules', async () => {
    const id = await daemon.ok(['import', plainTar, 'inuse']);
    const short = id.slice(7, 19);
    const container = await daemon.ok(['create', 'inuse', 'true']);
    const byName = await daemon.minato(['rmi', 'inuse']);
    assert.equal(byName.code, 1);
    assert.equal(byName.stderr.trim(), `Error response from daemon: conflict: unable to remove repository reference "inuse" (must force) - container ${container.slice(0, 12)} is using its referenced image ${short}`);
    const status = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'DELETE', '--unix-socket', daemon.socket, 'http://d/images/inuse']);
    assert.equal(status, '409');
    const byId = await daemon.minato(['rmi', short]);
    assert.equal(byId.stderr.trim(), `Error response from daemon: conflict: unable to delete ${short} (must be forced) - image is being used by stopped container ${container.slice(0, 12)}`);

    // A running container blocks even -f by ID; -f by name only untags (the image stays, dangling).
    const running = await daemon.ok(['run', '-d', 'inuse', 'sleep', '300']);
    const forcedId = await daemon.minato(['rmi', '-f', short]);
    assert.equal(forcedId.code, 1);
    assert.equal(forcedId.stderr.trim(), `Error response from daemon: conflict: unable to delete ${short} (cannot be forced) - image is being used by running container ${running.slice(0, 12)}`);
    assert.equal(await daemon.ok(['rmi', '-f', 'inuse']), 'Untagged: inuse:latest');
    assert.deepEqual((await inspect(id)).RepoTags, []);
    await daemon.ok(['rm', '-f', running]);

    // With only a stopped container left, -f by ID deletes the image; the container stays usable.
    assert.equal(await daemon.ok(['rmi', '-f', short]), `Deleted: ${id}`);
    assert.equal((await daemon.minato(['image', 'inspect', id])).code, 1);
    await daemon.ok(['start', container]);
    assert.equal(await daemon.ok(['wait', container]), '0');
    await daemon.ok(['rm', container]);
  });

  test('image inspect reports Id, RepoTags, RootFS.Layers and Config; history shows the import', async () => {
    const image = await inspect('stdinbox:v1');
    assert.match(image.Id, /^sha256:[a-f0-9]{64}$/);
    assert.deepEqual(image.RepoTags, ['stdinbox:v1']);
    assert.deepEqual(image.RepoDigests, []);
    assert.equal(image.RootFS.Layers.length, 1);
    assert.equal(typeof image.Config, 'object');
    assert.equal(image.Architecture, (await inspect('busybox')).Architecture);
    assert.ok(Date.parse(image.Created) > Date.now() - 3_600_000);
    assert.equal(await daemon.ok(['image', 'inspect', '-f', '{{.Size}}', 'stdinbox:v1']), String(readFileSync(plainTar).length));

    const history = JSON.parse(`[${(await daemon.ok(['history', '--no-trunc', '--format', '{{json .}}', 'stdinbox:v1'])).split('\n').join(',')}]`);
    assert.equal(history.length, 1);
    assert.equal(history[0].ID, image.Id);
    assert.equal(history[0].Comment, 'piped in');
    const table = (await daemon.ok(['history', 'busybox'])).split('\n');
    assert.match(table[0]!, /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
    assert.match(table[1]!, new RegExp(`^${busyboxId.slice(7, 19)}\\s.*\\s2\\.\\d+MB\\s+Imported from -$`));
  });

  test('image prune removes a dangling image, its blobs and its unpacked layer; tagged images stay', async () => {
    const rootfs = await uniqueRootfs('dangling');
    const oldId = await daemon.ok(['import', rootfs, 'danglebox']);
    assert.equal(await daemon.ok(['run', '--rm', 'danglebox', 'cat', '/unique.txt']), readUniqueText(rootfs));
    const diffId = sha256File(rootfs);
    const manifestDigest = (await inspect(oldId)).Descriptor.digest;
    const layerBlob = path.join(blobsDir(), hexOf(diffId));
    const configBlob = path.join(blobsDir(), hexOf(oldId));
    const manifestBlob = path.join(blobsDir(), hexOf(manifestDigest));
    const unpacked = path.join(layersDir(), hexOf(diffId)); // one layer: its chain ID is its diff ID
    for (const file of [layerBlob, configBlob, manifestBlob, unpacked]) assert.ok(existsSync(file), `${file} exists before the prune`);

    // Importing another image under the same name leaves the first one dangling.
    await daemon.ok(['import', plainTar, 'danglebox']);
    assert.deepEqual((await daemon.ok(['images', '-q', '--no-trunc', '-f', 'dangling=true'])).split('\n'), [oldId]);

    const output = await daemon.ok(['image', 'prune', '-f']);
    assert.match(output, /^Deleted Images:\n/);
    assert.ok(output.includes(`deleted: ${oldId}`), output);
    assert.match(output, /Total reclaimed space: [0-9.]+[kM]?B$/);
    for (const file of [layerBlob, configBlob, manifestBlob, unpacked]) assert.ok(!existsSync(file), `${file} is gone after the prune`);
    assert.equal((await daemon.minato(['image', 'inspect', oldId])).code, 1);
    assert.equal(await daemon.ok(['run', '--rm', 'danglebox', 'echo', 'still here']), 'still here');
    assert.equal(await imageId('busybox'), busyboxId);
    assert.ok(existsSync(path.join(layersDir(), hexOf(sha256File(plainTar)))), 'the layer tagged images use stays');
    assert.equal(await daemon.ok(['images', '-q', '-f', 'dangling=true']), '');
  });

  test('image prune --filter until= spares images newer than the limit', async () => {
    await daemon.ok(['import', plainTar, 'recent']);
    await daemon.ok(['import', plainTar, 'recent']);
    const dangling = await daemon.ok(['images', '-q', '--no-trunc', '-f', 'dangling=true']);
    assert.match(dangling, /^sha256:/);
    assert.equal(await daemon.ok(['image', 'prune', '-f', '--filter', 'until=1h']), 'Total reclaimed space: 0B');
    assert.equal(await daemon.ok(['images', '-q', '--no-trunc', '-f', 'dangling=true']), dangling);
    assert.ok((await daemon.ok(['image', 'prune', '-f'])).includes(`deleted: ${dangling}`));
  });

  test('containers of one image share one unpacked layer', async () => {
    const rootfs = await uniqueRootfs('shared');
    await daemon.ok(['import', rootfs, 'sharedbox']);
    const chainId = hexOf(sha256File(rootfs)); // one layer: its chain ID is its diff ID
    const layerRoot = path.join(layersDir(), chainId);
    const inodeBefore = existsSync(layerRoot) ? statSync(layerRoot).ino : undefined;
    const layersBefore = layerDirs();
    const first = await daemon.ok(['run', '-d', 'sharedbox', 'sleep', '300']);
    const second = await daemon.ok(['run', '-d', 'sharedbox', 'sleep', '300']);
    const added = layerDirs().filter((name) => !layersBefore.includes(name));
    assert.deepEqual(added, inodeBefore === undefined ? [chainId] : [], 'at most one new unpacked layer, the image\'s');
    if (inodeBefore !== undefined) assert.equal(statSync(layerRoot).ino, inodeBefore, 'the layer unpacked at import is the one used, not unpacked again');
    // Both root filesystems are overlay mounts over that one directory.
    for (const container of [first, second]) {
      const mount = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((line) => line.includes(`/containers/${container}/rootfs `));
      assert.ok(mount, `the rootfs of ${container} is mounted`);
      assert.equal(/lowerdir=([^,\s]+)/.exec(mount)?.[1], `${chainId}/fs`);
    }
    const layerPath = path.join(layerRoot, 'fs');
    assert.equal(readFileSync(path.join(layerPath, 'unique.txt'), 'utf8'), readUniqueText(rootfs));
    // Once the image is deleted (rmi -f with only stopped containers), the containers still hold
    // the layer: neither the removal nor a prune may take it away.
    await daemon.ok(['kill', first, second]);
    await daemon.ok(['wait', first, second]);
    const sharedId = (await inspect('sharedbox')).Id;
    assert.equal(await daemon.ok(['rmi', '-f', 'sharedbox']), `Untagged: sharedbox:latest\nDeleted: ${sharedId}`);
    await daemon.ok(['image', 'prune', '-f']);
    assert.ok(existsSync(layerPath));
    await daemon.ok(['start', first]);
    assert.equal(await daemon.ok(['exec', first, 'cat', '/unique.txt']), readUniqueText(rootfs));
    await daemon.ok(['rm', '-f', first, second]);
    await daemon.ok(['image', 'prune', '-f']);
    assert.ok(!existsSync(path.join(layersDir(), chainId)), 'unused once the containers are gone');
  });

  test('save, rmi, load gives back the same image ID, names and a runnable image', async () => {
    const rootfs = await uniqueRootfs('roundtrip');
    const id = await daemon.ok(['import', '--change', 'CMD ["cat", "/unique.txt"]', rootfs, 'roundtrip:1.0']);
    await daemon.ok(['tag', 'roundtrip:1.0', 'localhost:5000/team/roundtrip:1.0']);
    const archive = path.join(daemon.dir, 'saved-roundtrip.tar');
    await daemon.ok(['save', '-o', archive, 'roundtrip:1.0', 'localhost:5000/team/roundtrip:1.0']);
    const listing = (await run('tar', ['-tf', archive])).split('\n');
    for (const name of ['oci-layout', 'index.json', 'manifest.json', `blobs/sha256/${hexOf(id)}`]) assert.ok(listing.includes(name), `${name} in the archive`);
    await daemon.ok(['rmi', '-f', id]);
    assert.equal((await daemon.minato(['image', 'inspect', id])).code, 1);
    const loaded = await daemon.ok(['load', '-i', archive]);
    assert.deepEqual(loaded.split('\n').sort(), ['Loaded image: localhost:5000/team/roundtrip:1.0', 'Loaded image: roundtrip:1.0']);
    assert.equal(await imageId('roundtrip:1.0'), id);
    assert.equal(await imageId('localhost:5000/team/roundtrip:1.0'), id);
    assert.equal(await daemon.ok(['run', '--rm', 'roundtrip:1.0']), readUniqueText(rootfs));

    // From stdin too, and a second load of the same archive changes nothing.
    assert.equal((await daemon.ok(['load'], { input: readFileSync(archive) })).split('\n').length, 2);
    assert.equal(await imageId('roundtrip:1.0'), id);

    // Loading over a name that moved on says so, as docker load does; the other image stays, dangling.
    const other = await daemon.ok(['import', plainTar, 'roundtrip:1.0']);
    assert.deepEqual((await daemon.ok(['load', '-i', archive])).split('\n'), [
      `The image roundtrip:1.0 already exists, renaming the old one with ID ${other} to empty string`,
      'Loaded image: roundtrip:1.0',
      'Loaded image: localhost:5000/team/roundtrip:1.0',
    ]);
    assert.equal(await imageId('roundtrip:1.0'), id);
    assert.deepEqual((await inspect(other)).RepoTags, []);

    // A gzip-compressed archive loads as docker load takes it.
    writeFileSync(`${archive}.gz`, gzipSync(readFileSync(archive)));
    await daemon.ok(['rmi', '-f', id]);
    assert.match(await daemon.ok(['load', '-i', `${archive}.gz`]), /Loaded image: roundtrip:1.0/);
    assert.equal(await imageId('roundtrip:1.0'), id);
  });

  test('a two-layer image round-trips and runs on snapshots keyed by chain ID', async () => {
    const maker = await daemon.ok(['run', '-d', 'busybox', 'sh', '-c', 'echo second > /second.txt; rm /www/index.html']);
    await daemon.ok(['wait', maker]);
    const id = await daemon.ok(['commit', maker, 'layered:2']);
    assert.match(id, /^sha256:[a-f0-9]{64}$/);
    await daemon.ok(['rm', maker]);
    const diffIds: string[] = (await inspect('layered:2')).RootFS.Layers;
    assert.equal(diffIds.length, 2);
    assert.equal(diffIds[0], sha256File(plainTar));
    const archive = path.join(daemon.dir, 'layered.tar');
    await daemon.ok(['save', '-o', archive, 'layered:2']);
    await daemon.ok(['rmi', 'layered:2']);
    assert.equal(await daemon.ok(['load', '-i', archive]), 'Loaded image: layered:2');
    assert.equal(await imageId('layered:2'), id);
    assert.equal(await daemon.ok(['run', '--rm', 'layered:2', 'sh', '-c', 'cat /second.txt; ls /www | wc -l']), 'second\n0');
    const topChainId = createHash('sha256').update(`${diffIds[0]} ${diffIds[1]}`).digest('hex');
    assert.ok(existsSync(path.join(layersDir(), topChainId, 'fs', 'second.txt')), 'the top layer is unpacked under its chain ID');
    assert.ok(existsSync(path.join(layersDir(), hexOf(diffIds[0]!), 'fs', 'bin', 'busybox')), 'on the shared base layer');
    assert.equal(readdirSync(path.join(layersDir(), topChainId, 'fs')).includes('bin'), false, 'the top layer holds only its changes');
    assert.match(await daemon.ok(['history', '-q', 'layered:2']), /^[a-f0-9]{12}\n<missing>$/);
  });

  test('save by ID records no name; load then prints the ID', async () => {
    const id = await daemon.ok(['import', plainTar, 'byid']);
    const archive = path.join(daemon.dir, 'byid.tar');
    await daemon.ok(['save', '-o', archive, id.slice(7, 19)]);
    await daemon.ok(['rmi', 'byid']);
    assert.equal(await daemon.ok(['load', '-i', archive]), `Loaded image ID: ${id}`);
    assert.deepEqual((await inspect(id)).RepoTags, []);
    const missing = await daemon.minato(['save', '-o', path.join(daemon.dir, 'none.tar'), 'nosuchimage']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No such image: nosuchimage/);
    assert.ok(!existsSync(path.join(daemon.dir, 'none.tar')));
  });

  test('a reader that goes away mid-save, or a blob missing from the store, does not take the daemon down', async () => {
    const rootfs = await uniqueRootfs('fragile');
    const id = await daemon.ok(['import', rootfs, 'fragile']);
    for (const bytes of [100, 4096, 600_000]) {
      // curl stops reading after `bytes`; the daemon sees the connection close mid-archive.
      await run('sh', ['-c', `curl -s --unix-socket '${daemon.socket}' 'http://d/images/get?names=fragile' | head -c ${bytes} > /dev/null`]);
    }
    assert.match(await daemon.ok(['version']), /Server/);
    const layerBlob = path.join(blobsDir(), hexOf(sha256File(rootfs)));
    rmSync(layerBlob);
    const result = await daemon.minato(['save', '-o', path.join(daemon.dir, 'fragile-saved.tar'), 'fragile']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), `Error response from daemon: cannot save fragile:latest: its blob ${sha256File(rootfs)} is missing from the content store`);
    assert.ok(!existsSync(path.join(daemon.dir, 'fragile-saved.tar')));
    assert.equal(await daemon.ok(['rmi', 'fragile']), `Untagged: fragile:latest\nDeleted: ${id}\nDeleted: ${sha256File(rootfs)}`);
    assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'echo', 'alive']), 'alive');
  });

  test('loading garbage, an empty file or a tar without a manifest fails clearly and leaves nothing behind', async () => {
    const blobsBefore = readdirSync(blobsDir()).sort();
    const garbage = path.join(daemon.dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    const empty = path.join(daemon.dir, 'empty.tar');
    writeFileSync(empty, '');
    const noManifest = path.join(daemon.dir, 'no-manifest.tar');
    writeFileSync(noManifest, await tarOf([['hello.txt', 'hello\n'], ['etc/passwd', 'root:x:0:0::/:/bin/sh\n']]));
    const badJson = path.join(daemon.dir, 'bad-json.tar');
    writeFileSync(badJson, await tarOf([['manifest.json', '{not json']]));
    const missingBlob = path.join(daemon.dir, 'missing-blob.tar');
    writeFileSync(missingBlob, await tarOf([['manifest.json', JSON.stringify([{ Config: 'config.json', RepoTags: ['ghost:1'], Layers: ['layer.tar'] }])]]));
    const cases: [string, RegExp][] = [
      [garbage, /Error response from daemon: .*(tar|archive)/i],
      [empty, /Error response from daemon: the archive is empty or not a tar file/],
      [noManifest, /Error response from daemon: not an image archive: it has neither manifest\.json \(docker save\) nor oci-layout and index\.json/],
      [badJson, /Error response from daemon: archive file "manifest\.json" is not valid JSON/],
      [missingBlob, /Error response from daemon: the archive has no file "config\.json"/],
    ];
    for (const [file, message] of cases) {
      const result = await daemon.minato(['load', '-i', file]);
      assert.equal(result.code, 1, file);
      assert.match(result.stderr, message, file);
    }
    const noFile = await daemon.minato(['load', '-i', path.join(daemon.dir, 'nosuchfile.tar')]);
    assert.equal(noFile.code, 1);
    assert.match(noFile.stderr, /no such file or directory/);
    assert.deepEqual(readdirSync(blobsDir()).sort(), blobsBefore, 'failed loads leave no blobs behind');
    assert.equal((await daemon.minato(['image', 'inspect', 'ghost:1'])).code, 1);
    assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'echo', 'alive']), 'alive');
  });

  test('a load archive with entries outside itself (../x, /abs) is refused and writes nothing there', async () => {
    const marker = `minato-escape-${randomUUID()}`;
    for (const name of [`../${marker}`, `/tmp/${marker}`, `blobs/../../${marker}`]) {
      const archive = path.join(daemon.dir, 'hostile.tar');
      writeFileSync(archive, await tarOf([['manifest.json', '[]'], [name, 'evil']]));
      const result = await daemon.minato(['load', '-i', archive]);
      assert.equal(result.code, 1, name);
      assert.match(result.stderr, /path leaves the archive/, name);
    }
    for (const dir of [path.dirname(daemon.dataRoot), daemon.dataRoot, path.join(daemon.dataRoot, 'content'), '/tmp']) {
      assert.ok(!existsSync(path.join(dir, marker)), `nothing written in ${dir}`);
    }
    // A manifest.json naming a file outside the archive is refused the same way.
    const archive = path.join(daemon.dir, 'hostile-manifest.tar');
    writeFileSync(archive, await tarOf([['manifest.json', JSON.stringify([{ Config: '../../etc/passwd', Layers: [] }])]]));
    const result = await daemon.minato(['load', '-i', archive]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /path leaves the archive/);
    assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'echo', 'alive']), 'alive');
  });
});

/** The random text of a uniqueRootfs tar. */
function readUniqueText(rootfs: string): string {
  return execFileSync('tar', ['-xOf', rootfs, 'unique.txt'], { encoding: 'utf8' });
}
