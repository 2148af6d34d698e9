// core/v1 LimitRange. Kubernetes has no printer for it: `kubectl get limits` shows NAME and
// CREATED AT.
import type { LimitRange, LimitRangeItem } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid, notSupported, required } from '../validation/errors.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { Quantity } from '../validation/quantity.ts';
import { canonicalizeResourceList, validateResourceQuantities } from '../validation/resources.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { defaultTable } from './table.ts';
import { standardVerbs } from './verbs.ts';

const limitTypes = ['Container', 'PersistentVolumeClaim', 'Pod'];
const quantityFields = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

/** SetDefaults_LimitRangeItem: for containers, default limits from max, default requests from the default limit, then from min. */
function defaultItem(item: LimitRangeItem): void {
  for (const field of quantityFields) canonicalizeResourceList(item[field]);
  if (item.type !== 'Container') return;
  item.default ??= {};
  item.defaultRequest ??= {};
  for (const [name, value] of Object.entries(item.max ?? {})) if (!(name in item.default)) item.default[name] = value;
  for (const [name, value] of Object.entries(item.default)) if (!(name in item.defaultRequest)) item.defaultRequest[name] = value;
  for (const [name, value] of Object.entries(item.min ?? {})) if (!(name in item.defaultRequest)) item.defaultRequest[name] = value;
}

function validateItems(limitRange: LimitRange): FieldError[] {
  const errors: FieldError[] = [];
  (limitRange.spec?.limits ?? []).forEach((item, index) => {
    const path = `spec.limits[${index}]`;
    if (!item.type) errors.push(required(`${path}.type`));
    else if (!limitTypes.includes(item.type)) errors.push(notSupported(`${path}.type`, item.type, limitTypes));
    for (const field of quantityFields) errors.push(...validateResourceQuantities(item[field], `${path}.${field}`));
    const quantity = (list: Record<string, string> | undefined, name: string) => Quantity.parse(list?.[name]);
    const names = new Set([...Object.keys(item.min ?? {}), ...Object.keys(item.max ?? {}), ...Object.keys(item.default ?? {}), ...Object.keys(item.defaultRequest ?? {})]);
    for (const name of names) {
      const min = quantity(item.min, name);
      const max = quantity(item.max, name);
      const limit = quantity(item.default, name);
      const request = quantity(item.defaultRequest, name);
      if (min && max && min.cmp(max) > 0) errors.push(invalid(`${path}.min[${name}]`, min.toString(), `min value ${min} is greater than max value ${max}`));
      if (request && min && request.cmp(min) < 0) errors.push(invalid(`${path}.defaultRequest[${name}]`, request.toString(), `min value ${min} is greater than default request value ${request}`));
      if (request && max && request.cmp(max) > 0) errors.push(invalid(`${path}.defaultRequest[${name}]`, request.toString(), `default request value ${request} is greater than max value ${max}`));
      if (limit && max && limit.cmp(max) > 0) errors.push(invalid(`${path}.default[${name}]`, limit.toString(), `default value ${limit} is greater than max value ${max}`));
      if (limit && min && limit.cmp(min) < 0) errors.push(invalid(`${path}.default[${name}]`, limit.toString(), `min value ${min} is greater than default value ${limit}`));
      if (request && limit && request.cmp(limit) > 0) errors.push(invalid(`${path}.defaultRequest[${name}]`, request.toString(), `default request value ${request} is greater than default limit value ${limit}`));
    }
  });
  return errors;
}

export const limitRangeResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  listKind: 'LimitRangeList',
  plural: 'limitranges',
  singular: 'limitrange',
  namespaced: true,
  shortNames: ['limits'],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults(object: KubeObject) {
    for (const item of view<LimitRange>(object).spec?.limits ?? []) defaultItem(item);
  },

  validate(object, old) {
    return [...validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain }), ...validateItems(view<LimitRange>(object))];
  },

  table: defaultTable,
};
