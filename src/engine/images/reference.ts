// Docker image references ("busybox", "localhost:5000/team/app:1.2@sha256:…"): the grammar and
// normalisation of distribution/reference v0.6 (what the docker CLI and dockerd use), so that a
// name means the same image here as it does to docker.
//
//   reference := name [":" tag] ["@" digest]
//   name      := [domain "/"] path
//   domain    := host [":" port]         host: DNS name, IPv4, or [IPv6]
//   path      := component ("/" component)*
//
// Normalisation: a first component counts as a domain only if it contains "." or ":", is
// "localhost", or has an uppercase letter (path components never do); otherwise the domain is
// docker.io. "index.docker.io" is the legacy spelling of docker.io. On docker.io a one-component
// path lives under "library/".
import type { Digest } from '../../util/digest.ts';
import { invalidArgument } from '../../util/errors.ts';

export type ImageReference = {
  /** Registry host, possibly with a port: "docker.io", "localhost:5000", "[::1]:5000". */
  domain: string;
  /** Repository path inside the registry: "library/busybox", "team/app". */
  path: string;
  /** Absent when the input named no tag; see withDefaultTag. */
  tag?: string;
  digest?: Digest;
};

export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
/** distribution/reference v0.6 limits the path (not the domain) to 255 characters. */
const MAX_PATH_LENGTH = 255;

// The regular expressions of distribution/reference/regexp.go, rebuilt from their parts. JS and
// Go's RE2 both choose the leftmost-first match, so captures split the same way.
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6Host = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6Host})(?::[0-9]+)?`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const referenceRegexp = new RegExp(
  `^((?:${domainAndPort}/)?${remoteName})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`,
);
const nameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const identifierRegexp = /^[a-f0-9]{64}$/;
const sha256HexRegexp = /^[a-f0-9]{64}$/;

/** Docker's wording, wrapped in our InvalidArgument so the API edge maps it to a 400. */
function referenceError(message: string, input: string) {
  return invalidArgument(message, { field: 'reference', value: input });
}

/**
 * Parses a reference as `docker pull/tag/run` do (ParseNormalizedNamed). No tag is added when
 * none is given (use withDefaultTag), because `docker pull` without a tag and `docker tag` need
 * to know. A reference may carry both a tag and a digest; the digest is what identifies content.
 */
export function parseReference(input: string): ImageReference {
  if (identifierRegexp.test(input)) {
    throw referenceError(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`, input);
  }
  const [domain, remainder] = splitDockerDomain(input);
  // Docker checks case on everything before the first ":" — so a domain's port is not included
  // but a digest's "@sha256" is; the message names the repository as Docker prints it.
  const colon = remainder.indexOf(':');
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    throw referenceError(`invalid reference format: repository name (${remote}) must be lowercase`, input);
  }
  return parseCanonical(`${domain}/${remainder}`, input);
}

/** Splits off the registry domain the way splitDockerDomain does; see the header comment. */
function splitDockerDomain(name: string): [domain: string, remainder: string] {
  const slash = name.indexOf('/');
  if (slash === -1) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (first === LEGACY_DEFAULT_DOMAIN) {
    [domain, remainder] = [DEFAULT_DOMAIN, rest];
  } else if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    [domain, remainder] = [first, rest];
  } else {
    [domain, remainder] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

/** reference.Parse on an already domain-qualified string. `input` is what the user typed. */
function parseCanonical(qualified: string, input: string): ImageReference {
  const match = referenceRegexp.exec(qualified);
  if (match === null) {
    const lower = qualified.toLowerCase();
    if (lower !== qualified && referenceRegexp.test(lower)) {
      throw referenceError('invalid reference format: repository name must be lowercase', input);
    }
    throw referenceError('invalid reference format', input);
  }
  const [, name = '', tag, digest] = match;
  const nameMatch = nameRegexp.exec(name);
  const domain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? name;
  if (path.length > MAX_PATH_LENGTH) {
    throw referenceError(`repository name must not be more than ${MAX_PATH_LENGTH} characters`, input);
  }
  const ref: ImageReference = { domain, path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = checkDigest(digest, input);
  return ref;
}

/** The grammar admits any algorithm and hex length; content here is addressed by sha256 only. */
function checkDigest(digest: string, input: string): Digest {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (algorithm !== 'sha256') {
    throw referenceError(`invalid reference format: unsupported digest algorithm "${algorithm}" (want sha256)`, input);
  }
  if (hex.length !== 64) {
    throw referenceError(`invalid reference format: invalid checksum digest length ${hex.length} (want 64)`, input);
  }
  if (!sha256HexRegexp.test(hex)) {
    throw referenceError('invalid reference format: invalid checksum digest format (want lowercase hex)', input);
  }
  return `sha256:${hex}`;
}

/** Adds the "latest" tag when the reference names neither a tag nor a digest (TagNameOnly). */
export function withDefaultTag(ref: ImageReference): ImageReference {
  if (ref.tag !== undefined || ref.digest !== undefined) return ref;
  return { ...ref, tag: DEFAULT_TAG };
}

/**
 * A reference that names a tag (latest when none is given): what `docker tag` and `docker import`
 * accept. A digest cannot be a tag; `digestMessage` says so in the caller's words.
 */
export function parseTagReference(input: string, digestMessage: string): ImageReference {
  const ref = parseReference(input);
  if (ref.digest !== undefined) throw referenceError(digestMessage, input);
  return withDefaultTag(ref);
}

/** "docker.io/library/busybox": the name a registry and the image store key on. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The full form: "docker.io/library/busybox:latest", "name@sha256:…", "name:tag@sha256:…". */
export function formatReference(ref: ImageReference): string {
  return repositoryName(ref) + suffix(ref);
}

/**
 * The name as the docker CLI shows it (`docker images`, `docker ps`): docker.io is dropped, and
 * so is "library/" unless the path is nested below it ("library/a/b" stays).
 */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref);
  if (ref.path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = ref.path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) return rest;
  }
  return ref.path;
}

/** familiarName plus tag and digest: "busybox:latest", "localhost:5000/x:y". */
export function familiarString(ref: ImageReference): string {
  return familiarName(ref) + suffix(ref);
}

function suffix(ref: ImageReference): string {
  return (ref.tag === undefined ? '' : `:${ref.tag}`) + (ref.digest === undefined ? '' : `@${ref.digest}`);
}

const imageIdPrefixRegexp = /^(?:sha256:)?([a-f0-9]{1,64})$/;

/**
 * The hex digits (without "sha256:") when `input` could be an image ID or ID prefix —
 * "sha256:<1–64 hex>" or 1–64 lowercase hex digits — else undefined. Resolve in Docker's order
 * (ParseAnyReference, then the ID index): a "sha256:" form or all 64 digits is only ever an ID, so
 * do not call parseReference on it (it rejects 64 digits and reads "sha256:abc" as library/sha256
 * tagged "abc"); a shorter hex string is also a valid name ("abc123" is docker.io/library/abc123),
 * so look it up as a name first and fall back to the ID prefix.
 */
export function imageIdPrefix(input: string): string | undefined {
  return imageIdPrefixRegexp.exec(input)?.[1];
}
