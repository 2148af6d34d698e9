// The SQLite backend: the conformance suite on a temporary file, plus what only this backend
// has — a second process on the same file, the file surviving a reopen, and speed with 10,000 keys.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { storageConformanceSuite } from '../testsuite/conformance.ts';
import { bytes, text } from '../testsuite/assertions.ts';
import { WatchRecorder } from '../testsuite/watch-recorder.ts';
import type { Storage } from '../storage.ts';
import { openSqliteStorage } from './sqlite-storage.ts';

const pollIntervalMs = 100;
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'minato-sqlite-storage-'));
  dirs.push(dir);
  return path.join(dir, 'cluster.db');
}

storageConformanceSuite('sqlite', {
  consecutiveRevisions: true,
  siblingDelayMs: pollIntervalMs,
  async open() {
    const file = tempFile();
    const storage = await openSqliteStorage(file, { pollIntervalMs });
    return {
      storage,
      openSibling: () => openSqliteStorage(file, { pollIntervalMs }),
      async cleanup() {
        await storage.close();
        rmSync(path.dirname(file), { recursive: true, force: true });
      },
    };
  },
});

const storageModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sqlite-storage.ts');

/** Runs `body` in another Node process with `storage` opened on `file`. */
async function inAnotherProcess(file: string, body: string): Promise<string> {
  const script = `import { openSqliteStorage } from ${JSON.stringify(storageModule)};
    const storage = await openSqliteStorage(${JSON.stringify(file)});
    const bytes = (s) => new TextEncoder().encode(s);
    ${body}
    await storage.close();`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  return stdout;
}

