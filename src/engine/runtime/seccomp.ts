// Seccomp: turning a moby/containers-format profile (conditional rules keyed on capabilities,
// architecture and kernel) into the OCI runtime-spec `linux.seccomp` object that crun/runc load.
//
// runc and crun silently accept the raw moby format and ignore `includes`/`excludes`, which would
// make every conditional rule unconditional — so the profile must always go through
// convertSeccompProfile. See engine-notes.md §2.
import { readFile } from 'node:fs/promises';
import { arch as hostArch, release as hostRelease } from 'node:os';
import { internal, invalidArgument, messageOf } from '../../util/errors.ts';

// ---- OCI runtime-spec types (config-linux.md#seccomp) -------------------------------------------

export type SeccompAction =
  | 'SCMP_ACT_KILL'
  | 'SCMP_ACT_KILL_PROCESS'
  | 'SCMP_ACT_KILL_THREAD'
  | 'SCMP_ACT_TRAP'
  | 'SCMP_ACT_ERRNO'
  | 'SCMP_ACT_TRACE'
  | 'SCMP_ACT_ALLOW'
  | 'SCMP_ACT_LOG'
  | 'SCMP_ACT_NOTIFY';

export type SeccompOperator =
  | 'SCMP_CMP_NE'
  | 'SCMP_CMP_LT'
  | 'SCMP_CMP_LE'
  | 'SCMP_CMP_EQ'
  | 'SCMP_CMP_GE'
  | 'SCMP_CMP_GT'
  | 'SCMP_CMP_MASKED_EQ';

/** For SCMP_CMP_MASKED_EQ, `value` is the mask and `valueTwo` the expected masked value. */
export type OciSeccompArg = { index: number; value: number; valueTwo?: number; op: SeccompOperator };

export type OciSyscallRule = {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: OciSeccompArg[];
};

export type OciSeccomp = {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: OciSyscallRule[];
};

// ---- moby/containers profile format ---------------------------------------------------------------

/** Conditions of a rule: `caps` are names like CAP_SYS_ADMIN, `arches` libseccomp names (amd64, x86, arm64…). */
export type SeccompFilter = { caps?: string[]; arches?: string[]; minKernel?: string };

export type SeccompProfileRule = OciSyscallRule & {
  comment?: string;
  includes?: SeccompFilter;
  excludes?: SeccompFilter;
};

export type SeccompArchMapEntry = { architecture: string; subArchitectures: string[] };

export type SeccompProfile = Omit<OciSeccomp, 'syscalls'> & {
  archMap?: SeccompArchMapEntry[];
  syscalls: SeccompProfileRule[];
};

export type ConvertOptions = {
  /** The container's bounding capability set, as normalised CAP_* names. */
  capabilities: string[];
  /** Node's process.arch of the host: 'x64', 'arm64', … */
  arch: string;
  /** The host kernel release (os.release()): '6.18.44', '6.1.0-18-amd64'. */
  kernel: string;
};

export const DEFAULT_SECCOMP_PROFILE_PATH = '/usr/share/containers/seccomp.json';

const ACTIONS = new Set<string>([
  'SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP', 'SCMP_ACT_ERRNO',
  'SCMP_ACT_TRACE', 'SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY',
]);
const OPERATORS = new Set<string>([
  'SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_EQ', 'SCMP_CMP_GE', 'SCMP_CMP_GT', 'SCMP_CMP_MASKED_EQ',
]);

// ---- validation -----------------------------------------------------------------------------------

