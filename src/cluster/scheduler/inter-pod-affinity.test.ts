import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { interPodAffinity } from './inter-pod-affinity.ts';
import { Snapshot } from './snapshot.ts';
import { filterReasons, makeNode, makePod } from './testing.ts';

const affinityReason = ["node(s) didn't match pod affinity rules"];
const antiAffinityReason = ["node(s) didn't match pod anti-affinity rules"];
const existingReason = ["node(s) didn't satisfy existing pods anti-affinity rules"];

const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey, ...extra });
const zone = 'topology.kubernetes.io/zone';
const hostname = 'kubernetes.io/hostname';

function cluster() {
  return new Snapshot(
    [makeNode('a1', { zone: 'a' }), makeNode('a2', { zone: 'a' }), makeNode('b1', { zone: 'b' }), makeNode('nozone')],
    [makePod('cache', { nodeName: 'a1', labels: { app: 'cache' } }), makePod('other-ns-db', { nodeName: 'b1', namespace: 'other', labels: { app: 'db' } })],
  );
}

describe('InterPodAffinity filter: required affinity', () => {
  const pod = makePod('web', { labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache', zone)] } } });

  it('fits nodes in the domain of a matching pod', () => {
    const snapshot = cluster();
    assert.equal(filterReasons(interPodAffinity, pod, snapshot, 'a1'), null);
    assert.equal(filterReasons(interPodAffinity, pod, snapshot, 'a2'), null, 'same zone, other node');
    assert.deepEqual(filterReasons(interPodAffinity, pod, snapshot, 'b1'), affinityReason);
    assert.deepEqual(filterReasons(interPodAffinity, pod, snapshot, 'nozone'), affinityReason, 'the topology key must exist');
  });

  it('looks in the namespaces the term names', () => {
    const snapshot = cluster();
    const sameNamespace = makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', zone)] } } });
    // No pod labelled app=db in "default" and the pod does not match its own term: nowhere.
    assert.deepEqual(filterReasons(interPodAffinity, sameNamespace, snapshot, 'b1'), affinityReason);
    const otherNamespace = makePod('p2', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', zone, { namespaces: ['other'] })] } } });
    assert.equal(filterReasons(interPodAffinity, otherNamespace, snapshot, 'b1'), null);
    assert.deepEqual(filterReasons(interPodAffinity, otherNamespace, snapshot, 'a1'), affinityReason);
  });

  it('selects namespaces by their labels with a namespaceSelector', () => {
    const snapshot = cluster();
    snapshot.setNamespace({ metadata: { name: 'other', labels: { team: 'data' } } });
    const pod2 = makePod('p', {
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', zone, { namespaceSelector: { matchLabels: { team: 'data' } } })] } },
    });
    assert.equal(filterReasons(interPodAffinity, pod2, snapshot, 'b1'), null);
    const everywhere = makePod('p3', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', zone, { namespaceSelector: {} })] } } });
    assert.equal(filterReasons(interPodAffinity, everywhere, snapshot, 'b1'), null);
  });

  it('lets the first pod of a self-affine group start anywhere with the topology key', () => {
    const snapshot = cluster();
    const first = makePod('first', { labels: { app: 'group' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('group', zone)] } } });
    assert.equal(filterReasons(interPodAffinity, first, snapshot, 'b1'), null);
    assert.deepEqual(filterReasons(interPodAffinity, first, snapshot, 'nozone'), affinityReason);
    snapshot.assume(first, 'b1');
    const second = makePod('second', { labels: { app: 'group' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('group', zone)] } } });
    assert.equal(filterReasons(interPodAffinity, second, snapshot, 'b1'), null);
    assert.deepEqual(filterReasons(interPodAffinity, second, snapshot, 'a1'), affinityReason, 'now the group exists, it must be joined');
  });

  it('requires one pod matching all terms', () => {
    const snapshot = new Snapshot(
      [makeNode('n1', { zone: 'a' }), makeNode('n2', { zone: 'b' })],
      [makePod('x', { nodeName: 'n1', labels: { app: 'x' } }), makePod('y', { nodeName: 'n1', labels: { tier: 'y' } })],
    );
    const both = makePod('p', {
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('x', zone), { labelSelector: { matchLabels: { tier: 'y' } }, topologyKey: zone }] } },
    });
    assert.deepEqual(filterReasons(interPodAffinity, both, snapshot, 'n1'), affinityReason, 'x and y are different pods');
  });
});

describe('InterPodAffinity filter: required anti-affinity', () => {
  it('keeps the pod out of domains with matching pods', () => {
    const snapshot = cluster();
    const pod = makePod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache', zone)] } } });
    assert.deepEqual(filterReasons(interPodAffinity, pod, snapshot, 'a1'), antiAffinityReason);
    assert.deepEqual(filterReasons(interPodAffinity, pod, snapshot, 'a2'), antiAffinityReason);
    assert.equal(filterReasons(interPodAffinity, pod, snapshot, 'b1'), null);
    assert.equal(filterReasons(interPodAffinity, pod, snapshot, 'nozone'), null, 'no domain, nothing to avoid');
  });

  it('spreads replicas one per node by hostname', () => {
    const snapshot = cluster();
    const replica = (name: string) => makePod(name, { labels: { app: 'spread' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('spread', hostname)] } } });
    snapshot.assume(replica('r1'), 'a1');
    assert.deepEqual(filterReasons(interPodAffinity, replica('r2'), snapshot, 'a1'), antiAffinityReason);
    assert.equal(filterReasons(interPodAffinity, replica('r2'), snapshot, 'a2'), null);
  });

  it("honours existing pods' anti-affinity against the incoming pod", () => {
    const snapshot = cluster();
    snapshot.assume(makePod('loner', { labels: { app: 'loner' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', zone)] } } }), 'b1');
    const web = makePod('web', { labels: { app: 'web' } });
    assert.deepEqual(filterReasons(interPodAffinity, web, snapshot, 'b1'), existingReason);
    assert.equal(filterReasons(interPodAffinity, web, snapshot, 'a1'), null);
    assert.equal(filterReasons(interPodAffinity, makePod('api', { labels: { app: 'api' } }), snapshot, 'b1'), null);
    const elsewhere = makePod('web2', { namespace: 'other', labels: { app: 'web' } });
    assert.equal(filterReasons(interPodAffinity, elsewhere, snapshot, 'b1'), null, "the term covers the existing pod's namespace only");
  });
});
