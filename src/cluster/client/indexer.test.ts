import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { byControllerUid, byNodeName, byOwnerUid, Indexer } from './indexer.ts';
import { keyOf, objectKey, splitKey } from './resource.ts';

function pod(namespace: string, name: string, extra: { node?: string; labels?: Record<string, string>; owner?: string; rv?: string } = {}): Pod {
  return {
    metadata: {
      namespace,
      name,
      resourceVersion: extra.rv ?? '1',
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: extra.owner, controller: true }, { apiVersion: 'v1', kind: 'Thing', name: 't', uid: 'other-owner' }] } : {}),
    },
    spec: { ...(extra.node ? { nodeName: extra.node } : {}), containers: [] },
  };
}

const names = (items: Pod[]) => items.map((item) => item.metadata!.name!).sort();

describe('Indexer', () => {
  test('keys: namespace/name, or name for cluster-scoped objects', () => {
    assert.equal(objectKey(pod('ns', 'a')), 'ns/a');
    assert.equal(objectKey({ metadata: { name: 'node-1' } }), 'node-1');
    assert.equal(keyOf(undefined, 'n'), 'n');
    assert.deepEqual(splitKey('ns/a'), { namespace: 'ns', name: 'a' });
    assert.deepEqual(splitKey('node-1'), { namespace: undefined, name: 'node-1' });
  });

  test('get, list by namespace and label selector, remove', () => {
    const indexer = new Indexer<Pod>();
    indexer.upsert(pod('a', 'p1', { labels: { app: 'web' } }));
    indexer.upsert(pod('a', 'p2', { labels: { app: 'db' } }));
    indexer.upsert(pod('b', 'p1', { labels: { app: 'web' } }));
    assert.equal(indexer.size, 3);
    assert.equal(indexer.get('a', 'p1')?.metadata?.namespace, 'a');
    assert.equal(indexer.getByKey('b/p1')?.metadata?.namespace, 'b');
    assert.equal(indexer.get('c', 'p1'), undefined);
    assert.deepEqual(names(indexer.list('a')), ['p1', 'p2']);
    assert.deepEqual(indexer.list('a', 'app=web').map(objectKey), ['a/p1']);
    assert.deepEqual(indexer.list(undefined, 'app=web').map(objectKey).sort(), ['a/p1', 'b/p1']);
    assert.equal(indexer.list().length, 3);
    assert.equal(indexer.remove('a/p2')?.metadata?.name, 'p2');
    assert.equal(indexer.remove('a/p2'), undefined);
    assert.deepEqual(names(indexer.list('a')), ['p1']);
    indexer.remove('a/p1');
    assert.deepEqual(indexer.list('a'), []);
    assert.deepEqual(indexer.keys(), ['b/p1']);
  });

  test('named indexes follow updates and removals; an index added later covers what is there', () => {
    const indexer = new Indexer<Pod>();
    indexer.addIndex('node', byNodeName);
    indexer.upsert(pod('a', 'p1', { node: 'n1' }));
    indexer.upsert(pod('a', 'p2', { node: 'n1' }));
    indexer.upsert(pod('a', 'p3'));
    assert.deepEqual(names(indexer.byIndex('node', 'n1')), ['p1', 'p2']);
    const old = indexer.upsert(pod('a', 'p2', { node: 'n2', rv: '2' }));
    assert.equal(old?.spec?.nodeName, 'n1', 'upsert returns what it replaced');
    assert.deepEqual(names(indexer.byIndex('node', 'n1')), ['p1']);
    assert.deepEqual(indexer.indexKeys('node', 'n2'), ['a/p2']);
    indexer.remove('a/p1');
    assert.deepEqual(indexer.byIndex('node', 'n1'), []);
    indexer.upsert(pod('a', 'owned', { owner: 'rs-uid' }));
    indexer.addIndex('controller', byControllerUid);
    indexer.addIndex('owner', byOwnerUid);
    assert.deepEqual(names(indexer.byIndex('controller', 'rs-uid')), ['owned']);
    assert.deepEqual(names(indexer.byIndex('owner', 'other-owner')), ['owned']);
    assert.deepEqual(indexer.byIndex('controller', 'other-owner'), [], 'only the controller owner');
    assert.throws(() => indexer.addIndex('node', byNodeName), /exists already/);
    assert.throws(() => indexer.byIndex('missing', 'x'), /there is no index "missing"/);
  });

  test('an object under several values of one index; a failing index function leaves it out and reports', () => {
    const failures: string[] = [];
    const indexer = new Indexer<Pod>((index, key) => failures.push(`${index} ${key}`));
    indexer.addIndex('labels', (item) => Object.entries(item.metadata?.labels ?? {}).map(([key, value]) => `${key}=${value}`));
    indexer.addIndex('fragile', (item) => {
      if (item.metadata?.name === 'bad') throw new Error('boom');
      return ['ok'];
    });
    indexer.upsert(pod('a', 'multi', { labels: { x: '1', y: '2' } }));
    indexer.upsert(pod('a', 'bad'));
    assert.deepEqual(names(indexer.byIndex('labels', 'x=1')), ['multi']);
    assert.deepEqual(names(indexer.byIndex('labels', 'y=2')), ['multi']);
    assert.deepEqual(names(indexer.byIndex('fragile', 'ok')), ['multi']);
    assert.deepEqual(failures, ['fragile a/bad']);
    assert.equal(indexer.get('a', 'bad')?.metadata?.name, 'bad', 'still cached');
  });
});
