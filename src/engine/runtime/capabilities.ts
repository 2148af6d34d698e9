// Linux capability sets for containers: Docker's defaults and the `--cap-add` / `--cap-drop` /
// `--privileged` rules of moby's oci/caps (NormalizeLegacyCapabilities, TweakCapabilities).
import { readFileSync } from 'node:fs';
import { invalidArgument } from '../../util/errors.ts';

/** Docker's default set (moby oci/caps/defaults.go), in Docker's order. */
export const DEFAULT_CAPABILITIES: readonly string[] = Object.freeze([
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
]);

/** Every capability the kernel defines, indexed by its number (linux/capability.h, 0–40). */
export const ALL_CAPABILITIES: readonly string[] = Object.freeze([
  'CAP_CHOWN', // 0
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL', // 5
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE', // 10
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER', // 15
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT', // 20
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', // 25
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL', // 30
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM', // 35
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE', // 40
]);

const known = new Set(ALL_CAPABILITIES);
const ALL = 'ALL';

/** The names of the bits set in a /proc/<pid>/status capability mask ("000001fffeffffff"). */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim()}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

let hostCapabilities: readonly string[] | undefined;

/**
 * The capabilities this process can hand to a container: its effective set, read once, as
 * dockerd does (containerd pkg/cap Current). Some hosts lack some (root on these machines has no
 * CAP_SYS_RESOURCE), and asking the runtime for one fails the container. Falls back to every
 * known capability when /proc is unreadable, like moby.
 */
export function availableCapabilities(): readonly string[] {
  if (hostCapabilities === undefined) {
    let caps: readonly string[] = ALL_CAPABILITIES;
    try {
      const line = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (line?.[1] !== undefined) caps = Object.freeze(capabilitiesFromMask(line[1]));
    } catch {
      // keep the fallback
    }
    hostCapabilities = caps;
  }
  return hostCapabilities;
}

/** Where a list came from, for error messages: the CLI flag and the Docker API field. */
const SOURCES = {
  add: { flag: '--cap-add', field: 'CapAdd' },
  drop: { flag: '--cap-drop', field: 'CapDrop' },
} as const;

/**
 * Upper-cases each name and adds a missing "CAP_" prefix; "ALL" (any case) stays "ALL". Unknown
 * names and names not in `available` are rejected with Docker's messages, prefixed with the API
 * field and the flag.
 */
export function normalizeCapabilities(
  names: readonly string[],
  which: 'add' | 'drop',
  available: readonly string[] = availableCapabilities(),
): string[] {
  const { flag, field } = SOURCES[which];
  const reject = (problem: string, raw: string) =>
    invalidArgument(`invalid ${field} (${flag}): ${problem}`, { field: `HostConfig.${field}`, value: raw });
  return names.map((raw) => {
    const upper = raw.toUpperCase();
    if (upper === ALL) return ALL;
    const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
    if (!known.has(name)) throw reject(`unknown capability: "${name}"`, raw);
    if (!available.includes(name)) {
      throw reject(`capability not supported by your kernel or not available in the current environment: "${name}"`, raw);
    }
    return name;
  });
}

/**
 * The container's capability set from Docker's rules:
 * - both lists are validated first (--cap-add before --cap-drop, as dockerd does at create time),
 *   even when privileged;
 * - privileged: every available capability, add/drop ignored;
 * - ALL in --cap-add: every available capability except those in --cap-drop (this wins over
 *   --cap-drop ALL);
 * - ALL in --cap-drop: exactly the --cap-add list;
 * - otherwise the defaults minus --cap-drop, plus --cap-add (so a cap in both lists is kept).
 * `available` defaults to this process's effective set (availableCapabilities). The result has no
 * duplicates and is sorted by capability number (kernel order), so the same flags always give the
 * same list.
 */
export function effectiveCapabilities(
  capAdd: readonly string[] | null | undefined,
  capDrop: readonly string[] | null | undefined,
  privileged = false,
  available: readonly string[] = availableCapabilities(),
): string[] {
  const add = normalizeCapabilities(capAdd ?? [], 'add', available);
  const drop = normalizeCapabilities(capDrop ?? [], 'drop', available);
  let result: Iterable<string>;
  if (privileged) {
    result = available;
  } else if (add.includes(ALL)) {
    result = available.filter((cap) => !drop.includes(cap));
  } else if (drop.includes(ALL)) {
    result = add;
  } else {
    result = [...DEFAULT_CAPABILITIES.filter((cap) => !drop.includes(cap)), ...add];
  }
  return sortCapabilities(result);
}

/** Deduplicated, in kernel order (CAP_CHOWN=0 … CAP_CHECKPOINT_RESTORE=40). */
export function sortCapabilities(caps: Iterable<string>): string[] {
  return [...new Set(caps)].sort((a, b) => ALL_CAPABILITIES.indexOf(a) - ALL_CAPABILITIES.indexOf(b));
}
