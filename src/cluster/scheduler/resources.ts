// What a pod asks of a node and what a node offers, as kube-scheduler computes them.
//
// A pod's effective request (resourcehelper.PodRequests): the sum over its containers, plus
// restartable init containers ("sidecars", restartPolicy: Always) which run alongside them, and at
// least the largest regular init container (plus the sidecars started before it), because init
// containers run one at a time; then the pod's overhead on top.
//
// Two views of it: the real request, used by the Fit filter and by balanced allocation, and the
// "non-zero" request used by least-allocated scoring, where a container that names no cpu or no
// memory request counts as 100m cpu / 200Mi memory so that best-effort pods still spread.
import type { Container, Node, PodSpec } from 'kubernetes-types/core/v1.js';
import { resourceAmount } from './quantities.ts';

export const defaultMilliCPURequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

/** A pod's requests in scheduler units (cpu millicores, everything else whole units). */
export interface PodRequests {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** Extended resources, hugepages and other scalar resources, in the order first seen; zero amounts left out. */
  readonly scalar: readonly (readonly [name: string, amount: number])[];
  /** Least-allocated scoring's view: missing cpu/memory container requests count as 100m / 200Mi. */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  /** No request at all: the Fit filter only counts the pod slot. */
  readonly isZero: boolean;
}

/** What a node offers pods (status.allocatable). */
export interface Allocatable {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  readonly pods: number;
  readonly scalar: ReadonlyMap<string, number>;
}

/**
 * Resources kube-scheduler tracks besides cpu, memory, ephemeral-storage and pods
 * (schedutil.IsScalarResourceName): extended (example.com/gpu), prefixed native
 * (kubernetes.io/…), hugepages-* and attachable-volumes-*.
 */
export function isScalarResourceName(name: string): boolean {
  return (name.includes('/') && !name.startsWith('requests.')) || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

type ResourceMap = Map<string, number>;

function containerRequests(container: Container, nonMissing: boolean): ResourceMap {
  const result: ResourceMap = new Map();
  const requests = container.resources?.requests;
  if (requests) for (const name of Object.keys(requests)) result.set(name, resourceAmount(name, requests[name]));
  if (nonMissing) {
    if (!result.has('cpu')) result.set('cpu', defaultMilliCPURequest);
    if (!result.has('memory')) result.set('memory', defaultMemoryRequest);
  }
  return result;
}

function addInto(target: ResourceMap, source: ResourceMap): void {
  for (const [name, amount] of source) target.set(name, (target.get(name) ?? 0) + amount);
}

function maxInto(target: ResourceMap, source: ResourceMap): void {
  for (const [name, amount] of source) if (amount > (target.get(name) ?? 0)) target.set(name, amount);
}

/** resourcehelper.PodRequests for one pod spec; `nonMissing` applies the 100m / 200Mi defaults per container. */
export function podRequestTotals(spec: PodSpec | undefined, nonMissing: boolean): ResourceMap {
  const totals: ResourceMap = new Map();
  for (const container of spec?.containers ?? []) addInto(totals, containerRequests(container, nonMissing));
  const sidecars: ResourceMap = new Map();
  const initMax: ResourceMap = new Map();
  for (const container of spec?.initContainers ?? []) {
    const requests = containerRequests(container, nonMissing);
    if (container.restartPolicy === 'Always') {
      addInto(totals, requests);
      addInto(sidecars, requests);
      maxInto(initMax, sidecars);
    } else {
      const whileRunning = new Map(requests);
      addInto(whileRunning, sidecars);
      maxInto(initMax, whileRunning);
    }
  }
  maxInto(totals, initMax);
  const overhead = spec?.overhead;
  if (overhead) {
    const extra: ResourceMap = new Map();
    for (const name of Object.keys(overhead)) extra.set(name, resourceAmount(name, overhead[name]));
    addInto(totals, extra);
  }
  return totals;
}

export function computePodRequests(spec: PodSpec | undefined): PodRequests {
  const totals = podRequestTotals(spec, false);
  const nonZero = podRequestTotals(spec, true);
  const scalar: [string, number][] = [];
  for (const [name, amount] of totals) if (amount > 0 && isScalarResourceName(name)) scalar.push([name, amount]);
  const milliCPU = totals.get('cpu') ?? 0;
  const memory = totals.get('memory') ?? 0;
  const ephemeralStorage = totals.get('ephemeral-storage') ?? 0;
  return {
    milliCPU,
    memory,
    ephemeralStorage,
    scalar,
    nonZeroMilliCPU: nonZero.get('cpu') ?? 0,
    nonZeroMemory: nonZero.get('memory') ?? 0,
    isZero: milliCPU === 0 && memory === 0 && ephemeralStorage === 0 && scalar.length === 0,
  };
}

/**
 * A node's allocatable resources. Kubelets always report status.allocatable; a node object
 * without it (hand-written in a test, or registered by an agent that has not reported yet) falls
 * back to status.capacity rather than offering nothing.
 */
export function nodeAllocatable(node: Node): Allocatable {
  const list = node.status?.allocatable ?? node.status?.capacity ?? {};
  const scalar = new Map<string, number>();
  let milliCPU = 0;
  let memory = 0;
  let ephemeralStorage = 0;
  let pods = 0;
  for (const name of Object.keys(list)) {
    const amount = resourceAmount(name, list[name]);
    switch (name) {
      case 'cpu':
        milliCPU = amount;
        break;
      case 'memory':
        memory = amount;
        break;
      case 'ephemeral-storage':
        ephemeralStorage = amount;
        break;
      case 'pods':
        pods = amount;
        break;
      default:
        if (isScalarResourceName(name)) scalar.set(name, amount);
    }
  }
  return { milliCPU, memory, ephemeralStorage, pods, scalar };
}
