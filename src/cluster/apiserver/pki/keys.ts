// Private keys for the cluster's certificates and for signing service-account tokens.
// Node's crypto makes keys well (and faster than spawning openssl); only X.509 certificates need
// the openssl tool. Keys are PKCS#8 PEM, which openssl, Node and Go's crypto/tls all read.
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/** An ECDSA P-256 key: what k3s uses for its CA and TLS certificates (small, fast handshakes). */
export async function generateEcKeyPem(): Promise<string> {
  const { privateKey } = await generate('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** An RSA key: service-account tokens are RS256 JWTs, as Kubernetes issues them by default. */
export async function generateRsaKeyPem(bits = 2048): Promise<string> {
  const { privateKey } = await generate('rsa', { modulusLength: bits });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }) as string;
}

/** Whether two keys (private or public) share the same public half. */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  const der = (key: KeyObject) => (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return der(a).equals(der(b));
}
