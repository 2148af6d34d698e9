// CRI configs → the engine's Docker-shaped create requests, and the engine's container records →
// CRI statuses. Pure: everything the runtime looked up (pod IP, image refs, directories) comes in
// as arguments, so the mapping is unit-tested without an engine.
import type { CreateRequest } from '../../engine/containers/container-service.ts';
import type { ContainerRecord, HostConfig, MountRequest } from '../../engine/containers/types.ts';
import { invalidArgument } from '../../util/errors.ts';
import {
  containerName,
  type DecodedLabels,
  engineLabels,
  logPathLabel,
  type RecordedSandboxConfig,
  recordSandboxConfig,
  sandboxConfigLabel,
  sandboxIdLabel,
  sandboxName,
} from './cri-labels.ts';
import type {
  Container,
  ContainerConfig,
  ContainerResources,
  ContainerState,
  ContainerStatus,
  Mount,
  MountPropagation,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxMetadata,
  PodSandboxState,
  PodSandboxStatus,
  SecurityContext,
} from './runtime-service.ts';

// ---- resources (Kubernetes' formulas, pkg/kubelet/cm/helpers_linux.go) ----------------------

export const minShares = 2;
export const maxShares = 262_144;
export const sharesPerCpu = 1024;
export const milliCpuToCpu = 1000;
export const quotaPeriod = 100_000;
/** The smallest CFS quota the kernel accepts (1 ms). */
export const minQuota = 1000;

/** cpu.shares for a CPU request: millis × 1024 / 1000 (integer), clamped to [2, 262144]; no request → 2. */
export function milliCpuToShares(milliCpu: number | undefined): number {
  if (!milliCpu || milliCpu <= 0) return minShares;
  const shares = Math.floor((milliCpu * sharesPerCpu) / milliCpuToCpu);
  return Math.min(maxShares, Math.max(minShares, shares));
}

/** CFS quota for a CPU limit: millis × period / 1000, at least 1 ms; no limit → undefined. */
export function milliCpuToQuota(milliCpu: number | undefined, period = quotaPeriod): number | undefined {
  if (!milliCpu || milliCpu <= 0) return undefined;
  return Math.max(minQuota, Math.floor((milliCpu * period) / milliCpuToCpu));
}

/** The cgroup settings of a container's resources, in the engine's HostConfig fields. */
export function resourceSettings(resources: ContainerResources | undefined): Pick<HostConfig, 'CpuShares' | 'CpuQuota' | 'CpuPeriod' | 'Memory' | 'MemorySwap' | 'PidsLimit'> {
  const settings: Pick<HostConfig, 'CpuShares' | 'CpuQuota' | 'CpuPeriod' | 'Memory' | 'MemorySwap' | 'PidsLimit'> = {};
  // As kubelet: without a request, the limit is the request (API defaulting does this for pods).
  settings.CpuShares = milliCpuToShares(resources?.cpuRequestMillis ?? resources?.cpuLimitMillis);
  const quota = milliCpuToQuota(resources?.cpuLimitMillis);
  if (quota !== undefined) {
    settings.CpuQuota = quota;
    settings.CpuPeriod = quotaPeriod;
  }
  if (resources?.memoryLimitBytes) {
    settings.Memory = resources.memoryLimitBytes;
    settings.MemorySwap = resources.memoryLimitBytes; // memory + swap = memory: no swap, as kubelet
  }
  if (resources?.pidsLimit && resources.pidsLimit > 0) settings.PidsLimit = resources.pidsLimit;
  return settings;
}

// ---- security -----------------------------------------------------------------------------------

/** The user spec the engine resolves in the image: "uid[:gid]" or "name[:gid]". */
export function userSpec(security: SecurityContext | undefined): string | undefined {
  const user = security?.runAsUser !== undefined ? String(security.runAsUser) : security?.runAsUserName;
  if (security?.runAsGroup !== undefined && user === undefined) {
    throw invalidArgument('runAsGroup needs runAsUser (or a user name): the image\'s user cannot be combined with another group here');
  }
  if (user === undefined) return undefined;
  return security?.runAsGroup !== undefined ? `${user}:${security.runAsGroup}` : user;
}

