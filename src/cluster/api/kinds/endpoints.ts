// core/v1 Endpoints.
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { enumerated, supportedProtocols } from '../validation/containers.ts';
import { invalid, required } from '../validation/errors.ts';
import { validateIP } from '../validation/ip.ts';
import { isDNS1123Label, isValidPortNumber, nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { defaultTo, view } from './object-view.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

function validateSubsets(endpoints: Endpoints): FieldError[] {
  const errors: FieldError[] = [];
  (endpoints.subsets ?? []).forEach((subset, index) => {
    const path = `subsets[${index}]`;
    for (const [field, addresses] of [['addresses', subset.addresses], ['notReadyAddresses', subset.notReadyAddresses]] as const) {
      (addresses ?? []).forEach((address, i) => {
        const ipPath = `${path}.${field}[${i}].ip`;
        if (!address.ip) errors.push(required(ipPath));
        else errors.push(...validateIP(address.ip, ipPath));
      });
    }
    const ports = subset.ports ?? [];
    ports.forEach((port, i) => {
      const portPath = `${path}.ports[${i}]`;
      if (ports.length > 1 && !port.name) errors.push(required(`${portPath}.name`));
      else if (port.name) errors.push(...isDNS1123Label(port.name).map((message) => invalid(`${portPath}.name`, port.name, message)));
      errors.push(...isValidPortNumber(port.port).map((message) => invalid(`${portPath}.port`, port.port, message)));
      errors.push(...enumerated(port.protocol, `${portPath}.protocol`, supportedProtocols));
    });
  });
  return errors;
}

/** formatEndpoints: the first three "ip:port" pairs, then "+ N more...". */
function endpointsCell(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(address.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(address.ip.includes(':') ? `[${address.ip}]:${port.port}` : `${address.ip}:${port.port}`);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export const endpointsResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  listKind: 'EndpointsList',
  plural: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults(object) {
    for (const subset of view<Endpoints>(object).subsets ?? []) for (const port of subset.ports ?? []) defaultTo(port, 'protocol', 'TCP');
  },

  validate(object, old) {
    return [...validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain }), ...validateSubsets(view<Endpoints>(object))];
  },

  table: {
    columns: [nameColumn(), column('Endpoints', 'The set of all endpoints is the union of all subsets.'), ageColumn()],
    row: (object, now) => [nameOf(object), endpointsCell(view<Endpoints>(object)), age(object, now)],
  },
};
