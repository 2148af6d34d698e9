// kube-controller-manager's csrapproving-controller: approves node client certificate requests
// whose requester is permitted to have them approved (create certificatesigningrequests/nodeclient
// for a bootstrap token, …/selfnodeclient for a node renewing its own), through the /approval
// subresource with reason AutoApproved. Other requests are left alone, for an operator's
// `kubectl certificate approve|deny`.
//
// Kubernetes asks the API server with a SubjectAccessReview. Minato's API server serves none, so
// the permission check is injected: `minato server`/`up` pass their RBAC authorizer (the same
// one every request goes through); without one, the default answers from the groups kubeadm
// binds (system:bootstrappers → nodeclient, system:nodes → selfnodeclient).
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { BOOTSTRAPPERS_GROUP } from '../../api/bootstrap-token.ts';
import { CertificateRequestError, parseCertificateRequest } from '../../api/certificates/certificate-request.ts';
import { NODES_GROUP } from '../../api/certificates/signers.ts';
import { isNotFound } from '../../client/index.ts';
import { type CsrAuthorizer, decideApproval } from './csr-approval.ts';
import { CsrController, type CsrControllerOptions, requestPemOf } from './csr-controller.ts';

export const csrApprovingControllerName = 'csrapproving-controller';

/** The fallback CsrAuthorizer: kubeadm's default bindings, read as group membership. */
export const groupCsrAuthorizer: CsrAuthorizer = (requester, permission) =>
  requester.groups.includes(permission.subresource === 'nodeclient' ? BOOTSTRAPPERS_GROUP : NODES_GROUP);

export interface CsrApprovingControllerOptions extends CsrControllerOptions {
  authorize?: CsrAuthorizer;
}

export class CsrApprovingController extends CsrController {
  private readonly authorize: CsrAuthorizer;

  constructor(options: CsrApprovingControllerOptions) {
    super(csrApprovingControllerName, options);
    this.authorize = options.authorize ?? groupCsrAuthorizer;
  }

  protected async handle(cached: CertificateSigningRequest): Promise<void> {
    const name = cached.metadata?.name;
    let request;
    try {
      request = parseCertificateRequest(requestPemOf(cached));
    } catch (err) {
      // The API server validated it; a request that still does not parse is nobody's to retry.
      if (err instanceof CertificateRequestError) return this.log.warn({ controller: this.name, csr: name, err: err.message }, 'cannot parse the certificate request');
      throw err;
    }
    const decision = await decideApproval(cached, request, this.authorize);
    if (decision.kind === 'not-permitted') {
      this.log.debug({ controller: this.name, csr: name, tried: decision.tried }, 'recognized, but the requester may not have it auto-approved');
      return;
    }
    if (decision.kind !== 'approve') return;
    const csr = structuredClone(cached);
    csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Approved', status: 'True', reason: 'AutoApproved', message: decision.message }] };
    try {
      await this.csrs.updateSubresource(csr, 'approval');
      this.log.info({ controller: this.name, csr: name, requester: csr.spec.username }, 'certificate signing request approved');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
