// For the controllers' integration tests: a real `minato server`, a client, the controllers
// started against it (no scheduler, no node agent: the test plays the kubelet by marking pods
// Running and Ready through the status subresource), and polling helpers.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { loadKubeconfig, ResourceClient, resources, RestClient } from '../../src/cluster/client/index.ts';
import { type BatchControllerSettings, type RunningControllers, startControllers } from '../../src/cluster/controllers/index.ts';
import { TestClusterServer } from './test-cluster-server.ts';

/** A logger for controllers that keeps warnings and errors (printed when a test fails). */
export function recordingLog(lines: string[]) {
  const record = (level: string) => (first: unknown, second?: unknown) => {
    lines.push(`${level} ${typeof first === 'string' ? first : `${String(second)} ${JSON.stringify(first)}`}`);
  };
  const log = { info: () => undefined, debug: () => undefined, warn: record('warn'), error: record('error') };
  return log as unknown as Parameters<typeof startControllers>[0]['log'];
}

export class ControllerTestCluster {
  /** The server without its own controllers and scheduler: the tests start the controllers they test. */
  readonly server = new TestClusterServer({ extraArgs: ['--disable-controller-manager', '--disable-scheduler'] });
  rest!: RestClient;
  pods!: ResourceClient<Pod>;
  replicaSets!: ResourceClient<ReplicaSet>;
  deployments!: ResourceClient<Deployment>;
  events!: ResourceClient<Event>;
  jobs!: ResourceClient<Job>;
  cronJobs!: ResourceClient<CronJob>;
  controllers: RunningControllers | undefined;
  readonly logLines: string[] = [];

  /** `batch`: the Job / CronJob controllers' settings (pod-failure back-off, injected wall clock). */
  async start(controllers?: string[], batch?: BatchControllerSettings): Promise<void> {
    await this.server.start();
    this.rest = new RestClient(loadKubeconfig(this.server.kubeconfig), { component: 'controller-test' });
    this.pods = new ResourceClient(this.rest, resources.pods);
    this.replicaSets = new ResourceClient(this.rest, resources.replicaSets);
    this.deployments = new ResourceClient(this.rest, resources.deployments);
    this.events = new ResourceClient(this.rest, resources.events);
    this.jobs = new ResourceClient(this.rest, resources.jobs);
    this.cronJobs = new ResourceClient(this.rest, resources.cronJobs);
    this.controllers = startControllers({ rest: this.rest, log: recordingLog(this.logLines), ...(controllers ? { controllers } : {}), ...(batch ? { batch } : {}) });
    await this.controllers.started;
  }

  async stop(): Promise<void> {
    await this.controllers?.stop();
    this.rest?.close();
    await this.server.cleanup();
  }

  async namespace(name: string): Promise<void> {
    await new ResourceClient(this.rest, resources.namespaces).create(undefined, { metadata: { name } });
  }

  async podsIn(namespace: string, labelSelector?: string): Promise<Pod[]> {
    return (await this.pods.list(namespace, labelSelector ? { labelSelector } : {})).items;
  }

  /** Plays the kubelet: the pod Running and Ready (or not Ready). */
  async setReady(pod: Pod, ready = true): Promise<Pod> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    for (let attempt = 0; ; attempt++) {
      const current = await this.pods.get(pod.metadata!.namespace!, pod.metadata!.name!);
      const condition = (type: string) => ({ type, status: ready ? 'True' : 'False', lastTransitionTime: now });
      const fresh: Pod = { ...current, status: { ...current.status, phase: 'Running', conditions: [condition('Ready'), condition('ContainersReady')] } };
      try {
        return await this.pods.updateStatus(fresh);
      } catch (err) {
        if (attempt > 3) throw err;
      }
    }
  }

  async setPhase(pod: Pod, phase: 'Failed' | 'Succeeded'): Promise<Pod> {
    const current = await this.pods.get(pod.metadata!.namespace!, pod.metadata!.name!);
    return this.pods.updateStatus({ ...current, status: { ...current.status, phase } });
  }

  /** Polls `probe` until it returns something other than undefined/false. */
  async until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const value = await probe();
        if (value !== undefined && value !== false) return value;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\ncontroller log:\n${this.logLines.slice(-20).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until nothing changes in `read()` (JSON) for `quietMs`. */
  async settle<T>(read: () => Promise<T>, quietMs = 400, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last = JSON.stringify(await read());
    let since = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const value = await read();
      const text = JSON.stringify(value);
      if (text !== last) {
        last = text;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) return value;
      if (Date.now() > deadline) throw new Error('never settled');
    }
  }
}
