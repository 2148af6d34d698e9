// list and count: prefixes, limits, startAfter pagination, reads at a revision (a paginated
// list's later pages), more/remaining.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SuiteContext } from './conformance.ts';
import { assertRejects, bytes, plain, text } from './assertions.ts';

export function defineListTests({ withStore, assertCurrentRevision }: SuiteContext): void {
  test('list returns exactly the keys with the prefix, in key order, at the current revision', withStore(async ({ storage }) => {
    for (const key of ['a/3', 'a/1', 'ab/1', 'b/1', 'a/2', 'a']) await storage.create(key, bytes(`v-${key}`));
    const last = await storage.create('a/4', bytes('v-a/4'));
    await storage.delete('a/4');
    const result = await storage.list('a/');
    assert.deepEqual(result.items.map((kv) => [kv.key, text(kv.value)]), [['a/1', 'v-a/1'], ['a/2', 'v-a/2'], ['a/3', 'v-a/3']]);
    assert.ok(result.revision > last.modRevision, 'a list is read at the current revision');
    await assertCurrentRevision(storage, result.revision);
    assert.equal(result.more, false);
    if (result.remaining !== undefined) assert.equal(result.remaining, 0);
    for (const kv of result.items) assert.deepEqual(plain(kv), plain(await storage.get(kv.key)));
    assert.deepEqual((await storage.list('a')).items.map((kv) => kv.key), ['a', 'a/1', 'a/2', 'a/3', 'ab/1']);
    assert.deepEqual((await storage.list('')).items.map((kv) => kv.key), ['a', 'a/1', 'a/2', 'a/3', 'ab/1', 'b/1']);
    assert.deepEqual((await storage.list('c/')).items, []);
    await storage.delete('a/2');
    assert.deepEqual((await storage.list('a/')).items.map((kv) => kv.key), ['a/1', 'a/3'], 'deleted keys are not listed');
  }));

  test('count counts the live keys with the prefix', withStore(async ({ storage }) => {
    assert.equal(await storage.count(''), 0);
    for (const key of ['p/1', 'p/2', 'p/3', 'q/1']) await storage.create(key, bytes('x'));
    await storage.update('p/1', bytes('y'));
    await storage.delete('p/2');
    assert.equal(await storage.count('p/'), 2);
    assert.equal(await storage.count('q/'), 1);
    assert.equal(await storage.count(''), 3);
    assert.equal(await storage.count('r/'), 0);
  }));

  test('pagination: limit, startAfter, more and remaining; later pages read at the first page\'s revision', withStore(async ({ storage }) => {
    const keys = ['i/01', 'i/02', 'i/03', 'i/04', 'i/05', 'i/06', 'i/07'];
    for (const key of keys) await storage.create(key, bytes(`old ${key}`));
    await storage.create('j/01', bytes('outside the prefix'));

    const first = await storage.list('i/', { limit: 3 });
    assert.deepEqual(first.items.map((kv) => kv.key), ['i/01', 'i/02', 'i/03']);
    assert.equal(first.more, true);
    if (first.remaining !== undefined) assert.equal(first.remaining, 4);

    // Writes after the first page: the rest of this list must not see them.
    await storage.update('i/05', bytes('new i/05'));
    await storage.delete('i/06');
    await storage.create('i/08', bytes('new key'));
    await storage.create('i/035', bytes('new key between pages'));

    const second = await storage.list('i/', { limit: 3, startAfter: 'i/03', revision: first.revision });
    assert.equal(second.revision, first.revision);
    assert.deepEqual(second.items.map((kv) => [kv.key, text(kv.value)]), [['i/04', 'old i/04'], ['i/05', 'old i/05'], ['i/06', 'old i/06']]);
    assert.equal(second.more, true);
    if (second.remaining !== undefined) assert.equal(second.remaining, 1);
    const third = await storage.list('i/', { limit: 3, startAfter: 'i/06', revision: first.revision });
    assert.deepEqual(third.items.map((kv) => kv.key), ['i/07']);
    assert.equal(third.more, false);
    if (third.remaining !== undefined) assert.equal(third.remaining, 0);

    const now = await storage.list('i/');
    assert.deepEqual(now.items.map((kv) => kv.key), ['i/01', 'i/02', 'i/03', 'i/035', 'i/04', 'i/05', 'i/07', 'i/08']);
    assert.equal(text(now.items.find((kv) => kv.key === 'i/05')!.value), 'new i/05');
    assert.ok(now.revision > first.revision);
  }));

  test('a page exactly as long as the rest has more = false; startAfter past the end or before the prefix', withStore(async ({ storage }) => {
    for (const key of ['k/1', 'k/2', 'k/3', 'l/1']) await storage.create(key, bytes('x'));
    const exact = await storage.list('k/', { limit: 3 });
    assert.equal(exact.items.length, 3);
    assert.equal(exact.more, false);
    const larger = await storage.list('k/', { limit: 100 });
    assert.equal(larger.items.length, 3);
    assert.equal(larger.more, false);
    assert.deepEqual((await storage.list('k/', { startAfter: 'k/3' })).items, []);
    assert.deepEqual((await storage.list('k/', { startAfter: 'z' })).items, []);
    assert.deepEqual((await storage.list('k/', { startAfter: 'a' })).items.map((kv) => kv.key), ['k/1', 'k/2', 'k/3'], 'startAfter before the prefix');
    assert.deepEqual((await storage.list('k/', { startAfter: 'k/1' })).items.map((kv) => kv.key), ['k/2', 'k/3']);
    assert.deepEqual((await storage.list('k/', { startAfter: 'k/10' })).items.map((kv) => kv.key), ['k/2', 'k/3'], 'startAfter need not be a key');
    assert.deepEqual((await storage.list('k/', { limit: 0 })).items.length, 3, 'limit 0 means no limit');
    await assertRejects(storage.list('k/', { limit: -1 }), 'InvalidArgument');
  }));

  test('list at an old revision shows the values as they were then', withStore(async ({ storage }) => {
    const a1 = await storage.create('r/a', bytes('a1'));
    await storage.create('r/b', bytes('b1'));
    const at = await storage.currentRevision();
    await storage.update('r/a', bytes('a2'));
    await storage.delete('r/b');
    await storage.create('r/c', bytes('c1'));
    const old = await storage.list('r/', { revision: at });
    assert.equal(old.revision, at);
    assert.deepEqual(old.items.map((kv) => [kv.key, text(kv.value)]), [['r/a', 'a1'], ['r/b', 'b1']]);
    assert.deepEqual(plain(old.items[0]), plain(a1));
    assert.deepEqual((await storage.list('r/', { revision: a1.modRevision })).items.map((kv) => kv.key), ['r/a']);
    await assertRejects(storage.list('r/', { revision: (await storage.currentRevision()) + 1000 }), 'InvalidArgument');
  }));
}