describe('sqlite storage', () => {
  test('a watch sees the writes of another process on the same file, and it sees ours', async () => {
    const file = tempFile();
    const storage = await openSqliteStorage(file, { pollIntervalMs });
    try {
      await storage.create('p/ours', bytes('ours'));
      const recorder = new WatchRecorder();
      const watch = storage.watch('p/', await storage.currentRevision(), recorder);
      const output = await inAnotherProcess(file, `
        const ours = await storage.get('p/ours');
        const created = await storage.create('p/theirs', bytes('theirs'));
        await storage.update('p/ours', bytes('changed by them'), ours.modRevision);
        process.stdout.write(JSON.stringify({ seen: new TextDecoder().decode(ours.value), created: created.modRevision }));`);
      const { seen, created } = JSON.parse(output) as { seen: string; created: number };
      assert.equal(seen, 'ours');
      await recorder.waitForEvents(2);
      watch.cancel();
      assert.deepEqual(recorder.summary(), [`put p/theirs@${created}`, `put p/ours@${created + 1}`]);
      assert.equal(text(recorder.events[1]!.prev!.value), 'ours');
      assert.equal(await storage.currentRevision(), created + 1, 'revisions stay consecutive across processes');
    } finally {
      await storage.close();
    }
  });

  test('a watch of a quiet prefix gets onProgress with the store\'s revision, once per poll interval', async () => {
    const storage = await openSqliteStorage(tempFile(), { pollIntervalMs });
    try {
      const recorder = new WatchRecorder();
      const watch = storage.watch('quiet/', await storage.currentRevision(), recorder);
      await storage.create('busy/1', bytes('x'));
      const second = await storage.create('busy/2', bytes('x'));
      await recorder.waitFor(() => recorder.progress.includes(second.modRevision), 'progress to the last write');
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs * 3));
      watch.cancel();
      assert.equal(recorder.events.length, 0);
      assert.deepEqual(recorder.progress, [second.modRevision], 'no repeated progress without new writes');
    } finally {
      await storage.close();
    }
  });

  test('the file keeps keys, revisions and history across a reopen', async () => {
    const file = tempFile();
    let storage: Storage = await openSqliteStorage(file);
    const created = await storage.create('k', bytes('v1'));
    await storage.update('k', bytes('v2'));
    await storage.close();
    await assert.rejects(storage.get('k'), /closed/);
    storage = await openSqliteStorage(file);
    try {
      assert.equal(await storage.currentRevision(), created.modRevision + 1);
      assert.equal(text((await storage.list('', { revision: created.modRevision })).items[0]!.value), 'v1');
      const next = await storage.create('k2', bytes('x'));
      assert.equal(next.modRevision, created.modRevision + 2);
    } finally {
      await storage.close();
    }
  });

  test('compaction deletes the superseded rows and deletions, keeping the current values', async () => {
    const file = tempFile();
    const storage = await openSqliteStorage(file);
    const rows = () => {
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        return (db.prepare('SELECT name, deleted FROM log ORDER BY id').all() as Array<{ name: string; deleted: number }>).map((row) => `${row.deleted ? '-' : '+'}${row.name}`);
      } finally {
        db.close();
      }
    };
    try {
      await storage.create('a', bytes('1'));
      await storage.update('a', bytes('2'));
      await storage.create('b', bytes('1'));
      await storage.delete('b');
      await storage.create('c', bytes('1'));
      const compactAt = await storage.currentRevision();
      await storage.update('c', bytes('2'));
      assert.deepEqual(rows(), ['+a', '+a', '+b', '-b', '+c', '+c']);
      await storage.compact(compactAt);
      assert.deepEqual(rows(), ['+a', '+c', '+c'], 'c\'s row at the compacted revision stays: it is c\'s value at that revision');
      await storage.compact(await storage.currentRevision());
      assert.deepEqual(rows(), ['+a', '+c']);
      assert.deepEqual((await storage.list('')).items.map((kv) => [kv.key, text(kv.value)]), [['a', '2'], ['c', '2']]);
      assert.equal(await storage.currentRevision(), compactAt + 1, 'compaction does not move the revision');
    } finally {
      await storage.close();
    }
  });

  test('stays fast with 10,000 keys: get, paginated list, creates', async (t) => {
    const file = tempFile();
    const storage = await openSqliteStorage(file);
    try {
      const value = bytes(JSON.stringify({ kind: 'Pod', metadata: { name: 'x', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
      let started = performance.now();
      for (let i = 0; i < 1000; i++) await storage.create(`/registry/pods/ns/pod-${String(i).padStart(5, '0')}`, value);
      const createMs = performance.now() - started;
      for (let i = 1000; i < 10_000; i++) await storage.create(`/registry/pods/ns/pod-${String(i).padStart(5, '0')}`, value);
      // Some history too: every tenth key updated twice.
      for (let i = 0; i < 10_000; i += 10) {
        await storage.update(`/registry/pods/ns/pod-${String(i).padStart(5, '0')}`, value);
        await storage.update(`/registry/pods/ns/pod-${String(i).padStart(5, '0')}`, value);
      }

      started = performance.now();
      for (let i = 0; i < 1000; i++) assert.ok(await storage.get(`/registry/pods/ns/pod-${String((i * 7919) % 10_000).padStart(5, '0')}`));
      const getMs = (performance.now() - started) / 1000;

      started = performance.now();
      let listed = 0;
      let startAfter: string | undefined;
      let revision: number | undefined;
      for (;;) {
        const page = await storage.list('/registry/pods/', { limit: 500, startAfter, revision });
        listed += page.items.length;
        revision = page.revision;
        if (!page.more) break;
        startAfter = page.items[page.items.length - 1]!.key;
      }
      const listMs = performance.now() - started;
      assert.equal(listed, 10_000);

      started = performance.now();
      assert.equal((await storage.list('/registry/pods/')).items.length, 10_000);
      const listAllMs = performance.now() - started;
      started = performance.now();
      assert.equal(await storage.count('/registry/pods/'), 10_000);
      const countMs = performance.now() - started;

      t.diagnostic(`1,000 creates: ${createMs.toFixed(0)} ms; get: ${(getMs * 1000).toFixed(0)} µs; list 10,000 by 500: ${listMs.toFixed(0)} ms; unpaginated: ${listAllMs.toFixed(0)} ms; count: ${countMs.toFixed(1)} ms`);
      // Bounds with a wide margin over the measured figures, so a slow CI machine passes but a
      // lost index or a transaction per statement fails.
      assert.ok(getMs < 1, `get took ${getMs} ms`);
      assert.ok(listMs < 1000, `paginated list took ${listMs} ms`);
      assert.ok(createMs < 5000, `1,000 creates took ${createMs} ms`);
    } finally {
      await storage.close();
    }
  });
});