function securitySettings(security: SecurityContext | undefined): Pick<HostConfig, 'Privileged' | 'ReadonlyRootfs' | 'CapAdd' | 'CapDrop' | 'SecurityOpt'> {
  const privileged = !!security?.privileged;
  return {
    Privileged: privileged,
    ReadonlyRootfs: !!security?.readOnlyRootFilesystem,
    CapAdd: security?.capabilities?.add ?? [],
    CapDrop: security?.capabilities?.drop ?? [],
    // Kubernetes lets a process gain privileges (setuid binaries) unless told otherwise; the
    // engine's default is Docker's stricter one, so it is said either way.
    SecurityOpt: [`no-new-privileges=${!privileged && security?.allowPrivilegeEscalation === false}`],
  };
}

// ---- mounts -------------------------------------------------------------------------------------

const propagations: Record<MountPropagation, string> = { private: 'rprivate', hostToContainer: 'rslave', bidirectional: 'rshared' };

function bindMount(mount: Mount): MountRequest {
  if (!mount.hostPath.startsWith('/')) throw invalidArgument(`mount ${mount.containerPath}: hostPath "${mount.hostPath}" must be absolute`);
  return { Type: 'bind', Source: mount.hostPath, Target: mount.containerPath, ReadOnly: !!mount.readOnly, BindOptions: { Propagation: propagations[mount.propagation ?? 'private'] } };
}

/** tmpfs options in the engine's --tmpfs syntax: executable, as Kubernetes' memory-backed emptyDir. */
export function tmpfsOptions(sizeBytes: number, readOnly: boolean): string {
  return [readOnly ? 'ro' : 'rw', 'exec', `size=${sizeBytes}`, 'mode=1777'].join(',');
}

// ---- sandbox ------------------------------------------------------------------------------------

export interface SandboxRequestInput {
  config: PodSandboxConfig;
  /** The pause image reference. */
  image: string;
  /** The engine network pods get their address on. */
  podNetwork: string;
}

