// Expected values come from engine-notes.md §2 (measured against this machine's profile) and from
// the rules of moby's profiles/seccomp (setupSeccomp, default.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { arch } from 'node:os';
import { isMinatoError } from '../../util/errors.ts';
import {
  convertSeccompProfile,
  DEFAULT_SECCOMP_PROFILE_PATH,
  gateProfileLikeDocker,
  loadDefaultSeccomp,
  parseSeccompProfile,
  type OciSeccomp,
  type SeccompProfile,
} from './seccomp.ts';

const DOCKER_CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];
const host = { arch: 'x64', kernel: '6.18.44' };

const packaged = JSON.parse(await readFile(DEFAULT_SECCOMP_PROFILE_PATH, 'utf8')) as unknown;

/** The rules (with their actions and args) that mention `name`. */
const rulesFor = (seccomp: OciSeccomp, name: string) => (seccomp.syscalls ?? []).filter((r) => r.names.includes(name));
/** Allowed whatever the arguments: some ALLOW rule without args names it. */
const allowedUnconditionally = (seccomp: OciSeccomp, name: string) =>
  rulesFor(seccomp, name).some((r) => r.action === 'SCMP_ACT_ALLOW' && (r.args ?? []).length === 0);
const nameCount = (seccomp: OciSeccomp) => (seccomp.syscalls ?? []).reduce((n, r) => n + r.names.length, 0);

