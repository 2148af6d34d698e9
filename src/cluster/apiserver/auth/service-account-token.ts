// Service-account tokens, as Kubernetes' TokenRequest issues them ("bound" tokens): RS256 JWTs
// signed with the cluster's service-account key, carrying iss, sub system:serviceaccount:NS:NAME,
// aud, iat/nbf/exp, jti and a "kubernetes.io" claim naming the namespace, the service account (with
// its uid) and, optionally, the object the token is bound to (a pod, secret or node).
//
// Verification checks the signature, the issuer, the time window (with Kubernetes' 60 s leeway),
// the audience, and then — through the getter the server provides from its cache — that the
// service account (and the bound object) still exists with the uid in the token: deleting and
// recreating a service account voids the tokens of the old one.
import { createPrivateKey, createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { invalidArgument } from '../../../util/errors.ts';
import { keyIdOf, signJwt, verifyJwt } from './jwt.ts';
import { serviceAccountGroups, serviceAccountUsername, type UserInfo } from './user.ts';

/** The issuer Kubernetes (and k3s) uses by default: https://kubernetes.default.svc.<cluster domain>. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** Issuers accepted besides the signing one: k3s' older "k3s" issuer. */
export const DEFAULT_ACCEPTED_ISSUERS = [DEFAULT_ISSUER, 'k3s'];
/** TokenRequest's default lifetime (spec.expirationSeconds). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
const LEEWAY_SECONDS = 60;

export type BoundObjectKind = 'Pod' | 'Secret' | 'Node';

export interface ServiceAccountTokenRequest {
  namespace: string;
  name: string;
  /** The ServiceAccount's metadata.uid. */
  uid: string;
  /** Default: the API audiences (the issuer). */
  audiences?: readonly string[];
  expirationSeconds?: number;
  /** TokenRequest's spec.boundObjectRef: the token dies with this object. */
  boundObject?: { kind: BoundObjectKind; name: string; uid: string };
}

export interface IssuedToken {
  token: string;
  expirationTimestamp: Date;
}

export interface IssuerOptions {
  privateKeyPem: string;
  issuer?: string;
  /** --api-audiences: tokens issued without audiences get these; default [issuer]. */
  apiAudiences?: readonly string[];
  now?: () => Date;
}

export class ServiceAccountTokenIssuer {
  readonly issuer: string;
  readonly apiAudiences: readonly string[];
  private readonly key: KeyObject;
  private readonly kid: string;
  private readonly now: () => Date;

  constructor(options: IssuerOptions) {
    this.key = createPrivateKey(options.privateKeyPem);
    if (this.key.asymmetricKeyType !== 'rsa') throw invalidArgument('the service-account signing key must be an RSA key');
    this.kid = keyIdOf(this.key);
    this.issuer = options.issuer ?? DEFAULT_ISSUER;
    this.apiAudiences = options.apiAudiences ?? [this.issuer];
    this.now = options.now ?? (() => new Date());
  }

  issue(request: ServiceAccountTokenRequest): IssuedToken {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + (request.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS);
    const kubernetes: Record<string, unknown> = {
      namespace: request.namespace,
      serviceaccount: { name: request.name, uid: request.uid },
    };
    if (request.boundObject) {
      kubernetes[request.boundObject.kind.toLowerCase()] = { name: request.boundObject.name, uid: request.boundObject.uid };
    }
    const claims = {
      aud: [...(request.audiences && request.audiences.length > 0 ? request.audiences : this.apiAudiences)],
      exp,
      iat,
      iss: this.issuer,
      jti: randomUUID(),
      'kubernetes.io': kubernetes,
      nbf: iat,
      sub: serviceAccountUsername(request.namespace, request.name),
    };
    return { token: signJwt(claims, this.key, this.kid), expirationTimestamp: new Date(exp * 1000) };
  }
}

/** What the server's cache knows of an object: enough to tell the same object from a recreated one. */
export interface ObjectIdentity {
  uid?: string;
  deletionTimestamp?: string;
}

type Maybe<T> = T | undefined | Promise<T | undefined>;

/** Read access to the objects tokens refer to (synchronous from a cache, or a promise). */
export interface ServiceAccountGetter {
  serviceAccount(namespace: string, name: string): Maybe<ObjectIdentity>;
  /** Needed only when pod-/secret-/node-bound tokens are issued; a bound token without its getter is rejected. */
  pod?(namespace: string, name: string): Maybe<ObjectIdentity>;
  secret?(namespace: string, name: string): Maybe<ObjectIdentity>;
  node?(name: string): Maybe<ObjectIdentity>;
}

export interface ServiceAccountAuthenticatorOptions {
  /** Verification keys (PEM, public or private): the current one, plus retired ones during a rotation. */
  publicKeyPems: readonly string[];
  /** Accepted iss values; default DEFAULT_ACCEPTED_ISSUERS. */
  issuers?: readonly string[];
  /** --api-audiences: a token must name at least one; default [first issuer]. */
  audiences?: readonly string[];
  getter: ServiceAccountGetter;
  now?: () => Date;
}

export type TokenResult =
  /** Not a token of this authenticator (not a JWT, or another issuer's). */
  | { kind: 'none' }
  | { kind: 'user'; user: UserInfo }
  | { kind: 'rejected'; reason: string };

export class ServiceAccountTokenAuthenticator {
  private readonly keys: { kid: string; key: KeyObject }[];
  private readonly issuers: readonly string[];
  private readonly audiences: readonly string[];
  private readonly getter: ServiceAccountGetter;
  private readonly now: () => Date;

