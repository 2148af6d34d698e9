// The node agent's one boundary to a container runtime, modelled on Kubernetes' CRI v1
// (RuntimeService + ImageService) — only what a kubelet-like agent needs, as TypeScript types
// instead of protobuf. The agent (pod workers, probes, status, `kubectl exec/logs`) talks to
// containers through this interface alone; EngineRuntime (engine-runtime.ts) implements it over
// Minato's in-process engine, and another runtime could sit behind it.
import type { Duplex, Readable, Writable } from 'node:stream';

// ---- pod sandboxes ----------------------------------------------------------------------------

/** Who a sandbox belongs to. (name, namespace, uid, attempt) is unique among live sandboxes. */
export interface PodSandboxMetadata {
  name: string;
  namespace: string;
  uid: string;
  /** 0 for a pod's first sandbox; the agent increments it each time it replaces a dead one. */
  attempt: number;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A hostPort: traffic to hostIp:hostPort on the node reaches the pod's containerPort. */
export interface PortMapping {
  protocol?: Protocol;
  containerPort: number;
  hostPort: number;
  /** Default: every address of the node. */
  hostIp?: string;
}

/** The pod's resolv.conf (the agent computes it from dnsPolicy and dnsConfig). */
export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface PodSandboxConfig extends PodSandboxMetadata {
  /** The pod's hostname (ignored with hostNetwork: the node's is used). */
  hostname?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Absent: the host's resolv.conf (minus loopback servers), as dnsPolicy Default. */
  dns?: DnsConfig;
  portMappings?: PortMapping[];
  /** Share the node's network (and UTS) namespace instead of having a pod network. */
  hostNetwork?: boolean;
  /** Share the node's PID namespace. */
  hostPID?: boolean;
  /** Share the node's IPC namespace. */
  hostIPC?: boolean;
  /** One PID namespace for all of the pod's containers (the sandbox's init is PID 1). */
  shareProcessNamespace?: boolean;
  /** Namespaced sysctls of the pod (net.* apply to its network namespace). */
  sysctls?: Record<string, string>;
  /** Directory where the agent wants container logs (see ContainerConfig.logPath). */
  logDirectory?: string;
  /**
   * The pod-level cgroup (kubepods/…/pod<uid>). Recorded only: Minato's engine places every
   * container directly under its own cgroup parent, so pod-level limits are not enforced.
   */
  cgroupParent?: string;
  /** Size of the pod's shared /dev/shm; default 64 MiB. */
  shmSizeBytes?: number;
}

export type PodSandboxState = 'READY' | 'NOTREADY';

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  /** RFC 3339. */
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxStatus extends PodSandbox {
  network: {
    /** The pod IP; '' with hostNetwork (the node's addresses are the pod's) or when not READY. */
    ip: string;
    additionalIps: string[];
  };
  hostNetwork: boolean;
  hostname: string;
  /** The sandbox's init process on the host (its namespaces are the pod's); 0 when NOTREADY. */
  pid: number;
}

export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  /** Every pair must match (equality), as CRI's label_selector. */
  labelSelector?: Record<string, string>;
}

// ---- containers -------------------------------------------------------------------------------

export interface ContainerMetadata {
  name: string;
  /** 0 for the first container of this name in the sandbox; +1 per restart. */
  attempt: number;
}

export type MountPropagation = 'private' | 'hostToContainer' | 'bidirectional';

/** A host path (hostPath, emptyDir on disk, configMap/secret projections the agent wrote) bound in. */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readOnly?: boolean;
  /** Default private. */
  propagation?: MountPropagation;
}

/** A memory-backed mount (emptyDir with medium: Memory). Executable, nosuid, nodev. */
export interface TmpfsMount {
  containerPath: string;
  /** Default: the kernel's (half the node's memory), not Docker's 64 MiB. */
  sizeBytes?: number;
  readOnly?: boolean;
}

/** Resources in Kubernetes' units; the runtime turns them into cgroup settings. */
export interface ContainerResources {
  /** requests.cpu in millicores → cpu shares (millis × 1024 / 1000, at least 2). */
  cpuRequestMillis?: number;
  /** limits.cpu in millicores → CFS quota (millis × period / 1000, period 100 ms). */
  cpuLimitMillis?: number;
  /** limits.memory in bytes → memory limit (no swap on top). */
  memoryLimitBytes?: number;
  /** A cap on the container's processes. */
  pidsLimit?: number;
}

export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  /** A user name from the image's /etc/passwd, when runAsUser is not given. */
  runAsUserName?: string;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  /** false sets no_new_privs. Default true (the process may gain privileges, as in Kubernetes). */
  allowPrivilegeEscalation?: boolean;
  /** Capability names with or without CAP_ ("NET_ADMIN", "ALL"). */
  capabilities?: { add?: string[]; drop?: string[] };
}

