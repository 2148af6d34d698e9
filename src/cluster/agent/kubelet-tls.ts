// The kubelet API's TLS: a self-signed serving certificate kept in <dataDir>/kubelet-tls (as the
// kubelet's own default, --tls-cert-file unset), and the rule for who may call it: only a client
// certificate signed by the cluster CA whose subject is the API server's kubelet client
// (CN=kube-apiserver-kubelet-client) or a cluster admin (O=system:masters). The API server
// does not verify this self-signed certificate (as k3s and kube-apiserver without
// --kubelet-certificate-authority); the client certificate is what keeps everyone else out.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { runCommand } from '../../util/exec.ts';
import { findExecutable } from '../../util/which.ts';

export const apiServerKubeletClientName = 'kube-apiserver-kubelet-client';
const adminGroup = 'system:masters';

export interface ServingPair {
  certPem: string;
  keyPem: string;
}

/** The agent's serving certificate: reused while it has more than 30 days left, else made anew. */
export async function ensureKubeletServingCert(dataDir: string, nodeName: string, nodeIP: string): Promise<ServingPair> {
  const dir = path.join(dataDir, 'kubelet-tls');
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const certFile = path.join(dir, 'kubelet.crt');
  const keyFile = path.join(dir, 'kubelet.key');
  try {
    const [certPem, keyPem] = await Promise.all([fsp.readFile(certFile, 'utf8'), fsp.readFile(keyFile, 'utf8')]);
    const cert = new X509Certificate(certPem);
    if (cert.validToDate.getTime() - Date.now() > 30 * 86_400_000 && cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(keyPem))) return { certPem, keyPem };
  } catch {
    // missing or unreadable: made below
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await fsp.writeFile(keyFile, keyPem, { mode: 0o600 });
  const config = path.join(dir, 'openssl.cnf');
  const safeName = /^[a-z0-9.-]+$/.test(nodeName) ? nodeName : 'localhost';
  await fsp.writeFile(
    config,
    ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', '[ext]', 'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth', `subjectAltName = DNS:${safeName},IP:${nodeIP}`, ''].join('\n'),
    { mode: 0o600 },
  );
  const { stdout } = await runCommand(
    findExecutable('openssl', 'openssl'),
    ['req', '-new', '-x509', '-config', config, '-extensions', 'ext', '-key', keyFile, '-subj', `/CN=${safeName}@${Math.floor(Date.now() / 1000)}`, '-days', '365', '-sha256'],
    { timeoutMs: 30_000 },
  );
  await fsp.writeFile(certFile, stdout, { mode: 0o644 });
  return { certPem: stdout, keyPem };
}

/** Whether a verified client certificate may use the kubelet API. */
export function isAllowedClient(cert: Partial<PeerCertificate> | null | undefined): boolean {
  const subject = cert?.subject as Record<string, string | string[] | undefined> | undefined;
  if (!subject) return false;
  const values = (field: string) => {
    const value = subject[field];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  return values('CN').includes(apiServerKubeletClientName) || values('O').includes(adminGroup);
}
