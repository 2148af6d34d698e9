// POST …/serviceaccounts/NAME/token (kubectl create token): a TokenRequest answered with a
// signed service-account token for that account, bound to a pod or secret when asked, valid
// for spec.expirationSeconds (default one hour, at least ten minutes, as Kubernetes requires).
import type { KubeObject } from '../../api/resource-type.ts';
import { acceptedFormat, sendObject } from '../http-io.ts';
import { kubeTime } from '../../api/kube-time.ts';
import type { RestContext } from '../rest-context.ts';
import { errors } from '../status.ts';
import { requestNamespace } from './read-handlers.ts';
import { decodeRequestObject } from './write-pipeline.ts';

export interface TokenIssueRequest {
  namespace: string;
  name: string;
  uid: string;
  audiences?: readonly string[];
  expirationSeconds?: number;
  boundObject?: { kind: 'Pod' | 'Secret' | 'Node'; name: string; uid: string };
}

export type TokenIssuer = (request: TokenIssueRequest) => { token: string; expirationTimestamp: Date };

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

export async function handleTokenRequest(ctx: RestContext, issue: TokenIssuer): Promise<void> {
  const request = await decodeRequestObject(ctx, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' });
  const namespace = requestNamespace(ctx)!;
  const serviceAccount = await ctx.parts.store.mustGet(ctx.type, namespace, ctx.info.name!);
  const spec = (request.spec ?? {}) as TokenRequestSpec;
  const expirationSeconds = spec.expirationSeconds ?? 3600;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600) {
    throw errors.invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, ctx.info.name!, [
      { type: 'FieldValueInvalid', field: 'spec.expirationSeconds', value: expirationSeconds, detail: 'may not specify a duration less than 10 minutes' },
    ]);
  }
  let boundObject: TokenIssueRequest['boundObject'];
  const ref = spec.boundObjectRef;
  if (ref) {
    if (ref.kind !== 'Pod' && ref.kind !== 'Secret' && ref.kind !== 'Node') {
      throw errors.badRequest(`cannot bind token for serviceaccount "${ctx.info.name}" to object of kind "${String(ref.kind)}"`);
    }
    const pluralByKind = { Pod: 'pods', Secret: 'secrets', Node: 'nodes' } as const;
    const boundType = ctx.parts.store.resourceFor?.('', 'v1', pluralByKind[ref.kind]);
    const target = boundType ? await ctx.parts.store.get(boundType, ref.kind === 'Node' ? undefined : namespace, ref.name ?? '') : undefined;
    if (!target || (ref.uid && ref.uid !== target.object.metadata?.uid)) throw errors.notFound({ group: '', plural: pluralByKind[ref.kind] }, ref.name ?? '');
    boundObject = { kind: ref.kind, name: ref.name!, uid: target.object.metadata!.uid! };
  }
  const issued = issue({
    namespace,
    name: ctx.info.name!,
    uid: serviceAccount.object.metadata!.uid!,
    ...(spec.audiences && spec.audiences.length > 0 ? { audiences: spec.audiences } : {}),
    expirationSeconds,
    ...(boundObject ? { boundObject } : {}),
  });
  const response = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: ctx.info.name, namespace, creationTimestamp: null },
    spec: { ...spec, expirationSeconds },
    status: { token: issued.token, expirationTimestamp: kubeTime(issued.expirationTimestamp) },
  };
  await sendObject(ctx.res, 201, response as unknown as KubeObject, acceptedFormat(ctx.req.headers.accept));
}