/** Validates the shape of a parsed profile; errors name `source` and the field path. */
export function parseSeccompProfile(profile: unknown, source = 'seccomp profile'): SeccompProfile {
  const fail = (field: string, problem: string) =>
    invalidArgument(`${source}: ${field} ${problem}`, { source, field });
  const obj = (value: unknown, field: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(field, 'must be an object');
    return value as Record<string, unknown>;
  };
  const str = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value === '') throw fail(field, 'must be a non-empty string');
    return value;
  };
  const strings = (value: unknown, field: string): string[] => {
    if (!Array.isArray(value)) throw fail(field, 'must be an array of strings');
    return value.map((item, i) => str(item, `${field}[${i}]`));
  };
  // JSON numbers above 2^53 lose precision in JS; refuse them rather than filter on a wrong value.
  const uint = (value: unknown, field: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw fail(field, `must be a non-negative integer below 2^53, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const action = (value: unknown, field: string): SeccompAction => {
    const name = str(value, field);
    if (!ACTIONS.has(name)) throw fail(field, `"${name}" is not a seccomp action (want one of ${[...ACTIONS].join(', ')})`);
    return name as SeccompAction;
  };
  const filter = (value: unknown, field: string): SeccompFilter | undefined => {
    if (value === undefined || value === null) return undefined;
    const f = obj(value, field);
    const out: SeccompFilter = {};
    if (f.caps != null) out.caps = strings(f.caps, `${field}.caps`);
    if (f.arches != null) out.arches = strings(f.arches, `${field}.arches`);
    if (f.minKernel != null && f.minKernel !== '') {
      out.minKernel = str(f.minKernel, `${field}.minKernel`);
      if (!/^\d+\.\d+$/.test(out.minKernel) || /^0+\.0+$/.test(out.minKernel)) {
        throw fail(`${field}.minKernel`, `"${out.minKernel}" is not a kernel version "<kernel>.<major>" such as "4.8"`);
      }
    }
    return out;
  };
  const arg = (value: unknown, field: string): OciSeccompArg => {
    const a = obj(value, field);
    const op = str(a.op, `${field}.op`);
    if (!OPERATORS.has(op)) throw fail(`${field}.op`, `"${op}" is not a seccomp comparison (want one of ${[...OPERATORS].join(', ')})`);
    const out: OciSeccompArg = { index: uint(a.index, `${field}.index`), value: uint(a.value, `${field}.value`), op: op as SeccompOperator };
    if (a.valueTwo != null) out.valueTwo = uint(a.valueTwo, `${field}.valueTwo`);
    return out;
  };
  const rule = (value: unknown, field: string): SeccompProfileRule => {
    const r = obj(value, field);
    // Old moby profiles name one syscall with "name"; moby refuses a rule with both.
    if (r.name != null && r.names != null) throw fail(field, 'has both "name" and "names"; use "names"');
    const names = r.name != null ? [str(r.name, `${field}.name`)] : strings(r.names, `${field}.names`);
    const out: SeccompProfileRule = { names, action: action(r.action, `${field}.action`) };
    if (r.errnoRet != null) out.errnoRet = uint(r.errnoRet, `${field}.errnoRet`);
    if (r.args != null) {
      if (!Array.isArray(r.args)) throw fail(`${field}.args`, 'must be an array');
      out.args = r.args.map((a, i) => arg(a, `${field}.args[${i}]`));
    }
    if (typeof r.comment === 'string' && r.comment !== '') out.comment = r.comment;
    const includes = filter(r.includes, `${field}.includes`);
    const excludes = filter(r.excludes, `${field}.excludes`);
    if (includes !== undefined) out.includes = includes;
    if (excludes !== undefined) out.excludes = excludes;
    return out;
  };

  const p = obj(profile, '(top level)');
  const out: SeccompProfile = { defaultAction: action(p.defaultAction, 'defaultAction'), syscalls: [] };
  if (p.defaultErrnoRet != null) out.defaultErrnoRet = uint(p.defaultErrnoRet, 'defaultErrnoRet');
  if (p.architectures != null && p.archMap != null) {
    throw fail('architectures', 'and archMap are both given; use one of them');
  }
  if (p.architectures != null) out.architectures = strings(p.architectures, 'architectures');
  if (p.archMap != null) {
    if (!Array.isArray(p.archMap)) throw fail('archMap', 'must be an array');
    out.archMap = p.archMap.map((entry, i) => {
      const e = obj(entry, `archMap[${i}]`);
      return {
        architecture: str(e.architecture, `archMap[${i}].architecture`),
        subArchitectures: e.subArchitectures == null ? [] : strings(e.subArchitectures, `archMap[${i}].subArchitectures`),
      };
    });
  }
  if (p.flags != null) out.flags = strings(p.flags, 'flags');
  if (p.listenerPath != null) out.listenerPath = str(p.listenerPath, 'listenerPath');
  if (p.listenerMetadata != null) out.listenerMetadata = str(p.listenerMetadata, 'listenerMetadata');
  if (p.syscalls != null) {
    if (!Array.isArray(p.syscalls)) throw fail('syscalls', 'must be an array');
    out.syscalls = p.syscalls.map((r, i) => rule(r, `syscalls[${i}]`));
  }
  return out;
}

// ---- conversion -----------------------------------------------------------------------------------

/** Node's process.arch → the libseccomp name that profiles use in includes/excludes.arches. */
const NATIVE_ARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: 'x86',
  arm: 'arm',
  arm64: 'arm64',
  loong64: 'loongarch64',
  mips: 'mips',
  mipsel: 'mipsel',
  ppc: 'ppc',
  ppc64: 'ppc64le', // Node on Linux/ppc64 is little-endian only
  riscv64: 'riscv64',
  s390: 's390',
  s390x: 's390x',
};

/** libseccomp name → the SCMP_ARCH_* constant of the archMap. */
const SCMP_ARCH: Record<string, string> = {
  amd64: 'SCMP_ARCH_X86_64',
  x86: 'SCMP_ARCH_X86',
  arm: 'SCMP_ARCH_ARM',
  arm64: 'SCMP_ARCH_AARCH64',
  loongarch64: 'SCMP_ARCH_LOONGARCH64',
  mips: 'SCMP_ARCH_MIPS',
  mipsel: 'SCMP_ARCH_MIPSEL',
  ppc: 'SCMP_ARCH_PPC',
  ppc64le: 'SCMP_ARCH_PPC64LE',
  riscv64: 'SCMP_ARCH_RISCV64',
  s390: 'SCMP_ARCH_S390',
  s390x: 'SCMP_ARCH_S390X',
};

/** Like moby: only "<kernel>.<major>" counts, so 6.1.0-18-amd64 and 6.1 compare equal. */
function kernelVersion(text: string, field: string): [number, number] {
  const match = /^(\d+)\.(\d+)/.exec(text);
  if (match === null) throw invalidArgument(`${field}: cannot parse kernel version "${text}" (want e.g. "6.1")`);
  return [Number(match[1]), Number(match[2])];
}

function kernelAtLeast(kernel: [number, number], min: string): boolean {
  const [major, minor] = kernelVersion(min, 'minKernel');
  return kernel[0] > major || (kernel[0] === major && kernel[1] >= minor);
}

/**
 * The OCI `linux.seccomp` for a container with bounding set `capabilities` on the host described
 * by `options`: the moby rule filter (includes must all hold, any exclude drops the rule),
 * architectures from the host's archMap entry, and only OCI fields in the result.
 */
export function convertSeccompProfile(profile: unknown, options: ConvertOptions, source?: string): OciSeccomp {
  return convertParsed(parseSeccompProfile(profile, source), options);
}

function convertParsed(p: SeccompProfile, options: ConvertOptions): OciSeccomp {
  const native = NATIVE_ARCH[options.arch];
  if (native === undefined) {
    throw invalidArgument(`seccomp: unsupported host architecture "${options.arch}" (want a Node.js process.arch such as x64 or arm64)`);
  }
  const kernel = kernelVersion(options.kernel, 'seccomp: host kernel release');
  const caps = new Set(options.capabilities);

  const keep = (rule: SeccompProfileRule): boolean => {
    const inc = rule.includes;
    const exc = rule.excludes;
    if (exc?.arches?.includes(native)) return false;
    if (exc?.caps?.some((cap) => caps.has(cap))) return false;
    if (exc?.minKernel !== undefined && kernelAtLeast(kernel, exc.minKernel)) return false;
    if (inc?.arches !== undefined && inc.arches.length > 0 && !inc.arches.includes(native)) return false;
    if (inc?.caps?.some((cap) => !caps.has(cap))) return false;
    if (inc?.minKernel !== undefined && !kernelAtLeast(kernel, inc.minKernel)) return false;
    return true;
  };

  const out: OciSeccomp = { defaultAction: p.defaultAction };
  if (p.defaultErrnoRet !== undefined) out.defaultErrnoRet = p.defaultErrnoRet;
  // Fresh arrays throughout: callers own the result, while `p` may be the cached default profile.
  const architectures = p.architectures ?? hostArchitectures(p.archMap ?? [], native);
  if (architectures.length > 0) out.architectures = [...architectures];
  if (p.flags !== undefined) out.flags = [...p.flags];
  if (p.listenerPath !== undefined) out.listenerPath = p.listenerPath;
  if (p.listenerMetadata !== undefined) out.listenerMetadata = p.listenerMetadata;
  out.syscalls = p.syscalls.filter(keep).map(toOciRule);
  return out;
}

function hostArchitectures(archMap: SeccompArchMapEntry[], native: string): string[] {
  const entry = archMap.find((e) => e.architecture === SCMP_ARCH[native]);
  return entry === undefined ? [] : [entry.architecture, ...entry.subArchitectures];
}

function toOciRule(rule: SeccompProfileRule): OciSyscallRule {
  const out: OciSyscallRule = { names: [...rule.names], action: rule.action };
  if (rule.errnoRet !== undefined) out.errnoRet = rule.errnoRet;
  if (rule.args !== undefined && rule.args.length > 0) out.args = rule.args.map((a) => ({ ...a }));
  return out;
}

// ---- Docker-style gating --------------------------------------------------------------------------

/**
 * Syscalls Docker's default profile (moby/profiles seccomp/default.json) allows only with a
 * capability, for the names the containers-common profile allows to everyone. Each name is
 * allowed by any one of the caps listing it. pivot_root is not in Docker's profile at all; it is
 * kept, but behind CAP_SYS_ADMIN like the mount family (engine-notes §2).
 */
const GATES: ReadonlyArray<{ cap: string; names: readonly string[] }> = [
  {
    cap: 'CAP_SYS_ADMIN',
    names: [
      'bpf', 'clone', 'clone3', 'fanotify_init', 'fsconfig', 'fsmount', 'fsopen', 'fspick', 'lookup_dcookie',
      'lsm_get_self_attr', 'lsm_list_modules', 'lsm_set_self_attr', 'mount', 'mount_setattr', 'move_mount',
      'open_tree', 'perf_event_open', 'pivot_root', 'quotactl', 'quotactl_fd', 'setdomainname', 'sethostname',
      'setns', 'syslog', 'umount', 'umount2', 'unshare',
    ],
  },
  { cap: 'CAP_SYSLOG', names: ['syslog'] },
  { cap: 'CAP_BPF', names: ['bpf'] },
  { cap: 'CAP_PERFMON', names: ['perf_event_open'] },
];

/** Every namespace flag of clone(2): CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET. */
export const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

const S390 = ['s390', 's390x'];

const isEmptyFilter = (f: SeccompFilter | undefined) =>
  f === undefined || ((f.caps ?? []).length === 0 && (f.arches ?? []).length === 0 && f.minKernel === undefined);

const isUnconditionalAllow = (rule: SeccompProfileRule) =>
  rule.action === 'SCMP_ACT_ALLOW' && (rule.args ?? []).length === 0 && isEmptyFilter(rule.includes) && isEmptyFilter(rule.excludes);

const isAllowForCap = (rule: SeccompProfileRule, cap: string) =>
  rule.action === 'SCMP_ACT_ALLOW' && (rule.args ?? []).length === 0 && isEmptyFilter(rule.excludes) &&
  rule.includes?.caps?.length === 1 && rule.includes.caps[0] === cap &&
  (rule.includes.arches ?? []).length === 0 && rule.includes.minKernel === undefined;

/**
 * Docker's default-profile gating applied to a loaded profile: the gated names leave the
 * unconditional allow rules and are allowed again per capability; when clone moved, clone stays
 * allowed without namespace flags (so fork and threads work); when clone3 moved, it fails with
 * ENOSYS so libc falls back to clone, whose flags seccomp can inspect. Names the profile did not
 * allow unconditionally are left alone, so this never loosens a profile, and running it twice
 * changes nothing.
 */
export function gateProfileLikeDocker(profile: SeccompProfile): SeccompProfile {
  const gated = new Set(GATES.flatMap((g) => g.names));
  const moved = new Set<string>();
  const syscalls: SeccompProfileRule[] = [];
  for (const rule of profile.syscalls) {
    if (!isUnconditionalAllow(rule)) {
      syscalls.push(rule);
      continue;
    }
    const names = rule.names.filter((name) => {
      if (!gated.has(name)) return true;
      moved.add(name);
      return false;
    });
    if (names.length > 0) syscalls.push({ ...rule, names });
  }

  for (const { cap, names } of GATES) {
    const already = new Set(syscalls.filter((r) => isAllowForCap(r, cap)).flatMap((r) => r.names));
    const add = names.filter((name) => moved.has(name) && !already.has(name));
    if (add.length > 0) syscalls.push({ names: add, action: 'SCMP_ACT_ALLOW', includes: { caps: [cap] } });
  }
  const withoutAdmin = { caps: ['CAP_SYS_ADMIN'] };
  if (moved.has('clone')) {
    const noNamespaces = (index: number): OciSeccompArg[] => [
      { index, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' },
    ];
    syscalls.push({ names: ['clone'], action: 'SCMP_ACT_ALLOW', args: noNamespaces(0), excludes: { ...withoutAdmin, arches: S390 } });
    // s390 passes clone's flags as the second argument.
    syscalls.push({ names: ['clone'], action: 'SCMP_ACT_ALLOW', args: noNamespaces(1), includes: { arches: S390 }, excludes: withoutAdmin });
  }
  if (moved.has('clone3')) {
    syscalls.push({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, excludes: withoutAdmin });
  }
  return { ...profile, syscalls };
}

// ---- the default profile --------------------------------------------------------------------------

let defaultProfile: Promise<SeccompProfile> | undefined;

async function readDefaultProfile(): Promise<SeccompProfile> {
  let text: string;
  try {
    text = await readFile(DEFAULT_SECCOMP_PROFILE_PATH, 'utf8');
  } catch (err) {
    throw internal(`cannot read the default seccomp profile ${DEFAULT_SECCOMP_PROFILE_PATH} (from golang-github-containers-common): ${messageOf(err)}`, err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw internal(`seccomp profile ${DEFAULT_SECCOMP_PROFILE_PATH}: not valid JSON: ${messageOf(err)}`, err);
  }
  return gateProfileLikeDocker(parseSeccompProfile(json, `seccomp profile ${DEFAULT_SECCOMP_PROFILE_PATH}`));
}

/**
 * The default `linux.seccomp` for a container with bounding set `capabilities` on this host: the
 * packaged profile, read and gated once per process, then filtered for these capabilities.
 */
export async function loadDefaultSeccomp(capabilities: string[]): Promise<OciSeccomp> {
  defaultProfile ??= readDefaultProfile().catch((err: unknown) => {
    defaultProfile = undefined; // let a later call retry, e.g. after the package is installed
    throw err;
  });
  return convertParsed(await defaultProfile, { capabilities, arch: hostArch(), kernel: hostRelease() });
}
