// Container resource usage in the Docker stats API shape, read from the container's cgroup
// (v1 or v2) and, for network counters, from /proc/<pid>/net/dev inside its namespace.
import { promises as fsp } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { detectCgroupMode } from '../runtime/cgroup-setup.ts';

const cgroupRoot = '/sys/fs/cgroup';
const unlimited = 2 ** 62;

export interface CpuStats {
  cpu_usage: { total_usage: number; percpu_usage?: number[]; usage_in_kernelmode: number; usage_in_usermode: number };
  system_cpu_usage: number;
  online_cpus: number;
  throttling_data: { periods: number; throttled_periods: number; throttled_time: number };
}

export interface DockerStats {
  read: string;
  preread: string;
  pids_stats: { current?: number; limit?: number };
  blkio_stats: { io_service_bytes_recursive: { major: number; minor: number; op: string; value: number }[] | null };
  num_procs: number;
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes: number; rx_packets: number; rx_errors: number; rx_dropped: number; tx_bytes: number; tx_packets: number; tx_errors: number; tx_dropped: number }>;
  name: string;
  id: string;
}

async function read(file: string): Promise<string | undefined> {
  return fsp.readFile(file, 'utf8').catch(() => undefined);
}

async function readNumber(file: string): Promise<number | undefined> {
  const text = (await read(file))?.trim();
  if (text === undefined || text === '') return undefined;
  if (text === 'max') return unlimited;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function keyValues(text: string | undefined): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && Number.isFinite(Number(value))) result[key] = Number(value);
  }
  return result;
}

/** Host CPU time in nanoseconds (Docker's system_cpu_usage): the "cpu" line of /proc/stat. */
async function systemCpuUsage(): Promise<number> {
  const line = (await read('/proc/stat'))?.split('\n').find((l) => l.startsWith('cpu '));
  const ticks = (line ?? '').split(/\s+/).slice(1, 8).reduce((sum, value) => sum + Number(value || 0), 0);
  return ticks * (1e9 / 100); // USER_HZ is 100 on Linux
}

async function networkStats(pid: number): Promise<DockerStats['networks']> {
  const text = await read(`/proc/${pid}/net/dev`);
  if (!text) return undefined;
  const networks: NonNullable<DockerStats['networks']> = {};
  for (const line of text.split('\n').slice(2)) {
    const match = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!match || match[1] === 'lo') continue;
    const f = match[2]!.trim().split(/\s+/).map(Number);
    networks[match[1]!] = { rx_bytes: f[0]!, rx_packets: f[1]!, rx_errors: f[2]!, rx_dropped: f[3]!, tx_bytes: f[8]!, tx_packets: f[9]!, tx_errors: f[10]!, tx_dropped: f[11]! };
  }
  return networks;
}

