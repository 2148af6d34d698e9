// GET/HEAD/DELETE /v2/<name>/blobs/<digest>: blobs are streamed from disk (with Range for
// resumable pulls), never held in memory; DELETE takes the blob out of the repository only —
// the content stays for the other repositories that link it.
import { pipeline } from 'node:stream/promises';
import { classifyDigest, type Sha256Digest } from './names.ts';
import { parseRangeHeader } from './ranges.ts';
import { registryError } from './registry-errors.ts';
import { etagMatches, type Handler, sendEmpty } from './respond.ts';

/** A blob digest from the path: malformed is 400, another algorithm simply is not here (404). */
function blobDigest(value: string, name: string): Sha256Digest {
  const check = classifyDigest(value);
  if (check.ok) return check.digest;
  if (check.reason === 'algorithm') throw registryError('BLOB_UNKNOWN', { message: `no blob ${value} in repository ${name}: this registry stores sha256 only`, detail: { digest: value } });
  throw registryError('DIGEST_INVALID', { message: `invalid digest "${value}": want sha256:<64 lowercase hex digits>`, detail: { digest: value } });
}

const unknownBlob = (name: string, digest: string) => registryError('BLOB_UNKNOWN', { message: `no blob ${digest} in repository ${name}`, detail: { digest } });

export const getBlob: Handler = async ({ req, res, method, name, ref }, { blobs, log }) => {
  const digest = blobDigest(ref, name);
  const opened = await blobs.open(name, digest);
  if (!opened) throw unknownBlob(name, digest);
  const { handle, size } = opened;
  let streaming = false;
  try {
    const headers = {
      'Docker-Content-Digest': digest,
      ETag: `"${digest}"`,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'max-age=31536000',
    };
    if (etagMatches(req, digest)) return sendEmpty(res, 304, headers);
    // If-Range: the content of a digest never changes, so only a foreign validator voids the Range.
    const ifRange = req.headers['if-range'];
    const usable = ifRange === undefined || ifRange === `"${digest}"` || ifRange === digest;
    const range = method === 'GET' && usable ? parseRangeHeader(req.headers.range, size) : { kind: 'whole' as const };
    if (range.kind === 'unsatisfiable') return sendEmpty(res, 416, { ...headers, 'Content-Range': `bytes */${size}` });
    const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, size - 1];
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'application/octet-stream',
      'Content-Length': end - start + 1,
      ...(range.kind === 'partial' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    streaming = true;
    await pipeline(handle.createReadStream({ start, end }), res).catch((err: unknown) => {
      log.debug({ err, digest }, 'blob download ended early');
      res.destroy();
    });
  } finally {
    if (!streaming) await handle.close();
  }
};

export const deleteBlob: Handler = async ({ res, name, ref }, { blobs }) => {
  const digest = blobDigest(ref, name);
  if (!(await blobs.unlink(name, digest))) throw unknownBlob(name, digest);
  sendEmpty(res, 202, { 'Docker-Content-Digest': digest });
};
