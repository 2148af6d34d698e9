// Single-key operations: create/get/update/delete, preconditions, error kinds, revisions, byte
// values, unusual keys, racing writers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKeys } from '../keys.ts';
import type { SuiteContext } from './conformance.ts';
import { assertRejects, bytes, plain, text } from './assertions.ts';

export function defineKeyValueTests({ options, withStore, assertCurrentRevision }: SuiteContext): void {
  test('create then get returns the value with createRevision = modRevision = the write\'s revision', withStore(async ({ storage }) => {
    const before = await storage.currentRevision();
    if (options.consecutiveRevisions) assert.equal(before, 0, 'an empty store is at revision 0');
    const created = await storage.create('/registry/pods/default/web', bytes('v1'));
    assert.equal(created.key, '/registry/pods/default/web');
    assert.equal(text(created.value), 'v1');
    assert.ok(created.modRevision > before);
    assert.equal(created.createRevision, created.modRevision);
    await assertCurrentRevision(storage, created.modRevision);
    assert.deepEqual(plain(await storage.get('/registry/pods/default/web')), plain(created));
    assert.equal(await storage.get('/registry/pods/default/missing'), undefined);
    assert.equal(await storage.get('/registry/pods/default/we'), undefined, 'a prefix of a key is not the key');
  }));

  test('create of an existing key is Conflict AlreadyExists and changes nothing', withStore(async ({ storage }) => {
    const created = await storage.create('k', bytes('first'));
    await assertRejects(storage.create('k', bytes('second')), 'Conflict', 'AlreadyExists');
    assert.deepEqual(plain(await storage.get('k')), plain(created));
    await assertCurrentRevision(storage, created.modRevision, 'a failed write does not advance the revision');
  }));

  test('update: keeps createRevision, advances modRevision; the precondition must hold', withStore(async ({ storage }) => {
    const created = await storage.create('k', bytes('v1'));
    const updated = await storage.update('k', bytes('v2'));
    assert.equal(updated.createRevision, created.createRevision);
    assert.ok(updated.modRevision > created.modRevision);
    assert.deepEqual(plain(await storage.get('k')), { key: 'k', value: 'v2', createRevision: created.createRevision, modRevision: updated.modRevision });

    const guarded = await storage.update('k', bytes('v3'), updated.modRevision);
    assert.ok(guarded.modRevision > updated.modRevision);
    await assertRejects(storage.update('k', bytes('stale'), updated.modRevision), 'Conflict', 'Conflict');
    await assertRejects(storage.update('k', bytes('stale'), created.modRevision), 'Conflict', 'Conflict');
    assert.equal(text((await storage.get('k'))!.value), 'v3');
    await assertCurrentRevision(storage, guarded.modRevision);

    await assertRejects(storage.update('missing', bytes('x')), 'NotFound');
    await assertRejects(storage.update('missing', bytes('x'), guarded.modRevision), 'NotFound');
    assert.equal(await storage.get('missing'), undefined, 'update never creates');
  }));

  test('delete: returns the value it had, modRevision the deletion\'s; the precondition must hold', withStore(async ({ storage }) => {
    const created = await storage.create('k', bytes('v1'));
    await assertRejects(storage.delete('k', created.modRevision + 1000), 'Conflict', 'Conflict');
    assert.ok(await storage.get('k'), 'a failed delete keeps the key');
    const deleted = await storage.delete('k', created.modRevision);
    assert.deepEqual(plain(deleted), { key: 'k', value: 'v1', createRevision: created.createRevision, modRevision: deleted.modRevision });
    assert.ok(deleted.modRevision > created.modRevision);
    await assertCurrentRevision(storage, deleted.modRevision);
    assert.equal(await storage.get('k'), undefined);
    await assertRejects(storage.delete('k'), 'NotFound');
    await assertRejects(storage.delete('k', deleted.modRevision), 'NotFound');
    await assertRejects(storage.update('k', bytes('v2')), 'NotFound');

    const other = await storage.create('other', bytes('o'));
    const unguarded = await storage.delete('other');
    assert.equal(text(unguarded.value), 'o');
    assert.equal(unguarded.createRevision, other.createRevision);
  }));

  test('a key deleted and created again gets a new createRevision', withStore(async ({ storage }) => {
    const first = await storage.create('k', bytes('one'));
    const deleted = await storage.delete('k');
    const second = await storage.create('k', bytes('two'));
    assert.ok(second.createRevision > deleted.modRevision);
    assert.equal(second.createRevision, second.modRevision);
    assert.notEqual(second.createRevision, first.createRevision);
    const updated = await storage.update('k', bytes('three'), second.modRevision);
    assert.equal(updated.createRevision, second.createRevision);
    await assertRejects(storage.update('k', bytes('x'), first.modRevision), 'Conflict', 'Conflict');
  }));

  test(options.consecutiveRevisions ? 'every write advances the revision by exactly one' : 'every write advances the revision', withStore(async ({ storage }) => {
    let last = await storage.currentRevision();
    const writes = [
      () => storage.create('a', bytes('1')),
      () => storage.create('b', bytes('1')),
      () => storage.update('a', bytes('2')),
      () => storage.delete('b'),
      () => storage.create('b', bytes('again')),
    ];
    for (const write of writes) {
      const kv = await write();
      if (options.consecutiveRevisions) assert.equal(kv.modRevision, last + 1);
      else assert.ok(kv.modRevision > last, `revision ${kv.modRevision} after ${last}`);
      await assertCurrentRevision(storage, kv.modRevision);
      last = kv.modRevision;
      await assertRejects(storage.create('a', bytes('x')), 'Conflict', 'AlreadyExists');
      await assertCurrentRevision(storage, last, 'failed writes do not advance it');
    }
  }));

  test('values are bytes: zero bytes, every byte value and an empty value round-trip', withStore(async ({ storage }) => {
    const binary = new Uint8Array(1024);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7) % 256;
    binary.set([0, 0, 0, 0xff, 0xfe, 0], 100);
    await storage.create('binary', binary);
    assert.deepEqual(Buffer.from((await storage.get('binary'))!.value), Buffer.from(binary));
    await storage.create('empty', new Uint8Array());
    const empty = await storage.get('empty');
    assert.ok(empty, 'an empty value is still a key');
    assert.equal(empty.value.length, 0);
    const updated = await storage.update('binary', new Uint8Array([0, 1, 0]));
    assert.deepEqual([...(await storage.get('binary'))!.value], [0, 1, 0]);
    const listed = await storage.list('');
    assert.deepEqual(listed.items.map((kv) => [kv.key, [...kv.value].length]), [['binary', 3], ['empty', 0]]);
    assert.equal(listed.items[0]!.modRevision, updated.modRevision);
  }));

  test('keys with unusual characters are stored, listed in byte order and found by prefix', withStore(async ({ storage }) => {
    const keys = [
      '/registry/configmaps/ns/with space',
      '/registry/configmaps/ns/percent%2F?query#frag',
      '/registry/configmaps/ns/quote"\'\\back',
      '/registry/configmaps/ns/new\nline\ttab',
      '/registry/configmaps/ns/unicode-é-日本',
      '/registry/configmaps/ns/emoji-🚀',
      '/registry/configmaps/ns/emoji-\uffff',
      '/registry/configmaps/ns/max-\u{10ffff}',
      '/registry/configmaps/ns/max-\u{10ffff}\u{10ffff}z',
      '/registry/configmaps/ns//double//slash/',
      '/registry/configmaps/ns/+plus=eq&amp;*',
    ];
    for (const key of keys) await storage.create(key, bytes(`value of ${key}`));
    for (const key of keys) assert.equal(text((await storage.get(key))!.value), `value of ${key}`, key);
    const expected = [...keys].sort(compareKeys);
    assert.deepEqual((await storage.list('/registry/configmaps/ns/')).items.map((kv) => kv.key), expected);
    assert.deepEqual((await storage.list('/registry/configmaps/ns/emoji-')).items.map((kv) => kv.key), expected.filter((k) => k.includes('emoji-')));
    assert.deepEqual((await storage.list('/registry/configmaps/ns/max-\u{10ffff}')).items.map((kv) => kv.key), expected.filter((k) => k.includes('max-')));
    assert.equal(await storage.count('/registry/configmaps/ns/'), keys.length);
    let startAfter: string | undefined;
    const paged: string[] = [];
    for (;;) {
      const page = await storage.list('/registry/configmaps/ns/', { limit: 2, startAfter });
      paged.push(...page.items.map((kv) => kv.key));
      if (!page.more) break;
      startAfter = page.items[page.items.length - 1]!.key;
    }
    assert.deepEqual(paged, expected);
  }));

  test('invalid keys are InvalidArgument', withStore(async ({ storage }) => {
    await assertRejects(storage.create('', bytes('x')), 'InvalidArgument');
    await assertRejects(storage.create('a\0b', bytes('x')), 'InvalidArgument');
    await assertRejects(storage.create('lone-\ud800', bytes('x')), 'InvalidArgument');
    await assertRejects(storage.get(''), 'InvalidArgument');
  }));

  test('racing updates with the same expected revision: exactly one wins, the rest are Conflict', withStore(async ({ storage, openSibling }) => {
    const sibling = await openSibling();
    try {
      const created = await storage.create('counter', bytes('0'));
      const attempts = Array.from({ length: 10 }, (_, i) => (i % 2 ? sibling : storage).update('counter', bytes(`writer ${i}`), created.modRevision));
      const results = await Promise.allSettled(attempts);
      const winners = results.filter((result) => result.status === 'fulfilled');
      assert.equal(winners.length, 1, 'exactly one update wins');
      for (const result of results) {
        if (result.status === 'rejected') await assertRejects(Promise.reject(result.reason), 'Conflict', 'Conflict');
      }
      const current = await storage.get('counter');
      assert.deepEqual(plain(current), plain(winners[0]!.value));

      const creates = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => (i % 2 ? sibling : storage).create('once', bytes(`creator ${i}`))));
      assert.equal(creates.filter((result) => result.status === 'fulfilled').length, 1, 'exactly one create wins');
      for (const result of creates) {
        if (result.status === 'rejected') await assertRejects(Promise.reject(result.reason), 'Conflict', 'AlreadyExists');
      }
    } finally {
      await sibling.close();
    }
  }));
}
