// Small HTTP helpers of the registry's handlers: what every handler gets, answers with and
// without bodies, errors in the spec's form, and bounded reading of small bodies (manifests).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../../../util/log.ts';
import type { BlobStore } from './blob-store.ts';
import type { ManifestStore } from './manifest-store.ts';
import { errorResponse, registryError, type RegistryErrorCode } from './registry-errors.ts';
import type { RouteMatch } from './router.ts';
import type { UploadStore } from './uploads.ts';
import type { RegistryLayout } from './layout.ts';

/** The stores the handlers work on. */
export interface RegistryStores {
  layout: RegistryLayout;
  blobs: BlobStore;
  uploads: UploadStore;
  manifests: ManifestStore;
  log: Logger;
}

/** One request, routed: `name` is a validated repository name when the route has one. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  query: URLSearchParams;
  pathname: string;
  match: RouteMatch;
  name: string;
  ref: string;
}

export type Handler = (exchange: Exchange, stores: RegistryStores) => Promise<void>;

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}, method = 'GET'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(method === 'HEAD' ? undefined : text);
}

/** Answers with the spec's error body; a response already under way can only be cut. */
export function sendError(res: ServerResponse, err: unknown, method: string, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body } = errorResponse(err);
  sendJson(res, status, body, headers, method);
}

/** Reads a body of at most `limit` bytes; a larger one is refused with `status` (413). */
export async function readBody(req: IncomingMessage, limit: number, code: RegistryErrorCode, what: string): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const tooLarge = () => registryError(code, { status: 413, message: `${what} is larger than ${limit} bytes` });
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Whether If-None-Match names this ETag (quoted or not, or "*"). */
export function etagMatches(req: IncomingMessage, digest: string): boolean {
  const header = req.headers['if-none-match'];
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '');
    return value === '*' || value === digest || value === `"${digest}"`;
  });
}

export function uploadLocation(name: string, id: string): string {
  return `/v2/${name}/blobs/uploads/${id}`;
}

export function blobLocation(name: string, digest: string): string {
  return `/v2/${name}/blobs/${digest}`;
}

export function manifestLocation(name: string, digest: string): string {
  return `/v2/${name}/manifests/${digest}`;
}
