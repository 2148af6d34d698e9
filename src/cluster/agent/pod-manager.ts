// The agent's pods: an informer on the pods bound to this node (fieldSelector
// spec.nodeName=<node>) feeds one PodWorker per pod (by uid). The runtime offers no event
// stream through RuntimeService, so a relist every second (listPodSandbox + listContainers, the
// kubelet's PLEG) notices container exits and sandbox deaths and wakes the pod's worker. At
// start, once the informer has synced, sandboxes and pod directories of pods that are no longer
// in the API (deleted while the agent was down) are torn down.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../client/clock.ts';
import { type InformerFactory, isNotFound, resources, type SharedInformer } from '../client/index.ts';
import type { Logger } from '../../util/log.ts';
import { CrashBackoff } from './crash-backoff.ts';
import type { ConfigSources } from './pod-env.ts';
import type { EventSink } from './pod-events.ts';
import { PodWorker, type PodWorkerDeps } from './pod-worker.ts';
import { podDirs, teardownVolumes } from './pod-volumes.ts';
import type { RuntimeService } from './runtime-service.ts';

export interface PodManagerOptions {
  factory: InformerFactory;
  runtime: RuntimeService;
  nodeName: string;
  dataDir: string;
  hostIP: string;
  nodeCpuMillis: number;
  nodeMemoryBytes: number;
  event: EventSink;
  clock: Clock;
  log: Logger;
  /** How often the runtime is relisted; default 1 s. */
  relistMs?: number;
  restartBackoff?: CrashBackoff;
}

export class PodManager {
  private readonly options: PodManagerOptions;
  private readonly informer: SharedInformer<Pod>;
  private readonly workers = new Map<string, PodWorker>();
  private readonly deps: PodWorkerDeps;
  private relistTimer: unknown;
  private lastSeen = new Map<string, string>();
  private stopped = false;
  private removeHandler: (() => void) | undefined;

  constructor(options: PodManagerOptions) {
    this.options = options;
    const { factory } = options;
    this.informer = factory.informerFor(resources.pods, { fieldSelector: `spec.nodeName=${options.nodeName}` });
    const configMaps = factory.client(resources.configMaps);
    const secrets = factory.client(resources.secrets);
    const orUndefined = async <T>(promise: Promise<T>): Promise<T | undefined> => {
      try {
        return await promise;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    };
    const sources: ConfigSources = {
      configMap: (namespace, name) => orUndefined(configMaps.get(namespace, name)),
      secret: (namespace, name) => orUndefined(secrets.get(namespace, name)),
    };
    this.deps = {
      runtime: options.runtime,
      pods: factory.client(resources.pods),
      sources,
      event: options.event,
      nodeName: options.nodeName,
      dataDir: options.dataDir,
      hostIP: options.hostIP,
      nodeCpuMillis: options.nodeCpuMillis,
      nodeMemoryBytes: options.nodeMemoryBytes,
      restartBackoff: options.restartBackoff ?? new CrashBackoff(),
      pullBackoff: new CrashBackoff(),
      clock: options.clock,
      log: options.log,
    };
  }

  /** Starts the informer, waits for it, cleans up orphans, then follows pods and the runtime. */
  async start(signal?: AbortSignal): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync(signal);
    await this.cleanupOrphans();
    this.removeHandler = this.informer.addEventHandler({
      onAdd: (pod) => this.podChanged(pod),
      onUpdate: (_old, pod) => this.podChanged(pod),
      onDelete: (pod) => this.podDeleted(pod),
    });
    this.scheduleRelist(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.removeHandler?.();
    if (this.relistTimer !== undefined) this.options.clock.clearTimeout(this.relistTimer);
    for (const worker of this.workers.values()) worker.stop();
    this.workers.clear();
    await this.informer.stop();
  }

  /** The pod workers by uid (for tests and diagnostics). */
  get podUids(): string[] {
    return [...this.workers.keys()];
  }

  private podChanged(pod: Pod): void {
    if (this.stopped) return;
    const uid = pod.metadata?.uid;
    if (!uid) return;
    let worker = this.workers.get(uid);
    if (!worker) {
      worker = new PodWorker(pod, this.deps, () => {
        if (this.workers.get(uid) === worker) this.workers.delete(uid);
      });
      this.workers.set(uid, worker);
    }
    worker.update(pod);
  }

  private podDeleted(pod: Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid || this.stopped) return;
    const worker = this.workers.get(uid) ?? new PodWorker(pod, this.deps, () => this.workers.delete(uid));
    this.workers.set(uid, worker);
    worker.remove();
  }

  /** Sandboxes and pod directories whose pod is not bound here any more. */
  private async cleanupOrphans(): Promise<void> {
    const { runtime, dataDir, log } = this.options;
    const known = new Set(this.informer.lister.list().map((pod) => pod.metadata?.uid));
    for (const sandbox of await runtime.listPodSandbox()) {
      if (known.has(sandbox.metadata.uid)) continue;
      log.info({ pod: `${sandbox.metadata.namespace}/${sandbox.metadata.name}`, uid: sandbox.metadata.uid }, 'removing the sandbox of a pod that is gone');
      try {
        for (const container of await runtime.listContainers({ podSandboxId: sandbox.id })) {
          if (container.state === 'RUNNING') await runtime.stopContainer(container.id, 2);
        }
        await runtime.stopPodSandbox(sandbox.id);
        await runtime.removePodSandbox(sandbox.id);
      } catch (err) {
        log.warn({ err, sandbox: sandbox.id }, 'removing an orphaned sandbox failed');
      }
    }
    for (const uid of await podDirs(dataDir)) {
      if (!known.has(uid)) await teardownVolumes(dataDir, uid).catch((err: unknown) => log.warn({ err, uid }, 'removing an orphaned pod directory failed'));
    }
    const logs = path.join(dataDir, 'logs');
    for (const entry of await fsp.readdir(logs).catch(() => [] as string[])) {
      const uid = entry.split('_').at(-1);
      if (uid && !known.has(uid)) await fsp.rm(path.join(logs, entry), { recursive: true, force: true });
    }
  }

  private scheduleRelist(ms: number): void {
    if (this.stopped) return;
    this.relistTimer = this.options.clock.setTimeout(() => void this.relist(), ms);
  }

  /** Wakes the worker of every pod whose sandbox or containers changed state since the last relist. */
  private async relist(): Promise<void> {
    try {
      const { runtime } = this.options;
      const sandboxes = await runtime.listPodSandbox();
      const uidOf = new Map(sandboxes.map((sandbox) => [sandbox.id, sandbox.metadata.uid]));
      const signatures = new Map<string, string[]>();
      for (const sandbox of sandboxes) signatures.set(sandbox.metadata.uid, [...(signatures.get(sandbox.metadata.uid) ?? []), `${sandbox.id}:${sandbox.state}`]);
      for (const container of await runtime.listContainers()) {
        const uid = uidOf.get(container.podSandboxId);
        if (uid) signatures.get(uid)!.push(`${container.id}:${container.state}`);
      }
      const seen = new Map<string, string>();
      for (const [uid, parts] of signatures) seen.set(uid, parts.sort().join(','));
      for (const [uid, signature] of seen) {
        if (this.lastSeen.get(uid) !== signature) this.workers.get(uid)?.trigger();
      }
      for (const uid of this.lastSeen.keys()) if (!seen.has(uid)) this.workers.get(uid)?.trigger();
      this.lastSeen = seen;
    } catch (err) {
      this.options.log.debug({ err }, 'relisting the runtime failed');
    }
    this.scheduleRelist(this.options.relistMs ?? 1_000);
  }
}
