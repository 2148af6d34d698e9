// core/v1 Pod.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { validatePodSpec, validatePodSpecUpdate } from '../validation/pod-spec.ts';
import { child, view } from './object-view.ts';
import { defaultPodOnly, defaultPodSpec } from './pod-defaults.ts';
import { podQOSClass } from './pod-qos.ts';
import { podStatusCells } from './pod-status.ts';
import { validateMeta } from './meta.ts';
import { keepStatus } from './strategy.ts';
import { age, column, nameColumn, ageColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

function defaultPod(object: KubeObject): void {
  const spec = child<NonNullable<Pod['spec']>>(object, 'spec');
  defaultPodOnly(spec);
  defaultPodSpec(spec);
}

export const podResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  listKind: 'PodList',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults: defaultPod,

  validate(object, old) {
    const pod = view<Pod>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    errors.push(...validatePodSpec(pod.spec, 'spec', { pod: true }));
    if (old) errors.push(...validatePodSpecUpdate(pod.spec, view<Pod>(old).spec));
    return errors;
  },

  /** A new pod is Pending with its QoS class; a gated one says why it is not scheduled. */
  prepareForCreate(object) {
    // Kubernetes defaults while decoding, before this step; requests copied from limits decide the QoS class.
    defaultPod(object);
    const spec = view<Pod>(object).spec;
    const status: Record<string, unknown> = { phase: 'Pending', qosClass: podQOSClass(spec) };
    if ((spec?.schedulingGates ?? []).length > 0) {
      status.conditions = [
        { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null, lastTransitionTime: null },
      ];
    }
    object.status = status;
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
  },

  selectableFields(object) {
    const pod = view<Pod>(object);
    return {
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
      'status.phase': pod.status?.phase ?? '',
      'status.podIP': pod.status?.podIPs?.[0]?.ip ?? '',
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    };
  },

  table: {
    columns: [
      nameColumn(),
      column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      column('Status', 'The aggregate status of the containers in this pod.'),
      column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      ageColumn(),
      column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { wide: true }),
      column('Node', 'NodeName indicates in which node this pod is scheduled.', { wide: true }),
      column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { wide: true }),
      column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { wide: true }),
    ],
    row(object: KubeObject, now: Date) {
      const pod = view<Pod>(object);
      const cells = podStatusCells(pod, now);
      const gates = pod.spec?.readinessGates ?? [];
      let readinessGates = '<none>';
      if (gates.length > 0) {
        const conditions = pod.status?.conditions ?? [];
        const trueGates = gates.filter((gate) => conditions.find((condition) => condition.type === gate.conditionType)?.status === 'True').length;
        readinessGates = `${trueGates}/${gates.length}`;
      }
      return [
        nameOf(object),
        cells.ready,
        cells.status,
        cells.restarts,
        age(object, now),
        pod.status?.podIPs?.[0]?.ip || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGates,
      ];
    },
  },
};
