// A pod's status computed from what the runtime says (pure: the pod worker gathers the facts,
// this turns them into a PodStatus): container statuses (state, lastState, restartCount, ready,
// started, image, imageID, containerID), the phase by the kubelet's rules (getPhase), the
// conditions (PodReadyToStartContainers, Initialized, ContainersReady, Ready, PodScheduled) with
// lastTransitionTime kept while a condition's status does not change, podIP(s), hostIP(s),
// startTime and qosClass.
import type { ContainerStatus as KubeContainerStatus, ContainerState as KubeContainerState, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { podQOSClass } from '../api/kinds/pod-qos.ts';
import type { ContainerStatus } from './runtime-service.ts';
import { kubeTime } from '../api/kube-time.ts';

export const containerIdPrefix = 'minato://';

/** What the worker knows of one container of the spec. */
export interface ContainerFacts {
  /** The newest runtime container of this name in the current sandbox, if any. */
  latest?: ContainerStatus;
  /** The one before it (lastState), if any. */
  previous?: ContainerStatus;
  /** Why it is not running (ErrImagePull, CrashLoopBackOff, CreateContainerConfigError…), overriding the runtime's view. */
  waiting?: { reason: string; message?: string };
  /** The readiness probe's verdict (absent: no probe, ready once running). */
  ready?: boolean;
  /** The startup probe has succeeded (absent: no probe). */
  started?: boolean;
}

export interface StatusFacts {
  pod: Pod;
  /** The sandbox is READY with its network set up. */
  sandboxReady: boolean;
  podIPs: string[];
  hostIP: string;
  init: Map<string, ContainerFacts>;
  containers: Map<string, ContainerFacts>;
  /** An init container failed and the pod will not retry (restartPolicy Never). */
  initFailed?: boolean;
  now: Date;
}

function terminatedOf(status: ContainerStatus): KubeContainerState {
  return {
    terminated: {
      exitCode: status.exitCode ?? 0,
      reason: status.reason ?? (status.exitCode === 0 ? 'Completed' : 'Error'),
      ...(status.message ? { message: status.message } : {}),
      ...(status.startedAt ? { startedAt: secondsOf(status.startedAt) } : {}),
      ...(status.finishedAt ? { finishedAt: secondsOf(status.finishedAt) } : {}),
      containerID: containerIdPrefix + status.id,
    },
  };
}

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
function secondsOf(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : kubeTime(date);
}

/** One container's status. `defaultWaiting`: the reason while it has never run (ContainerCreating, PodInitializing). */
export function containerStatusOf(name: string, image: string, facts: ContainerFacts, defaultWaiting: string): KubeContainerStatus {
  const latest = facts.latest;
  let state: KubeContainerState;
  let lastState: KubeContainerState = {};
  if (latest?.state === 'EXITED' && !facts.waiting) {
    state = terminatedOf(latest);
    if (facts.previous?.state === 'EXITED') lastState = terminatedOf(facts.previous);
  } else if (latest?.state === 'EXITED') {
    state = { waiting: { reason: facts.waiting!.reason, ...(facts.waiting!.message ? { message: facts.waiting!.message } : {}) } };
    lastState = terminatedOf(latest);
  } else if (latest?.state === 'RUNNING') {
    state = { running: { ...(latest.startedAt ? { startedAt: secondsOf(latest.startedAt) } : {}) } };
    if (facts.previous?.state === 'EXITED') lastState = terminatedOf(facts.previous);
  } else {
    const waiting = facts.waiting ?? { reason: defaultWaiting };
    state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
    if (facts.previous?.state === 'EXITED') lastState = terminatedOf(facts.previous);
  }
  const running = latest?.state === 'RUNNING';
  const started = running && facts.started !== false;
  const status: KubeContainerStatus = {
    name,
    state,
    lastState,
    ready: started && facts.ready !== false,
    restartCount: latest?.metadata.attempt ?? 0,
    image,
    imageID: latest?.imageRef ?? '',
    started,
  };
  if (latest) status.containerID = containerIdPrefix + latest.id;
  return status;
}

/** Counts of container states, as the kubelet's getPhase counts them. */
function countStates(statuses: KubeContainerStatus[]) {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const status of statuses) {
    if (status.state?.running) running++;
    else if (status.state?.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.lastState?.terminated) stopped++;
    else waiting++;
  }
  return { waiting, running, stopped, succeeded };
}

