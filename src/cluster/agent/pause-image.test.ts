import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { extract } from 'tar-stream';
import { Readable } from 'node:stream';
import { isStaticElf, pauseRootfs } from './pause-image.ts';

describe('pause image', () => {
  test('the host\'s catatonit is statically linked; a dynamic binary is told apart', { skip: !existsSync('/usr/bin/catatonit') && 'no catatonit' }, () => {
    assert.equal(isStaticElf(readFileSync('/usr/bin/catatonit')), true);
    assert.equal(isStaticElf(readFileSync('/bin/sh')), false, 'sh is dynamically linked');
    assert.throws(() => isStaticElf(Buffer.from('#!/bin/sh\necho not elf\n'.padEnd(80))), /not an ELF file/);
  });

  test('the root filesystem holds the binary and the mount points, the same bytes every time', async () => {
    const binary = Buffer.from('\x7fELF pretend');
    const tar = await pauseRootfs(binary);
    assert.deepEqual(await pauseRootfs(binary), tar);
    const entries: { name: string; mode: number; body: Buffer }[] = [];
    const reader = extract();
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
      stream.on('end', () => {
        entries.push({ name: header.name, mode: header.mode ?? 0, body: Buffer.concat(chunks) });
        next();
      });
    });
    const done = new Promise<void>((resolve) => reader.on('finish', () => resolve()));
    Readable.from([tar]).pipe(reader);
    await done;
    assert.deepEqual(entries.map((entry) => entry.name), ['dev/', 'etc/', 'proc/', 'sys/', 'catatonit']);
    const catatonit = entries.at(-1)!;
    assert.equal(catatonit.mode, 0o755);
    assert.deepEqual(catatonit.body, binary);
  });
});
