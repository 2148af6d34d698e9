// core/v1 ResourceQuota. The quota controller fills status.hard and status.used; the table
// shows them as "requests.cpu: 500m/1" under REQUEST and the limits.* ones under LIMIT.
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid, notSupported } from '../validation/errors.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { Quantity } from '../validation/quantity.ts';
import { canonicalizeResourceList, validateResourceQuantities } from '../validation/resources.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { statusOnlyStrategy } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const scopes = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
const standardQuotaResources = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'cpu', 'memory', 'ephemeral-storage', 'storage',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);

function isQuotaResourceName(name: string): boolean {
  return standardQuotaResources.has(name) || name.includes('/') || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

function validateQuota(quota: ResourceQuota): FieldError[] {
  const errors: FieldError[] = [];
  const hard = quota.spec?.hard ?? {};
  for (const name of Object.keys(hard)) {
    if (!isQuotaResourceName(name)) errors.push(invalid(`spec.hard[${name}]`, name, 'must be a standard resource for quota'));
  }
  errors.push(...validateResourceQuantities(hard, 'spec.hard'));
  (quota.spec?.scopes ?? []).forEach((scope, index) => {
    if (!scopes.includes(scope)) errors.push(notSupported(`spec.scopes[${index}]`, scope, scopes));
  });
  return errors;
}

/** "name: used/hard" pairs for the resources of one column, sorted by name. */
function usageCell(quota: ResourceQuota, limits: boolean): string {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const text = (value: string | undefined) => (value === undefined ? '0' : (Quantity.parse(value)?.toString() ?? value));
  return Object.keys(hard)
    .sort()
    .filter((name) => (name.split('.').length > 1 && name.split('.')[0] === 'limits') === limits)
    .map((name) => `${name}: ${text(used[name])}/${text(hard[name])}`)
    .join(', ');
}

export const resourceQuotaResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  listKind: 'ResourceQuotaList',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  namespaced: true,
  shortNames: ['quota'],
  categories: [],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults(object: KubeObject) {
    const quota = view<ResourceQuota>(object);
    canonicalizeResourceList(quota.spec?.hard);
    canonicalizeResourceList(quota.status?.hard);
    canonicalizeResourceList(quota.status?.used);
  },

  validate(object, old) {
    return [...validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain }), ...validateQuota(view<ResourceQuota>(object))];
  },

  ...statusOnlyStrategy,

  // Kubernetes 1.32 prints AGE second; 1.33 moved it last.
  table: {
    columns: [
      nameColumn(),
      ageColumn(),
      column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
      column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ],
    row: (object, now) => {
      const quota = view<ResourceQuota>(object);
      return [nameOf(object), age(object, now), usageCell(quota, false), usageCell(quota, true)];
    },
  },
};
