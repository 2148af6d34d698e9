// The Deployment controller (Kubernetes' pkg/controller/deployment): rolls each Deployment's
// pod template out through ReplicaSets it owns. Handlers enqueue the Deployment a changed
// ReplicaSet belongs to (or, for an orphan, every Deployment selecting it) and, for Recreate,
// the Deployment whose pods disappear; sync(key) claims the namespace's ReplicaSets (adopt /
// release by selector), then — see deployment-sync.ts — only the status while the Deployment
// is being deleted; scaling (and history cleanup) while paused or when only spec.replicas
// changed; else one step of a Recreate or RollingUpdate rollout and the status.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type InformerFactory, type ResourceClient, resources, type SharedInformer, splitKey } from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';
import { claimObjects, controllerOf, recheckOwner } from '../controller-ref.ts';
import type { EventSink } from '../event-recorder.ts';
import { controllingOwner, ownersSelecting } from '../pod-owner-events.ts';
import { DeploymentSync } from './deployment-sync.ts';

export const deploymentControllerName = 'deployment-controller';

export interface DeploymentControllerOptions extends ControllerOptions {
  factory: InformerFactory;
  events: EventSink;
}

export class DeploymentController extends Controller {
  private readonly deployments: SharedInformer<Deployment>;
  private readonly replicaSets: SharedInformer<ReplicaSet>;
  private readonly pods: SharedInformer<Pod>;
  private readonly deploymentClient: ResourceClient<Deployment>;
  private readonly rsClient: ResourceClient<ReplicaSet>;
  private readonly events: EventSink;

  constructor(options: DeploymentControllerOptions) {
    super(deploymentControllerName, options);
    this.events = options.events;
    this.deployments = this.watch(options.factory.informerFor(resources.deployments));
    this.replicaSets = this.watch(options.factory.informerFor(resources.replicaSets));
    this.pods = this.watch(options.factory.informerFor(resources.pods));
    this.deploymentClient = options.factory.client(resources.deployments);
    this.rsClient = options.factory.client(resources.replicaSets);

    this.deployments.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(d),
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.replicaSetAdded(rs),
      onUpdate: (old, rs) => this.replicaSetUpdated(old, rs),
      onDelete: (rs) => {
        const owner = this.resolveOwner(rs);
        if (owner) this.enqueue(owner);
      },
    });
    this.pods.addEventHandler({ onDelete: (pod) => this.podDeleted(pod) });
  }

  private replicaSetAdded(rs: ReplicaSet): void {
    const owner = this.resolveOwner(rs);
    if (owner) {
      this.enqueue(owner);
      return;
    }
    if (!controllerOf(rs)) for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  private replicaSetUpdated(old: ReplicaSet, rs: ReplicaSet): void {
    if (old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
    const oldRef = controllerOf(old);
    const ref = controllerOf(rs);
    const refChanged = oldRef?.uid !== ref?.uid;
    if (refChanged && oldRef) {
      const previous = this.resolveOwner(old);
      if (previous) this.enqueue(previous);
    }
    const owner = this.resolveOwner(rs);
    if (owner) {
      this.enqueue(owner);
      return;
    }
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(rs.metadata?.labels ?? {});
    if (!ref && (labelsChanged || refChanged)) for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  /** A Recreate rollout waits for the old pods to be gone: each deletion is worth a look. */
  private podDeleted(pod: Pod): void {
    const rs = controllingOwner(this.replicaSets.lister, 'ReplicaSet', pod);
    if (!rs) return;
    const owner = this.resolveOwner(rs);
    if (owner?.spec?.strategy?.type === 'Recreate') this.enqueue(owner);
  }

  private resolveOwner(rs: ReplicaSet): Deployment | undefined {
    return controllingOwner(this.deployments.lister, 'Deployment', rs);
  }

  private deploymentsSelecting(rs: ReplicaSet): Deployment[] {
    return ownersSelecting(this.deployments.lister, rs);
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.deployments.lister.get(namespace, name);
    if (!cached) return;
    const d = structuredClone(cached);
    const selector = d.spec?.selector;
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      this.events.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        await this.deploymentClient.updateStatus({ ...d, status: { ...d.status, observedGeneration: d.metadata?.generation } });
      }
      return;
    }
    const matcher = this.selectorFor(key, selector);
    if (!matcher) return;
    const sets = await claimObjects(this.replicaSets.lister.list(namespace), {
      owner: d,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'Deployment',
      selector: matcher,
      client: this.rsClient,
      canAdopt: recheckOwner(this.deploymentClient, d),
    });
    const podsBySet = new Map<string, Pod[]>(sets.map((rs) => [rs.metadata!.uid!, []]));
    for (const pod of this.pods.lister.list(namespace, matcher)) {
      const ref = controllerOf(pod);
      if (ref) podsBySet.get(ref.uid)?.push(pod);
    }
    const run = new DeploymentSync(d, sets, podsBySet, {
      deployments: this.deploymentClient,
      replicaSets: this.rsClient,
      replicaSetLister: this.replicaSets.lister,
      events: this.events,
      now: this.now,
      requeueAfter: (ms) => this.enqueueAfter(key, ms),
    });
    if (d.metadata?.deletionTimestamp) return run.syncStatusOnly();
    await run.checkPausedConditions();
    if (run.d.spec?.paused) return run.syncScale();
    if (await run.isScalingEvent()) return run.syncScale();
    if (run.d.spec?.strategy?.type === 'Recreate') return run.recreate();
    return run.rolling();
  }
}
