import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as zlib from 'node:zlib';
import {
  adler32,
  decodeHeaderPairs,
  encodeData,
  encodeGoaway,
  encodeHeaderPairs,
  encodeHeaders,
  encodePing,
  encodeRstStream,
  encodeSettings,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  type Frame,
  FrameReader,
  HeaderCompressor,
  HeaderDecompressor,
  SpdyProtocolError,
  spdyDictionary,
} from './frames.ts';

/** Feeds bytes one at a time: frames must come out whole however the bytes arrive. */
function readBytewise(bytes: Buffer): Frame[] {
  const reader = new FrameReader();
  const frames: Frame[] = [];
  for (const byte of bytes) frames.push(...reader.push(Buffer.from([byte])));
  return frames;
}

/** What Go's framer sends: one zlib stream primed with the dictionary, a sync flush after each block. */
async function goStyleBlocks(headerSets: Record<string, string>[]): Promise<Buffer[]> {
  const deflate = zlib.createDeflate({ dictionary: spdyDictionary });
  const blocks: Buffer[] = [];
  for (const headers of headerSets) {
    const out: Buffer[] = [];
    const collect = (chunk: Buffer) => out.push(chunk);
    deflate.on('data', collect);
    deflate.write(encodeHeaderPairs(headers));
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    deflate.off('data', collect);
    blocks.push(Buffer.concat(out));
  }
  deflate.destroy();
  return blocks;
}

describe('SPDY/3 frames', () => {
  test('the SPDY/3 dictionary: 1423 bytes, zlib dictionary id e3c6a7c2', () => {
    assert.equal(spdyDictionary.length, 1423);
    assert.equal(adler32(spdyDictionary).toString(16), 'e3c6a7c2');
    assert.equal(adler32(Buffer.from('Wikipedia')), 0x11e60398);
  });

  test('every frame type survives encoding and parsing, whatever the chunking', () => {
    const bytes = Buffer.concat([
      encodeSynStream(5, Buffer.from('block'), { fin: true, priority: 3 }),
      encodeSynReply(5, Buffer.from('reply')),
      encodeData(5, Buffer.from('hello'), false),
      encodeData(5, Buffer.alloc(0), true),
      encodeRstStream(7, 5),
      encodeSettings([{ id: 7, value: 1 << 20 }, { id: 4, value: 100, flags: 1 }]),
      encodePing(3),
      encodeGoaway(9, 1),
      encodeHeaders(5, Buffer.from('h'), true),
      encodeWindowUpdate(0, 65536),
    ]);
    const frames = readBytewise(bytes);
    assert.deepEqual(frames, [
      { type: 'syn_stream', streamId: 5, associatedId: 0, priority: 3, fin: true, unidirectional: false, headerBlock: Buffer.from('block') },
      { type: 'syn_reply', streamId: 5, fin: false, headerBlock: Buffer.from('reply') },
      { type: 'data', streamId: 5, fin: false, data: Buffer.from('hello') },
      { type: 'data', streamId: 5, fin: true, data: Buffer.alloc(0) },
      { type: 'rst_stream', streamId: 7, status: 5 },
      { type: 'settings', entries: [{ flags: 0, id: 7, value: 1 << 20 }, { flags: 1, id: 4, value: 100 }] },
      { type: 'ping', id: 3 },
      { type: 'goaway', lastGoodStreamId: 9, status: 1 },
      { type: 'headers', streamId: 5, fin: true, headerBlock: Buffer.from('h') },
      { type: 'window_update', streamId: 0, delta: 65536 },
    ]);
    // Several frames in one chunk come out together; a partial one waits for its rest.
    const reader = new FrameReader();
    assert.equal(reader.push(bytes.subarray(0, bytes.length - 3)).length, 9);
    assert.deepEqual(reader.push(bytes.subarray(bytes.length - 3)), [{ type: 'window_update', streamId: 0, delta: 65536 }]);
  });

  test('the wire layout is the spec\'s: control bit, version 3, type, flags, 24-bit length', () => {
    assert.deepEqual([...encodePing(1)], [0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1]);
    assert.deepEqual([...encodeData(3, Buffer.from('x'), true)], [0, 0, 0, 3, 0x01, 0, 0, 1, 0x78]);
    assert.deepEqual([...encodeRstStream(1, 5)], [0x80, 0x03, 0x00, 0x03, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 5]);
  });

  test('malformed input is a protocol error, never a crash', () => {
    const broken = (bytes: Buffer, message: RegExp) => assert.throws(() => new FrameReader().push(bytes), (err: unknown) => err instanceof SpdyProtocolError && message.test(err.message));
    broken(Buffer.from([0x80, 0x02, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1]), /unsupported SPDY version 2/);
    broken(Buffer.from([0x80, 0x03, 0, 3, 0, 0, 0, 4, 0, 0, 0, 1]), /invalid RST_STREAM frame: length 4/);
    broken(Buffer.from([0x80, 0x03, 0, 6, 0, 0, 0, 5, 0, 0, 0, 1, 0]), /invalid PING/);
    broken(Buffer.from([0x80, 0x03, 0, 4, 0, 0, 0, 4, 0, 0, 0, 9]), /invalid SETTINGS/);
    broken(encodeSynStream(0, Buffer.alloc(0)), /SYN_STREAM for stream 0/);
    broken(Buffer.from([0, 0, 0, 1, 0, 0xff, 0xff, 0xff]), /larger than/);
    // Unknown control frame types are skipped, as the spec says.
    assert.deepEqual(new FrameReader().push(Buffer.from([0x80, 0x03, 0, 0x42, 0, 0, 0, 2, 1, 2])), [{ type: 'unknown', frameType: 0x42 }]);
  });
});

