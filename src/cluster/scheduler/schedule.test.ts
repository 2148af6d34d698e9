import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { numFeasibleNodesToFind, type ScheduleResult, Scheduler, schedulePod } from './schedule.ts';
import { Snapshot } from './snapshot.ts';
import { makeNode, makePod } from './testing.ts';

const controlPlane = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function nodeOf(result: ScheduleResult): string {
  if (result.unschedulable) assert.fail(`unschedulable: ${result.message}`);
  return result.node;
}

function messageOf(result: ScheduleResult): string {
  if (!result.unschedulable) assert.fail(`scheduled on ${result.node}`);
  return result.message;
}

/** Schedules and assumes pods one after another, like the scheduling loop; returns node per pod (or the message). */
function scheduleAll(snapshot: Snapshot, pods: Pod[], scheduler = new Scheduler()): string[] {
  return pods.map((pod) => {
    const result = scheduler.schedule(pod, snapshot);
    if (result.unschedulable) return result.message;
    snapshot.assume(pod, result.node);
    return result.node;
  });
}

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describe('schedulePod: why a pod does not fit', () => {
  it('says so when there are no nodes', () => {
    assert.equal(messageOf(schedulePod(makePod('p'), new Snapshot())), 'no nodes available to schedule pods');
  });

  it('aggregates mixed reasons, sorted, with the preemption sentence', () => {
    const snapshot = new Snapshot([
      makeNode('worker', { memory: '1Gi' }),
      makeNode('cp1', { taints: [controlPlane] }),
      makeNode('cp2', { taints: [controlPlane] }),
    ]);
    assert.equal(
      messageOf(schedulePod(makePod('p', { memory: '2Gi' }), snapshot)),
      '0/3 nodes are available: 1 Insufficient memory, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('reports the reasons per node and the plugins that rejected', () => {
    const snapshot = new Snapshot([makeNode('a', { cpu: '1' }), makeNode('b', { unschedulable: true })]);
    const result = schedulePod(makePod('p', { cpu: '2' }), snapshot);
    assert.ok(result.unschedulable);
    assert.deepEqual(Object.fromEntries(result.nodeReasons), { a: ['Insufficient cpu'], b: ['node(s) were unschedulable'] });
    assert.deepEqual(result.unschedulablePlugins, ['NodeResourcesFit', 'NodeUnschedulable']);
    assert.deepEqual(result.preemptionCandidates, []);
  });

  it('sorts counts as Go sorts strings ("10 …" before "2 …")', () => {
    const nodes = [...Array.from({ length: 10 }, (_, i) => makeNode(`cp${i}`, { taints: [controlPlane] })), makeNode('w1', { cpu: '1' }), makeNode('w2', { cpu: '1' })];
    const message = messageOf(schedulePod(makePod('p', { cpu: '2' }), new Snapshot(nodes)));
    assert.equal(
      message,
      '0/12 nodes are available: 10 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/12 nodes are available: 10 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('counts assumed pods: ten 1-cpu pods on a 4-cpu node, 4 fit and 6 do not', () => {
    const snapshot = new Snapshot([makeNode('n', { cpu: '4' })]);
    const results = scheduleAll(
      snapshot,
      Array.from({ length: 10 }, (_, i) => makePod(`p${i}`, { cpu: '1' })),
    );
    assert.deepEqual(results.slice(0, 4), ['n', 'n', 'n', 'n']);
    for (const message of results.slice(4)) {
      assert.equal(message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
    }
    assert.equal(snapshot.get('n')!.requestedMilliCPU, 4000);
  });

  it('reports nodes outside a pinned pod’s node set as not satisfying NodeAffinity', () => {
    const snapshot = new Snapshot([makeNode('n1', { pods: '1' }), makeNode('n2'), makeNode('n3')], [makePod('existing', { nodeName: 'n1' })]);
    const daemon = makePod('ds-n1', {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } },
    });
    assert.equal(
      messageOf(schedulePod(daemon, snapshot)),
      "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. " +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    const elsewhere = makePod('ds-n2', {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } } },
    });
    const result = schedulePod(elsewhere, snapshot);
    assert.equal(nodeOf(result), 'n2');
    assert.equal(!result.unschedulable && result.evaluatedNodes, 3);
  });

  it('rejects conflicting node name terms at PreFilter', () => {
    const snapshot = new Snapshot([makeNode('n1'), makeNode('n2')]);
    const pod = makePod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }, { key: 'metadata.name', operator: 'In', values: ['n2'] }] }],
          },
        },
      },
    });
    assert.equal(
      messageOf(schedulePod(pod, snapshot)),
      '0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('names preemption candidates (and drops the preemption sentence) when evicting lower-priority pods makes room', () => {
    const snapshot = new Snapshot([makeNode('n', { cpu: '2' }), makeNode('cp', { taints: [controlPlane] })], [makePod('low', { nodeName: 'n', cpu: '2', priority: 0 })]);
    const result = schedulePod(makePod('important', { cpu: '1', priority: 1000 }), snapshot);
    assert.ok(result.unschedulable);
    assert.equal(result.message, '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.');
    assert.deepEqual(result.preemptionCandidates, ['n']);
  });

  it('explains why evicting lower-priority pods would not help', () => {
    const snapshot = new Snapshot([makeNode('n', { cpu: '2' })], [makePod('low', { nodeName: 'n', cpu: '500m', priority: 0 }), makePod('high', { nodeName: 'n', cpu: '1500m', priority: 2000 })]);
    assert.equal(
      messageOf(schedulePod(makePod('p', { cpu: '1', priority: 1000 }), snapshot)),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.',
    );
  });

  it('re-runs inter-pod anti-affinity without the victims', () => {
    const term = { labelSelector: { matchLabels: { app: 'solo' } }, topologyKey: 'kubernetes.io/hostname' };
    const snapshot = new Snapshot([makeNode('n')], [makePod('low', { nodeName: 'n', labels: { app: 'solo' }, priority: 0 })]);
    const result = schedulePod(makePod('p', { priority: 10, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }), snapshot);
    assert.ok(result.unschedulable);
    assert.equal(result.message, "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.");
    assert.deepEqual(result.preemptionCandidates, ['n']);
  });

  it('does not preempt for pods with preemptionPolicy: Never', () => {
    const snapshot = new Snapshot([makeNode('n', { cpu: '1' })]);
    assert.equal(
      messageOf(schedulePod(makePod('p', { cpu: '2', preemptionPolicy: 'Never' }), snapshot)),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });
});

