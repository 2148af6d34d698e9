// The cluster's PKI in <data-dir>/tls: made on first start, reused on later ones.
//
//   ca.crt, ca.key                      the cluster CA (10 years); signs every certificate below
//                                       and is what clients trust (kubeconfig
//                                       certificate-authority-data, pods' ca.crt)
//   serving-kube-apiserver.crt/.key     the API server's HTTPS certificate (1 year), SANs from
//                                       servingNames(); remade when a requested name is missing,
//                                       it nears expiry, or the CA changed
//   client-admin.crt/.key               CN=system:admin, O=system:masters (1 year), as k3s: the
//                                       admin kubeconfig's identity
//   client-kube-apiserver-kubelet.crt/.key
//                                       CN=kube-apiserver-kubelet-client, O=system:masters
//                                       (1 year): the API server's identity towards node agents'
//                                       kubelet API (logs, exec)
//   service-account.key/.pub            RSA key pair that signs (and verifies) service-account
//                                       tokens; never rotated here (that would void every token)
//
// One CA for serving and client certificates, as kubeadm does: extended key usage keeps a
// serving certificate from passing as a client and the reverse. Keys are 0600, the directory 0700.
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { invalidArgument } from '../../../util/errors.ts';
import { readFileIfExists, writeFileAtomic } from '../../../util/fs.ts';
import { leafProblem } from './certificate-checks.ts';
import { generateEcKeyPem, generateRsaKeyPem, publicKeyPemOf, samePublicKey } from './keys.ts';
import { type CertificateSpec, createCertificate } from './openssl.ts';
import { type ServingNameOptions, servingNames } from './serving-names.ts';

export const ADMIN_USER = 'system:admin';
export const ADMIN_GROUP = 'system:masters';
/** The API server's client identity towards the node agents (kube-apiserver's --kubelet-client-certificate). */
export const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';

const CA_DAYS = 3650;
const LEAF_DAYS = 365;

export const pkiFiles = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  servingCert: 'serving-kube-apiserver.crt',
  servingKey: 'serving-kube-apiserver.key',
  adminCert: 'client-admin.crt',
  adminKey: 'client-admin.key',
  kubeletClientCert: 'client-kube-apiserver-kubelet.crt',
  kubeletClientKey: 'client-kube-apiserver-kubelet.key',
  serviceAccountKey: 'service-account.key',
  serviceAccountPublicKey: 'service-account.pub',
} as const;

export type PkiFileName = keyof typeof pkiFiles;

export interface ClusterPkiOptions extends ServingNameOptions {
  /** Tests move the clock; default now. */
  now?: Date;
}

export interface ClusterPki {
  /** <data-dir>/tls */
  dir: string;
  /** Absolute paths of every file, by role. */
  files: Record<PkiFileName, string>;
  caCertPem: string;
  servingCertPem: string;
  servingKeyPem: string;
  adminCertPem: string;
  adminKeyPem: string;
  kubeletClientCertPem: string;
  kubeletClientKeyPem: string;
  serviceAccountPrivateKeyPem: string;
  serviceAccountPublicKeyPem: string;
  /** The names the serving certificate was checked (or made) for. */
  servingNames: { dnsNames: string[]; ipAddresses: string[] };
  /** What this call made anew, with why — for the server's start-up log. */
  generated: { file: PkiFileName; reason: string }[];
}

export function pkiDir(dataDir: string): string {
  return path.join(dataDir, 'tls');
}

export async function ensureClusterPki(dataDir: string, options: ClusterPkiOptions = {}): Promise<ClusterPki> {
  const dir = pkiDir(dataDir);
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  await fsp.chmod(dir, 0o700);
  const files = Object.fromEntries(Object.entries(pkiFiles).map(([role, name]) => [role, path.join(dir, name)])) as Record<PkiFileName, string>;
  const now = options.now ?? new Date();
  const generated: ClusterPki['generated'] = [];
  const names = servingNames(options);

  const ca = await ensureCa(files, dir, generated);
  const caCert = new X509Certificate(ca.certPem);
  if (caCert.validToDate.getTime() <= now.getTime()) {
    throw invalidArgument(`the cluster CA ${files.caCert} expired on ${caCert.validToDate.toISOString()}; replace it (and every certificate it signed)`);
  }

  const serving = await ensureLeaf(files, dir, generated, ca, caCert, now, {
    cert: 'servingCert',
    key: 'servingKey',
    spec: { commonName: 'kube-apiserver', usage: 'server', dnsNames: names.dnsNames, ipAddresses: names.ipAddresses },
    names,
  });
  const admin = await ensureLeaf(files, dir, generated, ca, caCert, now, {
    cert: 'adminCert',
    key: 'adminKey',
    spec: { commonName: ADMIN_USER, organizations: [ADMIN_GROUP], usage: 'client' },
    subject: { commonName: ADMIN_USER, organizations: [ADMIN_GROUP] },
  });
  const kubeletClient = await ensureLeaf(files, dir, generated, ca, caCert, now, {
    cert: 'kubeletClientCert',
    key: 'kubeletClientKey',
    spec: { commonName: KUBELET_CLIENT_USER, organizations: [ADMIN_GROUP], usage: 'client' },
    subject: { commonName: KUBELET_CLIENT_USER, organizations: [ADMIN_GROUP] },
  });
  const serviceAccount = await ensureServiceAccountKeys(files, generated);

  return {
    dir,
    files,
    caCertPem: ca.certPem,
    servingCertPem: serving.certPem,
    servingKeyPem: serving.keyPem,
    adminCertPem: admin.certPem,
    adminKeyPem: admin.keyPem,
    kubeletClientCertPem: kubeletClient.certPem,
    kubeletClientKeyPem: kubeletClient.keyPem,
    serviceAccountPrivateKeyPem: serviceAccount.privateKeyPem,
    serviceAccountPublicKeyPem: serviceAccount.publicKeyPem,
    servingNames: names,
    generated,
  };
}

