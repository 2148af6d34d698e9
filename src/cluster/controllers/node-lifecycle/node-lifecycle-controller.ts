// The node lifecycle controller (Kubernetes' pkg/controller/nodelifecycle with its NoExecute
// taint manager). Keys are node names.
//
// sync(node): note whether its heartbeat (Lease renewTime in kube-node-lease, or the Ready
// condition's lastHeartbeatTime) changed since last seen; once it has not for the grace period
// (--node-monitor-grace-period), set the node's conditions to Unknown ("Kubelet stopped posting
// node status."). Then bring the not-ready / unreachable taints in line with the Ready condition
// (the agent posting Ready=True again removes them), and delete the pods bound to the node whose
// tolerations of its NoExecute taints have run out, so their controllers recreate them
// elsewhere. The key is requeued for when the grace period or the next eviction is due.
//
// The agent does not fight this: it posts Ready=True only while it runs (its status reporter
// and lease renewal stop with it), and it never writes the node's taints.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { byNodeName, type InformerFactory, isConflict, isNotFound, objectKey, type ResourceClient, resources, type SharedInformer } from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';
import type { EventSink } from '../event-recorder.ts';
import { ensureIndex } from '../controller-utils.ts';
import {
  defaultNodeMonitorGracePeriodMs,
  defaultTolerationSeconds,
  desiredTaints,
  evictionTime,
  graceLeftMs,
  type HeartbeatObservation,
  heartbeatOf,
  observe,
  tolerationsWithDefaults,
  unknownConditions,
} from './node-health.ts';
import { kubeTime } from '../../api/kube-time.ts';

export const nodeLifecycleControllerName = 'node-lifecycle-controller';
export const nodeLeaseNamespace = 'kube-node-lease';
const podsByNodeIndex = 'byNodeName';

export interface NodeLifecycleSettings {
  /** How long a node's heartbeat may stand still before it is Unknown; default 40 s. */
  nodeMonitorGracePeriodMs?: number;
  /** tolerationSeconds of the not-ready:NoExecute toleration pods without their own get; default 300. */
  defaultNotReadyTolerationSeconds?: number;
  /** tolerationSeconds of the unreachable:NoExecute toleration pods without their own get; default 300. */
  defaultUnreachableTolerationSeconds?: number;
}

export interface NodeLifecycleControllerOptions extends ControllerOptions, NodeLifecycleSettings {
  factory: InformerFactory;
  /** Events about pods (TaintManagerEviction). */
  events: EventSink;
}

export class NodeLifecycleController extends Controller {
  private readonly nodes: SharedInformer<Node>;
  private readonly leases: SharedInformer<Lease>;
  private readonly pods: SharedInformer<Pod>;
  private readonly nodeClient: ResourceClient<Node>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly events: EventSink;
  private readonly gracePeriodMs: number;
  private readonly notReadySeconds: number;
  private readonly unreachableSeconds: number;
  private readonly observations = new Map<string, HeartbeatObservation>();