async function sampleV1(cgroup: string) {
  const dir = (controller: string) => path.join(cgroupRoot, controller, cgroup);
  const cpuacct = keyValues(await read(path.join(dir('cpuacct'), 'cpuacct.stat')));
  const percpu = ((await read(path.join(dir('cpuacct'), 'cpuacct.usage_percpu'))) ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
  const throttling = keyValues(await read(path.join(dir('cpu'), 'cpu.stat')));
  const memoryStat = keyValues(await read(path.join(dir('memory'), 'memory.stat')));
  const limit = await readNumber(path.join(dir('memory'), 'memory.limit_in_bytes'));
  const blkio = ((await read(path.join(dir('blkio'), 'blkio.throttle.io_service_bytes_recursive'))) ?? '').split('\n').flatMap((line) => {
    const match = /^(\d+):(\d+) (\w+) (\d+)$/.exec(line.trim());
    return match ? [{ major: Number(match[1]), minor: Number(match[2]), op: match[3]!.toLowerCase(), value: Number(match[4]) }] : [];
  });
  return {
    cpu: {
      total: (await readNumber(path.join(dir('cpuacct'), 'cpuacct.usage'))) ?? 0,
      percpu,
      // cpuacct.stat is in USER_HZ ticks
      kernel: (cpuacct.system ?? 0) * 1e7,
      user: (cpuacct.user ?? 0) * 1e7,
      throttling: { periods: throttling.nr_periods ?? 0, throttled_periods: throttling.nr_throttled ?? 0, throttled_time: throttling.throttled_time ?? 0 },
    },
    memory: { usage: (await readNumber(path.join(dir('memory'), 'memory.usage_in_bytes'))) ?? 0, limit, stats: memoryStat },
    pids: { current: await readNumber(path.join(dir('pids'), 'pids.current')), limit: await readNumber(path.join(dir('pids'), 'pids.max')) },
    blkio,
  };
}

async function sampleV2(cgroup: string) {
  const dir = path.join(cgroupRoot, cgroup);
  const cpu = keyValues(await read(path.join(dir, 'cpu.stat')));
  const memoryStat = keyValues(await read(path.join(dir, 'memory.stat')));
  return {
    cpu: {
      total: (cpu.usage_usec ?? 0) * 1000,
      percpu: [] as number[],
      kernel: (cpu.system_usec ?? 0) * 1000,
      user: (cpu.user_usec ?? 0) * 1000,
      throttling: { periods: cpu.nr_periods ?? 0, throttled_periods: cpu.nr_throttled ?? 0, throttled_time: (cpu.throttled_usec ?? 0) * 1000 },
    },
    memory: { usage: (await readNumber(path.join(dir, 'memory.current'))) ?? 0, limit: await readNumber(path.join(dir, 'memory.max')), stats: memoryStat },
    pids: { current: await readNumber(path.join(dir, 'pids.current')), limit: await readNumber(path.join(dir, 'pids.max')) },
    blkio: [] as { major: number; minor: number; op: string; value: number }[],
  };
}

export interface StatsSample {
  at: string;
  cpu: CpuStats;
  stats: Omit<DockerStats, 'read' | 'preread' | 'cpu_stats' | 'precpu_stats' | 'name' | 'id'>;
}

/** One reading of a running container's cgroup. */
export async function sampleStats(cgroupPath: string, pid: number, hostMemory: number): Promise<StatsSample> {
  const sample = detectCgroupMode() === 'v2' ? await sampleV2(cgroupPath) : await sampleV1(cgroupPath);
  const onlineCpus = availableParallelism();
  const memoryLimit = sample.memory.limit === undefined || sample.memory.limit >= unlimited / 2 ? hostMemory : sample.memory.limit;
  return {
    at: new Date().toISOString(),
    cpu: {
      cpu_usage: { total_usage: sample.cpu.total, ...(sample.cpu.percpu.length ? { percpu_usage: sample.cpu.percpu } : {}), usage_in_kernelmode: sample.cpu.kernel, usage_in_usermode: sample.cpu.user },
      system_cpu_usage: await systemCpuUsage(),
      online_cpus: onlineCpus,
      throttling_data: sample.cpu.throttling,
    },
    stats: {
      pids_stats: { ...(sample.pids.current !== undefined ? { current: sample.pids.current } : {}), ...(sample.pids.limit !== undefined && sample.pids.limit < unlimited ? { limit: sample.pids.limit } : {}) },
      blkio_stats: { io_service_bytes_recursive: sample.blkio.length ? sample.blkio : null },
      num_procs: 0,
      memory_stats: { usage: sample.memory.usage, limit: memoryLimit, stats: sample.memory.stats },
      networks: await networkStats(pid),
    },
  };
}

/** The shape Docker sends for a container that is not running. */
export function emptyCpuStats(): CpuStats {
  return { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 0, online_cpus: 0, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
}

/** What the kubelet's resource metrics need of a container (CRI ContainerStats): cumulative CPU and the memory working set. */
export interface ContainerUsage {
  /** Milliseconds since the epoch, when the cgroup was read. */
  timestampMs: number;
  /** Cumulative CPU time, all cores, in nanoseconds. */
  cpuUsageCoreNanoSeconds: number;
  /** cadvisor's working set: memory usage minus inactive file pages (what could not be reclaimed at once). */
  memoryWorkingSetBytes: number;
}

/** One reading of the container's cgroup (`/<cgroupParent>/<id>`) for resource metrics. */
export async function sampleUsage(cgroupPath: string): Promise<ContainerUsage> {
  const timestampMs = Date.now();
  const sample = detectCgroupMode() === 'v2' ? await sampleV2(cgroupPath) : await sampleV1(cgroupPath);
  // v1's memory.stat has the hierarchical total_inactive_file (cadvisor's choice there); v2's says inactive_file.
  const inactiveFile = sample.memory.stats.total_inactive_file ?? sample.memory.stats.inactive_file ?? 0;
  return { timestampMs, cpuUsageCoreNanoSeconds: sample.cpu.total, memoryWorkingSetBytes: Math.max(0, sample.memory.usage - inactiveFile) };
}
