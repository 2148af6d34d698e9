import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedLock } from './keyed-lock.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('operations on one key run one after another, in order, even after a failure', async () => {
  const lock = new KeyedLock();
  const events: string[] = [];
  const operation = (name: string, fail = false) =>
    lock.run('a', async () => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    });
  const results = await Promise.allSettled([operation('first'), operation('second', true), operation('third')]);
  assert.deepEqual(events, ['first start', 'first end', 'second start', 'second end', 'third start', 'third end']);
  assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.equal(lock.size, 0, 'nothing is kept once every operation is done');
});

test('different keys do not wait for each other', async () => {
  const lock = new KeyedLock();
  const events: string[] = [];
  let release!: () => void;
  const blocked = lock.run('a', () => new Promise<void>((resolve) => (release = resolve)));
  await lock.run('b', async () => events.push('b ran'));
  assert.deepEqual(events, ['b ran']);
  assert.equal(lock.busy('a'), true);
  assert.equal(lock.busy('b'), false);
  release();
  await blocked;
  assert.equal(lock.busy('a'), false);
});