  constructor(options: ServiceAccountAuthenticatorOptions) {
    this.keys = options.publicKeyPems.map((pem) => {
      const key = createPublicKey(pem);
      return { kid: keyIdOf(key), key };
    });
    this.issuers = options.issuers ?? DEFAULT_ACCEPTED_ISSUERS;
    this.audiences = options.audiences ?? [this.issuers[0]!];
    this.getter = options.getter;
    this.now = options.now ?? (() => new Date());
  }

  async authenticate(token: string): Promise<TokenResult> {
    const claims = peekClaims(token);
    // Someone else's token (another issuer, or not a JWT at all): not ours to judge.
    if (!claims || typeof claims.iss !== 'string' || !this.issuers.includes(claims.iss)) return { kind: 'none' };
    const verified = verifyJwt(token, this.keys);
    if (!verified.ok) return { kind: 'rejected', reason: verified.reason };
    const checked = this.checkClaims(verified.claims);
    if ('reason' in checked) return { kind: 'rejected', reason: checked.reason };
    const { namespace, name, uid, bound } = checked;

    const account = await this.getter.serviceAccount(namespace, name);
    const accountProblem = this.objectProblem(account, uid, `service account ${namespace}/${name}`);
    if (accountProblem) return { kind: 'rejected', reason: accountProblem };
    const extra: Record<string, string[]> = {};
    for (const { kind, ref } of bound) {
      const lookup = this.boundObject(kind, namespace, ref.name);
      if (lookup === 'unsupported') return { kind: 'rejected', reason: `token is bound to a ${kind}, which this server cannot check` };
      const problem = this.objectProblem(await lookup, ref.uid, `${kind} ${kind === 'node' ? '' : `${namespace}/`}${ref.name}`);
      if (problem) return { kind: 'rejected', reason: problem };
      if (kind !== 'secret') {
        extra[`authentication.kubernetes.io/${kind}-name`] = [ref.name];
        extra[`authentication.kubernetes.io/${kind}-uid`] = [ref.uid];
      }
    }
    if (typeof verified.claims.jti === 'string') extra['authentication.kubernetes.io/credential-id'] = [`JTI=${verified.claims.jti}`];
    const user: UserInfo = { name: serviceAccountUsername(namespace, name), uid, groups: serviceAccountGroups(namespace) };
    if (Object.keys(extra).length > 0) user.extra = extra;
    return { kind: 'user', user };
  }

  private checkClaims(claims: Record<string, unknown>): CheckedClaims | { reason: string } {
    const now = this.now().getTime() / 1000;
    if (typeof claims.exp !== 'number') return { reason: 'token has no expiry' };
    if (now - LEEWAY_SECONDS >= claims.exp) return { reason: 'token has expired' };
    if (typeof claims.nbf === 'number' && now + LEEWAY_SECONDS < claims.nbf) return { reason: 'token is not valid yet' };
    if (typeof claims.iat === 'number' && now + LEEWAY_SECONDS < claims.iat) return { reason: 'token was issued in the future' };
    const aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    if (!aud.some((a) => this.audiences.includes(a as string))) return { reason: 'token audiences do not include this server' };
    const k8s = claims['kubernetes.io'];
    if (typeof k8s !== 'object' || k8s === null) return { reason: 'token has no kubernetes.io claim' };
    const { namespace, serviceaccount } = k8s as { namespace?: unknown; serviceaccount?: unknown };
    const account = ref(serviceaccount);
    if (typeof namespace !== 'string' || namespace === '' || !account) return { reason: 'token names no service account' };
    // sub must agree with the private claim: both are signed, but only one would be checked otherwise.
    if (claims.sub !== serviceAccountUsername(namespace, account.name)) return { reason: 'token subject does not match its service account' };
    const bound: CheckedClaims['bound'] = [];
    for (const kind of ['pod', 'secret', 'node'] as const) {
      const value = (k8s as Record<string, unknown>)[kind];
      if (value === undefined) continue;
      const boundRef = ref(value);
      if (!boundRef) return { reason: `token has a malformed ${kind} claim` };
      bound.push({ kind, ref: boundRef });
    }
    return { namespace, name: account.name, uid: account.uid, bound };
  }

  private boundObject(kind: 'pod' | 'secret' | 'node', namespace: string, name: string): Maybe<ObjectIdentity> | 'unsupported' {
    const getter = this.getter;
    switch (kind) {
      case 'pod':
        return getter.pod ? getter.pod(namespace, name) : 'unsupported';
      case 'secret':
        return getter.secret ? getter.secret(namespace, name) : 'unsupported';
      case 'node':
        return getter.node ? getter.node(name) : 'unsupported';
    }
  }

  private objectProblem(object: ObjectIdentity | undefined, uid: string, what: string): string | undefined {
    if (!object) return `${what} no longer exists`;
    if (object.uid !== uid) return `${what} has uid ${object.uid ?? '(none)'}, the token names ${uid}`;
    // Kubernetes keeps honouring tokens for a minute into an object's graceful deletion.
    if (object.deletionTimestamp && Date.parse(object.deletionTimestamp) < this.now().getTime() - LEEWAY_SECONDS * 1000) {
      return `${what} is being deleted`;
    }
    return undefined;
  }
}

interface CheckedClaims {
  namespace: string;
  name: string;
  uid: string;
  bound: { kind: 'pod' | 'secret' | 'node'; ref: { name: string; uid: string } }[];
}

function ref(value: unknown): { name: string; uid: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, uid } = value as { name?: unknown; uid?: unknown };
  return typeof name === 'string' && name !== '' && typeof uid === 'string' && uid !== '' ? { name, uid } : undefined;
}

/** The claims of a JWT, unverified: only to route it to the authenticator of its issuer. */
function peekClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