interface Pair {
  certPem: string;
  keyPem: string;
}

async function ensureCa(files: Record<PkiFileName, string>, dir: string, generated: ClusterPki['generated']): Promise<Pair> {
  const [certPem, keyPem] = await Promise.all([readFileIfExists(files.caCert), readKey(files.caKey)]);
  if (certPem !== undefined && keyPem !== undefined) {
    const cert = parse(certPem, files.caCert);
    if (!cert.ca) throw invalidArgument(`${files.caCert} is not a CA certificate`);
    if (!samePublicKey(cert.publicKey, createPrivateKey(keyPem))) throw invalidArgument(`${files.caKey} is not the key of ${files.caCert}`);
    return { certPem, keyPem };
  }
  // Half a CA is an operator's mistake (or a restore gone wrong); making a new one would silently
  // invalidate every kubeconfig and agent that trusts the old one.
  if (certPem !== undefined || keyPem !== undefined) {
    const missing = certPem === undefined ? files.caCert : files.caKey;
    throw invalidArgument(`${missing} is missing while its other half exists; restore it, or remove both to create a new cluster CA`);
  }
  const newKey = await generateEcKeyPem();
  const newCert = await createCertificate({ commonName: `minato-ca@${Math.floor(Date.now() / 1000)}`, usage: 'ca', keyPem: newKey, days: CA_DAYS }, dir);
  await writeKeyThenCert(files.caKey, newKey, files.caCert, newCert);
  generated.push({ file: 'caCert', reason: 'no cluster CA yet' });
  return { certPem: newCert, keyPem: newKey };
}

interface LeafPlan {
  cert: PkiFileName;
  key: PkiFileName;
  spec: Omit<CertificateSpec, 'keyPem' | 'days' | 'signer'>;
  names?: { dnsNames: string[]; ipAddresses: string[] };
  subject?: { commonName: string; organizations: readonly string[] };
}

async function ensureLeaf(
  files: Record<PkiFileName, string>,
  dir: string,
  generated: ClusterPki['generated'],
  ca: Pair,
  caCert: X509Certificate,
  now: Date,
  plan: LeafPlan,
): Promise<Pair> {
  const [certPem, keyPem] = await Promise.all([readFileIfExists(files[plan.cert]), readKey(files[plan.key])]);
  const problem = certPem !== undefined && keyPem !== undefined ? leafFileProblem(certPem, keyPem, caCert, now, plan) : 'missing';
  if (problem === undefined) return { certPem: certPem as string, keyPem: keyPem as string };
  const newKey = await generateEcKeyPem();
  const newCert = await createCertificate({ ...plan.spec, keyPem: newKey, days: LEAF_DAYS, signer: ca }, dir);
  await writeKeyThenCert(files[plan.key], newKey, files[plan.cert], newCert);
  generated.push({ file: plan.cert, reason: problem });
  return { certPem: newCert, keyPem: newKey };
}

// A leaf is derived from the CA, so one that cannot be read is simply made again.
function leafFileProblem(certPem: string, keyPem: string, ca: X509Certificate, now: Date, plan: LeafPlan): string | undefined {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certPem);
    key = createPrivateKey(keyPem);
  } catch (err) {
    return `unreadable (${(err as Error).message})`;
  }
  return leafProblem({ cert, key, ca, now, names: plan.names, subject: plan.subject });
}

async function ensureServiceAccountKeys(files: Record<PkiFileName, string>, generated: ClusterPki['generated']) {
  let privateKeyPem = await readKey(files.serviceAccountKey);
  if (privateKeyPem === undefined) {
    privateKeyPem = await generateRsaKeyPem();
    await writeFileAtomic(files.serviceAccountKey, privateKeyPem, 0o600);
    generated.push({ file: 'serviceAccountKey', reason: 'no service-account signing key yet' });
  }
  if (createPrivateKey(privateKeyPem).asymmetricKeyType !== 'rsa') throw invalidArgument(`${files.serviceAccountKey} must be an RSA key (tokens are RS256)`);
  // The public half is derived, so a missing or stale .pub is simply written again.
  const publicKeyPem = publicKeyPemOf(privateKeyPem);
  const onDisk = await readFileIfExists(files.serviceAccountPublicKey);
  if (onDisk === undefined || !samePublicKey(createPublicKey(onDisk), createPublicKey(publicKeyPem))) {
    await writeFileAtomic(files.serviceAccountPublicKey, publicKeyPem, 0o644);
    generated.push({ file: 'serviceAccountPublicKey', reason: onDisk === undefined ? 'missing' : 'did not match the private key' });
  }
  return { privateKeyPem, publicKeyPem };
}

/** Reads a key file, tightening its mode to 0600 if someone loosened it. */
async function readKey(file: string): Promise<string | undefined> {
  const pem = await readFileIfExists(file);
  if (pem !== undefined) {
    const { mode } = await fsp.stat(file);
    if ((mode & 0o077) !== 0) await fsp.chmod(file, 0o600);
  }
  return pem;
}

// Key first: a crash between the two writes leaves a certificate that does not match its key,
// which the next start detects and repairs.
async function writeKeyThenCert(keyFile: string, keyPem: string, certFile: string, certPem: string): Promise<void> {
  await writeFileAtomic(keyFile, keyPem, 0o600);
  await writeFileAtomic(certFile, certPem, 0o644);
}

function parse(pem: string, file: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (err) {
    throw invalidArgument(`${file} is not a PEM certificate: ${(err as Error).message}`);
  }
}
