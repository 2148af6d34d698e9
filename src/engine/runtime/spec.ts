// Builds the OCI runtime spec for a container: Docker's defaults for isolation (namespaces,
// default mounts, masked and read-only /proc paths, device rules) plus what the caller decided
// (process, mounts, resources, capabilities, seccomp). Pure: no I/O, unit-tested.
import type { OciMount, OciNamespace, OciResources, OciSpec } from './oci-spec-types.ts';
import type { OciRlimit } from './rlimits.ts';

export interface ContainerSpecInput {
  rootfsPath: string;
  readonlyRootfs: boolean;
  args: string[];
  env: string[];
  cwd: string;
  user: { uid: number; gid: number; additionalGids: number[] };
  terminal: boolean;
  /** The client's terminal size, so the TTY starts at the right size (before any resize). */
  consoleSize?: { height: number; width: number };
  hostname: string;
  capabilities: string[];
  noNewPrivileges: boolean;
  rlimits: OciRlimit[];
  /** Bind mounts, volumes and tmpfs the user asked for, plus /etc/hosts and friends. */
  mounts: OciMount[];
  /** 'private' = a new namespace; 'host' = share the host's; or a path to join. */
  namespaces: { network: NamespaceChoice; pid: NamespaceChoice; ipc: NamespaceChoice; uts: NamespaceChoice };
  resources: OciResources;
  cgroupsPath: string;
  seccomp?: unknown;
  privileged: boolean;
  shmSize: number;
  sysctl?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type NamespaceChoice = 'private' | 'host' | { path: string };

/** Docker's masked paths: kernel information a container has no business reading. */
export const maskedPaths = [
  '/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
  '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const readonlyPaths = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Device cgroup rules: deny all, then the devices every container may use (Docker's list). */
export const defaultDeviceRules: NonNullable<OciResources['devices']> = [
  { allow: false, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }, // null
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' }, // zero
  { allow: true, type: 'c', major: 1, minor: 7, access: 'rwm' }, // full
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' }, // random
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' }, // urandom
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' }, // tty
  { allow: true, type: 'c', major: 5, minor: 1, access: 'rwm' }, // console
  { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' }, // ptmx
  { allow: true, type: 'c', major: 136, access: 'rwm' }, // pts
  { allow: true, type: 'c', major: 10, minor: 200, access: 'rwm' }, // tun
  { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' }, // fuse
];

function defaultMounts(input: ContainerSpecInput): OciMount[] {
  const sysOptions = input.privileged ? ['nosuid', 'noexec', 'nodev'] : ['nosuid', 'noexec', 'nodev', 'ro'];
  const mounts: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: sysOptions },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${input.shmSize}`] },
  ];
  // A user mount at the same destination replaces the default one (e.g. --tmpfs /dev/shm).
  const userDestinations = new Set(input.mounts.map((mount) => mount.destination));
  return mounts.filter((mount) => !userDestinations.has(mount.destination));
}

function namespaces(input: ContainerSpecInput): OciNamespace[] {
  const list: OciNamespace[] = [{ type: 'mount' }];
  const add = (type: OciNamespace['type'], choice: NamespaceChoice) => {
    if (choice === 'private') list.push({ type });
    else if (choice !== 'host') list.push({ type, path: choice.path });
  };
  add('network', input.namespaces.network);
  add('pid', input.namespaces.pid);
  add('ipc', input.namespaces.ipc);
  add('uts', input.namespaces.uts);
  return list;
}

export function buildSpec(input: ContainerSpecInput): OciSpec {
  const caps = input.capabilities;
  const spec: OciSpec = {
    ociVersion: '1.0.2',
    process: {
      terminal: input.terminal,
      ...(input.terminal && input.consoleSize ? { consoleSize: input.consoleSize } : {}),
      user: { uid: input.user.uid, gid: input.user.gid, ...(input.user.additionalGids.length ? { additionalGids: input.user.additionalGids } : {}) },
      args: input.args,
      env: input.env,
      cwd: input.cwd,
      // Docker gives non-root users no effective or permitted capabilities (engine-notes §3).
      capabilities: {
        bounding: caps,
        effective: input.user.uid === 0 ? caps : [],
        permitted: input.user.uid === 0 ? caps : [],
      },
      rlimits: input.rlimits,
      noNewPrivileges: input.noNewPrivileges,
    },
    root: { path: input.rootfsPath, readonly: input.readonlyRootfs },
    mounts: [...defaultMounts(input), ...input.mounts],
    linux: {
      namespaces: namespaces(input),
      resources: { ...input.resources, devices: input.privileged ? [{ allow: true, access: 'rwm' }] : defaultDeviceRules },
      cgroupsPath: input.cgroupsPath,
      ...(input.privileged ? {} : { maskedPaths, readonlyPaths }),
      ...(input.seccomp ? { seccomp: input.seccomp } : {}),
      ...(input.sysctl && Object.keys(input.sysctl).length ? { sysctl: input.sysctl } : {}),
    },
    ...(input.annotations ? { annotations: input.annotations } : {}),
  };
  if (input.namespaces.uts !== 'host') spec.hostname = input.hostname;
  return spec;
}