export interface EnvVar {
  name: string;
  value: string;
}

export interface ContainerConfig extends ContainerMetadata {
  /** The image as the pod spec names it; pulled beforehand (pullImage). */
  image: string;
  /** Replaces the image's ENTRYPOINT (and then its CMD too, unless args are given). */
  command?: string[];
  /** Replaces the image's CMD. */
  args?: string[];
  workingDir?: string;
  /** In order, already expanded ($(VAR) references are the agent's business). */
  env?: EnvVar[];
  mounts?: Mount[];
  tmpfs?: TmpfsMount[];
  resources?: ContainerResources;
  securityContext?: SecurityContext;
  tty?: boolean;
  /** Keep stdin open (attach can write to it). */
  stdin?: boolean;
  /** Close stdin after the first attach disconnects. */
  stdinOnce?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /**
   * Relative to the sandbox's logDirectory (e.g. "app/0.log"): the runtime makes the container's
   * log (CRI format) reachable there. Either way, containerLogs reads it.
   */
  logPath?: string;
}

export type ContainerState = 'CREATED' | 'RUNNING' | 'EXITED' | 'UNKNOWN';

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  /** The image as given at creation. */
  image: string;
  /** What it resolved to: a repo digest ("repo@sha256:…") when known, else the image ID. */
  imageRef: string;
  state: ContainerState;
  /** RFC 3339. */
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus extends Container {
  /** RFC 3339, once started. */
  startedAt?: string;
  /** RFC 3339, once exited. */
  finishedAt?: string;
  /** Set when EXITED. */
  exitCode?: number;
  /** EXITED: "Completed" (exit 0), "Error", "OOMKilled", or "StartError" (it never ran). */
  reason?: string;
  /** Human-readable detail, e.g. why a start failed. */
  message?: string;
  mounts: Mount[];
  /** Absolute path of the container's log as the agent asked for it (logDirectory/logPath). */
  logPath?: string;
  /** The container's init process on the host while RUNNING. */
  pid?: number;
}

export interface ContainerFilter {
  id?: string;
  podSandboxId?: string;
  state?: ContainerState;
  labelSelector?: Record<string, string>;
}

/** A running container's resource usage (CRI ContainerStats), what the kubelet's /metrics/resource reports. */
export interface ContainerStats {
  containerId: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  /** Milliseconds since the epoch, when it was read. */
  timestampMs: number;
  /** Cumulative CPU time over all cores, in nanoseconds. */
  cpuUsageCoreNanoSeconds: number;
  /** Memory the container uses that could not be reclaimed at once (usage minus inactive file pages). */
  memoryWorkingSetBytes: number;
}

// ---- exec, attach, logs -----------------------------------------------------------------------

export interface ExecSyncResult {
  stdout: Buffer;
  stderr: Buffer;
  /** -1 when timed out. */
  exitCode: number;
  /** The command ran past its timeout and was killed (an exec probe counts this as a failure). */
  timedOut: boolean;
}

export interface TerminalSize {
  width: number;
  height: number;
}

export interface StreamOptions {
  /** Give the session a stdin (exec: the process reads it; attach: the container's, if it has one open). */
  stdin?: boolean;
  /** Default true. */
  stdout?: boolean;
  /** Default true; ignored with a TTY (everything comes on stdout). */
  stderr?: boolean;
  /** Exec only: run the process on a terminal (attach follows the container's own tty). */
  tty?: boolean;
  /** Initial terminal size. */
  size?: TerminalSize;
}

/**
 * A running exec or attach session: what `kubectl exec/attach` bridges to its SPDY/WebSocket
 * channels. Output streams end once the process (or, for attach, the container) has exited or
 * the session was closed (`done` then resolves); `exit` resolves with the exit code once the
 * process (the container) has exited, whether or not the session is still attached.
 */
export interface StreamingSession {
  /**
   * Absent when not asked for, or (attach) when the container keeps no stdin open. Attach: ending
   * it closes the container's stdin if the container is StdinOnce without a TTY (the session goes
   * on until it exits); from any other container the session detaches (it ends, the container runs on).
   */
  stdin?: Writable;
  stdout?: Readable;
  /** Absent with a TTY. */
  stderr?: Readable;
  tty: boolean;
  /** Resolves once the output streams have ended: the process (container) exited, or the session was closed or detached. */
  done: Promise<void>;
  exit: Promise<number>;
  /** Resizes the terminal (no-op without one). */
  resize(size: TerminalSize): Promise<void>;
  /** Disconnects (attach: the container keeps running; exec: the process keeps running). */
  close(): void;
}

