// GET/HEAD/PUT/DELETE /v2/<name>/manifests/<tag-or-digest>.
import { bareMediaType } from './manifest.ts';
import { classifyDigest, isTag, parseReference } from './names.ts';
import { defaultPlatformEntry, negotiate, parseAccept } from './negotiation.ts';
import { registryError } from './registry-errors.ts';
import { etagMatches, type Handler, manifestLocation, readBody, sendEmpty } from './respond.ts';

/** The spec asks registries to take at least 4 MB; distribution takes exactly that. */
export const maxManifestSize = 4 * 1024 * 1024;

export const getManifest: Handler = async ({ req, res, method, name, ref }, { manifests }) => {
  const reference = parseReference(ref);
  let stored = await manifests.get(name, await manifests.resolve(name, reference));
  const outcome = negotiate(stored.mediaType, parseAccept(req.headers.accept), reference.kind === 'tag');
  if (outcome.kind === 'refuse') throw registryError('MANIFEST_UNKNOWN', { message: outcome.message, detail: { name, reference: ref } });
  if (outcome.kind === 'platform-manifest') {
    const entry = defaultPlatformEntry(stored.body);
    const check = entry === undefined ? undefined : classifyDigest(entry);
    if (!check?.ok) {
      throw registryError('MANIFEST_UNKNOWN', { message: 'manifest list found, but the Accept header does not allow manifest lists and it has no linux/amd64 manifest', detail: { name, reference: ref } });
    }
    stored = await manifests.get(name, check.digest);
  }
  const headers = { 'Docker-Content-Digest': stored.digest, ETag: `"${stored.digest}"` };
  if (etagMatches(req, stored.digest)) return sendEmpty(res, 304, headers);
  res.writeHead(200, { ...headers, 'Content-Type': stored.mediaType, 'Content-Length': stored.body.length });
  res.end(method === 'HEAD' ? undefined : stored.body);
};

export const putManifest: Handler = async ({ req, res, query, name, ref }, { manifests, log }) => {
  const reference = parseReference(ref);
  // Tags given along a push by digest (spec end-7b); a push by tag tags just that.
  const extraTags = reference.kind === 'digest' ? query.getAll('tag') : [];
  for (const tag of extraTags) {
    if (!isTag(tag)) throw registryError('MANIFEST_INVALID', { message: `invalid tag "${tag}" in ?tag=: want at most 128 characters of [a-zA-Z0-9_.-], not starting with "." or "-"`, detail: { tag } });
  }
  const body = await readBody(req, maxManifestSize, 'MANIFEST_INVALID', 'the manifest');
  const pushed = await manifests.put(name, reference, body, req.headers['content-type'], extraTags);
  log.info({ repository: name, reference: ref, digest: pushed.digest, mediaType: bareMediaType(req.headers['content-type']) }, 'manifest pushed');
  const headers: Record<string, string> = { Location: manifestLocation(name, pushed.digest), 'Docker-Content-Digest': pushed.digest };
  if (pushed.subject !== undefined) headers['OCI-Subject'] = pushed.subject;
  if (extraTags.length > 0) headers['OCI-Tag'] = extraTags.join(', ');
  sendEmpty(res, 201, headers);
};

export const deleteManifest: Handler = async ({ res, name, ref }, { manifests, log }) => {
  const reference = parseReference(ref);
  if (reference.kind === 'tag') await manifests.deleteTag(name, reference.tag);
  else if (reference.kind === 'digest') await manifests.deleteManifest(name, reference.digest);
  else throw registryError('MANIFEST_UNKNOWN', { message: `no manifest ${ref} in repository ${name}: this registry stores sha256 only`, detail: { name, reference: ref } });
  log.info({ repository: name, reference: ref }, reference.kind === 'tag' ? 'tag deleted' : 'manifest deleted');
  sendEmpty(res, 202);
};
