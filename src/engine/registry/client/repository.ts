// The distribution API for one repository: manifests by tag or digest, blobs (existence,
// download following redirects, cross-repository mounts, monolithic uploads) and tags. Every
// call asks for the scopes given at construction: pull for a pull; pull,push (and pull on the
// repositories blobs may be mounted from) for a push.
import type { Readable } from 'node:stream';
import { type Digest, isDigest, sha256 } from '../../../util/digest.ts';
import { invalidArgument, unavailable } from '../../../util/errors.ts';
import { MediaType } from '../../images/oci-types.ts';
import { discardBody, type HttpResponse, readBody } from './http-transport.ts';
import { registryError } from './registry-errors.ts';
import type { RegistrySession } from './registry-session.ts';
import type { Scope } from './scope.ts';

/** Manifests and indexes larger than this are refused (Docker Hub's limit is 4 MB too). */
const maxManifestBytes = 4 * 1024 * 1024;
const maxRedirects = 10;

/** Everything this client can read, best first; schema 1 is left out on purpose. */
const manifestAccept = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest].join(', ');

export interface FetchedManifest {
  data: Buffer;
  /** From Content-Type, else the document's own mediaType. */
  mediaType: string;
  digest: Digest;
}

export class Repository {
  readonly session: RegistrySession;
  /** Path inside the registry: "library/busybox". */
  readonly path: string;
  private readonly scopes: readonly Scope[];

  constructor(session: RegistrySession, path: string, scopes: readonly Scope[]) {
    this.session = session;
    this.path = path;
    this.scopes = scopes;
  }

  private api(suffix: string): string {
    return `/v2/${this.path}/${suffix}`;
  }

  private request(method: string, target: string | URL, extra: { headers?: Record<string, string | number>; body?: () => Buffer | Readable; idleTimeoutMs?: number } = {}): Promise<HttpResponse> {
    return this.session.request(method, target, { scopes: this.scopes, ...extra });
  }

  /**
   * A manifest or index by tag or digest. By digest, the content must hash to it (a registry
   * cannot substitute another image for a digest); by tag, its digest is computed here.
   */
  async getManifest(reference: string): Promise<FetchedManifest> {
    const response = await this.request('GET', this.api(`manifests/${reference}`), { headers: { Accept: manifestAccept } });
    if (response.status !== 200) throw await registryError(response);
    const data = await readBody(response, maxManifestBytes, `manifest ${this.path}:${reference}`);
    const digest = sha256(data);
    if (isDigest(reference) && digest !== reference) {
      throw invalidArgument(`manifest verification failed for digest ${reference}: the registry sent content that hashes to ${digest}`);
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim();
    let documentType: string | undefined;
    let schemaVersion: unknown;
    try {
      const parsed = JSON.parse(data.toString('utf8')) as { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; layers?: unknown };
      // OCI documents may omit mediaType: their shape says what they are.
      documentType = typeof parsed.mediaType === 'string' ? parsed.mediaType : Array.isArray(parsed.manifests) ? MediaType.ociIndex : Array.isArray(parsed.layers) ? MediaType.ociManifest : undefined;
      schemaVersion = parsed.schemaVersion;
    } catch {
      throw invalidArgument(`manifest ${this.path}:${reference} from ${this.session.host} is not valid JSON`);
    }
    if (schemaVersion === 1 || contentType.startsWith('application/vnd.docker.distribution.manifest.v1')) {
      throw invalidArgument(`${this.session.domain}/${this.path}:${reference} is a Docker Image Format v1 (schema 1) manifest, which is no longer supported: the image must be pushed again with a current client`);
    }
    const known: string[] = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest];
    const mediaType = known.includes(contentType) ? contentType : (documentType ?? contentType);
    return { data, mediaType, digest };
  }

