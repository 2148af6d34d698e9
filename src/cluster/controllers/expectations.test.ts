import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../client/index.ts';
import { Expectations, expectationsTimeoutMs } from './expectations.ts';

test('nothing recorded: satisfied', () => {
  assert.equal(new Expectations().satisfied('ns/rs'), true);
});

test('creations: satisfied once every add is observed', () => {
  const expectations = new Expectations({ clock: new FakeClock() });
  expectations.expectCreations('ns/rs', 2);
  assert.equal(expectations.satisfied('ns/rs'), false);
  expectations.creationObserved('ns/rs');
  assert.equal(expectations.satisfied('ns/rs'), false);
  expectations.creationObserved('ns/rs');
  assert.equal(expectations.satisfied('ns/rs'), true);
  assert.deepEqual(expectations.pending('ns/rs'), { adds: 0, deletes: 0 });
});

test('deletions are tracked by key: a pod seen deleted twice counts once', () => {
  const expectations = new Expectations({ clock: new FakeClock() });
  expectations.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  expectations.deletionObserved('ns/rs', 'ns/a');
  expectations.deletionObserved('ns/rs', 'ns/a');
  expectations.deletionObserved('ns/rs', 'ns/other');
  assert.equal(expectations.satisfied('ns/rs'), false);
  expectations.deletionObserved('ns/rs', 'ns/b');
  assert.equal(expectations.satisfied('ns/rs'), true);
});

test('expectations expire after 5 minutes', () => {
  const clock = new FakeClock();
  const expectations = new Expectations({ clock });
  expectations.expectCreations('ns/rs', 1);
  clock.advance(expectationsTimeoutMs);
  assert.equal(expectations.satisfied('ns/rs'), false);
  clock.advance(1);
  assert.equal(expectations.satisfied('ns/rs'), true);
});

test('delete forgets the key', () => {
  const expectations = new Expectations({ clock: new FakeClock() });
  expectations.expectCreations('ns/rs', 3);
  expectations.delete('ns/rs');
  assert.equal(expectations.satisfied('ns/rs'), true);
  assert.equal(expectations.pending('ns/rs'), undefined);
});
