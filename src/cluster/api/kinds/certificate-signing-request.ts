// certificates.k8s.io/v1 CertificateSigningRequest: a request for a certificate from a named
// signer. As in Kubernetes (pkg/registry/certificates/certificates/strategy.go and
// pkg/apis/certificates/validation): the server, not the client, fills spec.username, uid,
// groups and extra from the requesting user; spec is immutable; the Approved/Denied conditions
// change only through /approval and everything else of the status only through /status; and
// status.certificate may be set only once the request is approved (and not denied or failed).
// Of the admission plugins, CertificateSubjectRestriction is here (no system:masters through
// kubernetes.io/kube-apiserver-client); CertificateApproval and CertificateSigning (the `approve`
// and `sign` verbs on signers) are not: RBAC on /approval and /status decides alone.
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { CertificateRequestError, parseCertificateRequest } from '../certificates/certificate-request.ts';
import { csrConditionText, KUBE_APISERVER_CLIENT_SIGNER } from '../certificates/signers.ts';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, RequestUser, ResourceType } from '../resource-type.ts';
import { duplicate, forbidden, invalid, notSupported, required } from '../validation/errors.ts';
import { nameIsPathSegment } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { humanDuration } from './human-duration.ts';
import { view } from './object-view.ts';
import { keepStatus, resetStatus } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

/** certificates.k8s.io/v1 KeyUsage values. */
export const keyUsages = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system',
  'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
];
const conditionTypes = ['Approved', 'Denied', 'Failed'];
const conditionStatuses = ['True', 'False', 'Unknown'];
const signerNamePattern = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+)\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const minExpirationSeconds = 600;

const csrOf = (object: KubeObject) => view<CertificateSigningRequest>(object);

function validateSpec(csr: CertificateSigningRequest): FieldError[] {
  const spec = csr.spec ?? ({} as CertificateSigningRequest['spec']);
  const errors: FieldError[] = [];
  if (!spec.request) errors.push(required('spec.request'));
  else {
    try {
      const request = parseCertificateRequest(Buffer.from(spec.request, 'base64').toString('latin1'));
      // The CertificateSubjectRestriction admission plugin: no system:masters through the client signer.
      if (spec.signerName === KUBE_APISERVER_CLIENT_SIGNER && request.subject.organizations.includes('system:masters')) {
        errors.push(forbidden('spec.signerName', `use of ${KUBE_APISERVER_CLIENT_SIGNER} signer with system:masters group is not allowed`));
      }
    } catch (err) {
      if (!(err instanceof CertificateRequestError)) throw err;
      errors.push(invalid('spec.request', '<request>', err.message));
    }
  }
  if (!spec.signerName) errors.push(required('spec.signerName'));
  else if (!signerNamePattern.test(spec.signerName) || spec.signerName.length > 571) {
    errors.push(invalid('spec.signerName', spec.signerName, 'must be a fully qualified domain and path of the form \'example.com/signer-name\''));
  }
  if (!spec.usages || spec.usages.length === 0) errors.push(required('spec.usages'));
  const seen = new Set<string>();
  (spec.usages ?? []).forEach((usage, i) => {
    if (!keyUsages.includes(usage)) errors.push(notSupported(`spec.usages[${i}]`, usage, keyUsages));
    else if (seen.has(usage)) errors.push(duplicate(`spec.usages[${i}]`, usage));
    seen.add(usage);
  });
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null && spec.expirationSeconds < minExpirationSeconds) {
    errors.push(invalid('spec.expirationSeconds', spec.expirationSeconds, `may not specify a duration less than ${minExpirationSeconds} seconds`));
  }
  return errors;
}

function validateStatus(csr: CertificateSigningRequest, old: CertificateSigningRequest | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const conditions = csr.status?.conditions ?? [];
  const seen = new Set<string>();
  conditions.forEach((condition, i) => {
    const at = `status.conditions[${i}]`;
    if (!condition.type) errors.push(required(`${at}.type`));
    else if (conditionTypes.includes(condition.type) && seen.has(condition.type)) errors.push(duplicate(`${at}.type`, condition.type));
    seen.add(condition.type);
    if (!conditionStatuses.includes(condition.status)) errors.push(notSupported(`${at}.status`, condition.status, conditionStatuses));
  });
  const has = (type: string) => conditions.some((condition) => condition.type === type && condition.status === 'True');
  if (has('Approved') && has('Denied')) errors.push(invalid('status.conditions', 'Approved', 'Approved and Denied conditions are mutually exclusive'));
  const certificate = csr.status?.certificate;
  if (certificate && certificate !== old?.status?.certificate) {
    if (old?.status?.certificate) errors.push(invalid('status.certificate', '<certificate data>', 'updates may not modify existing certificate content'));
    else if (!has('Approved') || has('Denied') || has('Failed')) {
      errors.push(forbidden('status.certificate', 'updates may not set certificate content unless the Approved condition is present and Denied and Failed conditions are not'));
    } else if (!Buffer.from(certificate, 'base64').toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
      errors.push(invalid('status.certificate', '<certificate data>', 'must contain at least one CERTIFICATE PEM block'));
    }
  }
  if (old) {
    for (const type of ['Approved', 'Denied']) {
      const before = (old.status?.conditions ?? []).some((condition) => condition.type === type);
      if (before && !conditions.some((condition) => condition.type === type)) errors.push(forbidden('status.conditions', `updates may not remove a condition of type "${type}"`));
    }
  }
  return errors;
}

