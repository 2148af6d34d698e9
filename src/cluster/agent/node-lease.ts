// The node's heartbeat Lease (kube-node-lease/<node>), as the kubelet keeps it: held by the node
// (holderIdentity), 40 s long, renewed every 10 s, owned by the Node object so it goes with it.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../client/clock.ts';
import { isConflict, isNotFound, type ResourceClient } from '../client/index.ts';
import type { Logger } from '../../util/log.ts';
import { RepeatingTask } from './repeating-task.ts';

export const nodeLeaseNamespace = 'kube-node-lease';
export const leaseDurationSeconds = 40;

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

export interface NodeLeaseOptions {
  leases: ResourceClient<Lease>;
  node: () => Node | undefined;
  nodeName: string;
  clock: Clock;
  log: Logger;
  /** Default 10 s. */
  renewEveryMs?: number;
}

export class NodeLease {
  private readonly options: NodeLeaseOptions;
  private readonly task: RepeatingTask;

  constructor(options: NodeLeaseOptions) {
    this.options = options;
    const every = options.renewEveryMs ?? 10_000;
    this.task = new RepeatingTask(options.clock, async () => {
      try {
        await this.renew();
        return every;
      } catch (err) {
        options.log.warn({ err }, 'renewing the node lease failed');
        return Math.min(every, 2_000);
      }
    });
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
  }

  /** Creates or renews the lease once. */
  async renew(): Promise<Lease> {
    const { leases, nodeName } = this.options;
    const now = microTime(new Date());
    let lease: Lease | undefined;
    try {
      lease = await leases.get(nodeLeaseNamespace, nodeName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!lease) {
      const node = this.options.node();
      return leases.create(nodeLeaseNamespace, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: nodeName,
          namespace: nodeLeaseNamespace,
          ...(node?.metadata?.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid }] } : {}),
        },
        spec: { holderIdentity: nodeName, leaseDurationSeconds, renewTime: now },
      });
    }
    try {
      return await leases.update({ ...lease, spec: { ...lease.spec, holderIdentity: nodeName, leaseDurationSeconds, renewTime: now } });
    } catch (err) {
      if (isConflict(err)) return this.renew();
      throw err;
    }
  }
}
