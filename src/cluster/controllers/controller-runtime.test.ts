import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ItemExponentialRateLimiter } from '../client/index.ts';
import { silentLogger } from '../../util/log.ts';
import { Controller } from './controller-runtime.ts';

class Recording extends Controller {
  readonly calls: string[] = [];
  failures = new Map<string, number>();
  running = 0;
  maxRunning = 0;
  private waiters: (() => void)[] = [];

  async sync(key: string): Promise<void> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.running--;
    this.calls.push(key);
    for (const wake of this.waiters.splice(0)) wake();
    const left = this.failures.get(key) ?? 0;
    if (left > 0) {
      this.failures.set(key, left - 1);
      throw new Error(`failing ${key}`);
    }
  }

  async until(predicate: () => boolean): Promise<void> {
    while (!predicate()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  requeues(key: string): number {
    return this.queue.numRequeues(key);
  }
}

test('workers sync queued keys; a failing key is retried with back-off, then forgotten', async () => {
  const controller = new Recording('test', { log: silentLogger(), workers: 2, rateLimiter: new ItemExponentialRateLimiter(1, 10) });
  await controller.start();
  controller.failures.set('ns/b', 2);
  controller.enqueue('ns/a');
  controller.enqueue({ metadata: { namespace: 'ns', name: 'b' } });
  await controller.until(() => controller.calls.filter((key) => key === 'ns/b').length === 3);
  assert.equal(controller.calls.filter((key) => key === 'ns/a').length, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(controller.requeues('ns/b'), 0, 'the back-off starts over after a clean sync');
  await controller.stop();
  assert.equal(controller.isStopped, true);
});

test('one key is never synced by two workers at once; stop waits for the sync under way', async () => {
  const controller = new Recording('test', { log: silentLogger(), workers: 3 });
  await controller.start();
  for (let i = 0; i < 10; i++) controller.enqueue('ns/same');
  await controller.until(() => controller.calls.length >= 1);
  controller.enqueue('ns/same');
  await controller.stop();
  assert.equal(controller.maxRunning, 1);
  assert.equal(controller.running, 0);
  await assert.rejects(controller.start(), /started already/);
});

test('enqueueAfter delays a key', async () => {
  const controller = new Recording('test', { log: silentLogger() });
  await controller.start();
  const started = Date.now();
  controller.enqueueAfter('ns/later', 50);
  await controller.until(() => controller.calls.includes('ns/later'));
  assert.ok(Date.now() - started >= 45);
  await controller.stop();
});
