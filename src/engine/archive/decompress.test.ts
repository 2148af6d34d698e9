import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { isMinatoError } from '../../util/errors.ts';
import { decompressionError, detectCompression, openLayerStream } from './decompress.ts';
import { streamOf } from './testing.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const payload = Buffer.from('a tar stream would be here '.repeat(500));

describe('detectCompression', () => {
  it('recognises gzip and zstd magic numbers', () => {
    assert.equal(detectCompression(Buffer.from([0x1f, 0x8b, 0x08, 0x00])), 'gzip');
    assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), 'zstd');
    assert.equal(detectCompression(Buffer.from('ustar')), 'none');
    assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f])), 'none');
    assert.equal(detectCompression(Buffer.alloc(0)), 'none');
  });
});

describe('openLayerStream', () => {
  for (const [compression, compress] of [
    ['none', (data: Buffer) => data],
    ['gzip', (data: Buffer) => zlib.gzipSync(data)],
    ['zstd', (data: Buffer) => zlib.zstdCompressSync(data)],
  ] as const) {
    for (const chunkSize of [1, 3, 65536]) {
      it(`returns the uncompressed bytes of ${compression} input in ${chunkSize}-byte chunks`, async () => {
        const opened = await openLayerStream(streamOf(compress(payload), chunkSize));
        assert.equal(opened.compression, compression);
        assert.deepEqual(await readAll(opened.stream), payload);
      });
    }
  }

  it('handles input shorter than the magic numbers', async () => {
    for (const input of [Buffer.alloc(0), Buffer.from([0x1f]), Buffer.from('ab'), Buffer.from([0x28, 0xb5, 0x2f])]) {
      const opened = await openLayerStream(streamOf(input, 1));
      assert.equal(opened.compression, 'none');
      assert.deepEqual(await readAll(opened.stream), input);
    }
  });

  it('decompresses concatenated gzip members', async () => {
    const input = Buffer.concat([zlib.gzipSync(payload), zlib.gzipSync(payload)]);
    const opened = await openLayerStream(streamOf(input));
    assert.deepEqual(await readAll(opened.stream), Buffer.concat([payload, payload]));
  });

  it('surfaces corrupt data as an error that decompressionError calls InvalidArgument', async () => {
    for (const [compression, compressed] of [
      ['gzip', zlib.gzipSync(payload)],
      ['zstd', zlib.zstdCompressSync(payload)],
    ] as const) {
      const truncated = compressed.subarray(0, compressed.length - 20);
      const opened = await openLayerStream(streamOf(truncated));
      const err = await readAll(opened.stream).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof Error, `${compression}: want an error`);
      const mapped = decompressionError(err, compression);
      assert.ok(isMinatoError(mapped, 'InvalidArgument'));
      assert.match(mapped.message, new RegExp(`not valid ${compression} data`));
    }
    assert.equal(decompressionError(new Error('socket hang up'), 'gzip'), undefined);
  });
});
