// Compact JWS (JWT) signing and verification with RS256, the algorithm Kubernetes signs
// service-account tokens with. Small on purpose: one algorithm, so a token cannot pick a weaker
// one ("alg": "none", or HS256 keyed with the public key).
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

export interface JwtHeader {
  alg: 'RS256';
  kid?: string;
  typ?: string;
}

export function signJwt(claims: JwtClaims, privateKey: KeyObject, kid?: string): string {
  const header: JwtHeader = kid ? { alg: 'RS256', kid } : { alg: 'RS256' };
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export type JwtVerification = { ok: true; header: JwtHeader; claims: JwtClaims } | { ok: false; reason: string };

/** Checks the form and the signature against the keys (by kid when the token names one); claims are the caller's. */
export function verifyJwt(token: string, keys: readonly { kid: string; key: KeyObject }[]): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(claimsPart);
  if (!header || !claims) return { ok: false, reason: 'malformed JWT' };
  if (header.alg !== 'RS256') return { ok: false, reason: `unsupported JWT algorithm ${JSON.stringify(header.alg)}` };
  const candidates = typeof header.kid === 'string' && header.kid !== '' ? keys.filter((k) => k.kid === header.kid) : keys;
  const input = Buffer.from(`${headerPart}.${claimsPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!candidates.some(({ key }) => verify('sha256', input, key, signature))) return { ok: false, reason: 'invalid signature' };
  return { ok: true, header: header as unknown as JwtHeader, claims };
}

/** Kubernetes' key id: the unpadded base64url SHA-256 of the public key's DER (PKIX) form. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
