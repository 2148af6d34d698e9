// Creating X.509 certificates with the openssl command-line tool. Node's crypto can parse and
// verify certificates but not create them, and the tool is the reference implementation that is
// on every Debian machine (package openssl) — a real component, like crun.
//
// One `openssl req -new -x509` makes either a self-signed certificate (the CA) or, with -CA and
// -CAkey (OpenSSL 3.0+), one signed by the CA; `openssl req -x509 -in REQUEST` signs a PKCS#10
// request (a CertificateSigningRequest's) for the key it holds, keeping its subject, and
// `openssl req -new` makes such a request. Our own config file is passed so that nothing from
// the system's openssl.cnf (e.g. its v3_ca defaults) ends up in a certificate.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { isIP } from 'node:net';
import * as path from 'node:path';
import { invalidArgument } from '../../../util/errors.ts';
import { runCommand } from '../../../util/exec.ts';
import { findExecutable } from '../../../util/which.ts';

export type CertificateUsage = 'ca' | 'server' | 'client';

export interface CertificateSpec {
  commonName: string;
  /** Subject O values: for a client certificate, the Kubernetes groups of its user. */
  organizations?: readonly string[];
  usage: CertificateUsage;
  /** The subject's private key, PEM; its public half is what the certificate certifies. */
  keyPem: string;
  days: number;
  /** Instead of the default keyUsage of a leaf (digitalSignature, keyEncipherment): openssl's names. */
  keyUsage?: readonly string[];
  /** Subject alternative names of a server certificate: DNS names and IP addresses. */
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  /** The CA that signs; none for a self-signed (CA) certificate. */
  signer?: { certPem: string; keyPem: string };
}

/** Creates the certificate; `workDir` holds key copies for the moment openssl runs, so pass a private (0700) directory. */
export async function createCertificate(spec: CertificateSpec, workDir: string): Promise<string> {
  return runOpenssl(spec.commonName, workDir, async (file) => {
    await fsp.writeFile(file('openssl.cnf'), renderConfig(spec), { mode: 0o600 });
    await fsp.writeFile(file('subject.key'), spec.keyPem, { mode: 0o600 });
    const args = ['req', '-new', '-x509', '-config', file('openssl.cnf'), '-extensions', 'ext', '-key', file('subject.key')];
    args.push('-subj', subjectArg(spec), ...validityArgs(spec.days));
    if (spec.signer) args.push(...(await signerArgs(spec.signer, file)));
    return { args, expect: '-----BEGIN CERTIFICATE-----' };
  });
}

/**
 * Signs a PKCS#10 request (PEM) with the CA: the certificate keeps the request's subject and
 * public key; its extensions are ours (`spec`), never the request's.
 */
export async function signCertificateRequest(requestPem: string, spec: Omit<CertificateSpec, 'keyPem' | 'commonName' | 'organizations' | 'signer'> & { signer: { certPem: string; keyPem: string } }, workDir: string): Promise<string> {
  return runOpenssl('a certificate request', workDir, async (file) => {
    await fsp.writeFile(file('openssl.cnf'), renderConfig({ ...spec, commonName: '', keyPem: '' }), { mode: 0o600 });
    await fsp.writeFile(file('request.csr'), requestPem, { mode: 0o600 });
    const args = ['req', '-x509', '-in', file('request.csr'), '-config', file('openssl.cnf'), '-extensions', 'ext', ...validityArgs(spec.days), ...(await signerArgs(spec.signer, file))];
    return { args, expect: '-----BEGIN CERTIFICATE-----' };
  });
}

