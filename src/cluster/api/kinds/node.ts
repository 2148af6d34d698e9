// core/v1 Node. Nodes register with their status (the agent, or kwok-style fakes, create them
// that way), so create keeps the status; later only /status changes it.
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { invalid, notSupported, required } from '../validation/errors.ts';
import { validateLabelName } from '../validation/label-selector.ts';
import { isValidLabelValue, nameIsDNSSubdomain } from '../validation/names.ts';
import { canonicalizeResourceList } from '../validation/resources.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { keepStatus } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTaints(taints: Taint[] | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((taint, index) => {
    const path = `spec.taints[${index}]`;
    errors.push(...validateLabelName(taint.key ?? '', `${path}.key`));
    if (taint.value) errors.push(...isValidLabelValue(taint.value).map((message) => invalid(`${path}.value`, taint.value, message)));
    if (!taint.effect) errors.push(required(`${path}.effect`));
    else if (!taintEffects.includes(taint.effect)) errors.push(notSupported(`${path}.effect`, taint.effect, taintEffects));
    const key = `${taint.key}:${taint.effect}`;
    if (seen.has(key)) errors.push(invalid(path, taint, 'taints must be unique by key and effect pair'));
    seen.add(key);
  });
  return errors;
}

/** The roles from node-role.kubernetes.io/<role> labels and the older kubernetes.io/role. */
function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function statusCell(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((condition) => condition.type === 'Ready');
  const status = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((entry) => entry.type === type)?.address ?? '<none>';
}

export const nodeResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Node',
  listKind: 'NodeList',
  plural: 'nodes',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  categories: [],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults(object) {
    const status = view<Node>(object).status as { capacity?: Record<string, string>; allocatable?: Record<string, string> } | undefined;
    if (!status) return;
    canonicalizeResourceList(status.capacity);
    canonicalizeResourceList(status.allocatable);
    if (!status.allocatable && status.capacity) status.allocatable = { ...status.capacity };
  },

  validate(object, old) {
    const errors: FieldError[] = validateMeta(object, old, { namespaced: false, name: nameIsDNSSubdomain });
    errors.push(...validateTaints(view<Node>(object).spec?.taints));
    if (old) {
      const podCIDR = view<Node>(old).spec?.podCIDR;
      const next = view<Node>(object).spec?.podCIDR;
      if (podCIDR && next !== podCIDR) errors.push(invalid('spec.podCIDR', next ?? '', 'node updates may not change podCIDR except from "" to valid'));
    }
    return errors;
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
  },

  selectableFields(object) {
    return { 'spec.unschedulable': String(view<Node>(object).spec?.unschedulable ?? false) };
  },

  table: {
    columns: [
      nameColumn(),
      column('Status', 'The status of the node'),
      column('Roles', 'The roles of the node'),
      ageColumn(),
      column('Version', 'Kubelet Version reported by the node.'),
      column('Internal-IP', 'List of addresses reachable to the node.', { wide: true }),
      column('External-IP', 'List of addresses reachable to the node.', { wide: true }),
      column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { wide: true }),
      column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { wide: true }),
      column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { wide: true }),
    ],
    row(object, now) {
      const node = view<Node>(object);
      const info = node.status?.nodeInfo;
      const roles = nodeRoles(node).join(',');
      return [
        nameOf(object),
        statusCell(node),
        roles || '<none>',
        age(object, now),
        info?.kubeletVersion ?? '',
        address(node, 'InternalIP'),
        address(node, 'ExternalIP'),
        info?.osImage || '<unknown>',
        info?.kernelVersion || '<unknown>',
        info?.containerRuntimeVersion || '<unknown>',
      ];
    },
  },
};
