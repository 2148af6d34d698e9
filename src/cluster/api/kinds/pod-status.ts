// The READY, STATUS and RESTARTS cells of `kubectl get pods`, computed as Kubernetes' pod
// printer does: the phase, overridden by the pod's reason, by init-container progress
// ("Init:0/2", "Init:CrashLoopBackOff"), by the last container's waiting or terminated reason
// ("ContainerCreating", "CrashLoopBackOff", "Completed", "Error"), "NotReady" when some
// container finished while others still run, and "Terminating" once deletion started.
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { since } from './human-duration.ts';

export interface PodStatusCells {
  ready: string;
  status: string;
  restarts: string;
}

/** Sidecars: init containers with restartPolicy Always run beside the main containers. */
function isRestartableInit(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((condition) => condition.type === type && condition.status === 'True');
}

function isInitializedTrue(pod: Pod): boolean {
  const condition = (pod.status?.conditions ?? []).find((c) => c.type === 'Initialized');
  return condition?.status === 'True';
}

function laterOf(current: string | undefined, candidate: string | undefined): string | undefined {
  if (!candidate) return current;
  if (!current) return candidate;
  return Date.parse(candidate) > Date.parse(current) ? candidate : current;
}

function terminatedReason(state: NonNullable<ContainerStatus['state']>['terminated'], prefix: string): string {
  if (!state) return '';
  if (state.reason) return `${prefix}${state.reason}`;
  return state.signal ? `${prefix}Signal:${state.signal}` : `${prefix}ExitCode:${state.exitCode ?? 0}`;
}

export function podStatusCells(pod: Pod, now: Date): PodStatusCells {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;

  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const container of spec.initContainers ?? []) {
    initContainers.set(container.name, container);
    if (isRestartableInit(container)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let index = 0; index < initStatuses.length; index++) {
    const container = initStatuses[index]!;
    const state = container.state ?? {};
    restarts += container.restartCount ?? 0;
    lastRestart = laterOf(lastRestart, container.lastState?.terminated?.finishedAt);
    const restartable = isRestartableInit(initContainers.get(container.name));
    if (restartable) {
      restartableInitRestarts += container.restartCount ?? 0;
      lastRestartableInitRestart = laterOf(lastRestartableInitRestart, container.lastState?.terminated?.finishedAt);
    }
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (state.terminated) {
      reason = terminatedReason(state.terminated, 'Init:');
    } else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`;
    } else {
      reason = `Init:${index}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isInitializedTrue(pod)) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // The printer walks the containers from the last one, so the first container's state wins.
    for (let index = statuses.length - 1; index >= 0; index--) {
      const container = statuses[index]!;
      const state = container.state ?? {};
      restarts += container.restartCount ?? 0;
      lastRestart = laterOf(lastRestart, container.lastState?.terminated?.finishedAt);
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedReason(state.terminated, '');
      else if (container.ready && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const restartsCell = restarts !== 0 && lastRestart ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsCell };
}
