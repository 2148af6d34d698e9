import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { milliValue, resourceAmount, unitValue } from './quantities.ts';
import { computePodRequests, defaultMemoryRequest, defaultMilliCPURequest, isScalarResourceName, nodeAllocatable } from './resources.ts';
import { makeNode, makePod } from './testing.ts';

const Mi = 1024 * 1024;

describe('quantities', () => {
  it('counts cpu in millicores', () => {
    assert.equal(milliValue('100m'), 100);
    assert.equal(milliValue('1'), 1000);
    assert.equal(milliValue('1.5'), 1500);
    assert.equal(milliValue('0.1'), 100);
    assert.equal(milliValue(2), 2000);
    assert.equal(milliValue('1e3'), 1_000_000);
  });

  it('counts memory and other resources in whole units, rounding up', () => {
    assert.equal(unitValue('128Mi'), 128 * Mi);
    assert.equal(unitValue('1G'), 1e9);
    assert.equal(unitValue('1e3'), 1000);
    assert.equal(unitValue('2Ki'), 2048);
    assert.equal(unitValue('1.5'), 2);
    assert.equal(unitValue('100m'), 1);
    assert.equal(resourceAmount('cpu', '250m'), 250);
    assert.equal(resourceAmount('memory', '1Gi'), 1024 * Mi);
  });

  it('counts an unparseable quantity as nothing', () => {
    assert.equal(unitValue('lots'), 0);
  });
});

describe('pod requests', () => {
  it('sums containers and adds overhead', () => {
    const pod = makePod('p', {
      containers: [
        { name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' } } },
        { name: 'b', resources: { requests: { cpu: '750m', memory: '64Mi', 'example.com/gpu': '1' } } },
      ],
    });
    pod.spec!.overhead = { cpu: '100m', memory: '10Mi' };
    const requests = computePodRequests(pod.spec);
    assert.equal(requests.milliCPU, 1100);
    assert.equal(requests.memory, 138 * Mi);
    assert.deepEqual(requests.scalar, [['example.com/gpu', 1]]);
    assert.equal(requests.isZero, false);
  });

  it('takes the largest init container when it exceeds the containers (init containers run one at a time)', () => {
    // The example of Kubernetes' computePodResourceRequest: init 2 cpu/1G and 2 cpu/3G, containers 2+1 cpu, 1G+1G.
    const pod = makePod('p', {
      initContainers: [
        { name: 'i1', resources: { requests: { cpu: '2', memory: '1G' } } },
        { name: 'i2', resources: { requests: { cpu: '2', memory: '3G' } } },
      ],
      containers: [
        { name: 'c1', resources: { requests: { cpu: '2', memory: '1G' } } },
        { name: 'c2', resources: { requests: { cpu: '1', memory: '1G' } } },
      ],
    });
    const requests = computePodRequests(pod.spec);
    assert.equal(requests.milliCPU, 3000);
    assert.equal(requests.memory, 3e9);
  });

  it('adds sidecars (restartable init containers) to the containers and to later init containers', () => {
    const pod = makePod('p', {
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
        { name: 'setup', resources: { requests: { cpu: '2' } } },
      ],
      containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }],
    });
    // Running: 1 + 0.5 = 1.5; while "setup" runs: 2 + 0.5 sidecar = 2.5.
    assert.equal(computePodRequests(pod.spec).milliCPU, 2500);
  });

  it('counts missing cpu/memory requests as 100m/200Mi for scoring only', () => {
    const bestEffort = computePodRequests(makePod('p').spec);
    assert.equal(bestEffort.isZero, true);
    assert.equal(bestEffort.milliCPU, 0);
    assert.equal(bestEffort.nonZeroMilliCPU, defaultMilliCPURequest);
    assert.equal(bestEffort.nonZeroMemory, defaultMemoryRequest);
    const twoContainers = computePodRequests(makePod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }, { name: 'b' }] }).spec);
    assert.equal(twoContainers.nonZeroMilliCPU, 1100);
    assert.equal(twoContainers.nonZeroMemory, 2 * defaultMemoryRequest);
    // An explicit zero is a request, not a missing one.
    const explicitZero = computePodRequests(makePod('p', { cpu: '0', memory: '0' }).spec);
    assert.equal(explicitZero.nonZeroMilliCPU, 0);
    assert.equal(explicitZero.nonZeroMemory, 0);
  });
});

describe('node allocatable', () => {
  it('reads cpu, memory, ephemeral storage, pods and scalar resources', () => {
    const allocatable = nodeAllocatable(makeNode('n', { cpu: '3500m', memory: '8Gi', pods: '20', extra: { 'example.com/gpu': '4', 'hugepages-2Mi': '1Gi' } }));
    assert.equal(allocatable.milliCPU, 3500);
    assert.equal(allocatable.memory, 8 * 1024 * Mi);
    assert.equal(allocatable.pods, 20);
    assert.equal(allocatable.scalar.get('example.com/gpu'), 4);
    assert.equal(allocatable.scalar.get('hugepages-2Mi'), 1024 * Mi);
  });

  it('falls back to capacity for a node that reports no allocatable', () => {
    const allocatable = nodeAllocatable({ metadata: { name: 'n' }, status: { capacity: { cpu: '2', pods: '10' } } });
    assert.equal(allocatable.milliCPU, 2000);
    assert.equal(allocatable.pods, 10);
  });

  it('knows which resource names are scalar', () => {
    for (const name of ['example.com/gpu', 'nvidia.com/gpu', 'kubernetes.io/batch-cpu', 'hugepages-1Gi', 'attachable-volumes-csi-x']) assert.ok(isScalarResourceName(name), name);
    for (const name of ['cpu', 'memory', 'pods', 'ephemeral-storage', 'storage']) assert.ok(!isScalarResourceName(name), name);
  });
});
