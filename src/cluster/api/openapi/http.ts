// How /openapi/v3 and /openapi/v3/<group-version> answer, as kube-openapi's handler3 does —
// framework-free, so the API server only copies status, headers and body to its response:
//
//  - Content-Type: application/json (the protobuf form, which kubectl never asks for here, is
//    not offered: an Accept that allows no JSON gets 406).
//  - ETag: the quoted hash; If-None-Match with it → 304. Last-Modified: when the service was
//    built; If-Modified-Since not older → 304. Vary: Accept.
//  - A document asked for with ?hash=: the current hash → Cache-Control: public, immutable and
//    Expires a year ahead (the URL names that content forever); another hash → 301 to the
//    current URL. Without ?hash= no caching headers beyond the validators.
//  - The body gzipped (Content-Encoding: gzip) when Accept-Encoding allows it; Go's HTTP client
//    (kubectl) asks for gzip by itself. Kubernetes compresses such responses too (>128 KB).
import type { OpenAPIV3Service, ServedDocument } from './service.ts';

export interface OpenAPIRequest {
  /** The request path, e.g. /openapi/v3 or /openapi/v3/apis/apps/v1 (no query). */
  path: string;
  /** The `hash` query parameter, if any. */
  hash?: string | null | undefined;
  /** Request headers (lower-case names, as node's IncomingMessage has them). */
  headers: { accept?: string | undefined; 'accept-encoding'?: string | undefined; 'if-none-match'?: string | undefined; 'if-modified-since'?: string | undefined };
}

export interface OpenAPIResponse {
  status: number;
  headers: Record<string, string>;
  /** Absent for 301, 304, 404 and 406. */
  body?: Buffer;
}

const prefix = '/openapi/v3';

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((range) => {
    const type = range.split(';')[0]!.trim().toLowerCase();
    return type === 'application/json' || type === 'application/*' || type === '*/*';
  });
}

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((coding) => {
    const [name, ...params] = coding.split(';').map((part) => part.trim().toLowerCase());
    return name === 'gzip' && !params.includes('q=0');
  });
}

function notModified(document: ServedDocument, headers: OpenAPIRequest['headers'], etag: string): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => ['*', etag, `W/${etag}`].includes(tag.trim()));
  const since = headers['if-modified-since'];
  return since !== undefined && !Number.isNaN(Date.parse(since)) && document.lastModified.getTime() <= Date.parse(since);
}

function respond(document: ServedDocument, request: OpenAPIRequest, extra: Record<string, string>): OpenAPIResponse {
  const etag = JSON.stringify(document.hash);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ETag: etag,
    'Last-Modified': document.lastModified.toUTCString(),
    Vary: 'Accept',
    ...extra,
  };
  if (notModified(document, request.headers, etag)) {
    delete headers['Content-Type'];
    return { status: 304, headers };
  }
  if (acceptsGzip(request.headers['accept-encoding'])) {
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept, Accept-Encoding';
    return { status: 200, headers, body: document.gzipped() };
  }
  return { status: 200, headers, body: document.body };
}

/** The response to a request under /openapi/v3; undefined when the path is not under it. */
export function openAPIV3Response(service: OpenAPIV3Service, request: OpenAPIRequest): OpenAPIResponse | undefined {
  const path = request.path.replace(/\/+$/, '');
  if (path === prefix) return respond(service.index(), request, {});
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const documentPath = path.slice(prefix.length + 1);
  const document = service.document(documentPath);
  if (!document) return { status: 404, headers: {} };
  if (!acceptsJson(request.headers.accept)) return { status: 406, headers: { Vary: 'Accept' } };
  const hash = request.hash;
  if (hash) {
    if (hash !== document.hash) {
      return { status: 301, headers: { Location: `${prefix}/${documentPath}?hash=${document.hash}`, Vary: 'Accept' } };
    }
    const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    return respond(document, request, { 'Cache-Control': 'public, immutable', Expires: expires.toUTCString() });
  }
  return respond(document, request, {});
}
