import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { tarEntries } from '../../test/helpers/tar-entries.ts';
import { contextTar } from './context-tar.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'minato-context-tar-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let dirs = 0;
function contextDir(files: Record<string, string>): string {
  const dir = path.join(scratch, `ctx-${++dirs}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function entries(stream: Readable): Promise<Map<string, string>> {
  return new Map([...(await tarEntries(stream))].map(([name, data]) => [name, data.toString()]));
}

test('.dockerignore leaves files out; an exception brings one back; Dockerfile and .dockerignore always go', async () => {
  const dir = contextDir({
    'Dockerfile': 'FROM scratch\n',
    '.dockerignore': 'Dockerfile\n.dockerignore\nlogs\n*.tmp\n!logs/keep.txt\n',
    'logs/drop.txt': 'x',
    'logs/keep.txt': 'kept',
    'a.tmp': 'x',
    'src/main.c': 'int main;',
  });
  const tar = await contextTar(dir, undefined);
  assert.equal(tar.dockerfile, 'Dockerfile');
  const names = [...(await entries(tar.stream)).keys()].filter((name) => !name.endsWith('/')).sort();
  assert.deepEqual(names, ['.dockerignore', 'Dockerfile', 'logs/keep.txt', 'src/main.c']);
});

test('-f outside the context is sent under a generated name', async () => {
  const dir = contextDir({ 'data.txt': 'data' });
  const outside = path.join(scratch, 'Elsewhere.dockerfile');
  writeFileSync(outside, 'FROM busybox\n');
  const tar = await contextTar(dir, outside);
  assert.match(tar.dockerfile, /^\.dockerfile\.[0-9a-f]+$/);
  const sent = await entries(tar.stream);
  assert.equal(sent.get(tar.dockerfile), 'FROM busybox\n');
  assert.equal(sent.get('data.txt'), 'data');
});

test('a missing context or Dockerfile is refused with docker\'s words', async () => {
  await assert.rejects(contextTar(path.join(scratch, 'nosuch'), undefined), /unable to prepare context: path ".*nosuch" not found/);
  await assert.rejects(contextTar(contextDir({ 'x': 'y' }), undefined), /unable to evaluate symlinks in Dockerfile path: lstat .*Dockerfile: no such file or directory/);
});

test('-f - reads the Dockerfile from stdin, the context from the directory', async () => {
  const dir = contextDir({ 'data.txt': 'data' });
  const tar = await contextTar(dir, '-', Readable.from([Buffer.from('FROM busybox\nCOPY data.txt /\n')]));
  const sent = await entries(tar.stream);
  assert.equal(sent.get(tar.dockerfile), 'FROM busybox\nCOPY data.txt /\n');
  assert.equal(sent.get('data.txt'), 'data');
});

test('context - : a lone Dockerfile on stdin, or a (compressed) tar passed on as it is', async () => {
  const lone = await contextTar('-', undefined, Readable.from([Buffer.from('FROM busybox\nRUN true\n')]));
  assert.deepEqual([...(await entries(lone.stream))], [[lone.dockerfile, 'FROM busybox\nRUN true\n']]);

  const packer = pack();
  packer.entry({ name: 'Dockerfile' }, 'FROM scratch\n');
  packer.entry({ name: 'file.txt' }, 'in the tar');
  packer.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of packer) chunks.push(chunk as Buffer);
  const archive = gzipSync(Buffer.concat(chunks));
  const passed = await contextTar('-', undefined, Readable.from([archive]));
  assert.equal(passed.dockerfile, 'Dockerfile');
  const sent: Buffer[] = [];
  for await (const chunk of passed.stream) sent.push(chunk as Buffer);
  assert.deepEqual(Buffer.concat(sent), archive, 'the archive goes to the daemon unchanged');

  await assert.rejects(contextTar('-', '-', Readable.from([])), /can't use stdin for both build context and dockerfile/);
});
