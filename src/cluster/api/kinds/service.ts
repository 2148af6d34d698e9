// core/v1 Service. The cluster IP, IP families and node ports are allocated by the server
// (Kubernetes' service REST allocator), not here; this keeps what is allocated from being lost
// when a client sends the object back without them, as Kubernetes' patchAllocatedValues does.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { validatePortNumberOrName, supportedProtocols, enumerated } from '../validation/containers.ts';
import { duplicate, forbidden, invalid, notSupported, required } from '../validation/errors.ts';
import { validateIP } from '../validation/ip.ts';
import { formatLabels, validateLabels } from '../validation/label-selector.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNumber, nameIsDNS1035Label } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { keepStatus } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

type Spec = NonNullable<Service['spec']>;

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const sessionAffinities = ['ClientIP', 'None'];
const trafficPolicies = ['Cluster', 'Local'];

function isHeadless(spec: Spec): boolean {
  return spec.clusterIP === 'None';
}

function externallyAccessible(spec: Spec): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
}

function defaultService(object: KubeObject): void {
  const spec = child<Spec>(object, 'spec');
  defaultTo(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  defaultTo(spec, 'type', 'ClusterIP');
  for (const port of spec.ports ?? []) {
    defaultTo(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (externallyAccessible(spec)) defaultTo(spec, 'externalTrafficPolicy', 'Cluster');
  if (['ClusterIP', 'NodePort', 'LoadBalancer'].includes(spec.type!)) defaultTo(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') defaultTo(spec, 'allocateLoadBalancerNodePorts', true);
}

function needsClusterIP(spec: Spec | undefined): boolean {
  return (spec?.type ?? 'ClusterIP') !== 'ExternalName';
}

function needsNodePorts(spec: Spec | undefined): boolean {
  return spec?.type === 'NodePort' || spec?.type === 'LoadBalancer';
}

/** What an update leaves out but the server allocated stays: the cluster IPs and node ports. */
function keepAllocatedValues(spec: Spec, old: Spec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (old.clusterIPs ?? []).length > 0) spec.clusterIPs = old.clusterIPs;
    if ((spec.ipFamilies ?? []).length === 0 && (old.ipFamilies ?? []).length > 0) spec.ipFamilies = old.ipFamilies;
    if (!spec.ipFamilyPolicy && old.ipFamilyPolicy) spec.ipFamilyPolicy = old.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    const newPorts = new Set((spec.ports ?? []).map((port) => port.nodePort).filter(Boolean));
    const byName = new Map((old.ports ?? []).map((port) => [port.name ?? '', port.nodePort]));
    for (const port of spec.ports ?? []) {
      const previous = byName.get(port.name ?? '');
      if (!port.nodePort && previous && !newPorts.has(previous)) port.nodePort = previous;
    }
  }
  if (spec.type === 'LoadBalancer' && old.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

/** Keeps clusterIP and clusterIPs[0] in step, as Kubernetes' NormalizeClusterIPs does. */
function normalizeClusterIPs(spec: Spec, old: Spec | undefined): void {
  if (!old) {
    if (spec.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if ((old.clusterIPs ?? []).length > 0 && (spec.clusterIPs ?? []).length === 0 && old.clusterIP === spec.clusterIP) spec.clusterIPs = old.clusterIPs;
  if (old.clusterIP !== spec.clusterIP) {
    if (old.clusterIP && !spec.clusterIP) {
      delete spec.clusterIPs;
      return;
    }
    const same = JSON.stringify(old.clusterIPs ?? []) === JSON.stringify(spec.clusterIPs ?? []);
    if (same && spec.clusterIPs && spec.clusterIPs.length > 0) spec.clusterIPs = [spec.clusterIP!, ...spec.clusterIPs.slice(1)];
  }
}

function validatePorts(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName') errors.push(required('spec.ports'));
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port: ServicePort, index) => {
    const path = `spec.ports[${index}]`;
    if (ports.length > 1 && !port.name) errors.push(required(`${path}.name`));
    else if (port.name) {
      errors.push(...isDNS1123Label(port.name).map((message) => invalid(`${path}.name`, port.name, message)));
      if (names.has(port.name)) errors.push(duplicate(`${path}.name`, port.name));
      names.add(port.name);
    }
    errors.push(...isValidPortNumber(port.port).map((message) => invalid(`${path}.port`, port.port, message)));
    errors.push(...enumerated(port.protocol, `${path}.protocol`, supportedProtocols));
    errors.push(...validatePortNumberOrName(port.targetPort, `${path}.targetPort`));
    if (port.appProtocol) errors.push(...isQualifiedName(port.appProtocol).map((message) => invalid(`${path}.appProtocol`, port.appProtocol, message)));
    if (port.nodePort) {
      if (spec.type === 'ClusterIP') errors.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
      else errors.push(...isValidPortNumber(port.nodePort).map((message) => invalid(`${path}.nodePort`, port.nodePort, message)));
    }
    const key = `${port.port}/${port.protocol}`;
    if (keys.has(key)) errors.push(duplicate(path, { port: port.port, protocol: port.protocol }));
    keys.add(key);
  });
  return errors;
}

function validateSpec(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.type) errors.push(required('spec.type'));
  else if (!serviceTypes.includes(spec.type)) errors.push(notSupported('spec.type', spec.type, serviceTypes));
  errors.push(...enumerated(spec.sessionAffinity, 'spec.sessionAffinity', sessionAffinities));
  errors.push(...validatePorts(spec));
  errors.push(...validateLabels(spec.selector, 'spec.selector'));
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) errors.push(required('spec.externalName'));
    else {
      const name = spec.externalName.replace(/\.$/, '');
      const messages = isDNS1123Subdomain(name);
      if (messages.length > 0) errors.push(invalid('spec.externalName', name, messages.join(',')));
      else if (name.split('.').length < 2) errors.push(invalid('spec.externalName', name, 'should be a domain with at least two segments separated by dots'));
    }
    if ((spec.clusterIPs ?? []).length > 0 || spec.clusterIP) errors.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  } else if (spec.clusterIP && spec.clusterIP !== 'None') {
    errors.push(...validateIP(spec.clusterIP, 'spec.clusterIP'));
  }
  (spec.externalIPs ?? []).forEach((ip, index) => errors.push(...validateIP(ip, `spec.externalIPs[${index}]`)));
  if (spec.externalTrafficPolicy && !trafficPolicies.includes(spec.externalTrafficPolicy)) {
    errors.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, trafficPolicies));
  }
  if (spec.internalTrafficPolicy && !trafficPolicies.includes(spec.internalTrafficPolicy)) {
    errors.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, trafficPolicies));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errors.push(forbidden('spec.allocateLoadBalancerNodePorts', 'may only be used when `type` is \'LoadBalancer\''));
  }
  return errors;
}

