// GET /v2/ (the version check), /v2/_catalog, /v2/<name>/tags/list and /v2/<name>/referrers/<digest>.
import { MediaType } from '../../images/oci-types.ts';
import { listRepositories, nextLink, paginate, parseCount } from './catalog.ts';
import { classifyDigest } from './names.ts';
import { registryError } from './registry-errors.ts';
import { type Handler, sendJson } from './respond.ts';

/** Distribution's defaults for the catalog: 100 repositories a page unless asked, never more than 1000. */
const catalogPage = 100;
const catalogMax = 1000;

export const apiBase: Handler = async ({ res, method }) => {
  sendJson(res, 200, {}, {}, method);
};

export const catalog: Handler = async ({ res, query, pathname }, { layout }) => {
  const n = parseCount(query.get('n'), catalogPage, catalogMax)!;
  const page = paginate(await listRepositories(layout), n, query.get('last'));
  sendJson(res, 200, { repositories: page.items }, page.next === undefined ? {} : { Link: nextLink(pathname, n, page.next) });
};

export const tagsList: Handler = async ({ res, query, pathname, name }, { manifests }) => {
  const n = parseCount(query.get('n'), undefined);
  const tags = await manifests.tags(name);
  if (tags === undefined) throw registryError('NAME_UNKNOWN', { message: `no repository ${name} in this registry`, detail: { name } });
  const page = paginate(tags, n, query.get('last'));
  sendJson(res, 200, { name, tags: page.items }, page.next === undefined || n === undefined ? {} : { Link: nextLink(pathname, n, page.next) });
};

/** Never 404 (clients would fall back to the referrers tag schema): an unknown subject has no referrers. */
export const referrers: Handler = async ({ res, query, name, ref }, { manifests }) => {
  const check = classifyDigest(ref);
  if (!check.ok && check.reason === 'syntax') {
    throw registryError('DIGEST_INVALID', { message: `invalid digest "${ref}": want sha256:<64 lowercase hex digits>`, detail: { digest: ref } });
  }
  const artifactType = query.get('artifactType');
  let found = check.ok ? await manifests.referrers(name, check.digest) : [];
  if (artifactType !== null) found = found.filter((descriptor) => descriptor.artifactType === artifactType);
  sendJson(
    res,
    200,
    { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: found },
    { 'Content-Type': MediaType.ociIndex, ...(artifactType === null ? {} : { 'OCI-Filters-Applied': 'artifactType' }) },
  );
};
