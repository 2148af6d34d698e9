// The etcd backend against a real etcd (Debian's etcd-server, started by this file on loopback
// ports with a temporary data directory, stopped by PID at the end): the conformance suite,
// each test under a key prefix of its own, plus what only this backend has — etcd going away,
// progress notifications, keys outside the prefix staying invisible.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import { etcdMissing, TestEtcd } from '../../../../test/helpers/test-etcd.ts';
import { storageConformanceSuite } from '../testsuite/conformance.ts';
import { bytes, text } from '../testsuite/assertions.ts';
import { WatchRecorder } from '../testsuite/watch-recorder.ts';
import { GatewayClient } from './gateway-client.ts';
import { encode } from './etcd-wire.ts';
import { prefixRangeEnd } from '../keys.ts';
import { openEtcdStorage } from './etcd-storage.ts';

const skip = etcdMissing();
let etcd: TestEtcd | undefined;
const progressNotifyIntervalMs = 500;

before(async () => {
  if (!skip) etcd = await TestEtcd.start({ progressNotifyIntervalMs });
});
after(async () => {
  await etcd?.stop();
});

function uniquePrefix(): string {
  return `/minato-test-${randomBytes(6).toString('hex')}`;
}

/** Removes every key under `prefix` (the test etcd is discarded anyway; a shared one is not). */
async function deletePrefix(endpoint: string, prefix: string): Promise<void> {
  const gateway = new GatewayClient(endpoint);
  try {
    const key = Buffer.from(prefix);
    await gateway.call('/v3/kv/deleterange', { key: encode(key), range_end: encode(prefixRangeEnd(key)) });
  } finally {
    gateway.close();
  }
}

storageConformanceSuite('etcd', {
  skip,
  consecutiveRevisions: false,
  siblingDelayMs: 0,
  async open() {
    const endpoint = etcd!.endpoint;
    const prefix = uniquePrefix();
    const storage = await openEtcdStorage(endpoint, { prefix });
    return {
      storage,
      openSibling: () => openEtcdStorage(endpoint, { prefix }),
      async cleanup() {
        await storage.close();
        await deletePrefix(endpoint, prefix);
      },
    };
  },
});

describe('etcd storage', { skip }, () => {
  test('keys outside the prefix are invisible; the prefix is not part of the keys', async () => {
    const mine = await openEtcdStorage(etcd!.endpoint, { prefix: `${uniquePrefix()}/a` });
    const neighbour = await openEtcdStorage(etcd!.endpoint, { prefix: `${uniquePrefix()}/b` });
    try {
      await neighbour.create('/registry/pods/x', bytes('theirs'));
      await mine.create('/registry/pods/y', bytes('mine'));
      assert.deepEqual((await mine.list('')).items.map((kv) => kv.key), ['/registry/pods/y']);
      assert.equal(await mine.get('/registry/pods/x'), undefined);
      assert.equal(await mine.count(''), 1);
      assert.equal(text((await neighbour.get('/registry/pods/x'))!.value), 'theirs');
    } finally {
      await mine.close();
      await neighbour.close();
    }
  });

  test('watches report etcd\'s progress notifications as onProgress', async () => {
    const storage = await openEtcdStorage(etcd!.endpoint, { prefix: uniquePrefix() });
    try {
      const recorder = new WatchRecorder();
      const revisions = recorder.progress;
      const current = await storage.currentRevision();
      const watch = storage.watch('quiet/', current, recorder);
      await recorder.waitFor(() => revisions.length > 0, 'a progress notification', progressNotifyIntervalMs * 10);
      watch.cancel();
      assert.ok(revisions[0]! >= current);
      assert.equal(recorder.events.length, 0);
    } finally {
      await storage.close();
    }
  });

  test('etcd going away: open fails and a watch ends with Unavailable', async () => {
    const doomed = await TestEtcd.start();
    let storage;
    try {
      storage = await openEtcdStorage(doomed.endpoint);
      await storage.create('k', bytes('v'));
      const recorder = new WatchRecorder();
      storage.watch('', await storage.currentRevision(), recorder);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await doomed.stop();
      await recorder.waitForClose(10_000);
      assert.ok(isMinatoError(recorder.closeError, 'Unavailable'), `expected Unavailable, got ${recorder.closeError?.message}`);
      await assert.rejects(storage.get('k'), (err: unknown) => isMinatoError(err, 'Unavailable'));
      await assert.rejects(openEtcdStorage(doomed.endpoint), (err: unknown) => isMinatoError(err, 'Unavailable'));
    } finally {
      await storage?.close();
      await doomed.stop();
    }
  });
});
