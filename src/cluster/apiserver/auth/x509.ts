// Client-certificate authentication. The TLS layer does the cryptography: the server listens with
// requestCert: true, rejectUnauthorized: false and ca: the cluster CA, so every connection
// completes, and `socket.authorized` says whether the client's certificate chained to the CA.
// Here that verdict becomes a user: CN is the name, each O a group (Kubernetes' convention).
import type { PeerCertificate } from 'node:tls';
import type { UserInfo } from './user.ts';

/** The part of a TLSSocket this needs (an HTTP/1 request's socket, or an HTTP/2 session's). */
export interface TlsPeer {
  authorized?: boolean;
  authorizationError?: Error | string | null;
  getPeerCertificate?(detailed?: boolean): PeerCertificate | object | null;
}

export type X509Result =
  /** No certificate was presented. */
  | { kind: 'none' }
  | { kind: 'user'; user: UserInfo }
  | { kind: 'rejected'; reason: string };

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

// A keep-alive connection carries many requests but one certificate: remember the verdict.
const verdicts = new WeakMap<object, X509Result>();

/** `socket` is the request's socket; a plain (non-TLS) one simply has no certificate. */
export function authenticateClientCertificate(socket: TlsPeer | object | undefined): X509Result {
  if (!socket || !isTlsPeer(socket)) return { kind: 'none' };
  const cached = verdicts.get(socket);
  if (cached) return cached;
  const verdict = judge(socket);
  verdicts.set(socket, verdict);
  return verdict;
}

function isTlsPeer(socket: object): socket is TlsPeer & Required<Pick<TlsPeer, 'getPeerCertificate'>> {
  return typeof (socket as TlsPeer).getPeerCertificate === 'function';
}

function judge(socket: TlsPeer & Required<Pick<TlsPeer, 'getPeerCertificate'>>): X509Result {
  const cert = socket.getPeerCertificate(false) as Partial<PeerCertificate> | null;
  // Node returns {} when the client sent no certificate.
  if (!cert || !cert.raw) return { kind: 'none' };
  if (socket.authorized !== true) {
    return { kind: 'rejected', reason: `client certificate not verified: ${String(socket.authorizationError ?? 'unknown error')}` };
  }
  // Kubernetes' x509 authenticator requires the clientAuth usage (OpenSSL checks it too; this keeps
  // it true whatever the TLS options were).
  if (cert.ext_key_usage && !cert.ext_key_usage.includes(CLIENT_AUTH)) {
    return { kind: 'rejected', reason: 'client certificate is not for client authentication' };
  }
  const commonName = first(cert.subject?.CN);
  // Kubernetes: a verified certificate without a CN identifies no one (not an error).
  if (!commonName) return { kind: 'none' };
  return { kind: 'user', user: { name: commonName, groups: all(cert.subject?.O) } };
}

// Node gives a repeated subject attribute (several O) as an array, a single one as a string.
function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function first(value: string | string[] | undefined): string | undefined {
  return all(value)[0];
}
