// Writes a container's OCI bundle just before it starts: resolves the user inside the image,
// writes the /etc files, turns its mounts into OCI mounts, and builds config.json with the
// default isolation (namespaces, capabilities, seccomp, masked paths, cgroup limits).
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../util/fs.ts';
import { mkdirInRoot, readFileInRoot } from '../../util/safe-path.ts';
import { effectiveCapabilities } from '../runtime/capabilities.ts';
import type { OciMount, OciResources } from '../runtime/oci-spec-types.ts';
import { defaultContainerRlimits } from '../runtime/rlimits.ts';
import { loadDefaultSeccomp } from '../runtime/seccomp.ts';
import { seccompBpfAnnotation, type SeccompBpfCache } from '../runtime/seccomp-bpf-cache.ts';
import { buildSpec, type NamespaceChoice } from '../runtime/spec.ts';
import { resolveUser } from '../runtime/user.ts';
import { securityOptions } from './create-config.ts';
import { hostnameFile, hostsFile, resolvConfFile } from './etc-files.ts';
import type { StartedNetwork } from '../network/container-networking.ts';
import type { ContainerRecord, MountPoint } from './types.ts';

export const initPathInContainer = '/sbin/docker-init';

export interface BundleEnvironment {
  cgroupParent: string;
  /** Compiled seccomp filters, for runtimes that can take one (crun). */
  seccompCache(runtime: string): SeccompBpfCache | undefined;
  /** catatonit on the host, for --init. */
  initBinary: string;
  /** The network namespace of another container, for --network container:NAME. */
  namespaceOfContainer(reference: string, type: 'net' | 'ipc' | 'pid'): Promise<string>;
}

export function rootfsPath(bundle: string): string {
  return path.join(bundle, 'rootfs');
}

function ociMountOf(mount: MountPoint): OciMount {
  if (mount.Type === 'tmpfs') return { destination: mount.Destination, type: 'tmpfs', source: 'tmpfs', options: mount.Mode.split(',').filter(Boolean) };
  return {
    destination: mount.Destination,
    type: 'bind',
    source: mount.Source,
    options: ['rbind', mount.RW ? 'rw' : 'ro', mount.Propagation || 'rprivate'],
  };
}

function resources(record: ContainerRecord): OciResources {
  const host = record.HostConfig;
  const result: OciResources = {};
  if (host.Memory) {
    result.memory = { limit: host.Memory };
    if (host.MemorySwap && host.MemorySwap > 0) result.memory.swap = host.MemorySwap;
    if (host.MemoryReservation) result.memory.reservation = host.MemoryReservation;
  }
  if (host.OomKillDisable) result.memory = { ...result.memory, disableOOMKiller: true };
  const cpu: NonNullable<OciResources['cpu']> = {};
  if (host.NanoCpus) {
    cpu.period = 100_000;
    cpu.quota = Math.round((host.NanoCpus * cpu.period) / 1e9);
  } else {
    if (host.CpuPeriod) cpu.period = host.CpuPeriod;
    if (host.CpuQuota) cpu.quota = host.CpuQuota;
  }
  if (host.CpuShares) cpu.shares = host.CpuShares;
  if (host.CpusetCpus) cpu.cpus = host.CpusetCpus;
  if (host.CpusetMems) cpu.mems = host.CpusetMems;
  if (Object.keys(cpu).length > 0) result.cpu = cpu;
  if (host.PidsLimit !== undefined && host.PidsLimit !== null && host.PidsLimit > 0) result.pids = { limit: host.PidsLimit };
  return result;
}

async function namespaceChoice(mode: string | undefined, type: 'net' | 'ipc' | 'pid', env: BundleEnvironment): Promise<NamespaceChoice> {
  if (mode === 'host') return 'host';
  if (mode?.startsWith('container:')) return { path: await env.namespaceOfContainer(mode.slice('container:'.length), type) };
  return 'private';
}

/** Docker's [height, width], when the client said (0 means it did not). */
export function consoleSizeOf(size: [number, number] | null | undefined): { height: number; width: number } | undefined {
  if (!size || !(size[0] > 0) || !(size[1] > 0)) return undefined;
  return { height: size[0], width: size[1] };
}

export function containerHostname(record: ContainerRecord): string {
  if (record.HostConfig.NetworkMode === 'host') return os.hostname();
  return record.Config.Hostname || record.Id.slice(0, 12);
}

export interface WrittenBundle {
  /** The seccomp profile in config.json, when crun still has to compile it. */
  seccompToLearn?: unknown;
}

