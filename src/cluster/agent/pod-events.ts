// Events about a pod, as the kubelet records them (source component "kubelet", the node as
// host): Pulling, Pulled, Created, Started, Killing, BackOff, Unhealthy, Failed…, written by the
// client's EventRecorder (queued, repeats counted). Recording is best-effort: a failure is
// logged at debug level and never blocks the pod.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { EventRecorder, referenceTo, type ResourceClient, resources } from '../client/index.ts';
import type { Event } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../util/log.ts';

export type EventSink = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string) => void;

/** The agent's events, and `close()` to let the last ones be written. */
export function eventRecorder(events: ResourceClient<Event>, nodeName: string, log: Logger): { sink: EventSink; close(): Promise<void> } {
  const recorder = new EventRecorder({ events, component: 'kubelet', host: nodeName, log });
  return {
    sink: (pod, type, reason, message, fieldPath) => recorder.record(referenceTo(resources.pods, pod, fieldPath), type, reason, reason, message),
    close: () => recorder.close(),
  };
}
