// Micro benchmark of the scheduling algorithm (not a test): 1,000 nodes in 3 zones and 10,000
// pending pods from 100 ReplicaSets, scheduled one after another, each assumed onto its node
// before the next. Prints pods per second.
//   node src/cluster/scheduler/schedule.bench.ts [nodes] [pods] [--affinity] [--spread]
// --affinity gives every tenth ReplicaSet required hostname anti-affinity and every tenth
// (another) preferred zone affinity; --spread gives every pod a zone DoNotSchedule and a
// hostname ScheduleAnyway topology spread constraint: the costlier paths.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Scheduler } from './schedule.ts';
import { Snapshot } from './snapshot.ts';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const nodeCount = Number(args[0] ?? 1000);
const podCount = Number(args[1] ?? 10000);
const withAffinity = process.argv.includes('--affinity');
const withSpread = process.argv.includes('--spread');
const replicaSets = 100;
const zones = ['zone-a', 'zone-b', 'zone-c'];

function makeNode(i: number): Node {
  const name = `node-${String(i).padStart(4, '0')}`;
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zones[i % zones.length]! } },
    spec: i % 50 === 0 ? { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] } : {},
    status: { allocatable: { cpu: '32', memory: '128Gi', pods: '110', 'ephemeral-storage': '100Gi' } },
  };
}

function makePod(i: number): Pod {
  const rs = i % replicaSets;
  const app = `app-${rs}`;
  const pod: Pod = {
    metadata: {
      name: `${app}-${i}`,
      namespace: 'default',
      labels: { app },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-rs`, uid: `uid-${rs}`, controller: true }],
    },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'busybox',
          resources: rs % 7 === 0 ? {} : { requests: { cpu: `${100 + (rs % 10) * 50}m`, memory: `${128 + (rs % 8) * 64}Mi` } },
        },
      ],
    },
  };
  if (withSpread) {
    pod.spec!.topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } },
    ];
  }
  if (withAffinity && rs % 10 === 0) {
    pod.spec!.affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }] },
    };
  } else if (withAffinity && rs % 10 === 5) {
    pod.spec!.affinity = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: 'topology.kubernetes.io/zone' } }],
      },
    };
  }
  return pod;
}

const nodes = Array.from({ length: nodeCount }, (_, i) => makeNode(i));
const pods = Array.from({ length: podCount }, (_, i) => makePod(i));
const snapshot = new Snapshot(nodes);
const scheduler = new Scheduler();

const started = process.hrtime.bigint();
let bound = 0;
let unschedulable = 0;
for (const pod of pods) {
  const result = scheduler.schedule(pod, snapshot);
  if (result.unschedulable) unschedulable++;
  else {
    snapshot.assume(pod, result.node);
    bound++;
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const perNode = snapshot.nodes.map((node) => node.pods.length);
console.log(
  `${nodeCount} nodes, ${podCount} pods${withAffinity ? ' (with affinity)' : ''}${withSpread ? ' (with spread constraints)' : ''}: ${bound} bound, ${unschedulable} unschedulable in ${seconds.toFixed(2)} s → ${Math.round(podCount / seconds)} pods/s` +
    ` (pods per node: min ${Math.min(...perNode)}, max ${Math.max(...perNode)})`,
);
