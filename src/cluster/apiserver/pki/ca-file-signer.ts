// The cluster CA as the certificate controllers' signer: reads ca.crt and ca.key (each time, so a
// replaced CA is used at once) and signs a request with openssl (openssl.ts). The validity is
// what was asked, cut to the CA's own end as Kubernetes' signer does, in whole days (openssl
// req -x509 counts days; at least one).
import { X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { invalidArgument } from '../../../util/errors.ts';
import { signCertificateRequest } from './openssl.ts';

export interface CaFiles {
  certFile: string;
  keyFile: string;
}

export interface CaSigningRequest {
  requestPem: string;
  /** openssl keyUsage names; the extended key usage is clientAuth. */
  keyUsage: string[];
  durationSeconds: number;
}

export function caFileSigner(files: CaFiles, now: () => Date = () => new Date()): (request: CaSigningRequest) => Promise<string> {
  return async (request) => {
    const [certPem, keyPem] = await Promise.all([fsp.readFile(files.certFile, 'utf8'), fsp.readFile(files.keyFile, 'utf8')]);
    const remainingSeconds = (new X509Certificate(certPem).validToDate.getTime() - now().getTime()) / 1000;
    if (remainingSeconds <= 0) throw invalidArgument(`the cluster CA ${files.certFile} has expired: it cannot sign`);
    const days = Math.max(1, Math.floor(Math.min(request.durationSeconds, remainingSeconds) / 86_400));
    const keyUsage = request.keyUsage.length > 0 ? request.keyUsage : ['digitalSignature'];
    // The key's directory (the PKI's, 0700) holds openssl's temporary copies.
    return signCertificateRequest(request.requestPem, { usage: 'client', days, keyUsage, signer: { certPem, keyPem } }, path.dirname(files.keyFile));
  };
}
