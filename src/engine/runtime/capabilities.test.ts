// Expected sets follow moby's oci/caps TweakCapabilities and `docker run --cap-add/--cap-drop`
// as documented ("Runtime privilege and Linux capabilities").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMinatoError } from '../../util/errors.ts';
import {
  ALL_CAPABILITIES,
  availableCapabilities,
  capabilitiesFromMask,
  DEFAULT_CAPABILITIES,
  effectiveCapabilities,
  normalizeCapabilities,
  sortCapabilities,
} from './capabilities.ts';

// Tests pass the available set explicitly so they do not depend on this machine's CapEff.
const everything = ALL_CAPABILITIES;
const defaults = sortCapabilities(DEFAULT_CAPABILITIES);
const without = (list: readonly string[], ...caps: string[]) => list.filter((c) => !caps.includes(c));

test('the constants', () => {
  assert.equal(DEFAULT_CAPABILITIES.length, 14);
  assert.equal(ALL_CAPABILITIES.length, 41);
  assert.equal(ALL_CAPABILITIES[21], 'CAP_SYS_ADMIN');
  assert.equal(ALL_CAPABILITIES[40], 'CAP_CHECKPOINT_RESTORE');
  assert.equal(new Set(ALL_CAPABILITIES).size, 41);
  for (const cap of DEFAULT_CAPABILITIES) assert.ok(ALL_CAPABILITIES.includes(cap), cap);
});

test('the Docker defaults are the CapEff mask measured in engine-notes §3', () => {
  assert.deepEqual(capabilitiesFromMask('00000000a80425fb'), defaults);
});

test('capabilitiesFromMask ignores bits the kernel list does not name', () => {
  // This machine's root: everything but CAP_SYS_RESOURCE (bit 24).
  assert.deepEqual(capabilitiesFromMask('000001fffeffffff'), without(everything, 'CAP_SYS_RESOURCE'));
  assert.deepEqual(capabilitiesFromMask('ffffffffffffffff'), [...everything]);
  assert.deepEqual(capabilitiesFromMask('0000000000000000'), []);
});

const cases: Array<[description: string, add: string[] | null | undefined, drop: string[] | null | undefined, privileged: boolean, expected: readonly string[]]> = [
  ['no flags', undefined, undefined, false, defaults],
  ['null lists (Docker API)', null, null, false, defaults],
  ['--cap-add NET_ADMIN', ['NET_ADMIN'], [], false, sortCapabilities([...defaults, 'CAP_NET_ADMIN'])],
  ['lower case, CAP_ prefix optional', ['cap_sys_admin', 'net_admin'], [], false, sortCapabilities([...defaults, 'CAP_SYS_ADMIN', 'CAP_NET_ADMIN'])],
  ['--cap-drop CHOWN', [], ['chown'], false, without(defaults, 'CAP_CHOWN')],
  ['--cap-drop ALL --cap-add NET_ADMIN', ['NET_ADMIN'], ['ALL'], false, ['CAP_NET_ADMIN']],
  ['--cap-drop all (any case)', [], ['all'], false, []],
  ['--cap-add ALL', ['ALL'], [], false, everything],
  ['--cap-add ALL --cap-drop CHOWN', ['ALL'], ['CHOWN'], false, without(everything, 'CAP_CHOWN')],
  ['--cap-add ALL wins over --cap-drop ALL', ['ALL'], ['ALL'], false, everything],
  ['a cap in both lists is kept (add after drop)', ['CHOWN'], ['CHOWN'], false, defaults],
  ['--cap-drop of a cap not in the defaults is harmless', [], ['SYS_ADMIN'], false, defaults],
  ['duplicates collapse', ['NET_ADMIN', 'CAP_NET_ADMIN', 'chown'], [], false, sortCapabilities([...defaults, 'CAP_NET_ADMIN'])],
  ['--privileged ignores add and drop', ['NET_ADMIN'], ['ALL'], true, everything],
];

for (const [description, add, drop, privileged, expected] of cases) {
  test(`effectiveCapabilities: ${description}`, () => {
    assert.deepEqual(effectiveCapabilities(add, drop, privileged, everything), [...expected]);
  });
}

test('results are in kernel order', () => {
  assert.deepEqual(effectiveCapabilities(['SYS_ADMIN', 'AUDIT_READ', 'NET_ADMIN'], ['ALL'], false, everything), [
    'CAP_NET_ADMIN', // 12
    'CAP_SYS_ADMIN', // 21
    'CAP_AUDIT_READ', // 37
  ]);
});

const rejected: Array<[add: string[], drop: string[], privileged: boolean, message: string, value: string]> = [
  [['FOO'], [], false, 'invalid CapAdd (--cap-add): unknown capability: "CAP_FOO"', 'FOO'],
  [[], ['cap_foo'], false, 'invalid CapDrop (--cap-drop): unknown capability: "CAP_FOO"', 'cap_foo'],
  // Docker validates --cap-add first, and validates even for --privileged.
  [['BAR'], ['FOO'], false, 'invalid CapAdd (--cap-add): unknown capability: "CAP_BAR"', 'BAR'],
  [['FOO'], [], true, 'invalid CapAdd (--cap-add): unknown capability: "CAP_FOO"', 'FOO'],
  [[''], [], false, 'invalid CapAdd (--cap-add): unknown capability: "CAP_"', ''],
];

for (const [add, drop, privileged, message, value] of rejected) {
  test(`effectiveCapabilities rejects: ${message}`, () => {
    assert.throws(
      () => effectiveCapabilities(add, drop, privileged, everything),
      (err: unknown) => isMinatoError(err, 'InvalidArgument') && err.message === message && err.details?.value === value,
    );
  });
}

test('capabilities this host cannot grant are rejected or left out, as dockerd does', () => {
  const available = without(everything, 'CAP_SYS_RESOURCE');
  assert.throws(
    () => effectiveCapabilities(['SYS_RESOURCE'], [], false, available),
    (err: unknown) =>
      isMinatoError(err, 'InvalidArgument') &&
      err.message === 'invalid CapAdd (--cap-add): capability not supported by your kernel or not available in the current environment: "CAP_SYS_RESOURCE"',
  );
  assert.deepEqual(effectiveCapabilities(null, null, true, available), available);
  assert.deepEqual(effectiveCapabilities(['ALL'], ['NET_ADMIN'], false, available), without(available, 'CAP_NET_ADMIN'));
});

test('normalizeCapabilities keeps order and the ALL keyword', () => {
  assert.deepEqual(normalizeCapabilities(['net_raw', 'All', 'CAP_KILL'], 'add', everything), ['CAP_NET_RAW', 'ALL', 'CAP_KILL']);
});

test('availableCapabilities is a kernel-ordered subset read from this process', () => {
  const available = availableCapabilities();
  assert.deepEqual(available, sortCapabilities(available));
  for (const cap of available) assert.ok(ALL_CAPABILITIES.includes(cap), cap);
  // The engine runs as root, which must be able to grant every default capability.
  if (process.getuid?.() === 0) for (const cap of DEFAULT_CAPABILITIES) assert.ok(available.includes(cap), cap);
});
