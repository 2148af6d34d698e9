// The HTTPS options of the API server. Client certificates are requested and verified against the
// cluster CA, but not required: a request may instead carry a bearer token, or nothing (anonymous),
// and authentication — not the TLS handshake — decides (auth/x509.ts reads socket.authorized).
import type { ServerOptions } from 'node:https';
import type { ClusterPki } from './cluster-pki.ts';

export function apiServerTlsOptions(pki: Pick<ClusterPki, 'servingCertPem' | 'servingKeyPem' | 'caCertPem'>): ServerOptions {
  return {
    key: pki.servingKeyPem,
    cert: pki.servingCertPem,
    ca: pki.caCertPem,
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  };
}
