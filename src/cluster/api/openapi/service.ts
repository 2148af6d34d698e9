// The documents served under /openapi/v3, serialized once and kept with their hashes.
//
// The index (/openapi/v3) names each group-version's document with a URL that carries the
// document's hash (/openapi/v3/apis/apps/v1?hash=…): kubectl caches a document under that URL
// and fetches it again only when the hash in the index changes. The hash is Kubernetes' —
// SHA-512 of the document's JSON, in upper-case hex (kube-openapi handler3 computeETag) — and
// doubles as the document's ETag.
//
// A service is built from one list of resources; documents are built on first request (the
// index needs every hash, so the first request of the index builds them all — ≈20 ms for the
// served kinds). Keep the service while the list stays the same (openAPIV3ServiceFor does, by
// the list's identity): its Last-Modified is when it was built. When the served resources
// change, build a new one; the hashes of the documents that changed change with them.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildDocument, type DocumentOptions } from './document.ts';
import { documentPathOf, type OpenAPIResource } from './openapi-resource.ts';

export interface ServedDocument {
  /** The JSON, as sent. */
  readonly body: Buffer;
  /** Upper-case hex SHA-512 of the body: the hash in the index's URLs, and the ETag (quoted in the header). */
  readonly hash: string;
  readonly lastModified: Date;
  /** The body gzipped (computed once, on first use). */
  gzipped(): Buffer;
}

export interface OpenAPIV3Service {
  /** The index: {"paths": {"apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=…"}, …}}. */
  index(): ServedDocument;
  /** A group-version's document by its path below /openapi/v3/ ('api/v1', 'apis/apps/v1'); undefined when not served. */
  document(path: string): ServedDocument | undefined;
  /** The document paths served, sorted. */
  paths(): string[];
}

export function hashOf(body: Buffer): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

function served(json: unknown, lastModified: Date): ServedDocument {
  const body = Buffer.from(JSON.stringify(json));
  let gz: Buffer | undefined;
  return { body, hash: hashOf(body), lastModified, gzipped: () => (gz ??= gzipSync(body)) };
}

export function createOpenAPIV3Service(resources: readonly OpenAPIResource[], options: DocumentOptions = {}): OpenAPIV3Service {
  const byPath = new Map<string, OpenAPIResource[]>();
  for (const resource of resources) {
    const path = documentPathOf(resource);
    byPath.set(path, [...(byPath.get(path) ?? []), resource]);
  }
  const paths = [...byPath.keys()].sort();
  const created = new Date();
  // Whole seconds: Last-Modified has no finer resolution, and If-Modified-Since compares equal.
  created.setMilliseconds(0);
  const documents = new Map<string, ServedDocument>();
  let index: ServedDocument | undefined;

  const document = (path: string): ServedDocument | undefined => {
    const group = byPath.get(path);
    if (!group) return undefined;
    let doc = documents.get(path);
    if (!doc) documents.set(path, (doc = served(buildDocument(group, options), created)));
    return doc;
  };
  return {
    document,
    paths: () => [...paths],
    index() {
      if (!index) {
        const entries = paths.map((path) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${document(path)!.hash}` }]);
        index = served({ paths: Object.fromEntries(entries) }, created);
      }
      return index;
    },
  };
}

const services = new WeakMap<readonly OpenAPIResource[], OpenAPIV3Service>();

/** The service of this list of resources, built on first call and reused while the same list (the same array) is passed. */
export function openAPIV3ServiceFor(resources: readonly OpenAPIResource[], options: DocumentOptions = {}): OpenAPIV3Service {
  let service = services.get(resources);
  if (!service) services.set(resources, (service = createOpenAPIV3Service(resources, options)));
  return service;
}
