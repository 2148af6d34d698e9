// One pod's worker (the kubelet's pod worker + syncPod): every sync compares the pod's spec with
// what the runtime has and closes the gap — a sandbox (replaced when it died), the pod's
// volumes, init containers one after another to completion, then the containers; exited
// containers restarted per restartPolicy with the CrashLoopBackOff back-off; images pulled per
// imagePullPolicy (ErrImagePull, then ImagePullBackOff); liveness / startup failures restart a
// container — and then posts the pod's status when it changed. A pod with a deletionTimestamp is
// stopped (preStop hooks, SIGTERM, SIGKILL at the grace period), its sandbox and volumes
// removed, and its object deleted for good (gracePeriodSeconds 0). Syncs of one pod never
// overlap; the manager runs every pod's worker in parallel.
//
// The worker keeps nothing that matters in memory: the runtime's labels say which sandbox and
// containers are the pod's, so a restarted agent's worker picks up running pods as they are.
import { promises as fsp } from 'node:fs';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../client/clock.ts';
import { isConflict, isNotFound, type ResourceClient } from '../client/index.ts';
import type { Logger } from '../../util/log.ts';
import type { CrashBackoff } from './crash-backoff.ts';
import { runAction } from './handler-action.ts';
import { effectivePullPolicy, pullDecision } from './image-policy.ts';
import { type ConfigSources, ContainerConfigError, expandCommand, type PodFacts, resolveEnv } from './pod-env.ts';
import type { EventSink } from './pod-events.ts';
import { logDirectory, resourcesOf, sandboxConfigOf, securityContextOf } from './pod-sandbox-config.ts';
import { computePodStatus, type ContainerFacts, statusChanged } from './pod-status.ts';
import { containerMounts, prepareVolumes, type PreparedVolume, teardownVolumes } from './pod-volumes.ts';
import { PodProbes } from './probes.ts';
import type { ContainerStatus, PodSandbox, PodSandboxConfig, RuntimeService } from './runtime-service.ts';

export interface PodWorkerDeps {
  runtime: RuntimeService;
  pods: ResourceClient<Pod>;
  sources: ConfigSources;
  event: EventSink;
  nodeName: string;
  dataDir: string;
  hostIP: string;
  nodeCpuMillis: number;
  nodeMemoryBytes: number;
  restartBackoff: CrashBackoff;
  pullBackoff: CrashBackoff;
  clock: Clock;
  log: Logger;
  /** How often a pod is synced with nothing happening; default 10 s. */
  resyncMs?: number;
}

/** Why a container cannot start yet: shown as its waiting reason. */
class WaitingError extends Error {
  readonly reason: string;
  readonly retryMs: number | undefined;
  constructor(reason: string, message: string, retryMs?: number) {
    super(message);
    this.reason = reason;
    this.retryMs = retryMs;
  }
}

interface View {
  sandbox?: PodSandbox;
  sandboxConfig?: PodSandboxConfig;
  podIPs: string[];
  /** Runtime containers of the current sandbox by name, newest attempt first. */
  byName: Map<string, ContainerStatus[]>;
}

export class PodWorker {
  readonly uid: string;
  private pod: Pod;
  private readonly deps: PodWorkerDeps;
  private readonly onFinished: () => void;
  private readonly waiting = new Map<string, { reason: string; message?: string }>();
  private readonly probes: PodProbes;
  private volumes: Map<string, PreparedVolume> | undefined;
  private volumesSandbox = '';
  private removed = false;
  private terminal = false;
  private finished = false;
  private stopped = false;
  private running = false;
  private dirty = false;
  private timer: unknown;
  private timerAt = Infinity;

  constructor(pod: Pod, deps: PodWorkerDeps, onFinished: () => void) {
    this.uid = pod.metadata!.uid!;
    this.pod = pod;
    this.deps = deps;
    this.onFinished = onFinished;
    this.probes = new PodProbes({
      runtime: deps.runtime,
      clock: deps.clock,
      log: deps.log,
      onChange: () => this.trigger(),
      onResult: (container, kind, ok, message) => {
        if (!ok) this.deps.event(this.pod, 'Warning', 'Unhealthy', `${kind[0]!.toUpperCase()}${kind.slice(1)} probe failed: ${message}`, `spec.containers{${container}}`);
      },
    });
  }

