// Minato's scheduler. The algorithm: pure functions over a Snapshot, no I/O. The running
// component, startScheduler (scheduler-loop.ts: queue, binder, failure reports, events), keeps a
// Snapshot current from its informers, runs a Scheduler per pending pod, assume()s the chosen
// node, and binds — through cluster/client only.
export { defaultFilters, defaultScores } from './default-plugins.ts';
export { noNodesAvailableMessage } from './fit-error.ts';
export type { FilterPlugin, Rejection, RejectionCode, ScorePlugin, WeightedScorePlugin } from './framework.ts';
export { NodeInfo } from './node-info.ts';
export { type PodInfo, podInfoOf } from './pod-info.ts';
export {
  numFeasibleNodesToFind,
  type NodeScore,
  type ScheduleOptions,
  type ScheduleResult,
  type Scheduled,
  Scheduler,
  type SchedulerOptions,
  schedulePod,
  type Unschedulable,
} from './schedule.ts';
export { Snapshot, type SnapshotOptions } from './snapshot.ts';
export { type RunningScheduler, defaultSchedulerName, type SchedulerLoopOptions, type SchedulerStats, startScheduler } from './scheduler-loop.ts';
export { type QueueCounts, type QueuedPod, SchedulingQueue, type SchedulingQueueOptions } from './scheduling-queue.ts';