function portBindings(config: PodSandboxConfig): Pick<HostConfig, 'PortBindings'> & { exposed: Record<string, object> } {
  const bindings: NonNullable<HostConfig['PortBindings']> = {};
  const exposed: Record<string, object> = {};
  if (config.hostNetwork) return { PortBindings: bindings, exposed }; // the pod's ports are the node's
  for (const mapping of config.portMappings ?? []) {
    if (!mapping.hostPort) continue; // a containerPort alone publishes nothing
    const key = `${mapping.containerPort}/${(mapping.protocol ?? 'TCP').toLowerCase()}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: mapping.hostIp ?? '', HostPort: String(mapping.hostPort) });
  }
  return { PortBindings: bindings, exposed };
}

/** The pause container that holds the pod's namespaces. */
export function sandboxCreateRequest(input: SandboxRequestInput): CreateRequest {
  const { config } = input;
  const recorded = recordSandboxConfig(config);
  const ports = portBindings(config);
  return {
    name: sandboxName(config),
    config: {
      Image: input.image,
      Hostname: config.hostNetwork ? undefined : recorded.hostname,
      ExposedPorts: ports.exposed,
      Labels: engineLabels('sandbox', config, undefined, config, { [sandboxConfigLabel]: JSON.stringify(recorded) }),
    },
    hostConfig: {
      NetworkMode: config.hostNetwork ? 'host' : input.podNetwork,
      PortBindings: ports.PortBindings,
      IpcMode: config.hostIPC ? 'host' : '',
      PidMode: config.hostPID ? 'host' : '',
      Sysctls: config.sysctls ?? {},
      Dns: config.dns?.servers ?? [],
      DnsSearch: config.dns?.searches ?? [],
      DnsOptions: config.dns?.options ?? [],
      RestartPolicy: { Name: 'no' },
      // catatonit needs no privilege: it sleeps, reaps and exits on SIGTERM.
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      CpuShares: minShares,
    },
  };
}

// ---- containers ---------------------------------------------------------------------------------

export interface ContainerRequestInput {
  config: ContainerConfig;
  sandboxId: string;
  pod: PodSandboxMetadata;
  sandbox: RecordedSandboxConfig;
  /** The pod's IP ('' when it has none of its own): named in /etc/hosts as the pod's hostname. */
  podIp: string;
  /** The pod's shared /dev/shm on the host (undefined: the container gets its own). */
  shmDir?: string;
  /** tmpfs mounts without a size get this (the kernel's default: half the node's memory). */
  defaultTmpfsBytes: number;
}

export function containerCreateRequest(input: ContainerRequestInput): CreateRequest {
  const { config, sandbox, sandboxId } = input;
  const join = `container:${sandboxId}`;
  const targets = new Set([...(config.mounts ?? []).map((mount) => mount.containerPath), ...(config.tmpfs ?? []).map((mount) => mount.containerPath)]);
  const mounts: MountRequest[] = (config.mounts ?? []).map(bindMount);
  if (input.shmDir && !targets.has('/dev/shm')) mounts.push({ Type: 'bind', Source: input.shmDir, Target: '/dev/shm', ReadOnly: false, BindOptions: { Propagation: 'rprivate' } });
  const tmpfs: Record<string, string> = {};
  for (const mount of config.tmpfs ?? []) tmpfs[mount.containerPath] = tmpfsOptions(mount.sizeBytes ?? input.defaultTmpfsBytes, !!mount.readOnly);
  // The pod's hostname resolves to its IP (kubelet's /etc/hosts), unless the agent mounts its own.
  const extraHosts = input.podIp && !sandbox.hostNetwork && !targets.has('/etc/hosts') ? [`${sandbox.hostname}:${input.podIp}`] : [];
  const logPath = config.logPath && sandbox.logDirectory ? `${sandbox.logDirectory.replace(/\/+$/, '')}/${config.logPath}` : undefined;
  const user = userSpec(config.securityContext);
  return {
    name: containerName(config, input.pod),
    config: {
      Image: config.image,
      // Kubernetes' command/args over the image's ENTRYPOINT/CMD: the engine combines them the
      // same way (a command without args drops the image's CMD).
      ...(config.command?.length ? { Entrypoint: config.command } : {}),
      ...(config.args?.length ? { Cmd: config.args } : {}),
      ...(config.workingDir ? { WorkingDir: config.workingDir } : {}),
      Env: (config.env ?? []).map((variable) => {
        if (!variable.name || variable.name.includes('=')) throw invalidArgument(`invalid environment variable name "${variable.name}"`);
        return `${variable.name}=${variable.value}`;
      }),
      ...(user !== undefined ? { User: user } : {}),
      Hostname: sandbox.hostname,
      Tty: !!config.tty,
      OpenStdin: !!config.stdin,
      StdinOnce: !!config.stdinOnce,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Labels: engineLabels('container', input.pod, config, config, { [sandboxIdLabel]: sandboxId, ...(logPath ? { [logPathLabel]: logPath } : {}) }),
    },
    hostConfig: {
      NetworkMode: join,
      IpcMode: sandbox.hostIPC ? 'host' : join,
      PidMode: sandbox.hostPID ? 'host' : sandbox.shareProcessNamespace ? join : '',
      UTSMode: sandbox.hostNetwork ? 'host' : '',
      Mounts: mounts,
      Tmpfs: tmpfs,
      Dns: sandbox.dns?.servers ?? [],
      DnsSearch: sandbox.dns?.searches ?? [],
      DnsOptions: sandbox.dns?.options ?? [],
      ExtraHosts: extraHosts,
      RestartPolicy: { Name: 'no' }, // the agent restarts containers (as new attempts), never the engine
      ...resourceSettings(config.resources),
      ...securitySettings(config.securityContext),
    },
  };
}

// ---- engine records → CRI -----------------------------------------------------------------------

const isSet = (time: string | undefined): time is string => !!time && !time.startsWith('0001-');

/** A container that failed to start: the engine keeps it "created" with the error. */
function neverStarted(record: ContainerRecord): boolean {
  return record.State.Status === 'created' && !!record.State.Error;
}

export function containerState(record: ContainerRecord): ContainerState {
  const state = record.State;
  if (state.Running || state.Restarting || state.Paused) return 'RUNNING';
  if (neverStarted(record)) return 'EXITED';
  switch (state.Status) {
    case 'created':
      return 'CREATED';
    case 'exited':
    case 'dead':
      return 'EXITED';
    default:
      return 'UNKNOWN';
  }
}

export function sandboxState(record: ContainerRecord): PodSandboxState {
  return record.State.Running && !record.State.Restarting ? 'READY' : 'NOTREADY';
}

/** Why an exited container exited, in kubelet's words. */
export function exitReason(record: ContainerRecord): { reason: string; message?: string } {
  if (neverStarted(record)) return { reason: 'StartError', message: record.State.Error };
  if (record.State.OOMKilled) return { reason: 'OOMKilled' };
  if (record.State.ExitCode === 0) return { reason: 'Completed' };
  return record.State.Error ? { reason: 'Error', message: record.State.Error } : { reason: 'Error' };
}

export function podSandboxOf(record: ContainerRecord, decoded: DecodedLabels): PodSandbox {
  return {
    id: record.Id,
    metadata: decoded.pod,
    state: sandboxState(record),
    createdAt: record.Created,
    labels: decoded.labels,
    annotations: decoded.annotations,
  };
}

export function podSandboxStatusOf(record: ContainerRecord, decoded: DecodedLabels): PodSandboxStatus {
  const ready = sandboxState(record) === 'READY';
  const ips = ready ? Object.values(record.Network?.endpoints ?? {}).map((endpoint) => endpoint.IPAddress).filter(Boolean) : [];
  return {
    ...podSandboxOf(record, decoded),
    network: { ip: ips[0] ?? '', additionalIps: ips.slice(1) },
    hostNetwork: decoded.sandboxConfig?.hostNetwork ?? record.HostConfig.NetworkMode === 'host',
    hostname: decoded.sandboxConfig?.hostname ?? record.Config.Hostname ?? '',
    pid: ready ? record.State.Pid : 0,
  };
}

export function containerOf(record: ContainerRecord, decoded: DecodedLabels, imageRef: string): Container {
  return {
    id: record.Id,
    podSandboxId: decoded.sandboxId ?? '',
    metadata: decoded.metadata,
    image: record.Config.Image,
    imageRef,
    state: containerState(record),
    createdAt: record.Created,
    labels: decoded.labels,
    annotations: decoded.annotations,
  };
}

/** internalSources: host paths the runtime mounted itself (the pod's /dev/shm), left out of mounts. */
export function containerStatusOf(record: ContainerRecord, decoded: DecodedLabels, imageRef: string, internalSources: (source: string) => boolean = () => false): ContainerStatus {
  const base = containerOf(record, decoded, imageRef);
  const status: ContainerStatus = {
    ...base,
    mounts: record.Mounts.filter((mount) => mount.Type === 'bind' && !internalSources(mount.Source)).map((mount) => ({
      containerPath: mount.Destination,
      hostPath: mount.Source,
      readOnly: !mount.RW,
      propagation: mount.Propagation === 'rslave' || mount.Propagation === 'slave' ? 'hostToContainer' : mount.Propagation === 'rshared' || mount.Propagation === 'shared' ? 'bidirectional' : 'private',
    })),
  };
  if (isSet(record.State.StartedAt)) status.startedAt = record.State.StartedAt;
  if (decoded.logPath) status.logPath = decoded.logPath;
  if (base.state === 'RUNNING') status.pid = record.State.Pid;
  if (base.state === 'EXITED') {
    status.exitCode = record.State.ExitCode;
    if (isSet(record.State.FinishedAt)) status.finishedAt = record.State.FinishedAt;
    const { reason, message } = exitReason(record);
    status.reason = reason;
    if (message) status.message = message;
  }
  return status;
}