/** Writes /etc files and config.json into the bundle. The rootfs must already be mounted. */
export async function writeBundle(bundle: string, record: ContainerRecord, env: BundleEnvironment, network: StartedNetwork): Promise<WrittenBundle> {
  const rootfs = rootfsPath(bundle);
  const config = record.Config;
  const host = record.HostConfig;
  const networkMode = host.NetworkMode ?? 'default';
  const hostname = containerHostname(record);

  const user = resolveUser(config.User ?? '', await readFileInRoot(rootfs, '/etc/passwd'), await readFileInRoot(rootfs, '/etc/group'));
  const cwd = config.WorkingDir || '/';
  await mkdirInRoot(rootfs, cwd);

  const env_ = [...(config.Env ?? [])];
  const hasVar = (name: string) => env_.some((entry) => entry.startsWith(`${name}=`));
  if (!hasVar('HOSTNAME')) env_.push(`HOSTNAME=${hostname}`);
  if (config.Tty && !hasVar('TERM')) env_.push('TERM=xterm');
  if (!hasVar('HOME')) env_.push(`HOME=${user.home}`);

  const hostResolvConf = (await fsp.readFile('/etc/resolv.conf', 'utf8').catch(() => '')) ?? '';
  await writeFileAtomic(record.HostnamePath, hostnameFile(hostname));
  await writeFileAtomic(
    record.HostsPath,
    networkMode === 'host'
      ? await fsp.readFile('/etc/hosts', 'utf8').catch(() => hostsFile({ hostname, addresses: [], extraHosts: [] }))
      : hostsFile({ hostname, domainname: config.Domainname, addresses: network.addresses, extraHosts: host.ExtraHosts ?? [] }),
  );
  // On a user-defined network the embedded DNS server (on the gateway) comes first: it knows
  // the other containers and forwards everything else to the host's resolvers.
  const dns = network.nameserver ? [network.nameserver, ...(host.Dns ?? [])] : (host.Dns ?? []);
  await writeFileAtomic(
    record.ResolvConfPath,
    networkMode === 'host' ? hostResolvConf : resolvConfFile({ hostResolvConf, dns, dnsSearch: host.DnsSearch ?? [], dnsOptions: host.DnsOptions ?? [] }),
  );

  const userTargets = new Set(record.Mounts.map((mount) => mount.Destination));
  const etcMounts: OciMount[] = [
    ['/etc/hostname', record.HostnamePath],
    ['/etc/hosts', record.HostsPath],
    ['/etc/resolv.conf', record.ResolvConfPath],
  ]
    .filter(([destination]) => !userTargets.has(destination!))
    .map(([destination, source]) => ({ destination: destination!, type: 'bind', source: source!, options: ['rbind', 'rprivate', 'rw'] }));
  const mounts: OciMount[] = [...record.Mounts.map(ociMountOf), ...etcMounts];

  let args = [record.Path, ...record.Args];
  if (host.Init) {
    mounts.push({ destination: initPathInContainer, type: 'bind', source: env.initBinary, options: ['rbind', 'ro', 'rprivate'] });
    args = [initPathInContainer, '--', ...args];
  }

  const security = securityOptions(host);
  const capabilities = effectiveCapabilities(host.CapAdd, host.CapDrop, !!host.Privileged);
  const seccomp = security.seccomp === 'default' ? await loadDefaultSeccomp(capabilities) : undefined;
  const cache = seccomp ? env.seccompCache(record.runtime) : undefined;
  const compiled = seccomp && cache ? cache.lookup(seccomp) : undefined;
  const spec = buildSpec({
    rootfsPath: rootfs,
    readonlyRootfs: !!host.ReadonlyRootfs,
    args,
    env: env_,
    cwd,
    user,
    terminal: !!config.Tty,
    consoleSize: consoleSizeOf(host.ConsoleSize),
    hostname,
    capabilities,
    noNewPrivileges: security.noNewPrivileges,
    rlimits: defaultContainerRlimits(),
    mounts,
    namespaces: {
      network: network.namespace,
      pid: await namespaceChoice(host.PidMode, 'pid', env),
      ipc: await namespaceChoice(host.IpcMode, 'ipc', env),
      uts: host.UTSMode === 'host' || networkMode === 'host' ? 'host' : 'private',
    },
    resources: resources(record),
    cgroupsPath: `/${env.cgroupParent}/${record.Id}`,
    seccomp,
    privileged: !!host.Privileged,
    shmSize: host.ShmSize || 64 * 1024 * 1024,
    sysctl: host.Sysctls ?? undefined,
    annotations: compiled ? { [seccompBpfAnnotation]: compiled } : undefined,
  });
  await writeFileAtomic(path.join(bundle, 'config.json'), JSON.stringify(spec));
  return cache && !compiled ? { seccompToLearn: seccomp } : {};
}