test('the packaged profile converts as measured in engine-notes (19 rules, 434 names)', () => {
  const seccomp = convertSeccompProfile(packaged, { ...host, capabilities: DOCKER_CAPS });
  assert.equal(seccomp.syscalls?.length, 19);
  assert.equal(nameCount(seccomp), 434);
  assert.equal(seccomp.defaultAction, 'SCMP_ACT_ERRNO');
  assert.equal(seccomp.defaultErrnoRet, 38);
  assert.deepEqual(seccomp.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  // The trap this module exists for: ungated, the packaged profile lets these through.
  assert.ok(allowedUnconditionally(seccomp, 'unshare'));
  assert.ok(allowedUnconditionally(seccomp, 'mount'));
});

test('gated default with Docker caps: namespace and mount syscalls need CAP_SYS_ADMIN', () => {
  const seccomp = convertSeccompProfile(gateProfileLikeDocker(parseSeccompProfile(packaged)), { ...host, capabilities: DOCKER_CAPS });
  for (const name of ['unshare', 'mount', 'umount', 'umount2', 'setns', 'clone', 'clone3', 'pivot_root', 'syslog',
    'sethostname', 'setdomainname', 'fsopen', 'fsmount', 'fsconfig', 'fspick', 'move_mount', 'open_tree', 'mount_setattr']) {
    assert.equal(allowedUnconditionally(seccomp, name), false, `${name} must not be allowed unconditionally`);
  }
  assert.deepEqual(rulesFor(seccomp, 'clone'), [{
    names: ['clone'],
    action: 'SCMP_ACT_ALLOW',
    args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
  }]);
  assert.deepEqual(rulesFor(seccomp, 'clone3'), [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]);
  // The profile's own CAP_SYS_ADMIN-excluded EPERM rule still covers setns.
  assert.deepEqual(rulesFor(seccomp, 'setns').map((r) => [r.action, r.errnoRet]), [['SCMP_ACT_ERRNO', 1]]);
  // Ordinary syscalls are untouched.
  for (const name of ['read', 'execve', 'fork', 'vfork', 'chroot', 'keyctl']) assert.ok(allowedUnconditionally(seccomp, name), name);
});

test('gated default with CAP_SYS_ADMIN: mount, unshare, clone and clone3 are allowed', () => {
  const seccomp = convertSeccompProfile(gateProfileLikeDocker(parseSeccompProfile(packaged)), {
    ...host,
    capabilities: [...DOCKER_CAPS, 'CAP_SYS_ADMIN'],
  });
  for (const name of ['mount', 'umount2', 'unshare', 'setns', 'clone', 'clone3', 'pivot_root', 'sethostname']) {
    assert.ok(allowedUnconditionally(seccomp, name), name);
  }
  assert.equal(rulesFor(seccomp, 'clone3').some((r) => r.action === 'SCMP_ACT_ERRNO'), false);
  assert.equal(rulesFor(seccomp, 'clone').some((r) => r.args !== undefined), false);
});

test('syslog is also allowed by CAP_SYSLOG, as in Docker', () => {
  const gated = gateProfileLikeDocker(parseSeccompProfile(packaged));
  const withSyslog = convertSeccompProfile(gated, { ...host, capabilities: [...DOCKER_CAPS, 'CAP_SYSLOG'] });
  assert.ok(allowedUnconditionally(withSyslog, 'syslog'));
  assert.equal(allowedUnconditionally(withSyslog, 'mount'), false);
});

test('no moby-only keys remain in the OCI result', () => {
  const seccomp = convertSeccompProfile(gateProfileLikeDocker(parseSeccompProfile(packaged)), { ...host, capabilities: DOCKER_CAPS });
  assert.deepEqual(Object.keys(seccomp).sort(), ['architectures', 'defaultAction', 'defaultErrnoRet', 'syscalls']);
  for (const rule of seccomp.syscalls ?? []) {
    for (const key of Object.keys(rule)) assert.ok(['names', 'action', 'errnoRet', 'args'].includes(key), `unexpected key ${key}`);
  }
});

test('arm64 gets AARCH64 + ARM and the arm-only rules', () => {
  const seccomp = convertSeccompProfile(packaged, { arch: 'arm64', kernel: '6.1.0-18-arm64', capabilities: DOCKER_CAPS });
  assert.deepEqual(seccomp.architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
  assert.ok(allowedUnconditionally(seccomp, 'set_tls'));
  assert.equal(rulesFor(seccomp, 'arch_prctl').length, 0);
});

test('gating is idempotent and does not mutate its input', () => {
  const parsed = parseSeccompProfile(packaged);
  const before = structuredClone(parsed);
  const once = gateProfileLikeDocker(parsed);
  assert.deepEqual(parsed, before);
  assert.deepEqual(gateProfileLikeDocker(once), once);
});

test('gating leaves names the profile did not allow unconditionally alone', () => {
  const profile: SeccompProfile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      { names: ['read', 'unshare'], action: 'SCMP_ACT_ALLOW' },
      { names: ['mount'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'] } },
      { names: ['sethostname'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
    ],
  };
  assert.deepEqual(gateProfileLikeDocker(profile).syscalls, [
    { names: ['read'], action: 'SCMP_ACT_ALLOW' },
    { names: ['mount'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'] } },
    { names: ['sethostname'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
    { names: ['unshare'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
  ]);
});

test('the s390 clone rule checks the second argument', () => {
  const gated = gateProfileLikeDocker(parseSeccompProfile({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['clone'], action: 'SCMP_ACT_ALLOW' }] }));
  const seccomp = convertSeccompProfile(gated, { arch: 's390x', kernel: '6.1', capabilities: [] });
  assert.deepEqual(seccomp.syscalls, [{
    names: ['clone'],
    action: 'SCMP_ACT_ALLOW',
    args: [{ index: 1, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
  }]);
});

// One synthetic rule per filter; `kept` says whether it survives for a container with
// CAP_CHOWN on an x64 host running 5.10.
const filterCases: Array<[description: string, rule: Record<string, unknown>, kept: boolean]> = [
  ['no conditions', {}, true],
  ['empty includes/excludes', { includes: {}, excludes: {} }, true],
  ['includes.caps held', { includes: { caps: ['CAP_CHOWN'] } }, true],
  ['includes.caps not held', { includes: { caps: ['CAP_SYS_ADMIN'] } }, false],
  ['includes.caps only partly held', { includes: { caps: ['CAP_CHOWN', 'CAP_SYS_ADMIN'] } }, false],
  ['includes.arches has the host', { includes: { arches: ['x86', 'amd64'] } }, true],
  ['includes.arches lacks the host', { includes: { arches: ['arm64'] } }, false],
  ['includes.minKernel met', { includes: { minKernel: '5.10' } }, true],
  ['includes.minKernel met by a newer major', { includes: { minKernel: '4.19' } }, true],
  ['includes.minKernel not met', { includes: { minKernel: '5.11' } }, false],
  ['excludes.caps held', { excludes: { caps: ['CAP_SYS_ADMIN', 'CAP_CHOWN'] } }, false],
  ['excludes.caps not held', { excludes: { caps: ['CAP_SYS_ADMIN'] } }, true],
  ['excludes.arches has the host', { excludes: { arches: ['amd64'] } }, false],
  ['excludes.arches lacks the host', { excludes: { arches: ['s390x'] } }, true],
  ['excludes.minKernel reached', { excludes: { minKernel: '5.4' } }, false],
  ['excludes.minKernel not reached', { excludes: { minKernel: '6.0' } }, true],
];

for (const [description, conditions, kept] of filterCases) {
  test(`filter: ${description} → ${kept ? 'kept' : 'dropped'}`, () => {
    const profile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [{ names: ['getpid'], action: 'SCMP_ACT_ALLOW', comment: 'x', ...conditions }],
    };
    const seccomp = convertSeccompProfile(profile, { arch: 'x64', kernel: '5.10.0-28-amd64', capabilities: ['CAP_CHOWN'] });
    assert.deepEqual(seccomp.syscalls, kept ? [{ names: ['getpid'], action: 'SCMP_ACT_ALLOW' }] : []);
  });
}

test('conversion keeps OCI fields and errnoRet, drops errno and archMap', () => {
  const seccomp = convertSeccompProfile(
    {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      defaultErrno: 'EPERM',
      flags: ['SECCOMP_FILTER_FLAG_LOG'],
      listenerPath: '/run/agent.sock',
      archMap: [{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }],
      syscalls: [
        { name: 'syslog', action: 'SCMP_ACT_ERRNO', errnoRet: 12345, errno: 'EXXX', args: [] },
        { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }] },
      ],
    },
    { ...host, capabilities: [] },
  );
  assert.deepEqual(seccomp, {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    flags: ['SECCOMP_FILTER_FLAG_LOG'],
    listenerPath: '/run/agent.sock',
    // The archMap has no x86_64 entry: leave architectures out and let the runtime use the native one.
    syscalls: [
      { names: ['syslog'], action: 'SCMP_ACT_ERRNO', errnoRet: 12345 },
      { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }] },
    ],
  });
});

test('a plain architectures list is kept as is', () => {
  const seccomp = convertSeccompProfile({ defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'] }, { ...host, capabilities: [] });
  assert.deepEqual(seccomp, { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls: [] });
});

const malformed: Array<[profile: unknown, message: string]> = [
  [[], 'test.json: (top level) must be an object'],
  [{}, 'test.json: defaultAction must be a non-empty string'],
  [{ defaultAction: 'SCMP_ACT_NOPE' }, 'test.json: defaultAction "SCMP_ACT_NOPE" is not a seccomp action'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: -1 }, 'test.json: defaultErrnoRet must be a non-negative integer below 2^53, got -1'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: {} }, 'test.json: syscalls must be an array'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ action: 'SCMP_ACT_ALLOW' }] }, 'test.json: syscalls[0].names must be an array of strings'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 7], action: 'SCMP_ACT_ALLOW' }] }, 'test.json: syscalls[0].names[1] must be a non-empty string'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ name: 'a', names: ['b'], action: 'SCMP_ACT_ALLOW' }] }, 'test.json: syscalls[0] has both "name" and "names"'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'] }] }, 'test.json: syscalls[0].action must be a non-empty string'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'EQ' }] }] }, 'test.json: syscalls[0].args[0].op "EQ" is not a seccomp comparison'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2 ** 64, op: 'SCMP_CMP_EQ' }] }] }, 'test.json: syscalls[0].args[0].value must be a non-negative integer below 2^53'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', includes: { caps: 'CAP_CHOWN' } }] }, 'test.json: syscalls[0].includes.caps must be an array of strings'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', excludes: { minKernel: '4' } }] }, 'test.json: syscalls[0].excludes.minKernel "4" is not a kernel version'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_X86'], archMap: [] }, 'test.json: architectures and archMap are both given'],
  [{ defaultAction: 'SCMP_ACT_ERRNO', archMap: [{ subArchitectures: [] }] }, 'test.json: archMap[0].architecture must be a non-empty string'],
];

