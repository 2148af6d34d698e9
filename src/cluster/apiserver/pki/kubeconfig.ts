// The admin kubeconfig `minato server --write-kubeconfig PATH` writes, shaped like k3s' k3s.yaml:
// one cluster, user and context, all named "default", with the CA and the client certificate
// embedded as *-data so the file works wherever it is copied. Mode 0600: it holds a key.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../../../util/fs.ts';

export interface KubeconfigOptions {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  caCertPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** The cluster, user and context name; default "default" as k3s. */
  name?: string;
}

export function renderKubeconfig(options: KubeconfigOptions): string {
  const name = options.name ?? 'default';
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': b64(options.caCertPem), server: options.server }, name }],
    contexts: [{ context: { cluster: name, user: name }, name }],
    'current-context': name,
    kind: 'Config',
    preferences: {},
    users: [{ name, user: { 'client-certificate-data': b64(options.clientCertPem), 'client-key-data': b64(options.clientKeyPem) } }],
  }, { lineWidth: 0 });
}

/** Writes (replacing) the kubeconfig; mode 0600 unless told otherwise (k3s' --write-kubeconfig-mode). */
export async function writeAdminKubeconfig(file: string, options: KubeconfigOptions & { mode?: number }): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const mode = options.mode ?? 0o600;
  await writeFileAtomic(file, renderKubeconfig(options), mode);
  // writeFile's mode passes through the umask; the operator asked for exactly this one.
  await fsp.chmod(file, mode);
}