  /** HEAD: whether the repository has the blob (and its size). */
  async blobSize(digest: Digest): Promise<number | undefined> {
    const response = await this.request('HEAD', this.api(`blobs/${digest}`));
    // HEAD answers carry no body: the status (and a challenge's error) is all there is.
    if (response.status !== 200 && response.status !== 404) throw await registryError(response);
    discardBody(response);
    return response.status === 200 ? Number(response.headers['content-length'] ?? -1) : undefined;
  }

  /** GET a blob as a stream, following redirects (S3 and other storage backends). */
  async openBlob(digest: Digest): Promise<{ body: Readable; size: number | undefined }> {
    let target: string | URL = this.api(`blobs/${digest}`);
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const response = await this.request('GET', target, { idleTimeoutMs: 120_000 });
      if (response.status === 200) {
        const length = Number(response.headers['content-length']);
        return { body: response.body, size: Number.isFinite(length) ? length : undefined };
      }
      const location = response.headers.location;
      if ([301, 302, 303, 307, 308].includes(response.status) && location) {
        discardBody(response);
        target = new URL(location, response.url);
        continue;
      }
      throw await registryError(response);
    }
    throw unavailable(`blob ${digest}: more than ${maxRedirects} redirects`);
  }

  /**
   * Asks the registry to mount a blob from another repository on the same registry. Returns
   * "mounted", or the upload session the registry opened instead (it may not have the blob
   * there, or not allow the mount), which the caller uploads into.
   */
  async mountBlob(digest: Digest, from: string): Promise<'mounted' | URL> {
    const query = new URLSearchParams({ mount: digest, from });
    const response = await this.request('POST', `${this.api('blobs/uploads/')}?${query}`, { headers: { 'Content-Length': 0 } });
    if (response.status !== 201 && response.status !== 202) throw await registryError(response);
    discardBody(response);
    return response.status === 201 ? 'mounted' : this.uploadLocation(response);
  }

  /** POST: opens an upload session; returns where to send the blob. */
  async startUpload(): Promise<URL> {
    const response = await this.request('POST', this.api('blobs/uploads/'), { headers: { 'Content-Length': 0 } });
    if (response.status !== 202) throw await registryError(response);
    discardBody(response);
    return this.uploadLocation(response);
  }

  private uploadLocation(response: HttpResponse): URL {
    const location = response.headers.location;
    if (!location) throw unavailable(`registry ${this.session.host} opened an upload without saying where (no Location header)`);
    return new URL(location, response.url);
  }

  /** Completes an upload session with the whole blob in one PUT, streamed with its length. */
  async putBlob(location: URL, digest: Digest, size: number, open: () => Readable): Promise<void> {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    const response = await this.request('PUT', url, {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': size },
      body: open,
      idleTimeoutMs: 300_000,
    });
    if (response.status !== 201 && response.status !== 204) throw await registryError(response);
    discardBody(response);
  }

  /** PUT a manifest under a tag (or digest); returns its digest. */
  async putManifest(reference: string, data: Buffer, mediaType: string): Promise<Digest> {
    const response = await this.request('PUT', this.api(`manifests/${reference}`), { headers: { 'Content-Type': mediaType }, body: () => data });
    if (response.status !== 201 && response.status !== 200 && response.status !== 202) throw await registryError(response);
    discardBody(response);
    return sha256(data);
  }

  /** GET tags/list (all pages). */
  async listTags(): Promise<string[]> {
    const tags: string[] = [];
    let target: string | URL = this.api('tags/list');
    for (let page = 0; page < 1000; page++) {
      const response = await this.request('GET', target);
      if (response.status !== 200) throw await registryError(response);
      const body = JSON.parse((await readBody(response, 16 * 1024 * 1024, 'tag list')).toString('utf8')) as { tags?: unknown };
      if (Array.isArray(body.tags)) tags.push(...body.tags.filter((tag): tag is string => typeof tag === 'string'));
      const next = /<([^>]+)>;\s*rel="?next"?/.exec(String(response.headers.link ?? ''))?.[1];
      if (!next) break;
      target = new URL(next, response.url);
    }
    return tags;
  }
}