/** The pod phase from its container statuses (kubelet getPhase). */
export function podPhase(restartPolicy: string | undefined, initStatuses: KubeContainerStatus[], statuses: KubeContainerStatus[], initFailed: boolean): PodStatus['phase'] {
  const policy = restartPolicy ?? 'Always';
  if (initFailed) return 'Failed';
  const initPending = initStatuses.some((status) => !(status.state?.terminated && status.state.terminated.exitCode === 0));
  if (initPending) return 'Pending';
  const counts = countStates(statuses);
  if (counts.waiting > 0) return 'Pending';
  if (counts.running > 0) return 'Running';
  if (counts.stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (counts.stopped === counts.succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(type: string, ok: boolean, previous: PodCondition[] | undefined, now: Date, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const before = previous?.find((c) => c.type === type);
  const lastTransitionTime = before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : kubeTime(now);
  return { type, status, lastTransitionTime, ...(!ok && reason ? { reason } : {}), ...(!ok && message ? { message } : {}) };
}

/** The pod's status from the facts. */
export function computePodStatus(facts: StatusFacts): PodStatus {
  const { pod, now } = facts;
  const spec = pod.spec ?? { containers: [] };
  const previous = pod.status;
  const initSpecs = spec.initContainers ?? [];
  const initStatuses = initSpecs.map((c) => containerStatusOf(c.name, c.image ?? '', facts.init.get(c.name) ?? {}, 'PodInitializing'));
  const initDone = initStatuses.every((status) => status.state?.terminated?.exitCode === 0);
  const statuses = spec.containers.map((c) => containerStatusOf(c.name, c.image ?? '', facts.containers.get(c.name) ?? {}, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = podPhase(spec.restartPolicy, initStatuses, statuses, facts.initFailed ?? false);

  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = statuses.filter((status) => !status.ready).map((status) => status.name);
  const incomplete = initStatuses.filter((status) => status.state?.terminated?.exitCode !== 0).map((status) => status.name);
  const containersReady = unready.length === 0 && !terminal;
  const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', facts.sandboxReady, previous?.conditions, now),
    condition('Initialized', initDone || (terminal && incomplete.length === 0), previous?.conditions, now, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
    condition('Ready', containersReady, previous?.conditions, now, notReadyReason, notReadyMessage),
    condition('ContainersReady', containersReady, previous?.conditions, now, notReadyReason, notReadyMessage),
  ];
  const scheduled = previous?.conditions?.find((c) => c.type === 'PodScheduled');
  conditions.push(scheduled ?? condition('PodScheduled', true, undefined, now));

  const status: PodStatus = {
    phase,
    conditions,
    hostIP: facts.hostIP,
    hostIPs: [{ ip: facts.hostIP }],
    startTime: previous?.startTime ?? kubeTime(now),
    qosClass: previous?.qosClass ?? podQOSClass(spec),
    containerStatuses: statuses,
  };
  const podIPs = facts.podIPs.length > 0 ? facts.podIPs : (previous?.podIPs ?? []).map((entry) => entry.ip);
  if (podIPs.length > 0) {
    status.podIP = podIPs[0];
    status.podIPs = podIPs.map((ip) => ({ ip }));
  }
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  return status;
}

/** Whether two statuses differ in anything worth posting (key order aside). */
export function statusChanged(before: PodStatus | undefined, after: PodStatus): boolean {
  return stableJson(before ?? {}) !== stableJson(after);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null && !isEmptyObject(x));
      return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