for (const [profile, message] of malformed) {
  test(`malformed profile: ${message}`, () => {
    assert.throws(
      () => convertSeccompProfile(profile, { ...host, capabilities: [] }, 'test.json'),
      (err: unknown) => isMinatoError(err, 'InvalidArgument') && err.message.startsWith(message),
    );
  });
}

test('bad host description is rejected', () => {
  const profile = { defaultAction: 'SCMP_ACT_ALLOW' };
  assert.throws(() => convertSeccompProfile(profile, { arch: 'sparc', kernel: '6.1', capabilities: [] }), /unsupported host architecture "sparc"/);
  assert.throws(() => convertSeccompProfile(profile, { arch: 'x64', kernel: 'linux', capabilities: [] }), /cannot parse kernel version "linux"/);
});

test('loadDefaultSeccomp gates the packaged profile for this host', async () => {
  const seccomp = await loadDefaultSeccomp(DOCKER_CAPS);
  assert.equal(allowedUnconditionally(seccomp, 'unshare'), false);
  assert.equal(allowedUnconditionally(seccomp, 'read'), true);
  if (arch() === 'x64') assert.deepEqual(seccomp.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  const admin = await loadDefaultSeccomp([...DOCKER_CAPS, 'CAP_SYS_ADMIN']);
  assert.equal(allowedUnconditionally(admin, 'mount'), true);
  // Each call returns its own object, so a caller may change it.
  assert.notEqual(await loadDefaultSeccomp(DOCKER_CAPS), seccomp);
});
