import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GcGate } from './gc-gate.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('a collection waits for the writers inside, and writers arriving meanwhile wait for it', async () => {
  const gate = new GcGate();
  const events: string[] = [];
  let finishWriter!: () => void;
  const writer = gate.hold(async () => {
    events.push('writer in');
    await new Promise<void>((resolve) => (finishWriter = resolve));
    events.push('writer out');
  });
  await tick();
  const collection = gate.exclusive(async () => {
    events.push('collect');
  });
  const late = gate.hold(async () => {
    events.push('late writer');
  });
  await tick();
  assert.deepEqual(events, ['writer in']);
  finishWriter();
  await Promise.all([writer, collection, late]);
  assert.deepEqual(events, ['writer in', 'writer out', 'collect', 'late writer']);
});

test('writers run together; collections run one at a time; failures release the gate', async () => {
  const gate = new GcGate();
  let inside = 0;
  let most = 0;
  const work = () =>
    gate.hold(async () => {
      most = Math.max(most, ++inside);
      await tick();
      inside--;
    });
  await Promise.all([work(), work(), work()]);
  assert.equal(most, 3);
  let collecting = 0;
  const collect = (fail: boolean) =>
    gate.exclusive(async () => {
      assert.equal(++collecting, 1);
      await tick();
      collecting--;
      if (fail) throw new Error('boom');
    });
  const results = await Promise.allSettled([collect(true), collect(false), work()]);
  assert.deepEqual(results.map((result) => result.status), ['rejected', 'fulfilled', 'fulfilled']);
  assert.equal(await gate.hold(async () => 'still open'), 'still open');
});

test('holding is re-entrant; collecting from inside a hold is refused instead of deadlocking', async () => {
  const gate = new GcGate();
  let release!: () => void;
  const outer = gate.hold(async () => {
    await new Promise<void>((resolve) => (release = resolve));
    // A collection is waiting now; a nested hold must not queue behind it.
    return gate.hold(async () => 'nested');
  });
  await tick();
  const collection = gate.exclusive(async () => 'collected');
  await tick();
  release();
  assert.equal(await outer, 'nested');
  assert.equal(await collection, 'collected');
  await assert.rejects(gate.hold(() => gate.exclusive(async () => 'never')), /would wait for itself/);
});
