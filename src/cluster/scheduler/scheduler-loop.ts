// The scheduler as a running component (kube-scheduler's scheduleOne loop), talking to the API
// server only through cluster/client:
//
//   - informers on pods (all namespaces), nodes and namespaces keep a Snapshot current: bound
//     pods in, finished and deleted pods out, nodes upserted and removed, namespace labels;
//   - pending pods (no spec.nodeName, spec.schedulerName ours or unset, not being deleted, not
//     finished, no schedulingGates) go to the SchedulingQueue (priority, then age; back-off;
//     unschedulable set);
//   - one loop pops a pod, runs the algorithm (Scheduler.schedule), assume()s the chosen node in
//     the snapshot at once — the next decision sees it — and hands the binding to the Binder,
//     which POSTs pods/NAME/binding, several in flight, while the loop goes on. A failed binding
//     forgets the assumption and backs the pod off; a successful one is confirmed by the
//     informer's update (the bound pod replaces the assumed one in the snapshot) and recorded
//     as a Normal Scheduled event ("Successfully assigned NS/NAME to NODE", action Binding);
//   - a pod no node fits waits in the unschedulable set, with PodScheduled=False/Unschedulable
//     and a FailedScheduling event (FailureReporter), until a cluster change that could help:
//     a node added or changed (labels, taints, allocatable, unschedulable, conditions), a bound
//     pod deleted or finished (room freed), a bound pod added or relabelled (pod affinity and
//     spreading only), a namespace relabelled (pod affinity).
//
// The loop runs synchronously between awaits; it yields to the event loop every few
// milliseconds so that watch events and binding replies are handled meanwhile.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../util/log.ts';
import type { Clock } from '../client/clock.ts';
import { InformerFactory } from '../client/informer-factory.ts';
import { ResourceClient } from '../client/resource-client.ts';
import { resources } from '../client/resources.ts';
import type { RestClient } from '../client/rest-client.ts';
import { Binder, type BindOutcome } from './binder.ts';
import { type EventCounts, EventRecorder, referenceTo } from '../client/event-recorder.ts';
import { FailureReporter } from './failure-reporter.ts';
import { Scheduler } from './schedule.ts';
import { podKeyOf, type QueueCounts, type QueuedPod, SchedulingQueue, type SchedulingQueueOptions } from './scheduling-queue.ts';
import { Snapshot } from './snapshot.ts';

export const defaultSchedulerName = 'default-scheduler';

export interface SchedulerLoopOptions {
  rest: RestClient;
  log: Logger;
  /** Pods with this spec.schedulerName (or none) are ours; also the events' reporting component. Default default-scheduler. */
  schedulerName?: string;
  /** Bindings in flight at once; default 16. */
  bindConcurrency?: number;
  clock?: Clock;
  /** Back-off and move tuning (tests). */
  queue?: Omit<SchedulingQueueOptions, 'clock'>;
  /** Seed of the algorithm's tie-breaking PRNG. */
  seed?: number;
  /** How often a repeated FailedScheduling event's count is written; default 30 s. */
  eventRepeatIntervalMs?: number;
}

export interface SchedulerStats {
  /** Scheduling attempts that found a node. */
  scheduled: number;
  bound: number;
  bindFailures: number;
  /** Attempts that found no node. */
  unschedulable: number;
  errors: number;
  queue: QueueCounts;
  bindsInFlight: number;
  statusPatches: number;
  events: EventCounts;
}

export interface RunningScheduler {
  /** Resolves once the informers have synced and the loop runs. */
  readonly ready: Promise<void>;
  /** Nothing to do right now: no pod active, backing off or in flight, no write pending (unschedulable pods may wait). */
  idle(): boolean;
  stats(): SchedulerStats;
  /** Stops the loop and the informers; waits for bindings and status writes in flight, and for queued events (a few seconds at most). */
  stop(): Promise<void>;
}

const yieldEveryMs = 5;

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function nodeRelevant(node: Node): string {
  return JSON.stringify([
    node.metadata?.labels ?? {},
    node.spec?.taints ?? [],
    node.spec?.unschedulable ?? false,
    node.status?.allocatable ?? {},
    (node.status?.conditions ?? []).map((condition) => [condition.type, condition.status]),
  ]);
}

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** Plugins a change to bound pods (added, relabelled) can help besides freeing room. */
const podPlacementPlugins = ['InterPodAffinity', 'PodTopologySpread'];