/** The conditions of `next` of the given types, with lastUpdateTime (and lastTransitionTime) stamped where they changed. */
function stampConditions(next: CertificateSigningRequestCondition[], previous: CertificateSigningRequestCondition[], now: string): CertificateSigningRequestCondition[] {
  return next.map((condition) => {
    const before = previous.find((candidate) => candidate.type === condition.type);
    const stamped = { ...condition };
    if (!stamped.lastUpdateTime) stamped.lastUpdateTime = before && before.status === condition.status && before.message === condition.message ? before.lastUpdateTime ?? now : now;
    if (!stamped.lastTransitionTime) stamped.lastTransitionTime = before && before.status === condition.status ? before.lastTransitionTime ?? now : now;
    return stamped;
  });
}

const isApproval = (condition: CertificateSigningRequestCondition) => condition.type === 'Approved' || condition.type === 'Denied';

export const certificateSigningRequestResource: ResourceType = {
  group: 'certificates.k8s.io',
  version: 'v1',
  kind: 'CertificateSigningRequest',
  listKind: 'CertificateSigningRequestList',
  plural: 'certificatesigningrequests',
  singular: 'certificatesigningrequest',
  namespaced: false,
  shortNames: ['csr'],
  categories: [],
  verbs: standardVerbs,
  subresources: { status: true, approval: true },

  defaults(object) {
    // SetDefaults_CertificateSigningRequestCondition: a condition without a status is True.
    for (const condition of csrOf(object).status?.conditions ?? []) if (!condition.status) condition.status = 'True';
  },

  validate(object, old) {
    const csr = csrOf(object);
    const errors = validateMeta(object, old, { namespaced: false, name: nameIsPathSegment });
    if (!old) errors.push(...validateSpec(csr));
    errors.push(...validateStatus(csr, old ? csrOf(old) : undefined));
    return errors;
  },

  prepareForCreate(object, user?: RequestUser) {
    const spec = (csrOf(object).spec ??= {} as CertificateSigningRequest['spec']);
    // Whatever the client wrote: the server records who asked.
    delete spec.username;
    delete spec.uid;
    delete spec.groups;
    delete spec.extra;
    if (user) {
      spec.username = user.name;
      if (user.uid) spec.uid = user.uid;
      if (user.groups.length > 0) spec.groups = [...user.groups];
      if (user.extra && Object.keys(user.extra).length > 0) spec.extra = structuredClone(user.extra);
    }
    resetStatus(object);
  },

  prepareForUpdate(object, old) {
    object.spec = old.spec;
    keepStatus(object, old);
  },

  prepareForSubresourceUpdate(subresource, object, old) {
    const csr = csrOf(object);
    const previous = csrOf(old).status?.conditions ?? [];
    const now = new Date().toISOString();
    const given = csr.status?.conditions ?? [];
    if (subresource === 'approval') {
      // Only the conditions change (csrApprovalStrategy).
      object.status = { ...(old.status as object), conditions: stampConditions(given, previous, now) };
    } else {
      // /status may not add, change or remove Approved/Denied (csrStatusStrategy): the stored ones stay, in place.
      const stored = previous.filter(isApproval);
      const kept = given.flatMap((condition) => (isApproval(condition) ? stored.filter((old) => old.type === condition.type) : [condition]));
      const conditions = [...kept, ...stored.filter((old) => !kept.includes(old))];
      object.status = { ...(object.status as object), conditions: stampConditions(conditions, previous, now) };
    }
    if ((csrOf(object).status?.conditions ?? []).length === 0) delete (object.status as { conditions?: unknown }).conditions;
  },

  table: {
    columns: [
      nameColumn(),
      ageColumn(),
      column('SignerName', 'signerName indicates the requested signer, and is a qualified name.'),
      column('Requestor', 'request contains an x509 certificate signing request encoded in a "CERTIFICATE REQUEST" PEM block.'),
      column('RequestedDuration', 'expirationSeconds is the requested duration of validity of the issued certificate.'),
      column('Condition', 'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".'),
    ],
    row(object, now) {
      const csr = csrOf(object);
      const seconds = csr.spec?.expirationSeconds;
      return [
        nameOf(object),
        age(object, now),
        csr.spec?.signerName || '<none>',
        csr.spec?.username ?? '',
        seconds === undefined || seconds === null ? '<none>' : humanDuration(seconds * 1000),
        csrConditionText(csr),
      ];
    },
  },
};
