// The Node's status as the agent reports it: capacity and allocatable (cpu cores, host memory,
// 110 pods, the data dir's filesystem as ephemeral-storage; allocatable keeps back the
// kubelet's default eviction thresholds: 100 Mi of memory, 10 % of the disk), addresses
// (InternalIP, Hostname), nodeInfo, and the conditions (Ready, MemoryPressure, DiskPressure,
// PIDPressure). NodeStatusReporter posts it every minute (heartbeat) and whenever it changes.
import { readFileSync, statfsSync } from 'node:fs';
import { arch, availableParallelism, hostname as osHostname, networkInterfaces, release, totalmem } from 'node:os';
import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../client/clock.ts';
import { isConflict, type ResourceClient } from '../client/index.ts';
import type { Logger } from '../../util/log.ts';
import { kubeTime } from '../api/kube-time.ts';
import { RepeatingTask } from './repeating-task.ts';

export const kubeletVersion = 'v1.32.0-minato';
const memoryReserveBytes = 100 * 1024 * 1024;

/** Facts about the host, gathered once. */
export interface HostFacts {
  hostname: string;
  nodeIP: string;
  cpuCores: number;
  memoryBytes: number;
  storageBytes: number;
  kernelVersion: string;
  osImage: string;
  architecture: string;
  machineID: string;
  bootID: string;
  containerRuntimeVersion: string;
  /** Where the kubelet API listens (status.daemonEndpoints); default 10250. */
  kubeletPort?: number;
}

export function goArch(nodeArch: string = arch()): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[nodeArch] ?? nodeArch;
}

function readTrimmed(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The node's address: the first IPv4 address of an interface that is not loopback and not a container bridge or veth. */
export function detectNodeIP(): string {
  const skipped = /^(lo|cni|veth|docker|minato|br-|cbr|flannel|virbr)/;
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (skipped.test(name)) continue;
    const v4 = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (v4) return v4.address;
  }
  return '127.0.0.1';
}

export function gatherHostFacts(dataDir: string, runtimeVersion: string, nodeIP?: string): HostFacts {
  let storageBytes = 0;
  try {
    const fs = statfsSync(dataDir);
    storageBytes = fs.blocks * fs.bsize;
  } catch {
    // unknown
  }
  const osRelease = readTrimmed('/etc/os-release');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'Linux';
  return {
    hostname: osHostname(),
    nodeIP: nodeIP ?? detectNodeIP(),
    cpuCores: availableParallelism(),
    memoryBytes: totalmem(),
    storageBytes,
    kernelVersion: release(),
    osImage: pretty,
    architecture: goArch(),
    machineID: readTrimmed('/etc/machine-id'),
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id'),
    containerRuntimeVersion: runtimeVersion,
  };
}

export function nodeLabels(nodeName: string, facts: HostFacts): Record<string, string> {
  return {
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': facts.architecture,
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': facts.architecture,
  };
}

function kibibytes(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

/** Allocatable memory in bytes (what pods may use in all). */
export function allocatableMemory(facts: HostFacts): number {
  return Math.max(0, facts.memoryBytes - memoryReserveBytes);
}

const conditionText: Record<string, { ok: string; reason: string; message: string }> = {
  MemoryPressure: { ok: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  DiskPressure: { ok: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  PIDPressure: { ok: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  Ready: { ok: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
};

/** The node's status at `now` (heartbeat); transition times are kept from `previous` while unchanged. */
export function nodeStatusOf(nodeName: string, facts: HostFacts, now: Date, previous?: NodeStatus): NodeStatus {
  const conditions: NodeCondition[] = Object.entries(conditionText).map(([type, text]) => {
    const before = previous?.conditions?.find((c) => c.type === type);
    return {
      type,
      status: text.ok,
      reason: text.reason,
      message: text.message,
      lastHeartbeatTime: kubeTime(now),
      lastTransitionTime: before && before.status === text.ok && before.lastTransitionTime ? before.lastTransitionTime : kubeTime(now),
    };
  });
  return {
    capacity: {
      cpu: String(facts.cpuCores),
      memory: kibibytes(facts.memoryBytes),
      pods: '110',
      'ephemeral-storage': kibibytes(facts.storageBytes),
    },
    allocatable: {
      cpu: String(facts.cpuCores),
      memory: kibibytes(allocatableMemory(facts)),
      pods: '110',
      'ephemeral-storage': String(Math.floor(facts.storageBytes * 0.9)),
    },
    addresses: [
      { type: 'InternalIP', address: facts.nodeIP },
      { type: 'Hostname', address: nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: facts.kubeletPort ?? 10250 } },
    nodeInfo: {
      machineID: facts.machineID,
      systemUUID: facts.machineID,
      bootID: facts.bootID,
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: facts.containerRuntimeVersion,
      kubeletVersion,
      kubeProxyVersion: kubeletVersion,
      operatingSystem: 'linux',
      architecture: facts.architecture,
    },
    conditions,
  };
}

/** The status without heartbeat times: what "changed" is judged on. */
function withoutHeartbeats(status: NodeStatus | undefined): string {
  return JSON.stringify({ ...status, conditions: status?.conditions?.map((c) => ({ ...c, lastHeartbeatTime: undefined })) });
}

export interface NodeStatusReporterOptions {
  nodes: ResourceClient<Node>;
  nodeName: string;
  facts: HostFacts;
  clock: Clock;
  log: Logger;
  /** How often the status is checked for changes; default 10 s. */
  checkEveryMs?: number;
  /** A heartbeat is posted at least this often; default 60 s. */
  reportEveryMs?: number;
}

/** Posts the node's status every reportEveryMs, or sooner when it changes. */
export class NodeStatusReporter {
  private readonly options: NodeStatusReporterOptions;
  private readonly task: RepeatingTask;
  private lastPosted = -Infinity;
  private lastPostedStatus = '';

  constructor(options: NodeStatusReporterOptions) {
    this.options = options;
    this.task = new RepeatingTask(options.clock, async () => {
      try {
        await this.report(false);
      } catch (err) {
        options.log.warn({ err }, 'posting the node status failed');
      }
      return options.checkEveryMs ?? 10_000;
    });
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
  }

  /** Posts the status if it changed or the heartbeat is due (or `force`). Returns whether it posted. */
  async report(force: boolean): Promise<boolean> {
    const { nodes, nodeName, facts, clock } = this.options;
    for (let attempt = 0; ; attempt++) {
      const node = await nodes.get(undefined, nodeName);
      const status = nodeStatusOf(nodeName, facts, new Date(), node.status);
      const due = clock.now() - this.lastPosted >= (this.options.reportEveryMs ?? 60_000);
      if (!force && !due && withoutHeartbeats(status) === this.lastPostedStatus) return false;
      try {
        await nodes.updateStatus({ ...node, status });
        this.lastPosted = clock.now();
        this.lastPostedStatus = withoutHeartbeats(status);
        return true;
      } catch (err) {
        if (!isConflict(err) || attempt >= 3) throw err;
      }
    }
  }
}
