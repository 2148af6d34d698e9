// The bootstrap token authenticator (Kubernetes' plugin/pkg/auth/authenticator/token/bootstrap):
// a bearer token "<id>.<secret>" proves user system:bootstrap:<id>, in group
// system:bootstrappers (plus the Secret's auth-extra-groups), when Secret
// kube-system/bootstrap-token-<id> is of type bootstrap.kubernetes.io/token, holds that id and
// secret, is marked usage-bootstrap-authentication "true", is not being deleted and has not
// expired. A token of another shape is not this authenticator's ('none'); a well-formed one that
// fails any check is rejected — the server answers 401.
import { timingSafeEqual } from 'node:crypto';
import type { Secret } from 'kubernetes-types/core/v1.js';
import {
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  BOOTSTRAP_USER_PREFIX,
  bootstrapTokenGroups,
  bootstrapTokenKeys,
  bootstrapTokenSecretName,
  parseBootstrapToken,
} from '../../api/bootstrap-token.ts';
import type { UserInfo } from './user.ts';

export type BootstrapTokenResult = { kind: 'none' } | { kind: 'user'; user: UserInfo } | { kind: 'rejected'; reason: string };

/** Reads Secret kube-system/NAME (decrypted), or undefined when there is none. */
export type BootstrapSecretGetter = (name: string) => Promise<Secret | undefined> | Secret | undefined;

export class BootstrapTokenAuthenticator {
  private readonly getSecret: BootstrapSecretGetter;
  private readonly now: () => Date;

  constructor(getSecret: BootstrapSecretGetter, now: () => Date = () => new Date()) {
    this.getSecret = getSecret;
    this.now = now;
  }

  async authenticate(token: string): Promise<BootstrapTokenResult> {
    const parsed = parseBootstrapToken(token);
    if (!parsed) return { kind: 'none' };
    const name = bootstrapTokenSecretName(parsed.id);
    const secret = await this.getSecret(name);
    const rejected = (why: string): BootstrapTokenResult => ({ kind: 'rejected', reason: `bootstrap token secret kube-system/${name} ${why}` });
    if (!secret) return rejected('does not exist');
    if (secret.metadata?.deletionTimestamp) return rejected('is deleted and awaiting removal');
    if (secret.type !== BOOTSTRAP_TOKEN_SECRET_TYPE || !secret.data) return rejected(`has invalid type, expected ${BOOTSTRAP_TOKEN_SECRET_TYPE}`);
    const value = (key: string) => (secret.data?.[key] === undefined ? undefined : Buffer.from(secret.data[key]!, 'base64').toString('utf8'));
    if (!constantTimeEqual(value(bootstrapTokenKeys.secret) ?? '', parsed.secret)) return rejected(`has invalid value for key ${bootstrapTokenKeys.secret}`);
    if (value(bootstrapTokenKeys.id) !== parsed.id) return rejected(`has invalid value for key ${bootstrapTokenKeys.id}`);
    const expiration = value(bootstrapTokenKeys.expiration);
    if (expiration !== undefined) {
      const expires = Date.parse(expiration);
      // Kubernetes treats an unparseable expiration as expired.
      if (Number.isNaN(expires)) return rejected(`has an unparseable expiration ${JSON.stringify(expiration)}`);
      if (expires <= this.now().getTime()) return rejected(`expired at ${expiration}`);
    }
    if (value(bootstrapTokenKeys.usageAuthentication) !== 'true') return rejected(`not marked ${bootstrapTokenKeys.usageAuthentication}=true`);
    let groups: string[];
    try {
      groups = bootstrapTokenGroups(value(bootstrapTokenKeys.extraGroups));
    } catch (err) {
      return rejected(`has invalid value for key ${bootstrapTokenKeys.extraGroups}: ${(err as Error).message}`);
    }
    return { kind: 'user', user: { name: `${BOOTSTRAP_USER_PREFIX}${parsed.id}`, groups } };
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
