// The namespace controller (kube-controller-manager's namespace-controller): a namespace marked
// for deletion (Terminating, holding the `kubernetes` finalizer) is emptied by the
// NamespacedResourcesDeleter, pass after pass, its status conditions saying what is left, until
// nothing is and the finalizer goes. It reads the namespace afresh from the server each pass (as
// Kubernetes does): a stale cached copy must not finalize too early.
import type { Namespace, NamespaceCondition } from 'kubernetes-types/core/v1.js';
import { type DiscoveredResource, type InformerFactory, isConflict, isNotFound, type ResourceClient, resources } from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';
import { conditionsDiffer, namespaceConditions } from './namespace-conditions.ts';
import { NamespacedResourcesDeleter } from './namespaced-resources-deleter.ts';
import { kubeTime } from '../../api/kube-time.ts';

export const namespaceControllerName = 'namespace-controller';

/** Passes over a namespace with content left are this far apart: 1 s, doubling to 8 s. */
const firstRetryMs = 1000;
const maxRetryMs = 8000;

export interface NamespaceControllerOptions extends ControllerOptions {
  factory: InformerFactory;
  /** The served resources; default: the API server's discovery. */
  discover?: () => Promise<DiscoveredResource[]>;
}

export class NamespaceController extends Controller {
  private readonly namespaces: ResourceClient<Namespace>;
  private readonly deleter: NamespacedResourcesDeleter;
  /** Passes in a row that found content left, by namespace. */
  private readonly passes = new Map<string, number>();

  constructor(options: NamespaceControllerOptions) {
    super(namespaceControllerName, options);
    this.namespaces = options.factory.client(resources.namespaces);
    this.deleter = new NamespacedResourcesDeleter(options.factory.rest, options.discover);
    const informer = this.watch(options.factory.informerFor(resources.namespaces));
    const enqueueIfDeleting = (namespace: Namespace) => {
      if (namespace.metadata?.deletionTimestamp) this.enqueue(namespace);
    };
    informer.addEventHandler({
      onAdd: enqueueIfDeleting,
      onUpdate: (_old, namespace) => enqueueIfDeleting(namespace),
      onDelete: (namespace) => this.passes.delete(namespace.metadata?.name ?? ''),
    });
  }

  async sync(name: string): Promise<void> {
    let namespace: Namespace;
    try {
      namespace = await this.namespaces.get(undefined, name);
    } catch (err) {
      if (isNotFound(err)) {
        this.passes.delete(name);
        return;
      }
      throw err;
    }
    const outcome = await this.deleter.delete(namespace);
    if (outcome.kind === 'nothing-to-do') {
      this.passes.delete(name);
      return;
    }
    if (outcome.kind === 'finalized') {
      this.passes.delete(name);
      this.log.info({ controller: this.name, namespace: name }, 'namespace emptied and finalized');
      return;
    }
    await this.reportConditions(namespace, namespaceConditions(namespace.status?.conditions, outcome.pass, kubeTime(this.now())));
    const passes = (this.passes.get(name) ?? 0) + 1;
    this.passes.set(name, passes);
    this.log.debug({ controller: this.name, namespace: name, remaining: Object.fromEntries(outcome.pass.remainingByResource), failures: outcome.pass.deletionFailures }, 'namespace content remains');
    this.enqueueAfter(name, Math.min(firstRetryMs * 2 ** (passes - 1), maxRetryMs));
  }

  private async reportConditions(namespace: Namespace, conditions: NamespaceCondition[]): Promise<void> {
    if (!conditionsDiffer(namespace.status?.conditions, conditions)) return;
    try {
      await this.namespaces.updateStatus({ ...namespace, status: { ...namespace.status, conditions } });
    } catch (err) {
      // Gone or changed meanwhile: the next pass reports again.
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}
