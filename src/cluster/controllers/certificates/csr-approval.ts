// The CSR approver's decision (Kubernetes' pkg/controller/certificates/approver, sarapprove.go),
// free of I/O: which recognizer a request matches — a node renewing its own client certificate
// (selfnodeclient), or a node client certificate asked for by someone else, e.g. a bootstrap
// token (nodeclient) — and so which permission the requester must hold for it to be approved.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { CertificateRequestInfo } from '../../api/certificates/certificate-request.ts';
import { KUBE_APISERVER_CLIENT_KUBELET_SIGNER, kubeletClientRequestProblem } from '../../api/certificates/signers.ts';

/** The resource attributes of a SubjectAccessReview: create certificatesigningrequests/<subresource>. */
export interface CsrPermission {
  group: 'certificates.k8s.io';
  resource: 'certificatesigningrequests';
  subresource: 'selfnodeclient' | 'nodeclient';
  verb: 'create';
}

/** The requester recorded on the CSR (spec.username, uid, groups, extra). */
export interface Requester {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Whether the requester holds the permission (a SubjectAccessReview's answer). */
export type CsrAuthorizer = (requester: Requester, permission: CsrPermission) => Promise<boolean> | boolean;

interface Recognizer {
  recognize(csr: CertificateSigningRequest, request: CertificateRequestInfo): boolean;
  subresource: CsrPermission['subresource'];
  message: string;
}

const isNodeClientCert = (csr: CertificateSigningRequest, request: CertificateRequestInfo) =>
  csr.spec.signerName === KUBE_APISERVER_CLIENT_KUBELET_SIGNER && kubeletClientRequestProblem(request, csr.spec.usages ?? []) === undefined;

export const recognizers: readonly Recognizer[] = [
  {
    recognize: (csr, request) => csr.spec.username === request.subject.commonName && isNodeClientCert(csr, request),
    subresource: 'selfnodeclient',
    message: 'Auto approving self kubelet client certificate after SubjectAccessReview.',
  },
  {
    recognize: isNodeClientCert,
    subresource: 'nodeclient',
    message: 'Auto approving kubelet client certificate after SubjectAccessReview.',
  },
];

export type ApprovalDecision =
  /** Issued, approved or denied already; or not a request this approver recognizes. */
  | { kind: 'ignore' }
  | { kind: 'approve'; message: string }
  /** Recognized, but the requester may not have it approved: left for a human (kubectl certificate approve). */
  | { kind: 'not-permitted'; tried: string[] };

export function requesterOf(csr: CertificateSigningRequest): Requester {
  return { name: csr.spec.username ?? '', ...(csr.spec.uid ? { uid: csr.spec.uid } : {}), groups: csr.spec.groups ?? [], ...(csr.spec.extra ? { extra: csr.spec.extra } : {}) };
}

export async function decideApproval(csr: CertificateSigningRequest, request: CertificateRequestInfo, authorize: CsrAuthorizer): Promise<ApprovalDecision> {
  if (csr.status?.certificate) return { kind: 'ignore' };
  if ((csr.status?.conditions ?? []).some((condition) => condition.type === 'Approved' || condition.type === 'Denied')) return { kind: 'ignore' };
  const tried: string[] = [];
  for (const recognizer of recognizers) {
    if (!recognizer.recognize(csr, request)) continue;
    tried.push(recognizer.subresource);
    const permission: CsrPermission = { group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: recognizer.subresource, verb: 'create' };
    if (await authorize(requesterOf(csr), permission)) return { kind: 'approve', message: recognizer.message };
  }
  return tried.length > 0 ? { kind: 'not-permitted', tried } : { kind: 'ignore' };
}