describe('schedulePod: choosing a node', () => {
  it('spreads replicas of a ReplicaSet across nodes', () => {
    const snapshot = new Snapshot([makeNode('n1'), makeNode('n2'), makeNode('n3'), makeNode('n4')]);
    const placed = scheduleAll(
      snapshot,
      Array.from({ length: 8 }, (_, i) => makePod(`web-${i}`, { replicaSet: 'web', labels: { app: 'web' }, cpu: '100m', memory: '128Mi' })),
    );
    assert.deepEqual(tally(placed), { n1: 2, n2: 2, n3: 2, n4: 2 });
  });

  it('spreads replicas across zones, favouring the node alone in its zone', () => {
    const snapshot = new Snapshot([makeNode('a1', { zone: 'a' }), makeNode('a2', { zone: 'a' }), makeNode('a3', { zone: 'a' }), makeNode('b1', { zone: 'b' })]);
    const placed = tally(scheduleAll(snapshot, Array.from({ length: 8 }, (_, i) => makePod(`web-${i}`, { replicaSet: 'web', labels: { app: 'web' } }))));
    assert.ok(placed.b1! > placed.a1! && placed.b1! > placed.a2! && placed.b1! > placed.a3!, JSON.stringify(placed));
  });

  it('keeps different workloads independent of each other', () => {
    const snapshot = new Snapshot([makeNode('n1'), makeNode('n2')], [makePod('api-0', { nodeName: 'n1', replicaSet: 'api' }), makePod('api-1', { nodeName: 'n1', replicaSet: 'api' })]);
    const result = new Scheduler().schedule(makePod('web-0', { replicaSet: 'web' }), snapshot, { withScores: true });
    assert.ok(!result.unschedulable);
    const byNode = Object.fromEntries(result.scores!.map((score) => [score.node, score.plugins]));
    assert.equal(byNode.n1!.PodTopologySpread, byNode.n2!.PodTopologySpread, 'api replicas do not repel web');
  });

  it('prefers nodes without an untolerated PreferNoSchedule taint', () => {
    const snapshot = new Snapshot([makeNode('spot', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }), makeNode('regular')]);
    const result = new Scheduler().schedule(makePod('p', { cpu: '100m' }), snapshot, { withScores: true });
    assert.equal(nodeOf(result), 'regular');
    assert.ok(!result.unschedulable);
    const [best, worst] = result.scores!;
    assert.equal(best!.plugins.TaintToleration, 100);
    assert.equal(worst!.plugins.TaintToleration, 0);
    assert.equal(best!.total - worst!.total, 300, 'TaintToleration weighs 3');
  });

  it('prefers the node that keeps cpu and memory balanced', () => {
    const snapshot = new Snapshot(
      [makeNode('lopsided', { cpu: '4', memory: '8Gi' }), makeNode('even', { cpu: '4', memory: '8Gi' })],
      [makePod('a', { nodeName: 'lopsided', cpu: '2' }), makePod('b', { nodeName: 'even', cpu: '1', memory: '4Gi' })],
    );
    // LeastAllocated prefers "lopsided" (64 vs 52: its memory is nearly free), but balanced
    // allocation prefers "even" by more (cpu 62.5% / memory 6.25% used → 71, vs 37.5% / 56.25% → 90).
    const result = new Scheduler().schedule(makePod('p', { cpu: '500m', memory: '512Mi' }), snapshot, { withScores: true });
    assert.equal(nodeOf(result), 'even');
    assert.ok(!result.unschedulable);
    const scores = Object.fromEntries(result.scores!.map((score) => [score.node, score.plugins]));
    assert.deepEqual([scores.lopsided!.NodeResourcesFit, scores.even!.NodeResourcesFit], [64, 52]);
    assert.deepEqual([scores.lopsided!.NodeResourcesBalancedAllocation, scores.even!.NodeResourcesBalancedAllocation], [71, 90]);
  });

  it('weights plugin scores as kube-scheduler does and sums them', () => {
    const snapshot = new Snapshot([makeNode('a', { labels: { disk: 'ssd' } }), makeNode('b')]);
    const pod = makePod('p', {
      cpu: '1',
      memory: '1Gi',
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } }] } },
    });
    const result = new Scheduler().schedule(pod, snapshot, { withScores: true });
    assert.ok(!result.unschedulable);
    const weights: Record<string, number> = { TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesBalancedAllocation: 1 };
    for (const score of result.scores!) {
      const expected = Object.entries(score.plugins).reduce((sum, [plugin, value]) => sum + weights[plugin]! * value, 0);
      assert.equal(score.total, expected);
      for (const value of Object.values(score.plugins)) assert.ok(value >= 0 && value <= 100);
    }
    assert.equal(result.node, 'a');
    assert.equal(result.scores![0]!.total - result.scores![1]!.total, 200, 'NodeAffinity 100 vs 0, weight 2');
  });

  it('takes a nominated node first when it fits', () => {
    const snapshot = new Snapshot([makeNode('n1'), makeNode('n2'), makeNode('n3')]);
    assert.equal(nodeOf(schedulePod(makePod('p', { nominatedNodeName: 'n3' }), snapshot)), 'n3');
  });

  it('breaks ties reproducibly for a given seed', () => {
    const run = (seed: number) => {
      const snapshot = new Snapshot(Array.from({ length: 6 }, (_, i) => makeNode(`n${i}`)));
      return scheduleAll(snapshot, Array.from({ length: 6 }, (_, i) => makePod(`p${i}`)), new Scheduler({ seed }));
    };
    assert.deepEqual(run(7), run(7));
    assert.equal(new Set(run(7)).size, 6, 'equal pods spread over equal nodes');
  });
});

