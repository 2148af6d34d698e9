// What a repository name, a tag, a digest and an upload id may look like (the distribution
// spec's regular expressions). Every one of them becomes part of a path on disk, so nothing
// reaches the filesystem before it has passed here: the name grammar allows no "." or "_" at
// the start of a component (so no "..", no hidden files, no clash with the "_manifests"-style
// directories of the layout) and tags cannot start with "." either.
import { registryError } from './registry-errors.ts';

const component = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const namePattern = new RegExp(`^${component}(?:/${component})*$`);
const tagPattern = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Any algorithm, as the OCI image spec writes digests; only sha256 is stored. */
const digestSyntax = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const sha256Pattern = /^sha256:[a-f0-9]{64}$/;
const uploadIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Distribution's limit: clients join host and name into references of at most 255 characters. */
export const maxNameLength = 255;

export type Sha256Digest = `sha256:${string}`;

export function isRepositoryName(name: string): boolean {
  return name.length <= maxNameLength && namePattern.test(name);
}

export function isTag(tag: string): boolean {
  return tagPattern.test(tag);
}

export function isSha256Digest(value: string): value is Sha256Digest {
  return sha256Pattern.test(value);
}

export function isUploadId(id: string): boolean {
  return uploadIdPattern.test(id);
}

export function checkRepositoryName(name: string): string {
  if (name.length > maxNameLength) {
    throw registryError('NAME_INVALID', { message: `repository name is ${name.length} characters long, more than ${maxNameLength}`, detail: { name } });
  }
  if (!namePattern.test(name)) {
    throw registryError('NAME_INVALID', {
      message: `invalid repository name "${name}": want lowercase components [a-z0-9] separated by "/", each joined inside by ".", "_", "__" or "-"`,
      detail: { name },
    });
  }
  return name;
}

export type DigestCheck = { ok: true; digest: Sha256Digest } | { ok: false; reason: 'syntax' | 'algorithm' };

/** Tells a malformed digest (400 everywhere) from a well-formed one of an algorithm not stored here. */
export function classifyDigest(value: string): DigestCheck {
  if (isSha256Digest(value)) return { ok: true, digest: value };
  if (!digestSyntax.test(value) || value.startsWith('sha256:')) return { ok: false, reason: 'syntax' };
  return { ok: false, reason: 'algorithm' };
}

/** For digests given by a client for content it sends: anything but sha256 is refused. */
export function checkUploadDigest(value: string | null): Sha256Digest {
  if (value === null || value === '') throw registryError('DIGEST_INVALID', { message: 'digest missing: want ?digest=sha256:<64 hex digits>' });
  const check = classifyDigest(value);
  if (check.ok) return check.digest;
  if (check.reason === 'algorithm') {
    throw registryError('DIGEST_INVALID', { message: `unsupported digest algorithm in "${value}": this registry stores sha256 only`, detail: { digest: value } });
  }
  throw registryError('DIGEST_INVALID', { message: `invalid digest "${value}": want sha256:<64 lowercase hex digits>`, detail: { digest: value } });
}

export type Reference = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: Sha256Digest } | { kind: 'other-algorithm'; digest: string };

/**
 * A manifest reference: a tag or a digest ("MUST NOT be in any other format"). A digest of an
 * algorithm not stored here is well-formed but names nothing, so reads answer "unknown".
 */
export function parseReference(reference: string): Reference {
  if (reference.includes(':')) {
    const check = classifyDigest(reference);
    if (check.ok) return { kind: 'digest', digest: check.digest };
    if (check.reason === 'algorithm') return { kind: 'other-algorithm', digest: reference };
    throw registryError('DIGEST_INVALID', { message: `invalid digest "${reference}": want sha256:<64 lowercase hex digits>`, detail: { digest: reference } });
  }
  if (!isTag(reference)) {
    throw registryError('MANIFEST_INVALID', {
      message: `invalid tag "${reference}": want at most 128 characters of [a-zA-Z0-9_.-], not starting with "." or "-"`,
      detail: { tag: reference },
    });
  }
  return { kind: 'tag', tag: reference };
}
