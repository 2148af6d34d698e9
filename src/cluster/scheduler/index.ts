// Minato's scheduling algorithm: pure functions over a Snapshot, no I/O. The scheduling loop
// (queue, binder, events) builds a Snapshot from its informers, calls schedulePod (or a
// Scheduler of its own) per pending pod, assume()s the chosen node, and binds.
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
