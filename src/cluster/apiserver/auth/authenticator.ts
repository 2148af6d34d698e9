// The request authenticator: Kubernetes' chain, in its order — client certificate, then bearer
// token (static token file, bootstrap tokens, then service-account tokens) — with anonymous auth
// at the end.
//
// The three outcomes follow kube-apiserver exactly:
//   - a credential proves a user → that user (plus group system:authenticated);
//   - credentials were presented but none proved anyone (a bad token, a certificate from another
//     CA) → rejected: the server answers 401 without consulting authorization;
//   - no credentials at all → system:anonymous in group system:unauthenticated, and RBAC decides
//     (system:public-info-viewer lets anyone GET /version, /healthz, /livez, /readyz).
import type { IncomingHttpHeaders } from 'node:http';
import type { BootstrapTokenAuthenticator } from './bootstrap-token.ts';
import type { ServiceAccountTokenAuthenticator } from './service-account-token.ts';
import type { StaticTokens } from './token-file.ts';
import { anonymousUser, type UserInfo, withAuthenticatedGroup } from './user.ts';
import { authenticateClientCertificate, type TlsPeer } from './x509.ts';

export interface AuthenticationRequest {
  headers: IncomingHttpHeaders;
  /** The request's TLS socket (req.socket for HTTP/1, req.stream.session.socket for HTTP/2). */
  socket?: TlsPeer | object;
}

export type AuthenticationMethod = 'x509' | 'token-file' | 'bootstrap-token' | 'service-account-token' | 'anonymous';

export type Authentication =
  | { ok: true; user: UserInfo; method: AuthenticationMethod }
  /** Answer 401; `reason` is for the server's log, never for the client (Kubernetes says only "Unauthorized"). */
  | { ok: false; reason: string };

export interface AuthenticatorOptions {
  /** From --token-auth-file. */
  tokens?: StaticTokens;
  serviceAccounts?: ServiceAccountTokenAuthenticator;
  /** --enable-bootstrap-token-auth */
  bootstrapTokens?: BootstrapTokenAuthenticator;
  /** --anonymous-auth; default true, as Kubernetes. */
  anonymous?: boolean;
}

export class RequestAuthenticator {
  private readonly options: AuthenticatorOptions;

  constructor(options: AuthenticatorOptions = {}) {
    this.options = options;
  }

  async authenticate(request: AuthenticationRequest): Promise<Authentication> {
    const failures: string[] = [];
    const x509 = authenticateClientCertificate(request.socket);
    if (x509.kind === 'user') return { ok: true, user: withAuthenticatedGroup(x509.user), method: 'x509' };
    if (x509.kind === 'rejected') failures.push(x509.reason);

    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) {
      const fromFile = this.options.tokens?.lookup(token);
      if (fromFile) return { ok: true, user: withAuthenticatedGroup(fromFile), method: 'token-file' };
      const bootstrap = this.options.bootstrapTokens ? await this.options.bootstrapTokens.authenticate(token) : { kind: 'none' as const };
      if (bootstrap.kind === 'user') return { ok: true, user: withAuthenticatedGroup(bootstrap.user), method: 'bootstrap-token' };
      if (bootstrap.kind === 'rejected') return { ok: false, reason: [...failures, `invalid bearer token: ${bootstrap.reason}`].join('; ') };
      const sa = this.options.serviceAccounts ? await this.options.serviceAccounts.authenticate(token) : { kind: 'none' as const };
      if (sa.kind === 'user') return { ok: true, user: withAuthenticatedGroup(sa.user), method: 'service-account-token' };
      failures.push(sa.kind === 'rejected' ? `invalid bearer token: ${sa.reason}` : 'invalid bearer token');
    }

    if (failures.length > 0) return { ok: false, reason: failures.join('; ') };
    if (this.options.anonymous === false) return { ok: false, reason: 'no credentials' };
    return { ok: true, user: anonymousUser(), method: 'anonymous' };
  }
}

/** The token of an "Authorization: Bearer TOKEN" header, as Kubernetes reads it (scheme case-insensitive). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const parts = header.trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer' || parts[1] === '') return undefined;
  return parts[1];
}
