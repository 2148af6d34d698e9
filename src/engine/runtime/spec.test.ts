import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, type ContainerSpecInput, defaultDeviceRules, maskedPaths, readonlyPaths } from './spec.ts';

function input(overrides: Partial<ContainerSpecInput> = {}): ContainerSpecInput {
  return {
    rootfsPath: '/bundle/rootfs',
    readonlyRootfs: false,
    args: ['sh'],
    env: ['PATH=/bin'],
    cwd: '/',
    user: { uid: 0, gid: 0, additionalGids: [] },
    terminal: false,
    hostname: 'abc',
    capabilities: ['CAP_CHOWN', 'CAP_KILL'],
    noNewPrivileges: true,
    rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
    mounts: [],
    namespaces: { network: 'private', pid: 'private', ipc: 'private', uts: 'private' },
    resources: {},
    cgroupsPath: '/minato/abc',
    privileged: false,
    shmSize: 64 * 1024 * 1024,
    ...overrides,
  };
}

test('a default container gets every namespace, Docker\'s mounts, masked paths and device rules', () => {
  const spec = buildSpec(input());
  assert.deepEqual(spec.linux.namespaces.map((ns) => ns.type).sort(), ['ipc', 'mount', 'network', 'pid', 'uts']);
  assert.deepEqual(spec.mounts.map((m) => m.destination), ['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm']);
  assert.ok(spec.mounts.find((m) => m.destination === '/sys')!.options!.includes('ro'));
  assert.ok(spec.mounts.find((m) => m.destination === '/dev/shm')!.options!.includes('size=67108864'));
  assert.deepEqual(spec.linux.maskedPaths, maskedPaths);
  assert.deepEqual(spec.linux.readonlyPaths, readonlyPaths);
  assert.deepEqual(spec.linux.resources!.devices, defaultDeviceRules);
  assert.equal(spec.linux.resources!.devices![0]!.allow, false, 'deny everything first');
  assert.equal(spec.process.noNewPrivileges, true);
  assert.equal(spec.hostname, 'abc');
  assert.equal(spec.linux.cgroupsPath, '/minato/abc');
});

test('root gets the capability set; other users keep it only as a bound', () => {
  const root = buildSpec(input());
  assert.deepEqual(root.process.capabilities.effective, ['CAP_CHOWN', 'CAP_KILL']);
  const user = buildSpec(input({ user: { uid: 1000, gid: 1000, additionalGids: [27] } }));
  assert.deepEqual(user.process.capabilities.bounding, ['CAP_CHOWN', 'CAP_KILL']);
  assert.deepEqual(user.process.capabilities.effective, []);
  assert.deepEqual(user.process.capabilities.permitted, []);
  assert.deepEqual(user.process.user, { uid: 1000, gid: 1000, additionalGids: [27] });
});

test('host and joined namespaces; a user mount replaces the default one at its destination', () => {
  const spec = buildSpec(input({
    namespaces: { network: 'host', pid: { path: '/proc/42/ns/pid' }, ipc: 'private', uts: 'host' },
    mounts: [{ destination: '/dev/shm', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] }],
  }));
  assert.equal(spec.linux.namespaces.find((ns) => ns.type === 'network'), undefined);
  assert.deepEqual(spec.linux.namespaces.find((ns) => ns.type === 'pid'), { type: 'pid', path: '/proc/42/ns/pid' });
  assert.equal(spec.hostname, undefined, 'no hostname in the host UTS namespace');
  assert.deepEqual(spec.mounts.filter((m) => m.destination === '/dev/shm').map((m) => m.options), [['size=1m']]);
});

test('privileged: all devices, no masking, writable /sys, no seccomp', () => {
  const spec = buildSpec(input({ privileged: true, seccomp: undefined }));
  assert.deepEqual(spec.linux.resources!.devices, [{ allow: true, access: 'rwm' }]);
  assert.equal(spec.linux.maskedPaths, undefined);
  assert.ok(!spec.mounts.find((m) => m.destination === '/sys')!.options!.includes('ro'));
  assert.equal(spec.linux.seccomp, undefined);
});

test('a terminal gets the client\'s size; without a terminal there is none', () => {
  assert.deepEqual(buildSpec(input({ terminal: true, consoleSize: { height: 40, width: 120 } })).process.consoleSize, { height: 40, width: 120 });
  assert.equal(buildSpec(input({ consoleSize: { height: 40, width: 120 } })).process.consoleSize, undefined);
});
