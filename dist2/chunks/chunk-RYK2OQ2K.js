import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  invalidArgument
} from "./chunk-UU4MRRHX.js";

// src/engine/images/reference.ts
var DEFAULT_DOMAIN = "docker.io";
var DEFAULT_TAG = "latest";
var LEGACY_DEFAULT_DOMAIN = "index.docker.io";
var OFFICIAL_REPO_PREFIX = "library/";
var MAX_PATH_LENGTH = 255;
var pathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
var domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
var ipv6Host = "\\[(?:[a-fA-F0-9:]+)\\]";
var domainAndPort = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6Host})(?::[0-9]+)?`;
var remoteName = `${pathComponent}(?:/${pathComponent})*`;
var tagPattern = "[\\w][\\w.-]{0,127}";
var digestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
var referenceRegexp = new RegExp(
  `^((?:${domainAndPort}/)?${remoteName})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`
);
var nameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
var identifierRegexp = /^[a-f0-9]{64}$/;
var sha256HexRegexp = /^[a-f0-9]{64}$/;
function referenceError(message, input) {
  return invalidArgument(message, { field: "reference", value: input });
}
function parseReference(input) {
  if (identifierRegexp.test(input)) {
    throw referenceError(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`, input);
  }
  const [domain, remainder] = splitDockerDomain(input);
  const colon = remainder.indexOf(":");
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    throw referenceError(`invalid reference format: repository name (${remote}) must be lowercase`, input);
  }
  return parseCanonical(`${domain}/${remainder}`, input);
}
function splitDockerDomain(name) {
  const slash = name.indexOf("/");
  if (slash === -1) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain;
  let remainder;
  if (first === LEGACY_DEFAULT_DOMAIN) {
    [domain, remainder] = [DEFAULT_DOMAIN, rest];
  } else if (first === "localhost" || /[.:]/.test(first) || first.toLowerCase() !== first) {
    [domain, remainder] = [first, rest];
  } else {
    [domain, remainder] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes("/")) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}
function parseCanonical(qualified, input) {
  const match = referenceRegexp.exec(qualified);
  if (match === null) {
    const lower = qualified.toLowerCase();
    if (lower !== qualified && referenceRegexp.test(lower)) {
      throw referenceError("invalid reference format: repository name must be lowercase", input);
    }
    throw referenceError("invalid reference format", input);
  }
  const [, name = "", tag, digest] = match;
  const nameMatch = nameRegexp.exec(name);
  const domain = nameMatch?.[1] ?? "";
  const path = nameMatch?.[2] ?? name;
  if (path.length > MAX_PATH_LENGTH) {
    throw referenceError(`repository name must not be more than ${MAX_PATH_LENGTH} characters`, input);
  }
  const ref = { domain, path };
  if (tag !== void 0) ref.tag = tag;
  if (digest !== void 0) ref.digest = checkDigest(digest, input);
  return ref;
}
function checkDigest(digest, input) {
  const colon = digest.indexOf(":");
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (algorithm !== "sha256") {
    throw referenceError(`invalid reference format: unsupported digest algorithm "${algorithm}" (want sha256)`, input);
  }
  if (hex.length !== 64) {
    throw referenceError(`invalid reference format: invalid checksum digest length ${hex.length} (want 64)`, input);
  }
  if (!sha256HexRegexp.test(hex)) {
    throw referenceError("invalid reference format: invalid checksum digest format (want lowercase hex)", input);
  }
  return `sha256:${hex}`;
}
function withDefaultTag(ref) {
  if (ref.tag !== void 0 || ref.digest !== void 0) return ref;
  return { ...ref, tag: DEFAULT_TAG };
}
function repositoryName(ref) {
  return `${ref.domain}/${ref.path}`;
}
function formatReference(ref) {
  return repositoryName(ref) + suffix(ref);
}
function familiarName(ref) {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref);
  if (ref.path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = ref.path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes("/")) return rest;
  }
  return ref.path;
}
function familiarString(ref) {
  return familiarName(ref) + suffix(ref);
}
function suffix(ref) {
  return (ref.tag === void 0 ? "" : `:${ref.tag}`) + (ref.digest === void 0 ? "" : `@${ref.digest}`);
}
var imageIdPrefixRegexp = /^(?:sha256:)?([a-f0-9]{1,64})$/;
function imageIdPrefix(input) {
  return imageIdPrefixRegexp.exec(input)?.[1];
}

export {
  parseReference,
  withDefaultTag,
  repositoryName,
  formatReference,
  familiarString,
  imageIdPrefix
};
