// What the certificate controllers share (Kubernetes' certificates.CertificateController): one
// informer on CertificateSigningRequests whose every add and update enqueues the request, and a
// sync that hands the cached request (if it still exists) to the controller's handler, which
// writes through the /approval or /status subresource.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { type InformerFactory, type Lister, type ResourceClient, resources } from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';

export interface CsrControllerOptions extends ControllerOptions {
  factory: InformerFactory;
}

export abstract class CsrController extends Controller {
  protected readonly csrs: ResourceClient<CertificateSigningRequest>;
  private readonly lister: Lister<CertificateSigningRequest>;

  constructor(name: string, options: CsrControllerOptions) {
    super(name, options);
    this.csrs = options.factory.client(resources.certificateSigningRequests);
    const informer = this.watch(options.factory.informerFor(resources.certificateSigningRequests));
    this.lister = informer.lister;
    informer.addEventHandler({ onAdd: (csr) => this.enqueue(csr), onUpdate: (_old, csr) => this.enqueue(csr) });
  }

  async sync(name: string): Promise<void> {
    const cached = this.lister.get(undefined, name);
    if (cached) await this.handle(cached);
  }

  /** Acts on one request (read from the cache: copy before changing). */
  protected abstract handle(csr: CertificateSigningRequest): Promise<void>;
}

/** spec.request arrives base64-encoded (JSON []byte): the PEM text the controllers read. */
export function requestPemOf(csr: CertificateSigningRequest): string {
  return Buffer.from(csr.spec.request ?? '', 'base64').toString('latin1');
}
