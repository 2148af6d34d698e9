// Whether a certificate found on disk can still be used, or must be made again: the same checks
// k3s runs at start (signed by the current CA, matching its key, not about to expire, and — for
// the serving certificate — valid for every name the server is now asked to answer to).
import { type KeyObject, X509Certificate } from 'node:crypto';
import { samePublicKey } from './keys.ts';
import type { ServingNames } from './serving-names.ts';

/** Leaf certificates are renewed at start once fewer than this many days remain (k3s: 90). */
export const RENEW_BEFORE_DAYS = 90;

export interface LeafCheck {
  cert: X509Certificate;
  key: KeyObject;
  ca: X509Certificate;
  now: Date;
  names?: ServingNames;
  /** Required subject, e.g. CN=system:admin with O=system:masters. */
  subject?: { commonName: string; organizations: readonly string[] };
}

/** Why the certificate must be replaced, or undefined when it is fine. */
export function leafProblem(check: LeafCheck): string | undefined {
  const { cert, ca, now } = check;
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return 'not signed by the current CA';
  if (!samePublicKey(cert.publicKey, check.key)) return 'does not match its key';
  if (cert.validFromDate.getTime() > now.getTime()) return 'not valid yet';
  const daysLeft = (cert.validToDate.getTime() - now.getTime()) / 86_400_000;
  if (daysLeft < RENEW_BEFORE_DAYS) return daysLeft <= 0 ? 'expired' : `expires in ${Math.floor(daysLeft)} days`;
  if (check.names) {
    const missing = [
      ...check.names.dnsNames.filter((name) => cert.checkHost(name, { wildcards: false }) === undefined),
      ...check.names.ipAddresses.filter((ip) => cert.checkIP(ip) === undefined),
    ];
    if (missing.length > 0) return `not valid for ${missing.join(', ')}`;
  }
  if (check.subject) {
    const { commonName, organizations } = subjectOf(cert);
    const wanted = check.subject;
    if (commonName !== wanted.commonName || organizations.join('\n') !== wanted.organizations.join('\n')) return 'has another subject';
  }
  return undefined;
}

/** CN and O values of a certificate's subject (Node prints it as KEY=value lines). */
export function subjectOf(cert: X509Certificate): { commonName: string | undefined; organizations: string[] } {
  const lines = cert.subject.split('\n');
  const values = (key: string) => lines.filter((line) => line.startsWith(`${key}=`)).map((line) => line.slice(key.length + 1));
  return { commonName: values('CN')[0], organizations: values('O') };
}