/** A PKCS#10 request (PEM) for the key, with the subject CN and O values (what a joining node sends). */
export async function createCertificateRequest(spec: { commonName: string; organizations?: readonly string[]; keyPem: string }, workDir: string): Promise<string> {
  return runOpenssl(spec.commonName, workDir, async (file) => {
    await fsp.writeFile(file('openssl.cnf'), ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', ''].join('\n'), { mode: 0o600 });
    await fsp.writeFile(file('subject.key'), spec.keyPem, { mode: 0o600 });
    const args = ['req', '-new', '-config', file('openssl.cnf'), '-key', file('subject.key'), '-subj', subjectArg(spec), '-sha256'];
    return { args, expect: '-----BEGIN CERTIFICATE REQUEST-----' };
  });
}

/** Runs openssl with files in a private temporary directory under workDir, removed afterwards; returns what it printed. */
async function runOpenssl(what: string, workDir: string, prepare: (file: (name: string) => string) => Promise<{ args: string[]; expect: string }>): Promise<string> {
  const openssl = findExecutable('openssl', 'openssl');
  const tmp = await fsp.mkdtemp(path.join(workDir, '.openssl-'));
  try {
    const { args, expect } = await prepare((name) => path.join(tmp, name));
    const { stdout } = await runCommand(openssl, args, { timeoutMs: 30_000 });
    if (!stdout.includes(expect)) throw invalidArgument(`openssl printed no ${expect.replace(/-/g, '').replace('BEGIN ', '').toLowerCase()} for ${what}`);
    return stdout;
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

function validityArgs(days: number): string[] {
  return ['-days', String(days), '-set_serial', randomSerial(), '-sha256'];
}

async function signerArgs(signer: { certPem: string; keyPem: string }, file: (name: string) => string): Promise<string[]> {
  await fsp.writeFile(file('ca.crt'), signer.certPem, { mode: 0o600 });
  await fsp.writeFile(file('ca.key'), signer.keyPem, { mode: 0o600 });
  return ['-CA', file('ca.crt'), '-CAkey', file('ca.key')];
}

function renderConfig(spec: CertificateSpec): string {
  const ext: string[] = [];
  if (spec.usage === 'ca') {
    ext.push('basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature,keyEncipherment,keyCertSign');
  } else {
    // Go's TLS (kubectl) checks extendedKeyUsage: a serving certificate must say serverAuth and a
    // client certificate clientAuth, so neither can stand in for the other.
    ext.push('basicConstraints = critical,CA:FALSE', `keyUsage = critical,${(spec.keyUsage ?? ['digitalSignature', 'keyEncipherment']).join(',')}`);
    ext.push(`extendedKeyUsage = ${spec.usage === 'server' ? 'serverAuth' : 'clientAuth'}`);
  }
  ext.push('subjectKeyIdentifier = hash');
  if (spec.signer) ext.push('authorityKeyIdentifier = keyid');
  const alt = [
    ...(spec.dnsNames ?? []).map((name, i) => `DNS.${i + 1} = ${checkedDnsName(name)}`),
    ...(spec.ipAddresses ?? []).map((ip, i) => `IP.${i + 1} = ${checkedIp(ip)}`),
  ];
  if (alt.length > 0) ext.push('subjectAltName = @alt');
  // The subject comes from -subj; [dn] only has to exist.
  return ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', '[ext]', ...ext, ...(alt.length ? ['[alt]', ...alt] : []), ''].join('\n');
}

/** -subj syntax: /CN=…/O=…/O=…, with "/" "\" "+" "=" escaped by a backslash. */
function subjectArg(spec: Pick<CertificateSpec, 'commonName' | 'organizations'>): string {
  const escape = (value: string) => {
    if (value === '' || /[\x00-\x1f]/.test(value)) throw invalidArgument(`invalid certificate subject value ${JSON.stringify(value)}`);
    return value.replace(/[\\/+=]/g, (c) => `\\${c}`);
  };
  return `/CN=${escape(spec.commonName)}${(spec.organizations ?? []).map((o) => `/O=${escape(o)}`).join('')}`;
}

// RFC 5280: a positive serial of at most 20 bytes, unique per CA — 16 random bytes suffice.
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return `0x${bytes.toString('hex')}`;
}

const dnsName = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function isDnsName(name: string): boolean {
  return name.length <= 253 && dnsName.test(name);
}

function checkedDnsName(name: string): string {
  if (!isDnsName(name)) throw invalidArgument(`invalid DNS name for a certificate: ${JSON.stringify(name)}`);
  return name;
}

function checkedIp(ip: string): string {
  if (isIP(ip) === 0) throw invalidArgument(`invalid IP address for a certificate: ${JSON.stringify(ip)}`);
  return ip;
}
