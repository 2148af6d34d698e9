// networking.k8s.io/v1 Ingress.
import type { HTTPIngressPath, Ingress, IngressBackend } from 'kubernetes-types/networking/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { invalid, notSupported, required } from '../validation/errors.ts';
import { isValidIP } from '../validation/ip.ts';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNumber, nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { loadBalancerAddresses } from './service.ts';
import { specAndStatusStrategy } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateHost(host: string, path: string): FieldError[] {
  if (isValidIP(host)) return [invalid(path, host, 'must be a DNS name, not an IP address')];
  if (host.startsWith('*.')) {
    const messages = isDNS1123Subdomain(host.slice(2));
    return messages.length === 0 ? [] : [invalid(path, host, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
  }
  return isDNS1123Subdomain(host).map((message) => invalid(path, host, message));
}

function validateBackend(backend: IngressBackend | undefined, path: string): FieldError[] {
  if (!backend) return [required(path)];
  const errors: FieldError[] = [];
  if (backend.service && backend.resource) errors.push(invalid(path, '', 'cannot set both resource and service backends'));
  else if (!backend.service && !backend.resource) errors.push(invalid(path, '', 'resource or service backend is required'));
  if (backend.service) {
    const service = backend.service;
    if (!service.name) errors.push(required(`${path}.service.name`));
    else errors.push(...isDNS1035Label(service.name).map((message) => invalid(`${path}.service.name`, service.name, message)));
    const port = service.port ?? {};
    if (port.name && port.number) errors.push(invalid(`${path}.service.port`, port, 'cannot set both port name & port number'));
    else if (port.name) errors.push(...isValidPortName(port.name).map((message) => invalid(`${path}.service.port.name`, port.name, message)));
    else if (port.number !== undefined) errors.push(...isValidPortNumber(port.number).map((message) => invalid(`${path}.service.port.number`, port.number, message)));
    else errors.push(required(`${path}.service.port`, 'port name or number is required'));
  }
  if (backend.resource) {
    if (!backend.resource.kind) errors.push(required(`${path}.resource.kind`));
    if (!backend.resource.name) errors.push(required(`${path}.resource.name`));
  }
  return errors;
}

function validatePath(entry: HTTPIngressPath, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!entry.pathType) {
    errors.push(required(`${path}.pathType`, 'pathType must be specified'));
  } else if (!pathTypes.includes(entry.pathType)) {
    errors.push(notSupported(`${path}.pathType`, entry.pathType, pathTypes));
  } else if (entry.pathType !== 'ImplementationSpecific' || entry.path) {
    const value = entry.path ?? '';
    if (!value.startsWith('/')) errors.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    else if (entry.pathType !== 'ImplementationSpecific' && /\/\/|\/\.\.?(\/|$)|%2f/i.test(value)) {
      errors.push(invalid(`${path}.path`, value, "must not contain '//', '/./', '/../', '%2f' or '%2F'"));
    }
  }
  errors.push(...validateBackend(entry.backend, `${path}.backend`));
  return errors;
}

function validateSpec(ingress: Ingress): FieldError[] {
  const spec = ingress.spec ?? {};
  const errors: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend) errors.push(invalid('spec', spec, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errors.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  if (spec.ingressClassName) errors.push(...isDNS1123Subdomain(spec.ingressClassName).map((message) => invalid('spec.ingressClassName', spec.ingressClassName, message)));
  rules.forEach((rule, index) => {
    const rulePath = `spec.rules[${index}]`;
    if (rule.host) errors.push(...validateHost(rule.host, `${rulePath}.host`));
    if (rule.http) {
      const paths = rule.http.paths ?? [];
      if (paths.length === 0) errors.push(required(`${rulePath}.http.paths`));
      paths.forEach((entry, i) => errors.push(...validatePath(entry, `${rulePath}.http.paths[${i}]`)));
    }
  });
  (spec.tls ?? []).forEach((tls, index) => {
    (tls.hosts ?? []).forEach((host, i) => errors.push(...validateHost(host, `spec.tls[${index}].hosts[${i}]`)));
  });
  return errors;
}

/** formatHosts: up to three hosts, "*" when none. */
function hostsCell(ingress: Ingress): string {
  const rules = ingress.spec?.rules ?? [];
  const hosts = rules.map((rule) => rule.host).filter((host): host is string => !!host).slice(0, 3);
  if (hosts.length === 0) return '*';
  const text = hosts.join(',');
  return rules.length > 3 ? `${text} + ${rules.length - 3} more...` : text;
}

export const ingressResource: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  listKind: 'IngressList',
  plural: 'ingresses',
  singular: 'ingress',
  namespaced: true,
  shortNames: ['ing'],
  categories: [],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults() {},

  validate(object, old) {
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    const className = object.metadata?.annotations?.['kubernetes.io/ingress.class'];
    if (className && view<Ingress>(object).spec?.ingressClassName) {
      errors.push(invalid('annotations.kubernetes.io/ingress.class', className, 'can not be set when the class field is also set'));
    }
    errors.push(...validateSpec(view<Ingress>(object)));
    return errors;
  },

  prepareForCreate(object) {
    specAndStatusStrategy.prepareForCreate(object);
    object.status = { loadBalancer: {} };
  },
  prepareForUpdate: specAndStatusStrategy.prepareForUpdate,

  table: {
    columns: [
      nameColumn(),
      column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
      column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
      column('Address', 'Address is a list containing ingress points for the load-balancer'),
      column('Ports', 'Ports of TLS configurations that open'),
      ageColumn(),
    ],
    row(object, now) {
      const ingress = view<Ingress>(object);
      return [
        nameOf(object),
        ingress.spec?.ingressClassName ?? '<none>',
        hostsCell(ingress),
        loadBalancerAddresses(ingress.status?.loadBalancer?.ingress, true),
        (ingress.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
        age(object, now),
      ];
    },
  },
};