  constructor(options: NodeLifecycleControllerOptions) {
    super(nodeLifecycleControllerName, options);
    this.events = options.events;
    this.gracePeriodMs = options.nodeMonitorGracePeriodMs ?? defaultNodeMonitorGracePeriodMs;
    this.notReadySeconds = options.defaultNotReadyTolerationSeconds ?? defaultTolerationSeconds;
    this.unreachableSeconds = options.defaultUnreachableTolerationSeconds ?? defaultTolerationSeconds;
    this.nodes = this.watch(options.factory.informerFor(resources.nodes));
    this.leases = this.watch(options.factory.informerFor(resources.leases, { namespace: nodeLeaseNamespace }));
    this.pods = this.watch(options.factory.informerFor(resources.pods));
    ensureIndex(this.pods, podsByNodeIndex, byNodeName);
    this.nodeClient = options.factory.client(resources.nodes);
    this.podClient = options.factory.client(resources.pods);

    this.nodes.addEventHandler({
      onAdd: (node) => this.enqueue(node),
      onUpdate: (_old, node) => this.enqueue(node),
      onDelete: (node) => {
        this.observations.delete(objectKey(node));
        this.enqueue(node);
      },
    });
    const leaseChanged = (lease: Lease) => {
      if (lease.metadata?.name) this.enqueue(lease.metadata.name);
    };
    this.leases.addEventHandler({ onAdd: leaseChanged, onUpdate: (_old, lease) => leaseChanged(lease), onDelete: leaseChanged });
    // A pod bound to a node with NoExecute taints needs its eviction time worked out.
    const podChanged = (pod: Pod) => {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName || pod.metadata?.deletionTimestamp) return;
      if (this.nodes.lister.get(undefined, nodeName)?.spec?.taints?.some((taint) => taint.effect === 'NoExecute')) this.enqueue(nodeName);
    };
    this.pods.addEventHandler({ onAdd: podChanged, onUpdate: (_old, pod) => podChanged(pod) });
  }

  async sync(nodeName: string): Promise<void> {
    const cached = this.nodes.lister.get(undefined, nodeName);
    if (!cached) {
      this.observations.delete(nodeName);
      return;
    }
    let node = cached;
    const nowMs = this.clock.now();
    const lease = this.leases.lister.get(nodeLeaseNamespace, nodeName);
    const observation = observe(this.observations.get(nodeName), heartbeatOf(node, lease?.spec?.renewTime), nowMs);
    this.observations.set(nodeName, observation);
    const left = graceLeftMs(observation, this.gracePeriodMs, nowMs);
    let requeueMs: number | undefined = left > 0 ? left + 100 : undefined;

    if (left <= 0) {
      const conditions = unknownConditions(node, kubeTime(this.now()));
      if (conditions) {
        this.log.info({ controller: this.name, node: nodeName, silentForMs: nowMs - observation.observedAt }, 'node stopped posting status; marking it Unknown');
        node = await this.nodeClient.updateStatus({ ...structuredClone(node), status: { ...node.status, conditions } });
      }
    }

    const taints = desiredTaints(node, kubeTime(this.now()));
    if (taints) {
      this.log.info({ controller: this.name, node: nodeName, taints: taints.map((taint) => `${taint.key}:${taint.effect}`) }, 'updating node taints');
      node = await this.nodeClient.update({ ...structuredClone(node), spec: { ...node.spec, taints } });
    }

    // Taints carry wall-clock times (timeAdded); the heartbeat observations use the monotonic clock.
    const evictIn = await this.evictPods(node, this.now().getTime());
    if (evictIn !== undefined) requeueMs = Math.min(requeueMs ?? Infinity, evictIn);
    if (requeueMs !== undefined) this.enqueueAfter(nodeName, requeueMs);
  }

  /** Deletes the node's pods whose NoExecute tolerations ran out; returns ms until the next one is due. */
  private async evictPods(node: Node, wallMs: number): Promise<number | undefined> {
    const taints = (node.spec?.taints ?? []).filter((taint) => taint.effect === 'NoExecute');
    if (taints.length === 0) return undefined;
    let next: number | undefined;
    const due: Pod[] = [];
    for (const pod of this.pods.lister.byIndex(podsByNodeIndex, node.metadata!.name!)) {
      if (pod.metadata?.deletionTimestamp) continue;
      const at = evictionTime(taints, tolerationsWithDefaults(pod, this.notReadySeconds, this.unreachableSeconds), wallMs);
      if (at === undefined) continue;
      if (at <= wallMs) due.push(pod);
      else next = Math.min(next ?? Infinity, at - wallMs + 100);
    }
    const results = await Promise.allSettled(due.map((pod) => this.evict(pod)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return next;
  }

  private async evict(pod: Pod): Promise<void> {
    this.log.info({ controller: this.name, pod: objectKey(pod), node: pod.spec?.nodeName }, 'evicting pod from a NoExecute-tainted node');
    this.events.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${objectKey(pod)}`);
    try {
      await this.podClient.delete(pod.metadata?.namespace, pod.metadata!.name!, { preconditions: { uid: pod.metadata!.uid! } });
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return; // gone or replaced meanwhile
      throw err;
    }
  }
}
