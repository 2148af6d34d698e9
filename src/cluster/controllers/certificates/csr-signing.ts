// The CSR signer's decision (Kubernetes' pkg/controller/certificates/signer), free of I/O: an
// approved, not failed, not yet issued request for one of the signers Minato runs —
// kubernetes.io/kube-apiserver-client-kubelet (a node's client certificate: ValidateKubeletClientCSR)
// and kubernetes.io/kube-apiserver-client (any client certificate: client auth required) — is
// signed by the cluster CA for the usages it asked, for spec.expirationSeconds or the default
// duration (kube-controller-manager's --cluster-signing-duration, one year). A request that
// breaks its signer's rules gets the Failed condition (reason SignerValidationFailure).
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { CertificateRequestInfo } from '../../api/certificates/certificate-request.ts';
import {
  apiServerClientUsagesProblem,
  hasCondition,
  KUBE_APISERVER_CLIENT_KUBELET_SIGNER,
  KUBE_APISERVER_CLIENT_SIGNER,
  kubeletClientRequestProblem,
} from '../../api/certificates/signers.ts';

export const DEFAULT_SIGNING_DURATION_SECONDS = 365 * 24 * 3600;

/** What the cluster CA is asked to certify: the request's key and subject, for these usages and this long. */
export interface SigningRequest {
  requestPem: string;
  /** openssl keyUsage names (digitalSignature, keyEncipherment); the extended usage is always clientAuth. */
  keyUsage: string[];
  durationSeconds: number;
}

/** Signs with the cluster CA (injected: the controller holds no key and imports no PKI code); resolves to the certificate PEM. */
export type CertificateSigner = (request: SigningRequest) => Promise<string>;

export type SigningDecision = { kind: 'ignore' } | { kind: 'fail'; message: string } | { kind: 'sign'; request: Omit<SigningRequest, 'requestPem'> };

const opensslKeyUsages: Record<string, string> = { 'digital signature': 'digitalSignature', 'key encipherment': 'keyEncipherment' };

export const signerNames = [KUBE_APISERVER_CLIENT_KUBELET_SIGNER, KUBE_APISERVER_CLIENT_SIGNER];

export function decideSigning(csr: CertificateSigningRequest, request: () => CertificateRequestInfo): SigningDecision {
  if (!hasCondition(csr, 'Approved') || hasCondition(csr, 'Denied') || hasCondition(csr, 'Failed') || csr.status?.certificate) return { kind: 'ignore' };
  if (!signerNames.includes(csr.spec.signerName)) return { kind: 'ignore' };
  const usages = csr.spec.usages ?? [];
  const problem = csr.spec.signerName === KUBE_APISERVER_CLIENT_KUBELET_SIGNER ? kubeletClientRequestProblem(request(), usages) : apiServerClientUsagesProblem(usages);
  if (problem) return { kind: 'fail', message: problem };
  return {
    kind: 'sign',
    request: {
      keyUsage: usages.flatMap((usage) => (opensslKeyUsages[usage] ? [opensslKeyUsages[usage]!] : [])),
      durationSeconds: csr.spec.expirationSeconds ?? DEFAULT_SIGNING_DURATION_SECONDS,
    },
  };
}
