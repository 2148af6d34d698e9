// A pod's sandbox config (hostname, DNS, hostPorts, namespaces, labels, log directory) and its
// containers' runtime configs (resources, security context), from the pod spec.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../api/validation/quantity.ts';
import { podNameLabel, podNamespaceLabel, podUidLabel } from './cri-labels.ts';
import type { ContainerResources, DnsConfig, PodSandboxConfig, PortMapping, SecurityContext } from './runtime-service.ts';


export function logDirectory(dataDir: string, pod: Pod): string {
  return path.join(dataDir, 'logs', `${pod.metadata?.namespace}_${pod.metadata?.name}_${pod.metadata?.uid}`);
}

/** The host's resolv.conf, parsed (loopback servers left out: they mean nothing in a pod). */
export function hostDns(file = '/etc/resolv.conf'): DnsConfig {
  const dns: DnsConfig = { servers: [], searches: [], options: [] };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return dns;
  }
  for (const line of text.split('\n')) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key === 'nameserver' && values[0] && !values[0].startsWith('127.') && values[0] !== '::1') dns.servers.push(values[0]);
    else if (key === 'search') dns.searches = values;
    else if (key === 'options') dns.options.push(...values);
  }
  return dns;
}

/**
 * The pod's DNS. There is no cluster DNS yet, so ClusterFirst behaves as Default (the host's
 * resolv.conf, which the runtime uses when dns is undefined); dnsConfig is merged in, and
 * dnsPolicy None uses dnsConfig alone.
 */
export function podDns(pod: Pod): DnsConfig | undefined {
  const config = pod.spec?.dnsConfig;
  if (pod.spec?.dnsPolicy !== 'None' && !config) return undefined;
  const base = pod.spec?.dnsPolicy === 'None' ? { servers: [], searches: [], options: [] } : hostDns();
  const options = new Map<string, string>();
  for (const option of base.options) options.set(option.split(':')[0]!, option);
  for (const option of config?.options ?? []) options.set(option.name ?? '', option.value !== undefined ? `${option.name}:${option.value}` : option.name ?? '');
  return {
    servers: [...new Set([...base.servers, ...(config?.nameservers ?? [])])],
    searches: [...new Set([...base.searches, ...(config?.searches ?? [])])],
    options: [...options.values()].filter(Boolean),
  };
}

export function portMappings(pod: Pod): PortMapping[] {
  const mappings: PortMapping[] = [];
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const port of container.ports ?? []) {
      if (!port.hostPort) continue;
      mappings.push({ containerPort: port.containerPort, hostPort: port.hostPort, protocol: (port.protocol ?? 'TCP') as PortMapping['protocol'], ...(port.hostIP ? { hostIp: port.hostIP } : {}) });
    }
  }
  return mappings;
}

export function sandboxConfigOf(pod: Pod, attempt: number, dataDir: string): PodSandboxConfig {
  const metadata = pod.metadata!;
  const spec = pod.spec!;
  const sysctls = Object.fromEntries((spec.securityContext?.sysctls ?? []).map((sysctl) => [sysctl.name, sysctl.value]));
  const dns = podDns(pod);
  return {
    name: metadata.name!,
    namespace: metadata.namespace ?? 'default',
    uid: metadata.uid!,
    attempt,
    hostname: (spec.hostname ?? metadata.name!).slice(0, 63).replace(/[-.]+$/, ''),
    labels: { ...(metadata.labels ?? {}), [podUidLabel]: metadata.uid!, [podNameLabel]: metadata.name!, [podNamespaceLabel]: metadata.namespace ?? 'default' },
    annotations: { ...(metadata.annotations ?? {}) },
    ...(dns ? { dns } : {}),
    portMappings: portMappings(pod),
    hostNetwork: spec.hostNetwork ?? false,
    hostPID: spec.hostPID ?? false,
    hostIPC: spec.hostIPC ?? false,
    shareProcessNamespace: spec.shareProcessNamespace ?? false,
    ...(Object.keys(sysctls).length > 0 ? { sysctls } : {}),
    logDirectory: logDirectory(dataDir, pod),
  };
}

export function resourcesOf(container: Container): ContainerResources {
  const resources: ContainerResources = {};
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const cpuRequest = Quantity.parse(requests.cpu ?? limits.cpu);
  const cpuLimit = Quantity.parse(limits.cpu);
  const memoryLimit = Quantity.parse(limits.memory);
  if (cpuRequest && cpuRequest.sign() > 0) resources.cpuRequestMillis = Number(cpuRequest.milliValue());
  if (cpuLimit && cpuLimit.sign() > 0) resources.cpuLimitMillis = Number(cpuLimit.milliValue());
  if (memoryLimit && memoryLimit.sign() > 0) resources.memoryLimitBytes = Number(memoryLimit.value());
  return resources;
}

export function securityContextOf(pod: Pod, container: Container): SecurityContext | undefined {
  const podContext = pod.spec?.securityContext ?? {};
  const context = container.securityContext ?? {};
  const result: SecurityContext = {};
  const runAsUser = context.runAsUser ?? podContext.runAsUser;
  const runAsGroup = context.runAsGroup ?? podContext.runAsGroup;
  if (runAsUser !== undefined) result.runAsUser = runAsUser;
  if (runAsGroup !== undefined) result.runAsGroup = runAsGroup;
  if (context.privileged !== undefined) result.privileged = context.privileged;
  if (context.readOnlyRootFilesystem !== undefined) result.readOnlyRootFilesystem = context.readOnlyRootFilesystem;
  if (context.allowPrivilegeEscalation !== undefined) result.allowPrivilegeEscalation = context.allowPrivilegeEscalation;
  if (context.capabilities) result.capabilities = { add: context.capabilities.add, drop: context.capabilities.drop };
  return Object.keys(result).length > 0 ? result : undefined;
}
