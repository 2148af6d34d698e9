// kubeadm's --discovery-token-ca-cert-hash: "sha256:" and the hex SHA-256 of the CA
// certificate's Subject Public Key Info (DER). A joining node pins the CA it learns from
// cluster-info to it.
import { createHash, X509Certificate } from 'node:crypto';

export function caCertHash(caCertPem: string): string {
  const spki = new X509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Whether any certificate in `caCertsPem` matches one of the pinned hashes (kubeadm accepts several). */
export function matchesCaCertHash(caCertPem: string, pinned: readonly string[]): boolean {
  const hash = caCertHash(caCertPem);
  return pinned.some((entry) => entry.toLowerCase() === hash);
}
