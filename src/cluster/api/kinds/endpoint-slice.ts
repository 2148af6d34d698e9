// discovery.k8s.io/v1 EndpointSlice. Its generation goes up with any change but to metadata
// (labels excepted), since it has no spec (Kubernetes' endpointslice strategy).
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { enumerated, supportedProtocols } from '../validation/containers.ts';
import { invalid, required, tooMany } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { isIP } from 'node:net';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNumber, nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { defaultTo, view } from './object-view.ts';
import { nextGeneration, startGeneration } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const addressTypes = ['FQDN', 'IPv4', 'IPv6'];
const maxEndpoints = 1000;
const maxAddresses = 100;
const maxPorts = 20000;

function validateAddress(address: string, type: string | undefined, path: string): FieldError[] {
  if (type === 'IPv4' && isIP(address) !== 4) return [invalid(path, address, 'must be a valid IPv4 address')];
  if (type === 'IPv6' && isIP(address) !== 6) return [invalid(path, address, 'must be a valid IPv6 address')];
  if (type === 'FQDN') return isDNS1123Subdomain(address).map((message) => invalid(path, address, message));
  return [];
}

function validateSlice(slice: EndpointSlice): FieldError[] {
  const errors: FieldError[] = [];
  const type = slice.addressType;
  errors.push(...enumerated(type, 'addressType', addressTypes));
  const endpoints = slice.endpoints ?? [];
  if (endpoints.length > maxEndpoints) errors.push(tooMany('endpoints', endpoints.length, maxEndpoints));
  endpoints.forEach((endpoint, index) => {
    const path = `endpoints[${index}]`;
    const addresses = endpoint.addresses ?? [];
    if (addresses.length === 0) errors.push(required(`${path}.addresses`, 'must contain at least 1 address'));
    else if (addresses.length > maxAddresses) errors.push(tooMany(`${path}.addresses`, addresses.length, maxAddresses));
    addresses.forEach((address, i) => errors.push(...validateAddress(address, type, `${path}.addresses[${i}]`)));
    if (endpoint.nodeName) errors.push(...isDNS1123Subdomain(endpoint.nodeName).map((message) => invalid(`${path}.nodeName`, endpoint.nodeName, message)));
    if (endpoint.hostname) errors.push(...isDNS1123Label(endpoint.hostname).map((message) => invalid(`${path}.hostname`, endpoint.hostname, message)));
  });
  const ports = slice.ports ?? [];
  if (ports.length > maxPorts) errors.push(tooMany('ports', ports.length, maxPorts));
  const names = new Set<string>();
  ports.forEach((port, index) => {
    const path = `ports[${index}]`;
    const name = port.name ?? '';
    if (name) errors.push(...isDNS1123Label(name).map((message) => invalid(`${path}.name`, name, message)));
    if (names.has(name)) errors.push({ type: 'FieldValueDuplicate', field: `${path}.name`, value: name });
    names.add(name);
    errors.push(...enumerated(port.protocol, `${path}.protocol`, supportedProtocols));
    if (port.port !== undefined) errors.push(...isValidPortNumber(port.port).map((message) => invalid(`${path}.port`, port.port, message)));
    if (port.appProtocol) errors.push(...isQualifiedName(port.appProtocol).map((message) => invalid(`${path}.appProtocol`, port.appProtocol, message)));
  });
  return errors;
}

/** formatDiscoveryPorts / formatDiscoveryEndpoints: the first three, then "+ N more...", "<unset>" when none. */
function firstThree(items: string[]): string {
  if (items.length === 0) return '<unset>';
  const text = items.slice(0, 3).join(',');
  return items.length > 3 ? `${text} + ${items.length - 3} more...` : text;
}

function withoutMetadata(object: KubeObject): KubeObject {
  const { metadata: _metadata, ...rest } = object;
  void _metadata;
  return rest;
}

export const endpointSliceResource: ResourceType = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  listKind: 'EndpointSliceList',
  plural: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  shortNames: [],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults(object) {
    for (const port of view<EndpointSlice>(object).ports ?? []) {
      defaultTo(port, 'name', '');
      defaultTo(port, 'protocol', 'TCP');
    }
  },

  validate(object, old) {
    const slice = view<EndpointSlice>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    errors.push(...validateSlice(slice));
    if (old && slice.addressType !== view<EndpointSlice>(old).addressType) errors.push(invalid('addressType', slice.addressType, 'field is immutable'));
    return errors;
  },

  prepareForCreate: startGeneration,

  prepareForUpdate(object, old) {
    const changed = !semanticEqual(withoutMetadata(object), withoutMetadata(old)) || !semanticEqual(object.metadata?.labels, old.metadata?.labels);
    nextGeneration(object, old, changed);
  },

  table: {
    columns: [
      nameColumn(),
      column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
      column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
      column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
      ageColumn(),
    ],
    row(object, now) {
      const slice = view<EndpointSlice>(object);
      const ports = (slice.ports ?? []).map((port) => (port.port !== undefined ? String(port.port) : port.name ? port.name : '*'));
      const addresses = (slice.endpoints ?? []).flatMap((endpoint) => endpoint.addresses ?? []);
      return [nameOf(object), slice.addressType ?? '', firstThree(ports), firstThree(addresses), age(object, now)];
    },
  },
};
