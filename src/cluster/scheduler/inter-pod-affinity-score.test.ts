import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interPodAffinityScore } from './inter-pod-affinity-score.ts';
import { Snapshot } from './snapshot.ts';
import { makeNode, makePod, pluginScores } from './testing.ts';

const zone = 'topology.kubernetes.io/zone';
const hostname = 'kubernetes.io/hostname';

describe('InterPodAffinity score', () => {
  const nodes = () => [makeNode('a1', { zone: 'a' }), makeNode('a2', { zone: 'a' }), makeNode('b1', { zone: 'b' })];

  it("prefers the domains of pods matching the pod's preferred affinity", () => {
    const snapshot = new Snapshot(nodes(), [makePod('cache', { nodeName: 'a1', labels: { app: 'cache' } })]);
    const pod = makePod('web', {
      affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: zone } }] } },
    });
    assert.deepEqual(pluginScores(interPodAffinityScore, pod, snapshot), { a1: 100, a2: 100, b1: 0 });
  });

  it('weighs affinity against anti-affinity', () => {
    const snapshot = new Snapshot(nodes(), [
      makePod('cache', { nodeName: 'a1', labels: { app: 'cache' } }),
      makePod('noisy', { nodeName: 'a1', labels: { app: 'noisy' } }),
      makePod('noisy2', { nodeName: 'b1', labels: { app: 'noisy' } }),
    ]);
    const pod = makePod('web', {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: zone } }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, podAffinityTerm: { labelSelector: { matchLabels: { app: 'noisy' } }, topologyKey: hostname } }] },
      },
    });
    // a1: +10 (zone a) −30 (noisy on a1) = −20; a2: +10; b1: −30 → min −30, max 10: a1 25, a2 100, b1 0.
    assert.deepEqual(pluginScores(interPodAffinityScore, pod, snapshot), { a1: 25, a2: 100, b1: 0 });
  });

  it("counts existing pods' terms that select the incoming pod", () => {
    const snapshot = new Snapshot(nodes(), [
      makePod('friend', {
        nodeName: 'b1',
        affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: zone } }] } },
      }),
      makePod('required', { nodeName: 'a2', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: hostname }] } } }),
    ]);
    // b1 (zone b): +5; a2: +1 (hardPodAffinityWeight); a1: 0 → min 0, max 5: b1 100, a2 20, a1 0.
    assert.deepEqual(pluginScores(interPodAffinityScore, makePod('web', { labels: { app: 'web' } }), snapshot), { a1: 0, a2: 20, b1: 100 });
    assert.deepEqual(pluginScores(interPodAffinityScore, makePod('api', { labels: { app: 'api' } }), snapshot), { a1: 0, a2: 0, b1: 0 });
  });
});
