// Liveness, readiness and startup probes of one pod's running containers, as the kubelet's
// prober workers run them: each probe of each running container (by container ID: a restarted
// container starts over) is tried first initialDelaySeconds after the container started, then
// every periodSeconds, each try bounded by timeoutSeconds; a result flips only after
// successThreshold successes or failureThreshold failures in a row. Until a startup probe has
// succeeded the others do not run. Readiness starts false (true without a probe); a liveness or
// startup failure marks the container for a restart. Any change calls onChange (the pod worker
// then syncs).
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../client/clock.ts';
import type { Logger } from '../../util/log.ts';
import { runAction } from './handler-action.ts';
import type { RuntimeService } from './runtime-service.ts';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface ProbeState {
  /** undefined: no readiness probe. */
  ready?: boolean;
  /** undefined: no startup probe. */
  started?: boolean;
  /** A liveness or startup probe has failed: restart the container. */
  failed?: ProbeKind;
  failedMessage?: string;
}

export interface RunningContainer {
  container: Container;
  id: string;
  /** ms since the epoch. */
  startedAt: number;
}

export interface PodProbesOptions {
  runtime: RuntimeService;
  clock: Clock;
  log: Logger;
  onChange(): void;
  onResult?(container: string, kind: ProbeKind, ok: boolean, message: string): void;
}

interface ProbeLoop {
  kind: ProbeKind;
  probe: Probe;
  successes: number;
  failures: number;
  timer?: unknown;
}

interface ContainerProbes {
  id: string;
  target: RunningContainer;
  state: ProbeState;
  loops: ProbeLoop[];
}

/** The settings in force, with Kubernetes' defaults. */
export function probeSettings(probe: Probe): { initialDelayMs: number; periodMs: number; timeoutSeconds: number; successThreshold: number; failureThreshold: number } {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: Math.max(1, probe.periodSeconds ?? 10) * 1000,
    timeoutSeconds: Math.max(1, probe.timeoutSeconds ?? 1),
    successThreshold: Math.max(1, probe.successThreshold ?? 1),
    failureThreshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}

export class PodProbes {
  private readonly options: PodProbesOptions;
  private readonly byName = new Map<string, ContainerProbes>();
  private podIP = '';
  private stopped = false;

  constructor(options: PodProbesOptions) {
    this.options = options;
  }

  /** Follows the pod's running containers: new IDs get fresh probes, gone ones lose theirs. */
  sync(podIP: string, running: RunningContainer[]): void {
    if (this.stopped) return;
    this.podIP = podIP;
    const names = new Set(running.map((r) => r.container.name));
    for (const [name, probes] of this.byName) {
      if (!names.has(name) || running.find((r) => r.container.name === name)!.id !== probes.id) this.drop(name);
    }
    for (const target of running) {
      if (this.byName.has(target.container.name)) continue;
      const c = target.container;
      const loops: ProbeLoop[] = [];
      if (c.startupProbe) loops.push({ kind: 'startup', probe: c.startupProbe, successes: 0, failures: 0 });
      if (c.livenessProbe) loops.push({ kind: 'liveness', probe: c.livenessProbe, successes: 0, failures: 0 });
      if (c.readinessProbe) loops.push({ kind: 'readiness', probe: c.readinessProbe, successes: 0, failures: 0 });
      const state: ProbeState = {};
      if (c.readinessProbe) state.ready = false;
      if (c.startupProbe) state.started = false;
      const entry: ContainerProbes = { id: target.id, target, state, loops };
      this.byName.set(c.name, entry);
      for (const loop of loops) {
        const settings = probeSettings(loop.probe);
        const delay = Math.max(0, target.startedAt + settings.initialDelayMs - Date.now());
        this.schedule(entry, loop, delay);
      }
    }
  }

  /** The probe state of the container `name` (its current ID). */
  state(name: string, id: string | undefined): ProbeState {
    const entry = this.byName.get(name);
    if (!entry) {
      return {};
    }
    return entry.id === id ? entry.state : {};
  }

  /** True when the container has a readiness or startup probe whose state is not known yet for `id`. */
  pending(container: Container, id: string): boolean {
    return !!(container.readinessProbe || container.startupProbe) && this.byName.get(container.name)?.id !== id;
  }

  stop(): void {
    this.stopped = true;
    for (const name of [...this.byName.keys()]) this.drop(name);
  }

  private drop(name: string): void {
    const entry = this.byName.get(name);
    if (!entry) return;
    for (const loop of entry.loops) if (loop.timer !== undefined) this.options.clock.clearTimeout(loop.timer);
    this.byName.delete(name);
  }

  private schedule(entry: ContainerProbes, loop: ProbeLoop, ms: number): void {
    if (this.stopped || this.byName.get(entry.target.container.name) !== entry) return;
    loop.timer = this.options.clock.setTimeout(() => void this.tick(entry, loop), ms);
  }

  private async tick(entry: ContainerProbes, loop: ProbeLoop): Promise<void> {
    const settings = probeSettings(loop.probe);
    if (this.byName.get(entry.target.container.name) !== entry) return;
    // Liveness and readiness wait for the startup probe.
    if (loop.kind !== 'startup' && entry.state.started === false) {
      this.schedule(entry, loop, settings.periodMs);
      return;
    }
    if (loop.kind === 'startup' && entry.state.started === true) return;
    if (entry.state.failed) return;
    let result;
    try {
      result = await runAction(loop.probe, { runtime: this.options.runtime, containerId: entry.id, container: entry.target.container, podIP: this.podIP }, settings.timeoutSeconds);
    } catch (err) {
      result = { ok: false, message: (err as Error).message };
    }
    if (this.byName.get(entry.target.container.name) !== entry) return;
    this.options.onResult?.(entry.target.container.name, loop.kind, result.ok, result.message);
    if (result.ok) {
      loop.successes++;
      loop.failures = 0;
    } else {
      loop.failures++;
      loop.successes = 0;
    }
    let changed = false;
    if (loop.kind === 'readiness') {
      if (result.ok && loop.successes >= settings.successThreshold && entry.state.ready !== true) {
        entry.state.ready = true;
        changed = true;
      } else if (!result.ok && loop.failures >= settings.failureThreshold && entry.state.ready !== false) {
        entry.state.ready = false;
        changed = true;
      }
    } else if (loop.kind === 'startup') {
      if (result.ok && loop.successes >= settings.successThreshold) {
        entry.state.started = true;
        changed = true;
      } else if (!result.ok && loop.failures >= settings.failureThreshold) {
        entry.state.failed = 'startup';
        entry.state.failedMessage = result.message;
        changed = true;
      }
    } else if (!result.ok && loop.failures >= settings.failureThreshold) {
      entry.state.failed = 'liveness';
      entry.state.failedMessage = result.message;
      changed = true;
    }
    if (changed) this.options.onChange();
    if (!entry.state.failed && !(loop.kind === 'startup' && entry.state.started)) this.schedule(entry, loop, settings.periodMs);
  }
}
