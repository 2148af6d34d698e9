// A PKCS#10 certificate request (PEM "CERTIFICATE REQUEST"), read the way Kubernetes' ParseCSR
// and CheckSignature read spec.request: the subject (CN and O values), the subject alternative
// names asked for in its extension request, the public key, and a verified self-signature.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { children, DerError, type DerElement, oidOf, readElement, stringOf } from './der.ts';

export interface CertificateRequestInfo {
  subject: { commonName: string | undefined; organizations: string[] };
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
  publicKey: KeyObject;
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
} as const;

/** Signature algorithms a request may be signed with → the digest node:crypto verifies with (null: Ed25519). */
const signatureDigests: Record<string, string | null> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.3.101.112': null,
};

export class CertificateRequestError extends Error {}

/** The DER bytes of the one PEM block of type CERTIFICATE REQUEST in `pem` (as Kubernetes: the first such block). */
export function certificateRequestDer(pem: string): Buffer {
  const match = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END CERTIFICATE REQUEST-----/.exec(pem);
  if (!match) throw new CertificateRequestError('PEM block type must be CERTIFICATE REQUEST');
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}

/** Parses and verifies a PEM certificate request; throws CertificateRequestError saying what is wrong. */
export function parseCertificateRequest(pem: string): CertificateRequestInfo {
  try {
    return parseDer(certificateRequestDer(pem));
  } catch (err) {
    if (err instanceof CertificateRequestError) throw err;
    throw new CertificateRequestError(`invalid certificate request: ${(err as Error).message}`);
  }
}

function parseDer(der: Buffer): CertificateRequestInfo {
  const request = readElement(der);
  const [info, algorithm, signature] = children(request);
  if (request.tag !== 0x30 || !info || !algorithm || !signature || signature.tag !== 0x03) throw new DerError('not a PKCS#10 CertificationRequest');
  const [, subject, spki, attributes] = children(info);
  if (!subject || !spki) throw new DerError('the request info has no subject or public key');
  const publicKey = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
  const algorithmOid = oidOf(children(algorithm)[0]!);
  if (!(algorithmOid in signatureDigests)) throw new CertificateRequestError(`unsupported signature algorithm ${algorithmOid}`);
  // A BIT STRING's first octet counts unused bits (0 for a signature).
  const signed = verify(signatureDigests[algorithmOid]!, info.raw, { key: publicKey, dsaEncoding: 'der' }, signature.value.subarray(1));
  if (!signed) throw new CertificateRequestError('the certificate request signature does not verify');
  return { subject: subjectOf(subject), ...alternativeNames(attributes), publicKey };
}

function subjectOf(name: DerElement): CertificateRequestInfo['subject'] {
  const values = (oid: string) =>
    children(name)
      .flatMap((set) => children(set))
      .map((pair) => children(pair))
      .filter(([type]) => type && oidOf(type) === oid)
      .map(([, value]) => stringOf(value!));
  return { commonName: values(OID.commonName)[0], organizations: values(OID.organization) };
}

function alternativeNames(attributes: DerElement | undefined): Pick<CertificateRequestInfo, 'dnsNames' | 'emailAddresses' | 'ipAddresses' | 'uris'> {
  const names = { dnsNames: [] as string[], emailAddresses: [] as string[], ipAddresses: [] as string[], uris: [] as string[] };
  if (!attributes || attributes.tag !== 0xa0) return names;
  for (const attribute of children(attributes)) {
    const [type, values] = children(attribute);
    if (!type || !values || oidOf(type) !== OID.extensionRequest) continue;
    for (const extensions of children(values)) {
      for (const extension of children(extensions)) {
        const parts = children(extension);
        if (oidOf(parts[0]!) !== OID.subjectAltName) continue;
        const generalNames = readElement(parts[parts.length - 1]!.value);
        for (const general of children(generalNames)) {
          if (general.tag === 0x82) names.dnsNames.push(general.value.toString('latin1'));
          else if (general.tag === 0x81) names.emailAddresses.push(general.value.toString('latin1'));
          else if (general.tag === 0x86) names.uris.push(general.value.toString('latin1'));
          else if (general.tag === 0x87) names.ipAddresses.push(ipText(general.value));
        }
      }
    }
  }
  return names;
}

function ipText(bytes: Buffer): string {
  if (bytes.length === 4) {
    const text = [...bytes].join('.');
    return isIPv4(text) ? text : bytes.toString('hex');
  }
  const groups: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}
