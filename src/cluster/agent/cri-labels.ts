// How pods and their containers are recorded on the engine's containers, as dockershim recorded
// them on Docker's: a name that says what the container is (k8s_<container>_<pod>_<namespace>_
// <uid>_<attempt>, k8s_POD_… for the sandbox) and labels that carry the identity and the config
// the runtime needs later. The engine's container store is the only record: after an agent
// restart, everything is rebuilt from these labels.
import { invalidArgument } from '../../util/errors.ts';
import type { ContainerMetadata, DnsConfig, PodSandboxConfig, PodSandboxMetadata, PortMapping } from './runtime-service.ts';

/** Kubernetes' own label keys (kubelet puts the same ones on the CRI objects). */
export const podNameLabel = 'io.kubernetes.pod.name';
export const podNamespaceLabel = 'io.kubernetes.pod.namespace';
export const podUidLabel = 'io.kubernetes.pod.uid';
export const containerNameLabel = 'io.kubernetes.container.name';
/** The sandbox a container belongs to (dockershim's key). */
export const sandboxIdLabel = 'io.kubernetes.sandbox.id';

/** Minato's bookkeeping keys. */
const prefix = 'io.minato.cri.';
export const typeLabel = `${prefix}type`;
export const attemptLabel = `${prefix}attempt`;
/** The sandbox config runtime needs later (network, DNS, hostname, namespaces), as JSON. */
export const sandboxConfigLabel = `${prefix}sandbox-config`;
/** Absolute path of the container's log as the agent asked for it. */
export const logPathLabel = `${prefix}log-path`;
/** The names of the labels the agent gave (the rest of the labels are ours), as JSON. */
export const userLabelsLabel = `${prefix}labels`;
/** CRI annotations are stored as labels with this prefix (dockershim's convention). */
export const annotationPrefix = 'annotation.';

export type CriType = 'sandbox' | 'container';

/** The pause container's name in dockershim. */
export const sandboxContainerName = 'POD';

/** Characters a name part may not contain: the engine's names are [a-zA-Z0-9][a-zA-Z0-9_.-]+ and _ separates parts. */
const namePart = /^[a-zA-Z0-9][a-zA-Z0-9.-]*$/;

function checkPart(value: string, what: string): void {
  if (!namePart.test(value)) throw invalidArgument(`invalid ${what} "${value}": want letters, digits, '-' and '.' (starting with a letter or digit)`);
}

function checkAttempt(attempt: number): void {
  if (!Number.isInteger(attempt) || attempt < 0) throw invalidArgument(`invalid attempt ${attempt}: want a non-negative integer`);
}

/** The engine container name of a pod's sandbox: k8s_POD_<pod>_<namespace>_<uid>_<attempt>. */
export function sandboxName(metadata: PodSandboxMetadata): string {
  checkPart(metadata.name, 'pod name');
  checkPart(metadata.namespace, 'pod namespace');
  checkPart(metadata.uid, 'pod uid');
  checkAttempt(metadata.attempt);
  return `k8s_${sandboxContainerName}_${metadata.name}_${metadata.namespace}_${metadata.uid}_${metadata.attempt}`;
}

/** The engine container name of a pod's container: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>. */
export function containerName(container: ContainerMetadata, pod: PodSandboxMetadata): string {
  checkPart(container.name, 'container name');
  checkAttempt(container.attempt);
  if (container.name === sandboxContainerName) throw invalidArgument(`invalid container name "${sandboxContainerName}": reserved for the pod sandbox`);
  return sandboxName({ ...pod, attempt: container.attempt }).replace(`k8s_${sandboxContainerName}_`, `k8s_${container.name}_`);
}

/** What the sandbox keeps of its config (all the runtime needs after a restart). */
export interface RecordedSandboxConfig {
  hostname: string;
  dns?: DnsConfig;
  portMappings?: PortMapping[];
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  shareProcessNamespace: boolean;
  logDirectory?: string;
  cgroupParent?: string;
  shmSizeBytes?: number;
}