describe('SPDY/3 header blocks', () => {
  test('name/value pairs: lower-case names, 32-bit lengths', () => {
    const raw = encodeHeaderPairs({ streamType: 'data', port: '8080' });
    assert.deepEqual([...raw.subarray(0, 8)], [0, 0, 0, 2, 0, 0, 0, 10]);
    assert.deepEqual({ ...decodeHeaderPairs(raw) }, { streamtype: 'data', port: '8080' });
  });

  test('bad pair lists are protocol errors', () => {
    const bad = (bytes: Buffer, message: RegExp) => assert.throws(() => decodeHeaderPairs(bytes), (err: unknown) => err instanceof SpdyProtocolError && message.test(err.message));
    bad(Buffer.from([0, 0]), /inside the pair count/);
    bad(Buffer.from([0xff, 0xff, 0xff, 0xff]), /announces 4294967295 pairs/);
    bad(Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 0, 0, 9]), Buffer.from('port')]), /inside a name \(9 bytes announced\)/);
    bad(Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), /empty header name/);
    bad(Buffer.concat([encodeHeaderPairs({ a: '1' }), Buffer.from('x')]), /1 bytes after the last header/);
    const twice = Buffer.concat([Buffer.from([0, 0, 0, 2]), encodeHeaderPairs({ a: '1' }).subarray(4), encodeHeaderPairs({ A: '2' }).subarray(4)]);
    bad(twice, /duplicate header "a"/);
  });

  test('our blocks are one zlib stream with the SPDY dictionary, which any inflater reads', () => {
    const compressor = new HeaderCompressor();
    const first = compressor.compress({ streamtype: 'error', port: '80' });
    const second = compressor.compress({});
    const third = compressor.compress({ big: 'x'.repeat(70_000) }); // more than one stored block
    assert.equal(first[0], 0x78);
    assert.equal((first[0]! * 256 + first[1]!) % 31, 0);
    assert.equal(first.readUInt32BE(2), 0xe3c6a7c2, 'FDICT names the SPDY dictionary');
    // Every block ends with the sync-flush marker: Go's inflater needs it to hand out the block's bytes.
    for (const block of [first, second, third]) assert.deepEqual([...block.subarray(-5)], [0, 0, 0, 0xff, 0xff]);
    const inflated = zlib.inflateSync(Buffer.concat([first, second, third]), { dictionary: spdyDictionary, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    assert.deepEqual(inflated, Buffer.concat([encodeHeaderPairs({ streamtype: 'error', port: '80' }), encodeHeaderPairs({}), encodeHeaderPairs({ big: 'x'.repeat(70_000) })]));
  });

  test('blocks compressed as Go does (dictionary, sync flush, one stream) come back block by block', async () => {
    const sets: Record<string, string>[] = [{ streamtype: 'error', port: '80', requestid: '0' }, { streamtype: 'data', port: '80', requestid: '0' }, {}, { streamtype: 'error', port: '8080', requestid: '1' }];
    const blocks = await goStyleBlocks(sets);
    const decompressor = new HeaderDecompressor();
    for (const [i, block] of blocks.entries()) assert.deepEqual({ ...(await decompressor.decompress(block)) }, sets[i]);
    decompressor.close();
    // Our own compressor's output too.
    const ours = new HeaderCompressor();
    const reader = new HeaderDecompressor();
    assert.deepEqual({ ...(await reader.decompress(ours.compress({ a: 'b' }))) }, { a: 'b' });
    assert.deepEqual({ ...(await reader.decompress(ours.compress({ c: 'd' }))) }, { c: 'd' });
    reader.close();
  });

  test('garbage and header bombs fail the block (and every later one)', async () => {
    const garbage = new HeaderDecompressor();
    await assert.rejects(garbage.decompress(Buffer.from('definitely not zlib')), (err: unknown) => err instanceof SpdyProtocolError && /invalid compressed header block/.test(err.message));
    await assert.rejects(garbage.decompress(new HeaderCompressor().compress({})), SpdyProtocolError);
    garbage.close();
    const bomb = new HeaderDecompressor(1024);
    const [block] = await goStyleBlocks([{ a: 'x'.repeat(100_000) }]);
    assert.ok(block!.length < 1024, `a ${block!.length}-byte block`);
    await assert.rejects(bomb.decompress(block!), /inflates to more than 1024 bytes/);
    bomb.close();
  });
});
