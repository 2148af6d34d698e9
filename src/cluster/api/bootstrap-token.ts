// Bootstrap tokens (Kubernetes' k8s.io/cluster-bootstrap): "<id>.<secret>" bearer tokens a new
// node joins with, each stored as Secret kube-system/bootstrap-token-<id> of type
// bootstrap.kubernetes.io/token. The format, the Secret's keys and groups, and the Secret a
// token is kept in — shared by the API server's authenticator and the commands that make tokens.
import { randomInt } from 'node:crypto';
import type { Secret } from 'kubernetes-types/core/v1.js';
import { kubeTime } from './kube-time.ts';

export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
export const BOOTSTRAP_TOKEN_NAMESPACE = 'kube-system';
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';
/** kubeadm's group for the tokens it makes ("system:bootstrappers:kubeadm:default-node-token"). */
export const DEFAULT_NODE_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';

export const bootstrapTokenKeys = {
  id: 'token-id',
  secret: 'token-secret',
  expiration: 'expiration',
  description: 'description',
  usageAuthentication: 'usage-bootstrap-authentication',
  usageSigning: 'usage-bootstrap-signing',
  extraGroups: 'auth-extra-groups',
} as const;

const tokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const extraGroupPattern = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The id and secret of a well-formed token; undefined for anything else (then it is not a bootstrap token at all). */
export function parseBootstrapToken(token: string): { id: string; secret: string } | undefined {
  const match = tokenPattern.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** A new random token, as kubeadm's GenerateBootstrapToken. */
export function generateBootstrapToken(): string {
  const pick = (length: number) => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${pick(6)}.${pick(16)}`;
}

export function bootstrapTokenSecretName(id: string): string {
  return `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`;
}

/**
 * The groups of a token's user (GetGroups): system:bootstrappers plus the Secret's
 * auth-extra-groups, sorted and unique. Throws for an extra group outside system:bootstrappers:*.
 */
export function bootstrapTokenGroups(extraGroups: string | undefined): string[] {
  const groups = new Set([BOOTSTRAPPERS_GROUP]);
  for (const group of (extraGroups ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)) {
    if (!extraGroupPattern.test(group)) throw new Error(`group "${group}" does not match ${extraGroupPattern.source}`);
    groups.add(group);
  }
  return [...groups].sort();
}

export interface BootstrapTokenSpec {
  token: string;
  description?: string;
  /** Absent: the token never expires. */
  expires?: Date;
  /** Besides system:bootstrappers. */
  extraGroups?: string[];
}

/** The Secret a token is kept in, as kubeadm writes it (data base64-encoded). */
export function bootstrapTokenSecret(spec: BootstrapTokenSpec): Secret {
  const parsed = parseBootstrapToken(spec.token);
  if (!parsed) throw new Error(`invalid bootstrap token: want the form [a-z0-9]{6}.[a-z0-9]{16}`);
  const strings: Record<string, string> = {
    [bootstrapTokenKeys.id]: parsed.id,
    [bootstrapTokenKeys.secret]: parsed.secret,
    [bootstrapTokenKeys.usageAuthentication]: 'true',
    [bootstrapTokenKeys.usageSigning]: 'true',
  };
  if (spec.description) strings[bootstrapTokenKeys.description] = spec.description;
  if (spec.expires) strings[bootstrapTokenKeys.expiration] = kubeTime(spec.expires);
  if (spec.extraGroups && spec.extraGroups.length > 0) strings[bootstrapTokenKeys.extraGroups] = spec.extraGroups.join(',');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: bootstrapTokenSecretName(parsed.id), namespace: BOOTSTRAP_TOKEN_NAMESPACE },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data: Object.fromEntries(Object.entries(strings).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  };
}
