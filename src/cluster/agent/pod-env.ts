// A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables):
// first envFrom (configMapRef / secretRef, each key with the source's prefix, keys that are not
// valid variable names skipped), then env in order — value (with $(VAR) expanded against what is
// defined so far), valueFrom configMapKeyRef / secretKeyRef (optional: a missing source or key
// is skipped), fieldRef (the downward API) and resourceFieldRef (limits / requests with a
// divisor; an unset limit is the node's allocatable). Missing non-optional sources are a
// ContainerConfigError, which the pod worker reports as CreateContainerConfigError.
import type { ConfigMap, Container, EnvVar as KubeEnvVar, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../api/validation/quantity.ts';
import { expandVars } from './env-expansion.ts';
import type { EnvVar } from './runtime-service.ts';

/** What the pod's environment (and projected volumes) reads from the API. undefined: not found. */
export interface ConfigSources {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** What the downward API needs beyond the pod object. */
export interface PodFacts {
  podIPs: string[];
  hostIP: string;
  /** The node's allocatable cpu (millicores) and memory (bytes): the value of an unset limit. */
  nodeCpuMillis: number;
  nodeMemoryBytes: number;
}

/** A pod's container cannot be configured (a missing ConfigMap, Secret or key): CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

const envNamePattern = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The value of a downward-API field path (fieldRef) of `pod`. */
export function podFieldValue(pod: Pod, fieldPath: string, facts: PodFacts): string {
  const metadata = pod.metadata ?? {};
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (subscript) {
    const map = subscript[1] === 'labels' ? metadata.labels : metadata.annotations;
    return map?.[subscript[2]!] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return metadata.name ?? '';
    case 'metadata.namespace':
      return metadata.namespace ?? '';
    case 'metadata.uid':
      return metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(metadata.labels);
    case 'metadata.annotations':
      return formatMap(metadata.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return facts.podIPs[0] ?? '';
    case 'status.podIPs':
      return facts.podIPs.join(',');
    case 'status.hostIP':
      return facts.hostIP;
    case 'status.hostIPs':
      return facts.hostIP;
    default:
      throw new ContainerConfigError(`unsupported fieldRef path "${fieldPath}"`);
  }
}

/** labels / annotations as the downward API writes them: key="value" lines, sorted by key. */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map![key])}`)
    .join('\n');
}

/** A resourceFieldRef's value: limits.cpu / requests.memory … of `container`, divided by `divisor` and rounded up. */
export function resourceFieldValue(container: Container, resource: string, divisor: string | number | undefined, facts: PodFacts): string {
  const [kind, name] = resource.split('.') as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || !name) throw new ContainerConfigError(`unsupported resourceFieldRef resource "${resource}"`);
  const list = (kind === 'limits' ? container.resources?.limits : container.resources?.requests) ?? {};
  const given = list[name] !== undefined ? Quantity.parse(list[name]) : undefined;
  const divisorQuantity = Quantity.parse(divisor ?? '1') ?? Quantity.mustParse('1');
  if (name === 'cpu') {
    const millis = given ? given.milliValue() : kind === 'limits' ? BigInt(facts.nodeCpuMillis) : 0n;
    const per = divisorQuantity.milliValue() || 1n;
    return String(ceilDiv(millis, per));
  }
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) {
    const bytes = given ? given.value() : kind === 'limits' && name === 'memory' ? BigInt(facts.nodeMemoryBytes) : 0n;
    const per = divisorQuantity.value() || 1n;
    return String(ceilDiv(bytes, per));
  }
  throw new ContainerConfigError(`unsupported resourceFieldRef resource "${resource}"`);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a <= 0n ? 0n : (a + b - 1n) / b;
}

/** A ConfigMap's or Secret's data as strings (Secret data is base64; ConfigMap binaryData too). */
export function configMapData(configMap: ConfigMap): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(configMap.data ?? {})) data.set(key, Buffer.from(value));
  for (const [key, value] of Object.entries(configMap.binaryData ?? {})) data.set(key, Buffer.from(value, 'base64'));
  return data;
}

export function secretData(secret: Secret): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(secret.data ?? {})) data.set(key, Buffer.from(value, 'base64'));
  for (const [key, value] of Object.entries(secret.stringData ?? {})) data.set(key, Buffer.from(value));
  return data;
}

/** Resolves `container`'s environment (envFrom, then env), $(VAR) references expanded. */
export async function resolveEnv(pod: Pod, container: Container, sources: ConfigSources, facts: PodFacts): Promise<EnvVar[]> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const values = new Map<string, string>();
  const order: string[] = [];
  const set = (name: string, value: string) => {
    if (!values.has(name)) order.push(name);
    values.set(name, value);
  };

  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.configMapRef) {
      const ref = source.configMapRef;
      const configMap = await sources.configMap(namespace, ref.name ?? '');
      if (!configMap) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`configmap "${ref.name}" not found`);
      }
      for (const [key, value] of Object.entries(configMap.data ?? {})) if (envNamePattern.test(prefix + key)) set(prefix + key, value);
    } else if (source.secretRef) {
      const ref = source.secretRef;
      const secret = await sources.secret(namespace, ref.name ?? '');
      if (!secret) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`secret "${ref.name}" not found`);
      }
      for (const [key, value] of secretData(secret)) if (envNamePattern.test(prefix + key)) set(prefix + key, value.toString());
    }
  }

  const lookup = (name: string) => values.get(name);
  for (const variable of container.env ?? []) {
    const value = await envValue(pod, container, variable, sources, facts, lookup, namespace);
    if (value !== undefined) set(variable.name, value);
  }
  return order.map((name) => ({ name, value: values.get(name)! }));
}

async function envValue(
  pod: Pod,
  container: Container,
  variable: KubeEnvVar,
  sources: ConfigSources,
  facts: PodFacts,
  lookup: (name: string) => string | undefined,
  namespace: string,
): Promise<string | undefined> {
  const from = variable.valueFrom;
  if (!from) return expandVars(variable.value ?? '', lookup);
  if (from.configMapKeyRef) {
    const ref = from.configMapKeyRef;
    const configMap = await sources.configMap(namespace, ref.name ?? '');
    const value = configMap ? configMapData(configMap).get(ref.key) : undefined;
    if (value === undefined) {
      if (ref.optional) return undefined;
      throw new ContainerConfigError(configMap ? `couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}` : `configmap "${ref.name}" not found`);
    }
    return value.toString();
  }
  if (from.secretKeyRef) {
    const ref = from.secretKeyRef;
    const secret = await sources.secret(namespace, ref.name ?? '');
    const value = secret ? secretData(secret).get(ref.key) : undefined;
    if (value === undefined) {
      if (ref.optional) return undefined;
      throw new ContainerConfigError(secret ? `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}` : `secret "${ref.name}" not found`);
    }
    return value.toString();
  }
  if (from.fieldRef) return podFieldValue(pod, from.fieldRef.fieldPath, facts);
  if (from.resourceFieldRef) {
    const ref = from.resourceFieldRef;
    const target = ref.containerName ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === ref.containerName) ?? container : container;
    return resourceFieldValue(target, ref.resource, ref.divisor, facts);
  }
  return '';
}

/** command and args with $(VAR) expanded against the container's final environment. */
export function expandCommand(container: Container, env: readonly EnvVar[]): { command?: string[]; args?: string[] } {
  const map = new Map(env.map((variable) => [variable.name, variable.value]));
  const lookup = (name: string) => map.get(name);
  return {
    command: container.command?.map((part) => expandVars(part, lookup)),
    args: container.args?.map((part) => expandVars(part, lookup)),
  };
}