  get key(): string {
    return `${this.pod.metadata?.namespace}/${this.pod.metadata?.name}`;
  }

  /** The pod's newest state from the API. */
  update(pod: Pod): void {
    this.pod = pod;
    this.trigger();
  }

  /** The pod is gone from the API (or from this node): tear it down without deleting anything in the API. */
  remove(): void {
    this.removed = true;
    this.trigger();
  }

  /** The agent stops: timers and probes end; containers keep running. */
  stop(): void {
    this.stopped = true;
    this.probes.stop();
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
  }

  trigger(): void {
    if (this.stopped || this.finished) return;
    this.dirty = true;
    if (!this.running) void this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    while (this.dirty && !this.stopped && !this.finished) {
      this.dirty = false;
      try {
        await this.sync();
      } catch (err) {
        this.deps.log.warn({ err, pod: this.key }, 'pod sync failed');
        this.requeueAfter(2_000);
      }
    }
    this.running = false;
    if (this.finished) this.onFinished();
  }

  private requeueAfter(ms: number): void {
    if (this.stopped || this.finished) return;
    const at = this.deps.clock.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.trigger();
    }, ms);
  }

  // ---- the sync -------------------------------------------------------------------------------

  private async sync(): Promise<void> {
    const pod = this.pod;
    if (this.removed) {
      await this.teardown(pod, false);
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      await this.teardown(pod, true);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || this.terminal) {
      // Terminal: nothing restarts; what still runs is stopped and the sandbox gives up its IP.
      this.probes.stop();
      await this.stopSandboxes(0);
      return;
    }
    this.requeueAfter(this.deps.resyncMs ?? 10_000);
    let view = await this.observe();
    if (!view.sandbox) {
      const created = await this.createSandbox();
      if (!created) {
        await this.postStatus(view);
        return;
      }
      view = await this.observe();
    }
    if (this.volumesSandbox !== view.sandbox!.id || !this.volumes) {
      try {
        this.volumes = await prepareVolumes(this.deps.dataDir, pod, this.deps.sources, this.facts(view));
        this.volumesSandbox = view.sandbox!.id;
      } catch (err) {
        this.volumes = undefined;
        const message = `MountVolume.SetUp failed: ${(err as Error).message}`;
        this.deps.event(pod, 'Warning', 'FailedMount', message);
        for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) this.waiting.set(c.name, { reason: 'ContainerCreating', message });
        this.requeueAfter(5_000);
        await this.postStatus(view);
        return;
      }
    }
    const acted = await this.act(view);
    if (acted) view = await this.observe();
    this.followProbes(view);
    const { terminalPhase } = await this.postStatus(view);
    if (terminalPhase) {
      this.terminal = true;
      this.probes.stop();
      await this.stopSandboxes(0);
    }
  }

  /** The pod's sandbox (the newest READY one) and its containers, from the runtime. */
  private async observe(): Promise<View> {
    const { runtime } = this.deps;
    const sandboxes = (await runtime.listPodSandbox()).filter((s) => s.metadata.uid === this.uid).sort((a, b) => b.metadata.attempt - a.metadata.attempt);
    const sandbox = sandboxes.find((s) => s.state === 'READY');
    const view: View = { podIPs: [], byName: new Map() };
    if (!sandbox) return view;
    view.sandbox = sandbox;
    const status = await runtime.podSandboxStatus(sandbox.id);
    view.podIPs = [status.network.ip, ...status.network.additionalIps].filter(Boolean);
    if (status.hostNetwork) view.podIPs = [this.deps.hostIP];
    const containers = await runtime.listContainers({ podSandboxId: sandbox.id });
    const grouped = new Map<string, typeof containers>();
    for (const container of containers) grouped.set(container.metadata.name, [...(grouped.get(container.metadata.name) ?? []), container]);
    for (const [name, list] of grouped) {
      list.sort((a, b) => b.metadata.attempt - a.metadata.attempt);
      const statuses: ContainerStatus[] = [];
      for (const container of list.slice(0, 2)) {
        const containerStatus = await runtime.containerStatus(container.id).catch(() => undefined);
        if (containerStatus) statuses.push(containerStatus);
      }
      view.byName.set(name, statuses);
    }
    return view;
  }

  private facts(view: View): PodFacts {
    return { podIPs: view.podIPs, hostIP: this.deps.hostIP, nodeCpuMillis: this.deps.nodeCpuMillis, nodeMemoryBytes: this.deps.nodeMemoryBytes };
  }

  private async createSandbox(): Promise<boolean> {
    const { runtime } = this.deps;
    const pod = this.pod;
    const previous = (await runtime.listPodSandbox()).filter((s) => s.metadata.uid === this.uid);
    const attempt = previous.length === 0 ? 0 : Math.max(...previous.map((s) => s.metadata.attempt)) + 1;
    // A dead sandbox's containers are not restarted in it: it goes, a new one comes.
    for (const old of previous) await runtime.removePodSandbox(old.id).catch(() => undefined);
    const config = sandboxConfigOf(pod, attempt, this.deps.dataDir);
    try {
      await fsp.mkdir(config.logDirectory!, { recursive: true });
      await runtime.runPodSandbox(config);
      if (attempt > 0) this.deps.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      return true;
    } catch (err) {
      const message = `Failed to create pod sandbox: ${(err as Error).message}`;
      this.deps.log.warn({ err, pod: this.key }, 'creating the pod sandbox failed');
      this.deps.event(pod, 'Warning', 'FailedCreatePodSandBox', message);
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) this.waiting.set(c.name, { reason: 'ContainerCreating', message });
      this.requeueAfter(5_000);
      return false;
    }
  }

  /** Starts, restarts or kills containers as the spec wants; returns whether anything was done. */
  private async act(view: View): Promise<boolean> {
    const spec = this.pod.spec!;
    const restartPolicy = spec.restartPolicy ?? 'Always';
    let acted = false;
    for (const container of spec.initContainers ?? []) {
      const [latest] = view.byName.get(container.name) ?? [];
      if (latest?.state === 'EXITED' && latest.exitCode === 0) continue;
      if (!latest) acted = (await this.startContainer(view, container, 0)) || acted;
      else if (latest.state === 'EXITED') {
        if (restartPolicy !== 'Never') acted = (await this.restartAfterBackoff(view, container, latest)) || acted;
      } else if (latest.state !== 'RUNNING') acted = (await this.replaceStuck(view, container, latest)) || acted;
      return acted; // the init containers run one at a time, to completion
    }
    for (const container of spec.containers) {
      const [latest] = view.byName.get(container.name) ?? [];
      if (!latest) {
        acted = (await this.startContainer(view, container, 0)) || acted;
      } else if (latest.state === 'RUNNING') {
        const probe = this.probes.state(container.name, latest.id);
        if (probe.failed) {
          const what = probe.failed === 'liveness' ? 'liveness' : 'startup';
          this.deps.event(this.pod, 'Normal', 'Killing', `Container ${container.name} failed ${what} probe, will be restarted`, `spec.containers{${container.name}}`);
          await this.stopContainer(container, latest.id, this.gracePeriod());
          acted = true;
        }
      } else if (latest.state === 'EXITED') {
        const restart = restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && latest.exitCode !== 0);
        if (restart) acted = (await this.restartAfterBackoff(view, container, latest)) || acted;
      } else {
        acted = (await this.replaceStuck(view, container, latest)) || acted;
      }
    }
    return acted;
  }

  /** A container left CREATED (its start failed before it ran): removed and replaced by the next attempt. */
  private async replaceStuck(view: View, container: Container, latest: ContainerStatus): Promise<boolean> {
    await this.deps.runtime.removeContainer(latest.id).catch(() => undefined);
    return this.startContainer(view, container, latest.metadata.attempt + 1);
  }

  private backoffKey(container: Container): string {
    return `${this.uid}/${container.name}`;
  }

  private async restartAfterBackoff(view: View, container: Container, latest: ContainerStatus): Promise<boolean> {
    const { restartBackoff } = this.deps;
    const key = this.backoffKey(container);
    const exitedAt = latest.finishedAt ? Date.parse(latest.finishedAt) : Date.now();
    const wait = restartBackoff.remaining(key, exitedAt, Date.now());
    if (wait > 0) {
      const delay = Math.round(restartBackoff.delayOf(key) / 1000);
      const message = `back-off ${delay < 60 ? `${delay}s` : `${Math.floor(delay / 60)}m${delay % 60 ? `${delay % 60}s` : '0s'}`} restarting failed container=${container.name} pod=${this.pod.metadata?.name}_${this.pod.metadata?.namespace}(${this.uid})`;
      if (this.waiting.get(container.name)?.reason !== 'CrashLoopBackOff') this.deps.event(this.pod, 'Warning', 'BackOff', 'Back-off restarting failed container', `spec.containers{${container.name}}`);
      this.waiting.set(container.name, { reason: 'CrashLoopBackOff', message });
      this.requeueAfter(wait);
      return false;
    }
    restartBackoff.next(key, exitedAt);
    return this.startContainer(view, container, latest.metadata.attempt + 1);
  }

  private gracePeriod(): number {
    return this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
  }

  /** Pulls (per policy), configures and starts one container; a failure becomes its waiting reason. */
  private async startContainer(view: View, container: Container, attempt: number): Promise<boolean> {
    const { runtime } = this.deps;
    const pod = this.pod;
    const fieldPath = `spec.${(pod.spec?.initContainers ?? []).includes(container) ? 'initContainers' : 'containers'}{${container.name}}`;
    try {
      await this.ensureImage(container, fieldPath);
      const env = await resolveEnv(pod, container, this.deps.sources, this.facts(view));
      const { command, args } = expandCommand(container, env);
      const mounts = await containerMounts(container, this.volumes ?? new Map());
      let id: string;
      try {
        id = await runtime.createContainer(
          view.sandbox!.id,
          {
            name: container.name,
            attempt,
            image: container.image ?? '',
            ...(command ? { command } : {}),
            ...(args ? { args } : {}),
            ...(container.workingDir ? { workingDir: container.workingDir } : {}),
            env,
            mounts,
            resources: resourcesOf(container),
            securityContext: securityContextOf(pod, container),
            tty: container.tty ?? false,
            stdin: container.stdin ?? false,
            stdinOnce: container.stdinOnce ?? false,
            labels: { 'io.kubernetes.container.name': container.name },
            logPath: `${container.name}/${attempt}.log`,
          },
          sandboxConfigOf(pod, view.sandbox!.metadata.attempt, this.deps.dataDir),
        );
      } catch (err) {
        throw new WaitingError('CreateContainerError', (err as Error).message, 10_000);
      }
      this.deps.event(pod, 'Normal', 'Created', `Created container ${container.name}`, fieldPath);
      try {
        await runtime.startContainer(id);
      } catch (err) {
        this.deps.event(pod, 'Warning', 'Failed', `Error: ${(err as Error).message}`, fieldPath);
        this.waiting.delete(container.name);
        return true; // it is EXITED (StartError) now: the restart policy and back-off take it from here
      }
      this.deps.event(pod, 'Normal', 'Started', `Started container ${container.name}`, fieldPath);
      this.waiting.delete(container.name);
      await this.garbageCollect(view, container.name, attempt);
      if (container.lifecycle?.postStart) {
        const podIP = view.podIPs[0] ?? '';
        const result = await runAction(container.lifecycle.postStart, { runtime, containerId: id, container, podIP }, 30).catch((err: unknown) => ({ ok: false, message: (err as Error).message }));
        if (!result.ok) {
          this.deps.event(pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${result.message}`, fieldPath);
          await runtime.stopContainer(id, this.gracePeriod()).catch(() => undefined);
        }
      }
      return true;
    } catch (err) {
      if (err instanceof WaitingError) {
        this.waiting.set(container.name, { reason: err.reason, message: err.message });
        if (err.retryMs !== undefined) this.requeueAfter(err.retryMs);
      } else if (err instanceof ContainerConfigError) {
        this.waiting.set(container.name, { reason: 'CreateContainerConfigError', message: err.message });
        this.deps.event(pod, 'Warning', 'Failed', `Error: ${err.message}`, fieldPath);
        this.requeueAfter(5_000);
      } else {
        throw err;
      }
      return false;
    }
  }

  /** Old attempts of a container go; the newest exited one stays for `logs --previous`. */
  private async garbageCollect(view: View, name: string, attempt: number): Promise<void> {
    const containers = await this.deps.runtime.listContainers({ podSandboxId: view.sandbox!.id });
    for (const container of containers) {
      if (container.metadata.name === name && container.metadata.attempt < attempt - 1) await this.deps.runtime.removeContainer(container.id).catch(() => undefined);
    }
  }

  private async ensureImage(container: Container, fieldPath: string): Promise<void> {
    const { runtime, pullBackoff } = this.deps;
    const image = container.image ?? '';
    const policy = effectivePullPolicy(image, container.imagePullPolicy);
    const present = await runtime.imageStatus(image);
    const decision = pullDecision(policy, !!present);
    if (decision === 'use-present') return;
    if (decision === 'never-pull-missing') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.deps.event(this.pod, 'Warning', 'ErrImageNeverPull', message, fieldPath);
      throw new WaitingError('ErrImageNeverPull', message, 10_000);
    }
    const key = `image/${image}`;
    const wait = pullBackoff.remaining(key, this.lastPullFailure.get(image) ?? 0, Date.now());
    if (wait > 0) {
      this.deps.event(this.pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, fieldPath);
      throw new WaitingError('ImagePullBackOff', `Back-off pulling image "${image}"`, wait);
    }
    this.deps.event(this.pod, 'Normal', 'Pulling', `Pulling image "${image}"`, fieldPath);
    const started = Date.now();
    try {
      await runtime.pullImage(image);
    } catch (err) {
      const now = Date.now();
      pullBackoff.next(key, now);
      this.lastPullFailure.set(image, now);
      const message = `Failed to pull image "${image}": ${(err as Error).message}`;
      this.deps.event(this.pod, 'Warning', 'Failed', message, fieldPath);
      throw new WaitingError('ErrImagePull', message, pullBackoff.remaining(key, now, now));
    }
    pullBackoff.reset(key);
    this.lastPullFailure.delete(image);
    this.deps.event(this.pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${Date.now() - started}ms`, fieldPath);
  }

  private readonly lastPullFailure = new Map<string, number>();

  private followProbes(view: View): void {
    const running = [];
    for (const container of this.pod.spec?.containers ?? []) {
      const [latest] = view.byName.get(container.name) ?? [];
      if (latest?.state === 'RUNNING' && (container.livenessProbe || container.readinessProbe || container.startupProbe)) {
        running.push({ container, id: latest.id, startedAt: latest.startedAt ? Date.parse(latest.startedAt) : Date.now() });
      }
    }
    this.probes.sync(view.podIPs[0] ?? '', running);
  }

  /** Computes the pod's status and posts it if it changed. */
  private async postStatus(view: View): Promise<{ terminalPhase: boolean }> {
    const spec = this.pod.spec!;
    const factsOf = (container: Container): ContainerFacts => {
      const [latest, previous] = view.byName.get(container.name) ?? [];
      const probe = this.probes.state(container.name, latest?.id);
      const pending = latest?.state === 'RUNNING' && this.probes.pending(container, latest.id);
      return {
        ...(latest ? { latest } : {}),
        ...(previous ? { previous } : {}),
        ...(this.waiting.has(container.name) ? { waiting: this.waiting.get(container.name)! } : {}),
        ...(probe.ready !== undefined ? { ready: probe.ready } : pending && container.readinessProbe ? { ready: false } : {}),
        ...(probe.started !== undefined ? { started: probe.started } : pending && container.startupProbe ? { started: false } : {}),
      };
    };
    const init = new Map((spec.initContainers ?? []).map((c) => [c.name, factsOf(c)]));
    const containers = new Map(spec.containers.map((c) => [c.name, factsOf(c)]));
    const initFailed = (spec.restartPolicy ?? 'Always') === 'Never' && [...init.values()].some((f) => f.latest?.state === 'EXITED' && f.latest.exitCode !== 0);
    const status = computePodStatus({ pod: this.pod, sandboxReady: !!view.sandbox, podIPs: view.podIPs, hostIP: this.deps.hostIP, init, containers, initFailed, now: new Date() });
    const terminalPhase = status.phase === 'Succeeded' || status.phase === 'Failed';
    if (!statusChanged(this.pod.status, status)) return { terminalPhase };
    for (let attempt = 0; ; attempt++) {
      try {
        const updated = await this.deps.pods.updateStatus({ ...this.pod, status });
        if (updated.metadata?.uid === this.uid) this.pod = updated;
        return { terminalPhase };
      } catch (err) {
        if (isNotFound(err)) return { terminalPhase };
        if (!isConflict(err) || attempt >= 3) throw err;
        const fresh = await this.deps.pods.get(this.pod.metadata!.namespace, this.pod.metadata!.name!);
        if (fresh.metadata?.uid !== this.uid) return { terminalPhase };
        this.pod = { ...fresh, spec: fresh.spec };
        if (fresh.metadata?.deletionTimestamp) {
          this.trigger();
          return { terminalPhase };
        }
      }
    }
  }

  // ---- stopping -------------------------------------------------------------------------------

  private async stopContainer(container: Container | undefined, id: string, graceSeconds: number): Promise<void> {
    const { runtime } = this.deps;
    const deadline = Date.now() + graceSeconds * 1000;
    const preStop = container?.lifecycle?.preStop;
    if (preStop && graceSeconds > 0) {
      const target = { runtime, containerId: id, container: container!, podIP: (await this.podIP()) ?? '' };
      const hook = runAction(preStop, target, graceSeconds).catch((err: unknown) => ({ ok: false, message: (err as Error).message }));
      const result = await Promise.race([hook, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), graceSeconds * 1000).unref())]);
      if (result && !result.ok) this.deps.event(this.pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${result.message}`, `spec.containers{${container!.name}}`);
    }
    const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    await runtime.stopContainer(id, remaining);
  }

  private async podIP(): Promise<string | undefined> {
    const sandboxes = (await this.deps.runtime.listPodSandbox()).filter((s) => s.metadata.uid === this.uid && s.state === 'READY');
    if (sandboxes.length === 0) return undefined;
    return (await this.deps.runtime.podSandboxStatus(sandboxes[0]!.id)).network.ip;
  }

  /** Stops every running container of the pod (grace in seconds) and its sandboxes; removes nothing. */
  private async stopSandboxes(graceSeconds: number): Promise<PodSandbox[]> {
    const { runtime } = this.deps;
    const sandboxes = (await runtime.listPodSandbox()).filter((s) => s.metadata.uid === this.uid);
    const specs = new Map([...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])].map((c) => [c.name, c]));
    const running = [];
    for (const sandbox of sandboxes) {
      for (const container of await runtime.listContainers({ podSandboxId: sandbox.id })) {
        if (container.state === 'RUNNING' || container.state === 'CREATED') running.push(container);
      }
    }
    await Promise.all(
      running.map(async (container) => {
        if (graceSeconds > 0) this.deps.event(this.pod, 'Normal', 'Killing', `Stopping container ${container.metadata.name}`, `spec.containers{${container.metadata.name}}`);
        await this.stopContainer(specs.get(container.metadata.name), container.id, graceSeconds).catch((err: unknown) => this.deps.log.warn({ err, pod: this.key }, 'stopping a container failed'));
      }),
    );
    for (const sandbox of sandboxes) if (sandbox.state === 'READY') await runtime.stopPodSandbox(sandbox.id);
    return sandboxes;
  }

  /** Stops and removes everything of the pod; `finalDelete`: then deletes the pod object for good. */
  private async teardown(pod: Pod, finalDelete: boolean): Promise<void> {
    this.probes.stop();
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    const sandboxes = await this.stopSandboxes(finalDelete ? this.gracePeriod() : 0);
    for (const sandbox of sandboxes) await this.deps.runtime.removePodSandbox(sandbox.id);
    await teardownVolumes(this.deps.dataDir, this.uid);
    await fsp.rm(logDirectory(this.deps.dataDir, pod), { recursive: true, force: true });
    this.deps.restartBackoff.forgetPrefix(`${this.uid}/`);
    if (finalDelete) {
      try {
        await this.deps.pods.delete(pod.metadata!.namespace, pod.metadata!.name!, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }
    this.finished = true;
  }
}
