import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentWrites } from './concurrent-writes.ts';

describe('ConcurrentWrites', () => {
  it('knows which paths, and which directories above them, are being written', async () => {
    const writes = new ConcurrentWrites(4);
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    await writes.start('a/b/c', () => blocked);
    assert.ok(writes.touches('a/b/c'));
    assert.ok(!writes.touches('a/b'), 'a parent of the file is not itself being written');
    assert.ok(!writes.touches('a/b/cd') && !writes.touches('a/b/c2'));
    assert.ok(writes.touches('a/b/c/d'), 'below the file');
    release();
    await writes.drain();
    assert.ok(!writes.touches('a/b/c'));
  });

  it('keeps at most `limit` writes in flight', async () => {
    const writes = new ConcurrentWrites(3);
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 20; i++) {
      await writes.start(`f${i}`, async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(2);
        running--;
      });
    }
    await writes.drain();
    assert.equal(peak, 3);
    assert.equal(running, 0);
  });

  it('reports a failed write at the next drain or start, after the others ended', async () => {
    const writes = new ConcurrentWrites(4);
    let slowDone = false;
    await writes.start('slow', async () => {
      await sleep(20);
      slowDone = true;
    });
    await writes.start('bad', async () => {
      throw new Error('disk full');
    });
    await assert.rejects(writes.drain(), /disk full/);
    assert.ok(slowDone, 'drain waited for every write');
    await assert.rejects(writes.start('next', async () => {}), /disk full/);
  });
});
