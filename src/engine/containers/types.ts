// A container as the engine keeps it. The configuration halves are Docker Engine API shapes
// (Config, HostConfig) because that is the engine's main interface and `inspect` shows them as
// they were given; the rest is the engine's own state.
import type { Digest } from '../../util/digest.ts';
import type { ImageRunConfig } from '../images/oci-types.ts';
import type { RuntimeName } from '../runtime/oci-runtime.ts';
import type { EndpointRequests } from '../network/container-networking.ts';
import type { ContainerNetworkState } from '../network/network-types.ts';

export interface ContainerConfig extends ImageRunConfig {
  Image: string;
  Hostname?: string;
  Domainname?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  StopTimeout?: number | null;
  NetworkDisabled?: boolean;
}

export interface RestartPolicy {
  Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure';
  MaximumRetryCount?: number;
}

export interface MountRequest {
  Type: 'bind' | 'volume' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: string };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string> };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface HostConfig {
  Binds?: string[] | null;
  Mounts?: MountRequest[] | null;
  Tmpfs?: Record<string, string> | null;
  NetworkMode?: string;
  PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
  PublishAllPorts?: boolean;
  RestartPolicy?: RestartPolicy;
  AutoRemove?: boolean;
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
  Dns?: string[] | null;
  DnsOptions?: string[] | null;
  DnsSearch?: string[] | null;
  ExtraHosts?: string[] | null;
  Init?: boolean | null;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  SecurityOpt?: string[] | null;
  Memory?: number;
  MemorySwap?: number;
  MemoryReservation?: number;
  NanoCpus?: number;
  CpuShares?: number;
  CpuPeriod?: number;
  CpuQuota?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  PidsLimit?: number | null;
  OomKillDisable?: boolean | null;
  ShmSize?: number;
  Sysctls?: Record<string, string> | null;
  PidMode?: string;
  IpcMode?: string;
  UTSMode?: string;
  Runtime?: string;
  LogConfig?: { Type: string; Config: Record<string, string> };
  ConsoleSize?: [number, number] | null;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

/** A mount as resolved for the container (what `inspect` shows under Mounts). */
export interface MountPoint {
  Type: 'bind' | 'volume' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
  /** Anonymous volumes are removed with the container by `rm -v`. */
  Anonymous?: boolean;
}

export interface ContainerRecord {
  Id: string;
  /** With the leading slash, as Docker keeps it. */
  Name: string;
  Created: string;
  Path: string;
  Args: string[];
  Config: ContainerConfig;
  HostConfig: HostConfig;
  /** Image ID (config digest). */
  Image: Digest;
  State: ContainerState;
  RestartCount: number;
  Mounts: MountPoint[];
  LogPath: string;
  HostnamePath: string;
  HostsPath: string;
  ResolvConfPath: string;
  /** Minato's own bookkeeping (not part of Docker's inspect shape). */
  runtime: RuntimeName;
  /** Set by `stop`/`kill` from the user: restart policies do not bring it back. */
  manuallyStopped: boolean;
  /** Chain IDs of the image layers the container's snapshot sits on. */
  layers: Digest[];
  /** Networks asked for besides the network mode (NetworkingConfig.EndpointsConfig, network connect). */
  NetworkingConfig: EndpointRequests;
  /** The network of the current run (absent while stopped). */
  Network?: ContainerNetworkState;
}

export function initialState(): ContainerState {
  return {
    Status: 'created',
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: '',
    StartedAt: '0001-01-01T00:00:00Z',
    FinishedAt: '0001-01-01T00:00:00Z',
  };
}
