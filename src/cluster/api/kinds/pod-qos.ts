// A pod's quality-of-service class (status.qosClass), set when it is created: BestEffort with no
// CPU or memory requests or limits at all, Guaranteed when every container limits both and every
// request equals its limit, Burstable otherwise (Kubernetes' qos.ComputePodQOS).
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../validation/quantity.ts';

const qosResources = ['cpu', 'memory'];

export function podQOSClass(spec: PodSpec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const add = (sums: Map<string, Quantity>, name: string, quantity: Quantity) => sums.set(name, sums.has(name) ? sums.get(name)!.add(quantity) : quantity);
  for (const container of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const [name, value] of Object.entries(container.resources?.requests ?? {})) {
      const quantity = Quantity.parse(value);
      if (qosResources.includes(name) && quantity && quantity.sign() > 0) add(requests, name, quantity);
    }
    const limited = new Set<string>();
    for (const [name, value] of Object.entries(container.resources?.limits ?? {})) {
      const quantity = Quantity.parse(value);
      if (qosResources.includes(name) && quantity && quantity.sign() > 0) {
        limited.add(name);
        add(limits, name, quantity);
      }
    }
    if (!qosResources.every((name) => limited.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (!limit || limit.cmp(request) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
