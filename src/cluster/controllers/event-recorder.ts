// Events a controller reports about the objects it manages (`kubectl describe` and `kubectl get
// events` show them), written by the client's EventRecorder — the same queueing, counting of
// repeats and never-failing writes as the scheduler's and the agent's. Controllers record with
// the legacy signature (object, type, reason, message); the reason doubles as the action.
import type { Logger } from '../../util/log.ts';
import { type ClientObject, EventRecorder, referenceTo, ResourceClient, type ResourceDescriptor, resources, type RestClient } from '../client/index.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventSink {
  event(object: ClientObject, type: EventType, reason: string, message: string): void;
}

export class ControllerEvents implements EventSink {
  private readonly recorder: EventRecorder;
  private readonly descriptor: ResourceDescriptor;

  /** Events of `component` about objects of the kind `descriptor` names. */
  constructor(rest: RestClient, component: string, descriptor: ResourceDescriptor, log: Pick<Logger, 'debug' | 'warn'>) {
    this.recorder = new EventRecorder({ events: new ResourceClient(rest, resources.events), component, log });
    this.descriptor = descriptor;
  }

  event(object: ClientObject, type: EventType, reason: string, message: string): void {
    this.recorder.record(referenceTo(this.descriptor, object), type, reason, reason, message);
  }

  /** Waits for the event writes under way (a few seconds at most). */
  flush(): Promise<void> {
    return this.recorder.close();
  }
}
