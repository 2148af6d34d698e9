// core/v1 ServiceAccount. (Its tokens are minted through the serviceaccounts/token subresource,
// which the server provides; nothing here.)
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { invalid } from '../validation/errors.ts';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

export const serviceAccountResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  listKind: 'ServiceAccountList',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  namespaced: true,
  shortNames: ['sa'],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults() {},

  validate(object, old) {
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    (view<ServiceAccount>(object).imagePullSecrets ?? []).forEach((reference, index) => {
      for (const message of isDNS1123Subdomain(reference.name ?? '')) errors.push(invalid(`imagePullSecrets[${index}].name`, reference.name ?? '', message));
    });
    return errors;
  },

  table: {
    columns: [nameColumn(), column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageColumn()],
    row: (object, now) => [nameOf(object), (view<ServiceAccount>(object).secrets ?? []).length, age(object, now)],
  },
};
