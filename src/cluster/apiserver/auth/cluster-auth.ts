// Authentication and authorization assembled for the API server, in the shape of its hooks
// (ApiServerOptions.authenticate / authorize):
//
//   const auth = await ClusterAuth.create({ pki, rbac: rbacCache, serviceAccounts: getter, tokenAuthFile });
//   new ApiServer({ …, authenticate: (req) => auth.authenticate(req), authorize: (user, info) => auth.authorize(user, info) });
//
// authenticate() resolves to the user, to undefined for a request without credentials (the
// server treats it as system:anonymous and answers 401 if RBAC refuses it), and throws an
// Unauthorized MinatoError (→ 401 Status) for credentials that prove no one — a bad or expired
// token, a certificate from another CA — as kube-apiserver does, even for /version.
// authorize() returns Kubernetes' forbidden message as the reason of a denial, and the complete
// 403 Status (with details) beside it.
import type { Status } from 'kubernetes-types/meta/v1.js';
import { MinatoError } from '../../../util/errors.ts';
import type { RequestAttributes } from './attributes.ts';
import { type AuthenticationRequest, RequestAuthenticator } from './authenticator.ts';
import { type BootstrapSecretGetter, BootstrapTokenAuthenticator } from './bootstrap-token.ts';
import { type Authorizer, createAuthorizer } from './authorizer.ts';
import type { RbacSource } from './rbac/source.ts';
import {
  type IssuedToken,
  type ServiceAccountGetter,
  ServiceAccountTokenAuthenticator,
  ServiceAccountTokenIssuer,
  type ServiceAccountTokenRequest,
  DEFAULT_ACCEPTED_ISSUERS,
  DEFAULT_ISSUER,
} from './service-account-token.ts';
import { forbiddenStatus, unauthorizedStatus } from './status.ts';
import { loadTokenFile, type StaticTokens } from './token-file.ts';
import { isAnonymous, type UserInfo } from './user.ts';

export interface ClusterAuthOptions {
  /** The service-account key pair from ensureClusterPki(). */
  pki: { serviceAccountPrivateKeyPem: string; serviceAccountPublicKeyPem: string };
  /** The server's in-memory RBAC objects (an RbacCache kept current from the store). */
  rbac: RbacSource;
  /** Looks up ServiceAccounts (and pods, for pod-bound tokens) in the server's cache. */
  serviceAccounts: ServiceAccountGetter;
  /** Reads kube-system Secrets for bootstrap tokens (--enable-bootstrap-token-auth); without it they are not accepted. */
  bootstrapSecrets?: BootstrapSecretGetter;
  /** --token-auth-file */
  tokenAuthFile?: string;
  /** --anonymous-auth; default true. */
  anonymous?: boolean;
  /** --service-account-issuer; default https://kubernetes.default.svc.cluster.local. */
  issuer?: string;
  /** --api-audiences; default [issuer]. */
  apiAudiences?: readonly string[];
  now?: () => Date;
}

export interface AccessDecision {
  allowed: boolean;
  /** A denial's message: "pods is forbidden: User "alice" cannot list resource …". */
  reason?: string;
  /** A denial's full 403 Status (message, reason Forbidden, details {name, group, kind}). */
  status?: Status;
}

export class ClusterAuth {
  readonly tokenIssuer: ServiceAccountTokenIssuer;
  private readonly authenticator: RequestAuthenticator;
  private readonly authorizer: Authorizer;

  static async create(options: ClusterAuthOptions): Promise<ClusterAuth> {
    const tokens = options.tokenAuthFile ? await loadTokenFile(options.tokenAuthFile) : undefined;
    return new ClusterAuth(options, tokens);
  }

  constructor(options: ClusterAuthOptions, tokens?: StaticTokens) {
    const issuer = options.issuer ?? DEFAULT_ISSUER;
    const apiAudiences = options.apiAudiences ?? [issuer];
    this.tokenIssuer = new ServiceAccountTokenIssuer({ privateKeyPem: options.pki.serviceAccountPrivateKeyPem, issuer, apiAudiences, now: options.now });
    const serviceAccounts = new ServiceAccountTokenAuthenticator({
      publicKeyPems: [options.pki.serviceAccountPublicKeyPem],
      issuers: [...new Set([issuer, ...DEFAULT_ACCEPTED_ISSUERS])],
      audiences: apiAudiences,
      getter: options.serviceAccounts,
      now: options.now,
    });
    const bootstrapTokens = options.bootstrapSecrets ? new BootstrapTokenAuthenticator(options.bootstrapSecrets, options.now) : undefined;
    this.authenticator = new RequestAuthenticator({ tokens, serviceAccounts, bootstrapTokens, anonymous: options.anonymous });
    this.authorizer = createAuthorizer(options.rbac);
  }

  /** The user; undefined when the request carried no credentials; throws Unauthorized for credentials that prove no one. */
  async authenticate(request: AuthenticationRequest): Promise<UserInfo | undefined> {
    const result = await this.authenticator.authenticate(request);
    if (!result.ok) {
      // The client sees only "Unauthorized" (kubeStatus); the message is for the server's log.
      throw new MinatoError('Unauthorized', `Unauthorized: ${result.reason}`, { details: { kubeStatus: unauthorizedStatus() } });
    }
    return isAnonymous(result.user) ? undefined : result.user;
  }

  authorize(user: UserInfo, attributes: RequestAttributes): AccessDecision {
    const decision = this.authorizer.authorize(user, attributes);
    if (decision.allowed) return { allowed: true };
    const status = forbiddenStatus(user, attributes, decision.reason);
    return { allowed: false, reason: status.message, status };
  }

  /** For TokenRequest (POST …/serviceaccounts/NAME/token) and tests. */
  issueServiceAccountToken(request: ServiceAccountTokenRequest): IssuedToken {
    return this.tokenIssuer.issue(request);
  }
}
