// The flags of `run` and `create`, turned into a Docker API create request the way the docker
// CLI builds it (client-side parsing of --env-file, sizes, --restart, --mount, …).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseRamBytes } from '../util/human.ts';
import { collect, UsageError } from './command.ts';

export function addContainerFlags(command: Command): void {
  command
    .option('--name <string>', 'Assign a name to the container')
    .option('-e, --env <list>', 'Set environment variables', collect, [])
    .option('--env-file <list>', 'Read in a file of environment variables', collect, [])
    .option('-w, --workdir <string>', 'Working directory inside the container')
    .option('-u, --user <string>', 'Username or UID (format: <name|uid>[:<group|gid>])')
    .option('--entrypoint <string>', 'Overwrite the default ENTRYPOINT of the image')
    .option('-h, --hostname <string>', 'Container host name')
    .option('--domainname <string>', 'Container NIS domain name')
    .option('-i, --interactive', 'Keep STDIN open even if not attached')
    .option('-t, --tty', 'Allocate a pseudo-TTY')
    .option('-v, --volume <list>', 'Bind mount a volume', collect, [])
    .option('--mount <mount>', 'Attach a filesystem mount to the container', collect, [])
    .option('--tmpfs <list>', 'Mount a tmpfs directory', collect, [])
    .option('-m, --memory <bytes>', 'Memory limit')
    .option('--memory-swap <bytes>', "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
    .option('--memory-reservation <bytes>', 'Memory soft limit')
    .option('--oom-kill-disable', 'Disable OOM Killer')
    .option('--cpus <decimal>', 'Number of CPUs')
    .option('-c, --cpu-shares <int>', 'CPU shares (relative weight)')
    .option('--cpu-period <int>', 'Limit CPU CFS (Completely Fair Scheduler) period')
    .option('--cpu-quota <int>', 'Limit CPU CFS (Completely Fair Scheduler) quota')
    .option('--cpuset-cpus <string>', 'CPUs in which to allow execution (0-3, 0,1)')
    .option('--pids-limit <int>', 'Tune container pids limit (set -1 for unlimited)')
    .option('--shm-size <bytes>', 'Size of /dev/shm')
    .option('--read-only', "Mount the container's root filesystem as read only")
    .option('--cap-add <list>', 'Add Linux capabilities', collect, [])
    .option('--cap-drop <list>', 'Drop Linux capabilities', collect, [])
    .option('--privileged', 'Give extended privileges to this container')
    .option('--security-opt <list>', 'Security Options', collect, [])
    .option('--init', 'Run an init inside the container that forwards signals and reaps processes')
    .option('--restart <string>', 'Restart policy to apply when a container exits', 'no')
    .option('--stop-signal <string>', 'Signal to stop the container')
    .option('--stop-timeout <int>', 'Timeout (in seconds) to stop a container')
    .option('-l, --label <list>', 'Set meta data on a container', collect, [])
    .option('--network <network>', 'Connect a container to a network')
    .option('--net <network>', 'Connect a container to a network (alias of --network)')
    .option('--network-alias <list>', 'Add network-scoped alias for the container', collect, [])
    .option('--ip <string>', 'IPv4 address (e.g., 172.30.100.104)')
    .option('--dns <list>', 'Set custom DNS servers', collect, [])
    .option('--dns-search <list>', 'Set custom DNS search domains', collect, [])
    .option('--dns-option <list>', 'Set DNS options', collect, [])
    .option('--add-host <list>', 'Add a custom host-to-IP mapping (host:ip)', collect, [])
    .option('-p, --publish <list>', "Publish a container's port(s) to the host", collect, [])
    .option('-P, --publish-all', 'Publish all exposed ports to random ports')
    .option('--expose <list>', 'Expose a port or a range of ports', collect, [])
    .option('--sysctl <map>', 'Sysctl options', collect, [])
    .option('--pid <string>', 'PID namespace to use')
    .option('--ipc <string>', 'IPC mode to use')
    .option('--uts <string>', 'UTS namespace to use')
    .option('--runtime <string>', 'Runtime to use for this container (crun or runc)')
    .option('--platform <string>', 'Set platform if server is multi-platform capable')
    .option('--pull <string>', 'Pull image before running ("always", "missing", "never")', 'missing')
    .option('-q, --quiet', 'Suppress the pull output')
    .option('--cidfile <string>', 'Write the container ID to the file');
}

interface ContainerFlags {
  name?: string;
  pull?: string;
  platform?: string;
  quiet?: boolean;
  env: string[];
  envFile: string[];
  workdir?: string;
  user?: string;
  entrypoint?: string;
  hostname?: string;
  domainname?: string;
  interactive?: boolean;
  tty?: boolean;
  volume: string[];
  mount: string[];
  tmpfs: string[];
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  oomKillDisable?: boolean;
  cpus?: string;
  cpuShares?: string;
  cpuPeriod?: string;
  cpuQuota?: string;
  cpusetCpus?: string;
  pidsLimit?: string;
  shmSize?: string;
  readOnly?: boolean;
  capAdd: string[];
  capDrop: string[];
  privileged?: boolean;
  securityOpt: string[];
  init?: boolean;
  restart: string;
  stopSignal?: string;
  stopTimeout?: string;
  label: string[];
  network?: string;
  net?: string;
  networkAlias: string[];
  ip?: string;
  dns: string[];
  dnsSearch: string[];
  dnsOption: string[];
  addHost: string[];
  publish: string[];
  publishAll?: boolean;
  expose: string[];
  sysctl: string[];
  pid?: string;
  ipc?: string;
  uts?: string;
  runtime?: string;
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`invalid argument "${value}" for "${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
  return Number(value);
}

function size(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (value === '-1') return -1;
  try {
    return parseRamBytes(value, flag);
  } catch {
    throw new UsageError(`invalid argument "${value}" for "${flag}" flag: invalid size: '${value}'`);
  }
}

/** `-e KEY=value`, or `-e KEY` to pass the variable from this shell (skipped when unset). */
function envEntry(entry: string): string | undefined {
  if (entry.includes('=')) return entry;
  const value = process.env[entry];
  return value === undefined ? undefined : `${entry}=${value}`;
}

export function readEnvFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
  const entries: string[] = [];
  for (const [index, rawLine] of text.split('\n').entries()) {
    const line = rawLine.replace(/^\s+/, '').replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const name = line.split('=')[0]!;
    if (/\s/.test(name)) throw new UsageError(`${file}:${index + 1}: variable '${name.trim()}' contains whitespaces`);
    if (name === '') throw new UsageError(`${file}:${index + 1}: no variable name on line '${line}'`);
    const entry = envEntry(line);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

function restartPolicy(value: string): { Name: string; MaximumRetryCount: number } {
  const [name = '', count] = value.split(':');
  if (count !== undefined) {
    if (name !== 'on-failure') throw new UsageError(`invalid restart policy format: maximum retry count can only be used with 'on-failure'`);
    if (!/^\d+$/.test(count)) throw new UsageError(`invalid restart policy format: maximum retry count must be an integer`);
    return { Name: name, MaximumRetryCount: Number(count) };
  }
  return { Name: name, MaximumRetryCount: 0 };
}

/** `--mount type=bind,source=/a,target=/b,readonly` → HostConfig.Mounts entry. */
export function parseMountFlag(spec: string): Record<string, unknown> {
  const mount: Record<string, unknown> = { Type: 'volume' };
  for (const field of spec.split(',')) {
    const [key = '', value] = field.split('=', 2) as [string, string?];
    switch (key.toLowerCase()) {
      case 'type':
        mount.Type = value;
        break;
      case 'source':
      case 'src':
        mount.Source = value;
        break;
      case 'target':
      case 'destination':
      case 'dst':
        mount.Target = value;
        break;
      case 'readonly':
      case 'ro':
        mount.ReadOnly = value === undefined || value === 'true' || value === '1';
        break;
      case 'bind-propagation':
        mount.BindOptions = { Propagation: value };
        break;
      case 'volume-nocopy':
        mount.VolumeOptions = { NoCopy: value === undefined || value === 'true' };
        break;
      case 'tmpfs-size':
        mount.TmpfsOptions = { ...(mount.TmpfsOptions as object), SizeBytes: parseRamBytes(value ?? '', '--mount tmpfs-size') };
        break;
      case 'tmpfs-mode':
        mount.TmpfsOptions = { ...(mount.TmpfsOptions as object), Mode: Number.parseInt(value ?? '', 8) };
        break;
      default:
        throw new UsageError(`invalid argument "${spec}" for "--mount" flag: unexpected key '${key}' in '${field}'`);
    }
  }
  if (!mount.Target) throw new UsageError(`invalid argument "${spec}" for "--mount" flag: target is required`);
  return mount;
}

function portSpecs(publish: string[], expose: string[]): { exposed: Record<string, object>; bindings: Record<string, { HostIp: string; HostPort: string }[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of expose) {
    if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(port)) throw new UsageError(`invalid argument "${port}" for "--expose" flag: invalid range format for --expose: ${port}`);
    exposed[port.includes('/') ? port : `${port}/tcp`] = {};
  }
  for (const spec of publish) {
    const match = /^(?:(?:(\[[^\]]+\]|[\d.]+):)?(\d*):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(spec);
    if (!match) throw new UsageError(`invalid argument "${spec}" for "-p, --publish" flag: invalid published port "${spec}"`);
    const key = `${match[3]}/${match[4] ?? 'tcp'}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: (match[1] ?? '').replace(/^\[|\]$/g, ''), HostPort: match[2] ?? '' });
  }
  return { exposed, bindings };
}

