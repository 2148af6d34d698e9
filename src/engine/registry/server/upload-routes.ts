// Blob uploads: POST /v2/<name>/blobs/uploads/ (start; a whole blob with ?digest=; a
// cross-repository mount with ?mount=&from=), then PATCH chunks, PUT ?digest= to finish, GET for
// the status and DELETE to give up, all on /v2/<name>/blobs/uploads/<uuid>.
import type { IncomingMessage } from 'node:http';
import { checkUploadDigest, classifyDigest, isRepositoryName } from './names.ts';
import { parseContentRange, uploadRangeHeader } from './ranges.ts';
import { registryError } from './registry-errors.ts';
import { blobLocation, type Exchange, type Handler, type RegistryStores, sendEmpty, sendError, uploadLocation } from './respond.ts';
import type { ChunkExpectation, UploadSession } from './uploads.ts';

function sessionHeaders(session: UploadSession) {
  return {
    Location: uploadLocation(session.name, session.id),
    Range: uploadRangeHeader(session.size),
    'Docker-Upload-UUID': session.id,
  };
}

/** What Content-Range and Content-Length say about the chunk in this request. */
function chunkExpectation(req: IncomingMessage): ChunkExpectation {
  const header = req.headers['content-range'];
  if (header === undefined) return {};
  const range = parseContentRange(header);
  if (!range) throw registryError('BLOB_UPLOAD_INVALID', { message: `invalid Content-Range "${header}": want <start>-<end>, inclusive`, detail: { contentRange: header } });
  const length = range.end - range.start + 1;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) !== length) {
    throw registryError('SIZE_INVALID', { message: `Content-Length ${declared} does not match Content-Range ${header} (${length} bytes)`, detail: { contentRange: header, contentLength: declared } });
  }
  return { start: range.start, length };
}

/** 416 answers carry where the upload really is, so the client can resume from there. */
async function withUploadState(exchange: Exchange, stores: RegistryStores, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    const details = (err as { details?: { registryStatus?: number } }).details;
    if (details?.registryStatus !== 416) throw err;
    const session = await stores.uploads.find(exchange.name, exchange.ref).catch(() => undefined);
    sendError(exchange.res, err, exchange.method, session ? sessionHeaders(session) : {});
  }
}

export const startUpload: Handler = async ({ req, res, query, name }, { blobs, uploads, log }) => {
  const mount = query.get('mount');
  const from = query.get('from');
  if (mount !== null) {
    const check = classifyDigest(mount);
    // Only from a repository the blob is really in; otherwise an ordinary upload starts (202).
    if (check.ok && from !== null && isRepositoryName(from) && (await blobs.isLinked(from, check.digest)) && (await blobs.hasContent(check.digest))) {
      await blobs.link(name, check.digest);
      log.info({ repository: name, from, digest: check.digest }, 'blob mounted');
      return sendEmpty(res, 201, { Location: blobLocation(name, check.digest), 'Docker-Content-Digest': check.digest });
    }
  } else if (query.get('digest') !== null) {
    const digest = checkUploadDigest(query.get('digest'));
    const session = await uploads.start(name);
    try {
      const blob = await uploads.complete(name, session.id, digest, req, {});
      await blobs.link(name, blob.digest);
      log.info({ repository: name, digest, size: blob.size }, 'blob pushed');
    } catch (err) {
      await uploads.cancel(name, session.id).catch(() => undefined);
      throw err;
    }
    return sendEmpty(res, 201, { Location: blobLocation(name, digest), 'Docker-Content-Digest': digest });
  }
  const session = await uploads.start(name);
  sendEmpty(res, 202, sessionHeaders(session));
};

export const uploadStatus: Handler = async ({ res, name, ref }, { uploads }) => {
  sendEmpty(res, 204, sessionHeaders(await uploads.find(name, ref)));
};

export const patchUpload: Handler = (exchange, stores) =>
  withUploadState(exchange, stores, async () => {
    const { req, res, name, ref } = exchange;
    await stores.uploads.find(name, ref);
    const session = await stores.uploads.append(name, ref, req, chunkExpectation(req));
    sendEmpty(res, 202, sessionHeaders(session));
  });

export const finishUpload: Handler = (exchange, stores) =>
  withUploadState(exchange, stores, async () => {
    const { req, res, query, name, ref } = exchange;
    await stores.uploads.find(name, ref);
    const digest = checkUploadDigest(query.get('digest'));
    const blob = await stores.uploads.complete(name, ref, digest, req, chunkExpectation(req));
    await stores.blobs.link(name, blob.digest);
    stores.log.info({ repository: name, digest, size: blob.size }, 'blob pushed');
    sendEmpty(res, 201, { Location: blobLocation(name, digest), 'Docker-Content-Digest': digest });
  });

export const cancelUpload: Handler = async ({ res, name, ref }, { uploads }) => {
  await uploads.cancel(name, ref);
  sendEmpty(res, 204, { 'Docker-Upload-UUID': ref });
};
