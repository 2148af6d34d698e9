import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'kubernetes-types/core/v1.js';
import { silentLogger } from '../../../util/log.ts';
import { MetricsScraper } from './metrics-scraper.ts';

const node = (name: string): Node => ({ metadata: { name } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function kubeletText(t: number, cpu: number): string {
  return `node_cpu_usage_seconds_total ${cpu} ${t}\nnode_memory_working_set_bytes 4096 ${t}\ncontainer_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} ${cpu / 2} ${t}\ncontainer_memory_working_set_bytes{container="app",namespace="default",pod="web"} 8192 ${t}\n`;
}

test('the first request waits for two scrapes, so there is a rate at once; idleness stops it and forgets everything', async () => {
  const fetched: string[] = [];
  let t = 1_000_000;
  const scraper = new MetricsScraper({
    readyNodes: async () => [node('n1'), node('broken')],
    fetchMetrics: async (n) => {
      fetched.push(n.metadata!.name!);
      if (n.metadata?.name === 'broken') throw new Error('connection refused');
      t += 1000;
      return kubeletText(t, t / 1000); // one core busy
    },
    log: silentLogger(),
    resolutionMs: 30,
    firstWindowMs: 5,
    idleMs: 100,
  });
  try {
    assert.equal(scraper.running, false, 'nothing runs before metrics are asked for');
    assert.deepEqual(fetched, []);
    await Promise.all([scraper.ready(), scraper.ready()]);
    assert.equal(fetched.filter((name) => name === 'n1').length, 2, 'two scrapes, however many requests came at once');
    assert.equal(scraper.store.nodeUsage('n1')?.cpuNanocores, 1_000_000_000);
    assert.equal(scraper.store.podUsage('default', 'web')?.containers[0]?.usage.cpuNanocores, 500_000_000);
    assert.equal(scraper.store.nodeUsage('broken'), undefined, 'a node that fails to answer has no metrics; the others do');
    await sleep(80);
    assert.ok(fetched.filter((name) => name === 'n1').length > 2, 'it scrapes every resolution while asked');
    await sleep(200);
    assert.equal(scraper.running, false, 'stopped after idleMs without a request');
    assert.equal(scraper.store.nodeUsage('n1'), undefined);
    const count = fetched.length;
    await sleep(80);
    assert.equal(fetched.length, count, 'no scraping while stopped');
  } finally {
    scraper.stop();
  }
});

test('stop() during the first scrapes keeps it stopped', async () => {
  let fetches = 0;
  const scraper = new MetricsScraper({
    readyNodes: async () => [node('n1')],
    fetchMetrics: async () => kubeletText(1000 + ++fetches, fetches),
    log: silentLogger(),
    resolutionMs: 10,
    firstWindowMs: 20,
  });
  const starting = scraper.ready();
  scraper.stop();
  await starting;
  assert.equal(scraper.running, false);
  const count = fetches;
  await sleep(50);
  assert.equal(fetches, count, 'no scraping after stop');
});