export interface LogOptions {
  /** Keep streaming until the container exits or the stream is destroyed. */
  follow?: boolean;
  /** Only the last N lines of what is already written. */
  tail?: number;
  /** Only lines written at or after this time (RFC 3339 or a Date). */
  sinceTime?: string | Date;
  /** Prefix each line with its RFC 3339 (nanosecond) timestamp and a space, as `kubectl logs --timestamps`. */
  timestamps?: boolean;
  /** The previous attempt of this container in the same sandbox (`kubectl logs --previous`). */
  previous?: boolean;
  /** Default 'all'. */
  stream?: 'stdout' | 'stderr' | 'all';
  /** Stop after this many bytes. */
  limitBytes?: number;
}

// ---- images -----------------------------------------------------------------------------------

/** Registry credentials (from an imagePullSecret), Docker's AuthConfig fields. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  /** base64("user:password"), as .dockerconfigjson stores it. */
  auth?: string;
  serverAddress?: string;
  identityToken?: string;
  registryToken?: string;
}

export interface Image {
  /** The image ID (config digest). */
  id: string;
  /** Full references ("docker.io/library/busybox:latest"). */
  repoTags: string[];
  repoDigests: string[];
  /** Unpacked size in bytes. */
  size: number;
  /** The image's USER when numeric (for runAsNonRoot checks)… */
  uid?: number;
  /** …or when a name. */
  username?: string;
}

export interface RuntimeVersion {
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

/**
 * A container runtime as the node agent sees it (Kubernetes' CRI v1).
 *
 * Lifecycle, as the kubelet drives it:
 *  1. pullImage for every image the pod needs (imageStatus first: skip what is present).
 *  2. runPodSandbox → sandbox id. The sandbox holds the pod's shared namespaces (network with
 *     its IP and hostPorts, IPC with /dev/shm, optionally PID) and is READY once it returns.
 *  3. Per container: createContainer(sandboxId, config, sandboxConfig) → CREATED;
 *     startContainer → RUNNING; the container joins the sandbox's namespaces. A container is
 *     never restarted in place: the agent creates a new one with attempt + 1 (after removing
 *     or keeping the old one for `logs --previous`).
 *  4. While it runs: containerStatus / listContainers (the agent's relist), execSync (exec
 *     probes), exec/attach (kubectl), containerLogs; portForward while the sandbox is READY.
 *  5. It exits on its own → EXITED with exitCode and reason; or stopContainer(id, grace):
 *     the stop signal (SIGTERM unless the image says otherwise), SIGKILL after `grace` seconds.
 *  6. removeContainer (forcibly, if still running).
 *  7. stopPodSandbox: every container still running in it is killed, the sandbox becomes
 *     NOTREADY and gives up its network. removePodSandbox removes it and every container in it.
 *
 * Everything is recorded in the runtime itself (labels on the engine's containers), so after an
 * agent restart listPodSandbox/listContainers return what exists and the agent rebuilds its
 * view from them. Stop and remove calls are idempotent: what is already gone is not an error.
 * Errors are MinatoErrors (NotFound, Conflict, InvalidArgument, …).
 */
export interface RuntimeService {
  version(): Promise<RuntimeVersion>;

  // sandboxes
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  stopPodSandbox(podSandboxId: string): Promise<void>;
  removePodSandbox(podSandboxId: string): Promise<void>;
  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;

  // containers
  /** sandboxConfig is the one runPodSandbox was given; when omitted, the recorded one is used. */
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig?: PodSandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** Graceful termination: stop signal, then SIGKILL after timeoutSeconds (0: at once). */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  /** Usage of every RUNNING container the filter matches (CRI ListContainerStats); others are left out. */
  listContainerStats(filter?: ContainerFilter): Promise<ContainerStats[]>;

  // exec, attach, logs
  /** Runs cmd in the running container and collects its output (exec probes). */
  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult>;
  /** Starts cmd in the running container with streams attached (`kubectl exec`). */
  exec(containerId: string, cmd: string[], options?: StreamOptions): Promise<StreamingSession>;
  /** Joins the running container's own stdio (`kubectl attach`). */
  attach(containerId: string, options?: StreamOptions): Promise<StreamingSession>;
  /**
   * `kubectl port-forward`: copies between `stream` and 127.0.0.1:port inside the sandbox's
   * network namespace until both directions are done (the stream is ended when the pod side
   * ends); rejects when nothing accepts the connection there. Destroying the stream stops it.
   */
  portForward(podSandboxId: string, port: number, stream: Duplex): Promise<void>;
  /** The container's output as its log holds it, one line after another (bytes). */
  containerLogs(containerId: string, options?: LogOptions): Promise<Readable>;

  // images
  /** Pulls ref (default tag latest) and returns the image ID. */
  pullImage(ref: string, auth?: RegistryAuth): Promise<string>;
  /** undefined when the image is not present. */
  imageStatus(ref: string): Promise<Image | undefined>;
  listImages(): Promise<Image[]>;
  /** Removes the image and all its tags; absent is not an error; one a running container uses is a Conflict. */
  removeImage(ref: string): Promise<void>;
}
