// POST /api/v1/namespaces/NS/pods/NAME/binding: the scheduler's decision. The pod gets
// spec.nodeName (once: a pod already on a node answers 409, as in Kubernetes' BindingREST),
// the binding's annotations, and a PodScheduled=True condition; the answer is a Success Status.
import type { KubeObject } from '../../api/resource-type.ts';
import { isMinatoError } from '../../../util/errors.ts';
import { sendJson } from '../http-io.ts';
import { kubeTime } from '../../api/kube-time.ts';
import type { RestContext } from '../rest-context.ts';
import { errors } from '../status.ts';
import { requestNamespace } from './read-handlers.ts';
import { decodeRequestObject, isDryRun } from './write-pipeline.ts';

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export async function handlePodBinding(ctx: RestContext): Promise<void> {
  const name = ctx.info.name!;
  const namespace = requestNamespace(ctx)!;
  const binding = await decodeRequestObject(ctx, { apiVersion: 'v1', kind: 'Binding' });
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  const bindingResource = { group: '', plural: 'pods/binding' };
  if (binding.metadata?.name !== undefined && binding.metadata.name !== name) {
    throw errors.badRequest(`name in URL does not match name in Binding object`);
  }
  if (!target?.name) throw errors.invalid({ group: '', kind: 'Binding' }, name, [{ type: 'FieldValueRequired', field: 'target.name', detail: '' }]);
  if (target.kind !== undefined && target.kind !== '' && target.kind !== 'Node') {
    throw errors.invalid({ group: '', kind: 'Binding' }, name, [{ type: 'FieldValueNotSupported', field: 'target.kind', value: target.kind, detail: 'supported values: "Node"' }]);
  }
  const dryRun = isDryRun(ctx);
  for (let attempt = 0; ; attempt++) {
    const current = await ctx.parts.store.mustGet(ctx.type, namespace, name);
    const pod = current.object;
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    // A decision made for a pod since deleted and recreated under the same name is refused.
    const wantedUid = binding.metadata?.uid;
    if (wantedUid && wantedUid !== pod.metadata?.uid) throw errors.conflict(bindingResource, name, `Precondition failed: UID in precondition: ${wantedUid}, UID in object meta: ${pod.metadata?.uid ?? ''}`);
    if (pod.metadata?.deletionTimestamp) throw errors.conflict(bindingResource, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (spec.nodeName) throw errors.conflict(bindingResource, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    const status = (pod.status ?? {}) as { conditions?: PodCondition[] };
    const now = kubeTime(ctx.parts.now());
    const conditions = (status.conditions ?? []).filter((condition) => condition.type !== 'PodScheduled');
    const previous = status.conditions?.find((condition) => condition.type === 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: previous?.status === 'True' ? (previous.lastTransitionTime ?? now) : now });
    const bound: KubeObject = {
      ...pod,
      metadata: { ...pod.metadata, ...(binding.metadata?.annotations ? { annotations: { ...pod.metadata?.annotations, ...binding.metadata.annotations } } : {}) },
      spec: { ...(pod.spec as object), nodeName: target.name },
      status: { ...status, conditions },
    };
    if (dryRun) break;
    try {
      const stored = await ctx.parts.store.update(ctx.type, bound, current.revision);
      ctx.parts.afterWrite(ctx.type, stored.object, false);
      break;
    } catch (err) {
      // Someone else wrote the pod meanwhile (its status, say): look again.
      if (!isMinatoError(err, 'Conflict') || attempt >= 5) throw err;
    }
  }
  sendJson(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