function keyValueMap(entries: string[], flag: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (flag === '--sysctl' && eq <= 0) throw new UsageError(`invalid argument "${entry}" for "${flag}" flag: ${entry} is not a valid sysctl value`);
    if (eq < 0) map[entry] = '';
    else map[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return map;
}

/** --network-alias and --ip belong to the --network network's endpoint, as docker sends them. */
function networkingConfig(flags: ContainerFlags): { EndpointsConfig: Record<string, { Aliases?: string[]; IPAMConfig?: { IPv4Address: string } }> } | undefined {
  if (flags.networkAlias.length === 0 && !flags.ip) return undefined;
  const network = flags.network ?? flags.net ?? 'default';
  return {
    EndpointsConfig: {
      [network === 'default' ? 'bridge' : network]: {
        ...(flags.networkAlias.length > 0 ? { Aliases: flags.networkAlias } : {}),
        ...(flags.ip ? { IPAMConfig: { IPv4Address: flags.ip } } : {}),
      },
    },
  };
}

/** The body of POST /containers/create for `image` and `command`. */
export function createRequestBody(image: string, command: string[], flags: ContainerFlags, attach: { detached: boolean }): Record<string, unknown> {
  const env = [...flags.envFile.flatMap(readEnvFile), ...flags.env.map(envEntry).filter((entry): entry is string => entry !== undefined)];
  const { exposed, bindings } = portSpecs(flags.publish, flags.expose);
  const tmpfs: Record<string, string> = {};
  for (const entry of flags.tmpfs) {
    const colon = entry.indexOf(':');
    if (colon < 0) tmpfs[entry] = '';
    else tmpfs[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  const cpus = flags.cpus === undefined ? undefined : Number(flags.cpus);
  if (cpus !== undefined && !Number.isFinite(cpus)) throw new UsageError(`invalid argument "${flags.cpus}" for "--cpus" flag: failed to parse ${flags.cpus} as a rational number`);
  const interactive = !!flags.interactive;
  return {
    Image: image,
    Cmd: command.length > 0 ? command : null,
    Entrypoint: flags.entrypoint === undefined ? null : flags.entrypoint === '' ? [''] : [flags.entrypoint],
    Env: env,
    WorkingDir: flags.workdir ?? '',
    User: flags.user ?? '',
    Hostname: flags.hostname ?? '',
    Domainname: flags.domainname ?? '',
    Labels: keyValueMap(flags.label, '--label'),
    Tty: !!flags.tty,
    OpenStdin: interactive,
    StdinOnce: interactive && !attach.detached,
    AttachStdin: interactive && !attach.detached,
    AttachStdout: !attach.detached,
    AttachStderr: !attach.detached,
    ExposedPorts: exposed,
    StopSignal: flags.stopSignal,
    StopTimeout: integer(flags.stopTimeout, '--stop-timeout'),
    NetworkingConfig: networkingConfig(flags),
    HostConfig: {
      Binds: flags.volume,
      Mounts: flags.mount.map(parseMountFlag),
      Tmpfs: tmpfs,
      Memory: size(flags.memory, '--memory') ?? 0,
      MemorySwap: size(flags.memorySwap, '--memory-swap') ?? 0,
      MemoryReservation: size(flags.memoryReservation, '--memory-reservation') ?? 0,
      OomKillDisable: !!flags.oomKillDisable,
      NanoCpus: cpus === undefined ? 0 : Math.round(cpus * 1e9),
      CpuShares: integer(flags.cpuShares, '--cpu-shares') ?? 0,
      CpuPeriod: integer(flags.cpuPeriod, '--cpu-period') ?? 0,
      CpuQuota: integer(flags.cpuQuota, '--cpu-quota') ?? 0,
      CpusetCpus: flags.cpusetCpus ?? '',
      PidsLimit: integer(flags.pidsLimit, '--pids-limit') ?? null,
      ShmSize: size(flags.shmSize, '--shm-size') ?? 0,
      ReadonlyRootfs: !!flags.readOnly,
      CapAdd: flags.capAdd,
      CapDrop: flags.capDrop,
      Privileged: !!flags.privileged,
      SecurityOpt: flags.securityOpt,
      Init: flags.init ? true : null,
      RestartPolicy: restartPolicy(flags.restart),
      NetworkMode: flags.network ?? flags.net ?? 'default',
      Dns: flags.dns,
      DnsSearch: flags.dnsSearch,
      DnsOptions: flags.dnsOption,
      ExtraHosts: flags.addHost,
      PortBindings: bindings,
      PublishAllPorts: !!flags.publishAll,
      Sysctls: keyValueMap(flags.sysctl, '--sysctl'),
      PidMode: flags.pid ?? '',
      IpcMode: flags.ipc ?? '',
      UTSMode: flags.uts ?? '',
      ...(flags.runtime ? { Runtime: flags.runtime } : {}),
      ConsoleSize: flags.tty && process.stdout.isTTY ? [process.stdout.rows, process.stdout.columns] : [0, 0],
    },
  };
}

export type { ContainerFlags };
