import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeAffinity, nodeAffinityScore } from './node-affinity.ts';
import { podInfoOf } from './pod-info.ts';
import { Snapshot } from './snapshot.ts';
import { filterReasons, makeNode, makePod, pluginScores } from './testing.ts';

const reason = ["node(s) didn't match Pod's node affinity/selector"];

describe('NodeAffinity filter', () => {
  const snapshot = new Snapshot([
    makeNode('ssd-big', { labels: { disk: 'ssd', cores: '32' } }),
    makeNode('hdd-small', { labels: { disk: 'hdd', cores: '4' } }),
    makeNode('bare'),
  ]);

  it('requires every nodeSelector label', () => {
    const pod = makePod('p', { nodeSelector: { disk: 'ssd' } });
    assert.equal(filterReasons(nodeAffinity, pod, snapshot, 'ssd-big'), null);
    assert.deepEqual(filterReasons(nodeAffinity, pod, snapshot, 'hdd-small'), reason);
    assert.deepEqual(filterReasons(nodeAffinity, pod, snapshot, 'bare'), reason);
  });

  it('requires one matching required term, with all operators', () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['In', { key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }, ['ssd-big']],
      ['NotIn', { key: 'disk', operator: 'NotIn', values: ['ssd'] }, ['hdd-small', 'bare']],
      ['Exists', { key: 'disk', operator: 'Exists' }, ['ssd-big', 'hdd-small']],
      ['DoesNotExist', { key: 'disk', operator: 'DoesNotExist' }, ['bare']],
      ['Gt', { key: 'cores', operator: 'Gt', values: ['8'] }, ['ssd-big']],
      ['Lt', { key: 'cores', operator: 'Lt', values: ['8'] }, ['hdd-small']],
    ];
    for (const [operator, expression, fitting] of cases) {
      const pod = makePod(`p-${operator}`, {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expression as never] }] } } },
      });
      for (const node of ['ssd-big', 'hdd-small', 'bare']) {
        assert.deepEqual(filterReasons(nodeAffinity, pod, snapshot, node), fitting.includes(node) ? null : reason, `${operator} on ${node}`);
      }
    }
  });

  it('needs both the nodeSelector and the affinity', () => {
    const pod = makePod('p', {
      nodeSelector: { disk: 'hdd' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }] } } },
    });
    for (const node of ['ssd-big', 'hdd-small', 'bare']) assert.deepEqual(filterReasons(nodeAffinity, pod, snapshot, node), reason, node);
  });

  it('narrows the nodes to those named by metadata.name in every term (DaemonSet pods)', () => {
    const pod = makePod('ds', {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['bare'] }] }] } } },
    });
    const pre = nodeAffinity.preFilter(podInfoOf(pod), snapshot);
    assert.ok(typeof pre === 'object' && 'state' in pre);
    assert.deepEqual([...pre.nodeNames!], ['bare']);
    assert.equal(filterReasons(nodeAffinity, pod, snapshot, 'bare'), null);
  });

  it('rejects every node when the named nodes of ANDed fields cannot overlap', () => {
    const pod = makePod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: ['ssd-big'] },
                  { key: 'metadata.name', operator: 'In', values: ['bare'] },
                ],
              },
            ],
          },
        },
      },
    });
    assert.deepEqual(filterReasons(nodeAffinity, pod, snapshot, 'bare'), ['pod affinity terms conflict']);
  });
});

describe('NodeAffinity score', () => {
  const snapshot = new Snapshot([makeNode('a', { labels: { disk: 'ssd', zone: 'x' } }), makeNode('b', { labels: { disk: 'ssd' } }), makeNode('c')]);

  it('sums the weights of matching preferred terms, best node scaled to 100', () => {
    const pod = makePod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 30, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
            { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
          ],
        },
      },
    });
    // a: 40 → 100; b: 30 → 100 × 30 / 40 = 75; c: 0.
    assert.deepEqual(pluginScores(nodeAffinityScore, pod, snapshot), { a: 100, b: 75, c: 0 });
  });

  it('skips pods without preferences (all nodes score 0)', () => {
    assert.deepEqual(pluginScores(nodeAffinityScore, makePod('p'), snapshot), { a: 0, b: 0, c: 0 });
  });
});
