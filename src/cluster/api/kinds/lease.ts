// coordination.k8s.io/v1 Lease (leader election, node heartbeats).
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { invalid, nonNegative, notSupported } from '../validation/errors.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const strategies = ['OldestEmulationVersion'];

function validateSpec(lease: Lease): FieldError[] {
  const spec = lease.spec ?? {};
  const errors: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errors.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  errors.push(...nonNegative('spec.leaseTransitions', spec.leaseTransitions));
  const strategy = (spec as { strategy?: string }).strategy;
  if (strategy !== undefined && !strategies.includes(strategy)) errors.push(notSupported('spec.strategy', strategy, strategies));
  return errors;
}

export const leaseResource: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  listKind: 'LeaseList',
  plural: 'leases',
  singular: 'lease',
  namespaced: true,
  shortNames: [],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults() {},

  validate: (object, old) => [...validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain }), ...validateSpec(view<Lease>(object))],

  table: {
    columns: [nameColumn(), column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn()],
    row: (object, now) => [nameOf(object), view<Lease>(object).spec?.holderIdentity ?? '', age(object, now)],
  },
};
