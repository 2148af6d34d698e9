// Kubernetes' built-in signers (k8s.io/api/certificates/v1) and the rules a request must meet
// for each (pkg/apis/certificates/v1 helpers: ValidateKubeletClientCSR and the signer
// controller's client-usage check) — shared by the approver, the signer and their tests.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { CertificateRequestInfo } from './certificate-request.ts';

export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
export const KUBE_APISERVER_CLIENT_KUBELET_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
export const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';

export const NODES_GROUP = 'system:nodes';
export const NODE_USER_PREFIX = 'system:node:';

const kubeletClientUsages = ['client auth', 'digital signature', 'key encipherment'];
/** ECDSA and Ed25519 keys cannot encipher: Kubernetes accepts the set without key encipherment too. */
const kubeletClientUsagesNoRsa = ['client auth', 'digital signature'];

const sameSet = (a: readonly string[], b: readonly string[]) => new Set(a).size === b.length && b.every((item) => a.includes(item));

/** ValidateKubeletClientCSR: why the request is not a node's client certificate request, or undefined. */
export function kubeletClientRequestProblem(request: CertificateRequestInfo, usages: readonly string[]): string | undefined {
  const { organizations, commonName } = request.subject;
  if (organizations.length !== 1 || organizations[0] !== NODES_GROUP) return `subject organization is not ${NODES_GROUP}`;
  if (request.dnsNames.length > 0) return 'DNS subjectAltNames are not allowed';
  if (request.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (request.ipAddresses.length > 0) return 'IP subjectAltNames are not allowed';
  if (request.uris.length > 0) return 'URI subjectAltNames are not allowed';
  if (!commonName?.startsWith(NODE_USER_PREFIX)) return `subject common name does not begin with ${NODE_USER_PREFIX}`;
  if (!sameSet(usages, kubeletClientUsages) && !sameSet(usages, kubeletClientUsagesNoRsa)) return `usages did not match [${kubeletClientUsages.join(' ')}]`;
  return undefined;
}

/** The signer controller's check for kube-apiserver-client: client auth required, only signature/encipherment besides. */
export function apiServerClientUsagesProblem(usages: readonly string[]): string | undefined {
  const extra = usages.find((usage) => !kubeletClientUsages.includes(usage));
  if (extra !== undefined) return `invalid usage for client certificate: ${extra}`;
  if (!usages.includes('client auth')) return 'missing required usage for client certificate: client auth';
  return undefined;
}

type ConditionType = 'Approved' | 'Denied' | 'Failed';

export function hasCondition(csr: CertificateSigningRequest, type: ConditionType): boolean {
  return (csr.status?.conditions ?? []).some((condition) => condition.type === type && (condition.status ?? 'True') === 'True');
}

/** kubectl's CONDITION column: Approved/Denied/Pending, then ",Failed" and ",Issued" (Kubernetes' extractCSRStatus). */
export function csrConditionText(csr: CertificateSigningRequest): string {
  let text = hasCondition(csr, 'Denied') ? 'Denied' : hasCondition(csr, 'Approved') ? 'Approved' : 'Pending';
  if (hasCondition(csr, 'Failed')) text += ',Failed';
  if (csr.status?.certificate) text += ',Issued';
  return text;
}
