// kube-controller-manager's csrsigning-controller: signs approved requests for the client signers
// (see csr-signing.ts) with the cluster CA and writes the certificate to status.certificate
// through /status; a request its signer refuses gets the Failed condition instead.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { parseCertificateRequest } from '../../api/certificates/certificate-request.ts';
import { isNotFound } from '../../client/index.ts';
import { CsrController, type CsrControllerOptions, requestPemOf } from './csr-controller.ts';
import { type CertificateSigner, decideSigning } from './csr-signing.ts';
import { kubeTime } from '../../api/kube-time.ts';

export const csrSigningControllerName = 'csrsigning-controller';

export interface CsrSigningControllerOptions extends CsrControllerOptions {
  sign: CertificateSigner;
}

export class CsrSigningController extends CsrController {
  private readonly sign: CertificateSigner;

  constructor(options: CsrSigningControllerOptions) {
    super(csrSigningControllerName, options);
    this.sign = options.sign;
  }

  protected async handle(cached: CertificateSigningRequest): Promise<void> {
    const name = cached.metadata?.name;
    const requestPem = requestPemOf(cached);
    const decision = decideSigning(cached, () => parseCertificateRequest(requestPem));
    if (decision.kind === 'ignore') return;
    const csr = structuredClone(cached);
    if (decision.kind === 'fail') {
      const failed = { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: decision.message, lastUpdateTime: kubeTime(this.now()) };
      csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), failed] };
      this.log.info({ controller: this.name, csr: name, reason: decision.message }, 'certificate signing request refused by its signer');
    } else {
      const certificatePem = await this.sign({ requestPem, ...decision.request });
      csr.status = { ...csr.status, certificate: Buffer.from(certificatePem).toString('base64') };
    }
    try {
      await this.csrs.updateStatus(csr);
      if (decision.kind === 'sign') this.log.info({ controller: this.name, csr: name, requester: csr.spec.username }, 'certificate issued');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
