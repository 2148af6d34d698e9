// cluster/controllers: Kubernetes' controller-manager, talking to the API server only through
// cluster/client. startControllers runs the named controllers (all by default) on one shared
// InformerFactory — one LIST and WATCH per resource for all of them — until stop().
import type { Logger } from '../../util/log.ts';
import { InformerFactory, resources, type RestClient } from '../client/index.ts';
import { CsrApprovingController, csrApprovingControllerName } from './certificates/csr-approving-controller.ts';
import type { CsrAuthorizer } from './certificates/csr-approval.ts';
import { CsrSigningController, csrSigningControllerName } from './certificates/csr-signing-controller.ts';
import type { CertificateSigner } from './certificates/csr-signing.ts';
import type { Controller, ControllerLog } from './controller-runtime.ts';
import { DeploymentController, deploymentControllerName } from './deployment/deployment-controller.ts';
import { ControllerEvents } from './event-recorder.ts';
import { GarbageCollectorController, garbageCollectorControllerName } from './garbage-collector/garbage-collector-controller.ts';
import { batchControllerNames, batchControllers, type BatchControllerSettings } from './job/batch-controllers.ts';
import { NamespaceController, namespaceControllerName } from './namespace/namespace-controller.ts';
import { NodeLifecycleController, nodeLifecycleControllerName, type NodeLifecycleSettings } from './node-lifecycle/node-lifecycle-controller.ts';
import { ReplicaSetController, replicaSetControllerName } from './replicaset/replicaset-controller.ts';

export { CsrApprovingController, csrApprovingControllerName, groupCsrAuthorizer } from './certificates/csr-approving-controller.ts';
export type { CsrAuthorizer, CsrPermission, Requester } from './certificates/csr-approval.ts';
export { CsrSigningController, csrSigningControllerName } from './certificates/csr-signing-controller.ts';
export { type CertificateSigner, DEFAULT_SIGNING_DURATION_SECONDS, type SigningRequest } from './certificates/csr-signing.ts';
export { Controller, type ControllerLog, type ControllerOptions } from './controller-runtime.ts';
export { claimObjects, controllerOf, controllerRefTo } from './controller-ref.ts';
export { DeploymentController, deploymentControllerName } from './deployment/deployment-controller.ts';
export { ControllerEvents, type EventSink, type EventType } from './event-recorder.ts';
export { Expectations, expectationsTimeoutMs } from './expectations.ts';
export { GarbageCollectorController, garbageCollectorControllerName } from './garbage-collector/garbage-collector-controller.ts';
export { type BatchControllerSettings, CronJobController, cronJobControllerName, JobController, jobControllerName } from './job/batch-controllers.ts';
export { NamespaceController, namespaceControllerName } from './namespace/namespace-controller.ts';
export { NodeLifecycleController, nodeLifecycleControllerName, type NodeLifecycleSettings } from './node-lifecycle/node-lifecycle-controller.ts';
export { ReplicaSetController, replicaSetControllerName } from './replicaset/replicaset-controller.ts';

/** The controllers startControllers knows, by the names Kubernetes' controller-manager uses. */
export const controllerNames = [
  replicaSetControllerName,
  deploymentControllerName,
  nodeLifecycleControllerName,
  ...batchControllerNames,
  namespaceControllerName,
  garbageCollectorControllerName,
  csrApprovingControllerName,
  csrSigningControllerName,
] as const;

export interface StartControllersOptions {
  rest: RestClient;
  log: Pick<Logger, 'info' | 'warn' | 'debug' | 'error'>;
  /** Which to run (names as in controllerNames, or the short "replicaset", "garbage-collector"); default all. */
  controllers?: string[];
  /** Workers per controller; default 5 (Kubernetes' --concurrent-*-syncs). */
  workers?: number;
  /** The node lifecycle controller's settings (--node-monitor-grace-period, default tolerations). */
  nodeLifecycle?: NodeLifecycleSettings;
  /** The Job and CronJob controllers' settings (pod-failure back-off, an injected wall clock for tests). */
  batch?: BatchControllerSettings;
  /** The certificate controllers' dependencies: the CA signer (without it csrsigning-controller does not run) and the approver's permission check. */
  certificates?: { sign?: CertificateSigner; authorize?: CsrAuthorizer };
}

export interface RunningControllers {
  readonly controllers: readonly Controller[];
  /** Resolves once every informer has synced and every controller's workers run. */
  readonly started: Promise<void>;
  stop(): Promise<void>;
}

export function startControllers(options: StartControllersOptions): RunningControllers {
  const wanted = new Set((options.controllers ?? [...controllerNames]).map((name) => (name.endsWith('-controller') ? name : `${name}-controller`)));
  for (const name of wanted) {
    if (!(controllerNames as readonly string[]).includes(name)) throw new Error(`unknown controller "${name}" (known: ${controllerNames.join(', ')})`);
  }
  const log: ControllerLog = options.log;
  const factory = new InformerFactory(options.rest, { log });
  const workers = options.workers ?? 5;
  const recorders: ControllerEvents[] = [];
  const controllers: Controller[] = [];
  if (wanted.has(replicaSetControllerName)) {
    const events = new ControllerEvents(options.rest, replicaSetControllerName, resources.replicaSets, log);
    recorders.push(events);
    controllers.push(new ReplicaSetController({ factory, events, log, workers }));
  }
  if (wanted.has(deploymentControllerName)) {
    const events = new ControllerEvents(options.rest, deploymentControllerName, resources.deployments, log);
    recorders.push(events);
    controllers.push(new DeploymentController({ factory, events, log, workers }));
  }
  if (wanted.has(nodeLifecycleControllerName)) {
    const events = new ControllerEvents(options.rest, nodeLifecycleControllerName, resources.pods, log);
    recorders.push(events);
    controllers.push(new NodeLifecycleController({ factory, events, log, ...options.nodeLifecycle }));
  }
  {
    const batch = batchControllers(wanted, { rest: options.rest, factory, log, workers, ...(options.batch ? { settings: options.batch } : {}) });
    controllers.push(...batch.controllers);
    recorders.push(...batch.recorders);
  }
  if (wanted.has(namespaceControllerName)) controllers.push(new NamespaceController({ factory, log, workers }));
  if (wanted.has(csrApprovingControllerName)) {
    controllers.push(new CsrApprovingController({ factory, log, ...(options.certificates?.authorize ? { authorize: options.certificates.authorize } : {}) }));
  }
  if (wanted.has(csrSigningControllerName)) {
    const sign = options.certificates?.sign;
    if (sign) controllers.push(new CsrSigningController({ factory, log, sign }));
    else log.info({ controller: csrSigningControllerName }, 'not started: no cluster CA key was given to sign with');
  }
  // Last: it follows every resource, sharing the informers the others made.
  if (wanted.has(garbageCollectorControllerName)) controllers.push(new GarbageCollectorController({ factory, log, workers }));
  factory.startAll();
  const started = Promise.all(controllers.map((controller) => controller.start())).then(() => undefined);
  // A start that fails (only when stopped first) must not be an unhandled rejection.
  started.catch((err: unknown) => log.warn({ err }, 'controllers did not start'));
  let stopping: Promise<void> | undefined;
  return {
    controllers,
    started,
    stop() {
      stopping ??= (async () => {
        await Promise.all(controllers.map((controller) => controller.stop()));
        await factory.stopAll();
        await Promise.all(recorders.map((recorder) => recorder.flush()));
      })();
      return stopping;
    },
  };
}
