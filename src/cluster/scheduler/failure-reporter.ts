// What a failed scheduling attempt leaves on the pod, as kube-scheduler's handleSchedulingFailure
// does: the PodScheduled=False condition (reason Unschedulable, or SchedulerError for other
// failures) with the FitError message — patched into pods/status (strategic merge on the
// conditions' "type" key) only when status, reason or message changed — and a Warning
// FailedScheduling event (action Scheduling), its message truncated to the 1 KiB an event note
// may hold. Status writes run in the background; idle tells whether any is in flight.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../util/log.ts';
import type { ResourceClient } from '../client/resource-client.ts';
import { type EventRecorder, referenceTo } from '../client/event-recorder.ts';
import { resources } from '../client/resources.ts';
import { podKeyOf } from './scheduling-queue.ts';
import { kubeTime } from '../api/kube-time.ts';

/** validation.NoteLengthLimit. */
const noteLengthLimit = 1024;

/** kube-scheduler's truncateMessage. */
export function truncateMessage(message: string): string {
  if (message.length <= noteLengthLimit) return message;
  const suffix = ' ...';
  return message.slice(0, noteLengthLimit - suffix.length) + suffix;
}

export type FailureReason = 'Unschedulable' | 'SchedulerError';

export interface FailureReporterOptions {
  pods: ResourceClient<Pod>;
  recorder: EventRecorder;
  log: Pick<Logger, 'debug' | 'warn'>;
  /** Wall-clock time for lastTransitionTime; default Date.now. */
  wallClock?: () => number;
}

export class FailureReporter {
  private readonly options: FailureReporterOptions;
  /** The condition last written per pod, so a stale cache does not cause the same write twice. */
  private readonly written = new Map<string, string>();
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];
  patches = 0;

  constructor(options: FailureReporterOptions) {
    this.options = options;
  }

  get idle(): boolean {
    return this.running === 0;
  }

  drained(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The pod left the scheduler's hands (bound, deleted): forget what was written for it. */
  forget(key: string): void {
    this.written.delete(key);
  }

  report(pod: Pod, reason: FailureReason, message: string): void {
    this.options.recorder.record(referenceTo(resources.pods, pod), 'Warning', 'FailedScheduling', 'Scheduling', truncateMessage(message));
    const key = podKeyOf(pod);
    const signature = `${reason}\x00${message}`;
    const current = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
    if (current?.status === 'False' && current.reason === reason && current.message === message) {
      this.written.set(key, signature);
      return;
    }
    if (this.written.get(key) === signature) return;
    this.written.set(key, signature);
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null as unknown as undefined,
      lastTransitionTime: current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : kubeTime((this.options.wallClock ?? Date.now)()),
    };
    this.running++;
    this.options.pods
      .patch(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', 'strategic', { status: { conditions: [condition] } }, { subresource: 'status' })
      .then(
        () => this.patches++,
        (err: unknown) => {
          if (this.written.get(key) === signature) this.written.delete(key);
          this.options.log.debug({ err, pod: key }, 'setting the PodScheduled condition failed');
        },
      )
      .finally(() => {
        this.running--;
        if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
  }
}