export function recordSandboxConfig(config: PodSandboxConfig): RecordedSandboxConfig {
  return {
    hostname: config.hostname || config.name,
    ...(config.dns ? { dns: config.dns } : {}),
    ...(config.portMappings?.length ? { portMappings: config.portMappings } : {}),
    hostNetwork: !!config.hostNetwork,
    hostPID: !!config.hostPID,
    hostIPC: !!config.hostIPC,
    shareProcessNamespace: !!config.shareProcessNamespace,
    ...(config.logDirectory ? { logDirectory: config.logDirectory } : {}),
    ...(config.cgroupParent ? { cgroupParent: config.cgroupParent } : {}),
    ...(config.shmSizeBytes ? { shmSizeBytes: config.shmSizeBytes } : {}),
  };
}

/**
 * The engine labels of a sandbox or container: the agent's labels as given, its annotations under
 * "annotation.", Kubernetes' identity labels, and Minato's bookkeeping (which win over the agent's).
 */
export function engineLabels(
  type: CriType,
  pod: PodSandboxMetadata,
  containerMetadata: ContainerMetadata | undefined,
  user: { labels?: Record<string, string>; annotations?: Record<string, string> },
  extra: Record<string, string>,
): Record<string, string> {
  const labels: Record<string, string> = { ...user.labels };
  for (const [key, value] of Object.entries(user.annotations ?? {})) labels[`${annotationPrefix}${key}`] = value;
  return {
    ...labels,
    [podNameLabel]: pod.name,
    [podNamespaceLabel]: pod.namespace,
    [podUidLabel]: pod.uid,
    [containerNameLabel]: containerMetadata?.name ?? sandboxContainerName,
    [typeLabel]: type,
    [attemptLabel]: String(containerMetadata?.attempt ?? pod.attempt),
    [userLabelsLabel]: JSON.stringify(Object.keys(user.labels ?? {}).sort()),
    ...extra,
  };
}

export interface DecodedLabels {
  type: CriType;
  pod: PodSandboxMetadata;
  /** The container's name and attempt (for a sandbox: POD and the sandbox attempt). */
  metadata: ContainerMetadata;
  /** The labels the agent gave, with Kubernetes' identity labels (pod name, namespace, uid; container name). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  sandboxId?: string;
  logPath?: string;
  sandboxConfig?: RecordedSandboxConfig;
}

/** Undoes engineLabels; undefined for engine containers that are not the runtime's. */
export function decodeLabels(engineLabelSet: Record<string, string> | undefined): DecodedLabels | undefined {
  const all = engineLabelSet ?? {};
  const type = all[typeLabel];
  if (type !== 'sandbox' && type !== 'container') return undefined;
  const attempt = Number(all[attemptLabel] ?? '0');
  const pod: PodSandboxMetadata = { name: all[podNameLabel] ?? '', namespace: all[podNamespaceLabel] ?? '', uid: all[podUidLabel] ?? '', attempt: type === 'sandbox' ? attempt : 0 };
  const userKeys = parseJson<string[]>(all[userLabelsLabel]) ?? [];
  // Kubernetes' identity labels (which kubelet gives anyway), then the agent's own.
  const labels: Record<string, string> = { [podNameLabel]: pod.name, [podNamespaceLabel]: pod.namespace, [podUidLabel]: pod.uid };
  if (type === 'container') labels[containerNameLabel] = all[containerNameLabel] ?? '';
  for (const key of userKeys) if (all[key] !== undefined) labels[key] = all[key];
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) if (key.startsWith(annotationPrefix)) annotations[key.slice(annotationPrefix.length)] = value;
  const sandboxConfig = parseJson<RecordedSandboxConfig>(all[sandboxConfigLabel]);
  return {
    type,
    pod,
    metadata: { name: all[containerNameLabel] ?? sandboxContainerName, attempt },
    labels,
    annotations,
    ...(all[sandboxIdLabel] ? { sandboxId: all[sandboxIdLabel] } : {}),
    ...(all[logPathLabel] ? { logPath: all[logPathLabel] } : {}),
    ...(sandboxConfig ? { sandboxConfig } : {}),
  };
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** CRI's label selector: every pair must be present with that value. */
export function matchesSelector(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}
