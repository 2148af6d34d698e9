import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CgroupHost, type CgroupMode, prepareCgroupsForRuntime } from './cgroup-setup.ts';

/** A fake of /sys/fs/cgroup: mounting is what these tests cannot do for real on demand. */
function fakeHost(mode: CgroupMode, v2: string[], mountFails = false): CgroupHost & { mounted: string[] } {
  const mounted: string[] = [];
  return {
    mounted,
    mode: () => mode,
    v2Controllers: async () => v2,
    mountV1: async (controller) => {
      if (mountFails) throw new Error('mount: permission denied');
      mounted.push(controller);
      return `/sys/fs/cgroup/${controller}`;
    },
  };
}

test('hybrid with a controller stranded on v2 (hugetlb here): mounted as v1, and crun is used', async () => {
  const host = fakeHost('hybrid', ['hugetlb']);
  const choice = await prepareCgroupsForRuntime(undefined, host);
  assert.equal(choice.runtime, 'crun');
  assert.deepEqual(host.mounted, ['hugetlb']);
  assert.match(choice.notes[0]!, /mounted the hugetlb controller as a cgroup v1 hierarchy/);
});

test('when mounting fails the engine falls back to runc and says why; asking for crun makes it an error', async () => {
  const choice = await prepareCgroupsForRuntime(undefined, fakeHost('hybrid', ['hugetlb'], true));
  assert.equal(choice.runtime, 'runc');
  assert.match(choice.notes[0]!, /using runc instead of crun: the hugetlb controller is on cgroup v2/);
  await assert.rejects(prepareCgroupsForRuntime('crun', fakeHost('hybrid', ['hugetlb'], true)), /crun cannot run on this machine/);
});

test('pure v2, pure v1, an empty v2 side and an explicit runc need nothing', async () => {
  for (const [mode, v2] of [['v2', ['cpu', 'memory']], ['v1', []], ['hybrid', []]] as const) {
    const host = fakeHost(mode, [...v2]);
    const choice = await prepareCgroupsForRuntime(undefined, host);
    assert.deepEqual([choice.runtime, host.mounted, choice.notes], ['crun', [], []], mode);
  }
  const host = fakeHost('hybrid', ['hugetlb']);
  assert.equal((await prepareCgroupsForRuntime('runc', host)).runtime, 'runc');
  assert.deepEqual(host.mounted, []);
});