describe('percentage of nodes to score', () => {
  it('is adaptive: all below 100 nodes, else 50% − nodes/125 (at least 5%, at least 100 nodes)', () => {
    assert.equal(numFeasibleNodesToFind(50), 50);
    assert.equal(numFeasibleNodesToFind(100), 100, '50% of 100 is below the minimum of 100');
    assert.equal(numFeasibleNodesToFind(500), 230, '46%');
    assert.equal(numFeasibleNodesToFind(1000), 420, '42%');
    assert.equal(numFeasibleNodesToFind(5000), 500, '10%');
    assert.equal(numFeasibleNodesToFind(20000), 1000, 'floor of 5%');
    assert.equal(numFeasibleNodesToFind(1000, 10), 100);
    assert.equal(numFeasibleNodesToFind(1000, 100), 1000);
  });

  it('stops filtering once enough feasible nodes are found, and starts the next pod where it stopped', () => {
    const snapshot = new Snapshot(Array.from({ length: 1000 }, (_, i) => makeNode(`n${String(i).padStart(4, '0')}`)));
    const scheduler = new Scheduler();
    const first = scheduler.schedule(makePod('p1'), snapshot);
    assert.ok(!first.unschedulable);
    assert.equal(first.feasibleNodes, 420);
    assert.equal(first.evaluatedNodes, 420);
    const second = scheduler.schedule(makePod('p2'), snapshot);
    assert.ok(!second.unschedulable);
    const window = snapshot.nodes.slice(420, 840).map((node) => node.name);
    assert.ok(window.includes(second.node), `${second.node} is among nodes 420–839`);
  });

  it('filters every node when none fits', () => {
    const snapshot = new Snapshot(Array.from({ length: 300 }, (_, i) => makeNode(`n${i}`, { cpu: '1' })));
    const result = schedulePod(makePod('p', { cpu: '2' }), snapshot);
    assert.ok(result.unschedulable);
    assert.equal(result.nodeReasons.size, 300);
    assert.match(result.message, /^0\/300 nodes are available: 300 Insufficient cpu\./);
  });
});