/** The primary cluster IP never changes while the service keeps one (ExternalName has none). */
function validateUpdate(spec: Spec, old: Spec): FieldError[] {
  if (!needsClusterIP(spec) || !needsClusterIP(old)) return [];
  const next = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  const previous = old.clusterIPs ?? (old.clusterIP ? [old.clusterIP] : []);
  if (previous.length > 0 && next.length > 0 && next[0] !== previous[0]) return [invalid('spec.clusterIPs[0]', next, 'may not change once set')];
  if (previous.length > 0 && spec.clusterIP && spec.clusterIP !== previous[0]) return [invalid('spec.clusterIPs[0]', next, 'may not change once set')];
  return [];
}

function portsCell(ports: ServicePort[] | undefined): string {
  const text = (ports ?? []).map((port) => (port.nodePort ? `${port.port}:${port.nodePort}/${port.protocol}` : `${port.port}/${port.protocol}`)).join(',');
  return text || '<none>';
}

/** loadBalancerStatusStringer: the ingress IPs or hostnames, sorted, cut to 16 characters. */
export function loadBalancerAddresses(ingress: { ip?: string; hostname?: string }[] | undefined, wide: boolean): string {
  const addresses = [...new Set((ingress ?? []).map((entry) => entry.ip || entry.hostname || '').filter(Boolean))].sort();
  const text = addresses.join(',');
  return !wide && text.length > 16 ? `${text.slice(0, 13)}...` : text;
}

function externalIPCell(service: Service): string {
  const spec = service.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      // The server renders the table as Kubernetes does, for -o wide, so the address is not cut.
      const balancer = loadBalancerAddresses(service.status?.loadBalancer?.ingress, true);
      if (externalIPs.length > 0) return [...(balancer ? balancer.split(',') : []), ...externalIPs].join(',');
      return balancer || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export const serviceResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Service',
  listKind: 'ServiceList',
  plural: 'services',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults: defaultService,

  validate(object, old) {
    const spec = view<Service>(object).spec ?? {};
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNS1035Label });
    errors.push(...validateSpec(spec));
    if (old) errors.push(...validateUpdate(spec, view<Service>(old).spec ?? {}));
    return errors;
  },

  prepareForCreate(object) {
    object.status = { loadBalancer: {} };
    normalizeClusterIPs(child<Spec>(object, 'spec'), undefined);
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
    const spec = child<Spec>(object, 'spec');
    const oldSpec = view<Service>(old).spec ?? {};
    keepAllocatedValues(spec, oldSpec);
    normalizeClusterIPs(spec, oldSpec);
  },

  selectableFields(object) {
    const spec = view<Service>(object).spec;
    return { 'spec.clusterIP': spec?.clusterIP ?? '', 'spec.type': spec?.type ?? '' };
  },

  table: {
    columns: [
      nameColumn(),
      column('Type', 'type determines how the Service is exposed.'),
      column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
      column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
      column('Port(s)', 'The list of ports that are exposed by this service.'),
      ageColumn(),
      column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { wide: true }),
    ],
    row(object, now) {
      const service = view<Service>(object);
      const spec = service.spec ?? {};
      return [
        nameOf(object),
        spec.type ?? '',
        spec.clusterIPs?.[0] ?? '<none>',
        externalIPCell(service),
        portsCell(spec.ports),
        age(object, now),
        formatLabels(spec.selector),
      ];
    },
  },
};