export function startScheduler(options: SchedulerLoopOptions): RunningScheduler {
  const schedulerName = options.schedulerName ?? defaultSchedulerName;
  const log = options.log.child({ component: 'scheduler', schedulerName });
  const podClient = new ResourceClient(options.rest, resources.pods);
  const factory = new InformerFactory(options.rest, { log, ...(options.clock ? { clock: options.clock } : {}) });
  const podInformer = factory.informerFor(resources.pods);
  const nodeInformer = factory.informerFor(resources.nodes);
  const namespaceInformer = factory.informerFor(resources.namespaces);
  const snapshot = new Snapshot();
  const algorithm = new Scheduler({ seed: options.seed });
  const queue = new SchedulingQueue({ ...options.queue, ...(options.clock ? { clock: options.clock } : {}) });
  const binder = new Binder(podClient, options.bindConcurrency ?? 16);
  const recorder = new EventRecorder({
    events: new ResourceClient(options.rest, resources.events),
    component: schedulerName,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.eventRepeatIntervalMs !== undefined ? { repeatIntervalMs: options.eventRepeatIntervalMs } : {}),
  });
  const reporter = new FailureReporter({ pods: podClient, recorder, log });
  /** Pods assumed in the snapshot whose binding the informer has not confirmed yet. */
  const assumed = new Map<string, Pod>();
  const counters = { scheduled: 0, bound: 0, bindFailures: 0, unschedulable: 0, errors: 0 };
  const abort = new AbortController();

  const ours = (pod: Pod) => (pod.spec?.schedulerName || defaultSchedulerName) === schedulerName;
  /** Ours to place now: unbound, ours, not being deleted or finished, no scheduling gates left (the SchedulingGates PreEnqueue plugin). */
  const pending = (pod: Pod) => !pod.spec?.nodeName && ours(pod) && !pod.metadata?.deletionTimestamp && !isTerminal(pod) && !pod.spec?.schedulingGates?.length;

  // --- Informer events -----------------------------------------------------------------------------

  const onPod = (old: Pod | undefined, pod: Pod, initial: boolean) => {
    const key = podKeyOf(pod);
    if (pod.spec?.nodeName) {
      queue.delete(key);
      reporter.forget(key);
      assumed.delete(key);
      snapshot.updatePod(pod); // replaces an assumed pod; leaves a finished one out
      if (old?.spec?.nodeName) {
        if (isTerminal(pod) && !isTerminal(old)) queue.moveAllToActiveOrBackoff();
        else if (!sameLabels(old.metadata?.labels, pod.metadata?.labels)) queue.moveAllToActiveOrBackoff(podPlacementPlugins);
      } else if (!initial) queue.moveAllToActiveOrBackoff(podPlacementPlugins);
      return;
    }
    if (pending(pod)) queue.add(pod);
    else {
      queue.delete(key);
      reporter.forget(key);
    }
  };

  podInformer.addEventHandler({
    onAdd: (pod, initial) => onPod(undefined, pod, initial),
    onUpdate: (old, pod) => onPod(old, pod, false),
    onDelete: (pod) => {
      const key = podKeyOf(pod);
      queue.delete(key);
      reporter.forget(key);
      const wasAssumed = assumed.delete(key);
      if (snapshot.removePod(pod) && !wasAssumed) queue.moveAllToActiveOrBackoff();
    },
  });

  nodeInformer.addEventHandler({
    onAdd: (node, initial) => {
      snapshot.upsertNode(node);
      if (!initial) queue.moveAllToActiveOrBackoff();
    },
    onUpdate: (old, node) => {
      snapshot.upsertNode(node);
      if (nodeRelevant(old) !== nodeRelevant(node)) queue.moveAllToActiveOrBackoff();
    },
    onDelete: (node) => {
      if (node.metadata?.name) snapshot.removeNode(node.metadata.name);
    },
  });

  namespaceInformer.addEventHandler({
    onAdd: (namespace: Namespace) => snapshot.setNamespace(namespace),
    onUpdate: (old: Namespace, namespace: Namespace) => {
      snapshot.setNamespace(namespace);
      if (!sameLabels(old.metadata?.labels, namespace.metadata?.labels)) queue.moveAllToActiveOrBackoff(['InterPodAffinity']);
    },
  });

  // --- One pod -----------------------------------------------------------------------------------

  const bindDone = (item: QueuedPod, pod: Pod, node: string, started: number, outcome: BindOutcome) => {
    const key = item.key;
    if (outcome.result === 'bound') {
      counters.bound++;
      queue.done(key);
      reporter.forget(key);
      recorder.record(referenceTo(resources.pods, pod), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''} to ${node}`);
      log.debug({ pod: key, node, bindMs: Math.round(performance.now() - started) }, 'bound pod to node');
      return;
    }
    counters.bindFailures++;
    if (assumed.get(key) === pod) {
      assumed.delete(key);
      snapshot.forget(pod);
    }
    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    if (outcome.result === 'failed') {
      log.warn({ pod: key, node, err: outcome.error }, 'binding failed; backing off');
      reporter.report(pod, 'SchedulerError', `binding rejected: ${message}`);
    } else {
      log.info({ pod: key, node, reason: message }, 'binding refused (pod deleted or bound meanwhile)');
    }
    // A pod deleted or bound meanwhile leaves the queue when the informer says so.
    queue.requeueBackoff(key);
  };

  const scheduleOne = (item: QueuedPod) => {
    const pod = item.pod;
    const key = item.key;
    if (!pending(pod)) {
      queue.done(key);
      return;
    }
    let result;
    try {
      result = algorithm.schedule(pod, snapshot);
    } catch (err) {
      counters.errors++;
      log.error({ err, pod: key }, 'the scheduling algorithm failed');
      reporter.report(pod, 'SchedulerError', err instanceof Error ? err.message : String(err));
      queue.requeueBackoff(key);
      return;
    }
    if (result.unschedulable) {
      counters.unschedulable++;
      log.info({ pod: key, attempts: item.attempts, message: result.message }, 'unable to schedule pod; waiting');
      queue.requeueUnschedulable(key, result.unschedulablePlugins);
      reporter.report(pod, 'Unschedulable', result.message);
      return;
    }
    try {
      snapshot.assume(pod, result.node);
    } catch (err) {
      counters.errors++;
      log.warn({ err, pod: key, node: result.node }, 'could not assume the pod on its node; backing off');
      queue.requeueBackoff(key);
      return;
    }
    counters.scheduled++;
    assumed.set(key, pod);
    const started = performance.now();
    binder.bind(pod, result.node, (outcome) => bindDone(item, pod, result.node, started, outcome));
  };

  // --- The loop ------------------------------------------------------------------------------------

  let resolveReady!: () => void;
  let rejectReady!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  const loop = async () => {
    factory.startAll();
    try {
      await factory.waitForSync(abort.signal);
    } catch (err) {
      rejectReady(err);
      return;
    }
    log.info({ nodes: snapshot.size, pending: queue.counts().active, bindConcurrency: options.bindConcurrency ?? 16 }, 'scheduler started');
    resolveReady();
    let lastYield = performance.now();
    for (;;) {
      const item = await queue.pop();
      if (!item) break;
      scheduleOne(item);
      await binder.slot();
      if (performance.now() - lastYield >= yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
  };
  const running = loop().catch((err: unknown) => log.error({ err }, 'the scheduling loop failed'));

  const stats = (): SchedulerStats => ({
    ...counters,
    queue: queue.counts(),
    bindsInFlight: binder.inFlight,
    statusPatches: reporter.patches,
    events: { ...recorder.counts },
  });

  let stopping: Promise<void> | undefined;
  return {
    ready,
    stats,
    idle() {
      const counts = queue.counts();
      return counts.active === 0 && counts.backoff === 0 && counts.inFlight === 0 && binder.inFlight === 0 && reporter.idle && recorder.idle;
    },
    stop() {
      stopping ??= (async () => {
        abort.abort(new Error('the scheduler is stopping'));
        queue.close();
        await running;
        await binder.drained();
        await reporter.drained();
        await recorder.close();
        await factory.stopAll();
        log.info(stats(), 'scheduler stopped');
      })();
      return stopping;
    },
  };
}
