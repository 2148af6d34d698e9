// The registry as a request handler, independent of any listening socket, so that it can run
// on its own (`minato registry`, see server.ts) or later inside the daemon. Every request: the
// API version header, authentication, routing (404/405 outside the API), name validation, the
// handler, and any failure turned into the spec's error body. No input may take it down.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promises as fsp } from 'node:fs';
import { httpStatusOf } from '../../../util/errors.ts';
import { type Logger, silentLogger } from '../../../util/log.ts';
import { BlobStore } from './blob-store.ts';
import { deleteBlob, getBlob } from './blob-routes.ts';
import type { HtpasswdAuth } from './htpasswd.ts';
import { RegistryLayout } from './layout.ts';
import { apiBase, catalog, referrers, tagsList } from './listing-routes.ts';
import { ManifestStore } from './manifest-store.ts';
import { deleteManifest, getManifest, putManifest } from './manifest-routes.ts';
import { checkRepositoryName } from './names.ts';
import { registryError } from './registry-errors.ts';
import { type Exchange, type Handler, type RegistryStores, sendError } from './respond.ts';
import { matchRoute, routeMethods, type RouteName } from './router.ts';
import { cancelUpload, finishUpload, patchUpload, startUpload, uploadStatus } from './upload-routes.ts';
import { UploadStore } from './uploads.ts';

export interface RegistryOptions {
  /** The storage directory (--root). */
  root: string;
  /** An htpasswd file: when given, every request needs Basic credentials from it. */
  htpasswd?: string;
  log?: Logger;
  /** Upload sessions untouched this long are removed (default a day). */
  uploadMaxIdleMs?: number;
}

export const realm = 'minato-registry';
const purgeIntervalMs = 60 * 60 * 1000;

const handlers: Record<RouteName, Partial<Record<string, Handler>>> = {
  base: { GET: apiBase, HEAD: apiBase },
  catalog: { GET: catalog },
  tags: { GET: tagsList },
  manifest: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest },
  blob: { GET: getBlob, HEAD: getBlob, DELETE: deleteBlob },
  uploads: { POST: startUpload },
  upload: { GET: uploadStatus, HEAD: uploadStatus, PATCH: patchUpload, PUT: finishUpload, DELETE: cancelUpload },
  referrers: { GET: referrers },
};

function splitUrl(url: string): { rawPath: string; query: URLSearchParams } {
  const mark = url.indexOf('?');
  return mark < 0 ? { rawPath: url, query: new URLSearchParams() } : { rawPath: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

export class Registry {
  readonly stores: RegistryStores;
  private readonly auth: HtpasswdAuth | undefined;
  private readonly maxIdleMs: number;
  private purgeTimer: NodeJS.Timeout | undefined;

  private constructor(stores: RegistryStores, auth: HtpasswdAuth | undefined, maxIdleMs: number) {
    this.stores = stores;
    this.auth = auth;
    this.maxIdleMs = maxIdleMs;
  }

  /** Prepares the storage directory (and reads the htpasswd file) — failures here stop the start. */
  static async open(options: RegistryOptions): Promise<Registry> {
    const log = options.log ?? silentLogger();
    const layout = new RegistryLayout(options.root);
    await fsp.mkdir(layout.root, { recursive: true, mode: 0o755 });
    const blobs = new BlobStore(layout);
    const uploads = new UploadStore(layout, blobs);
    await blobs.init();
    await uploads.init();
    await fsp.mkdir(layout.repositoriesDir, { recursive: true });
    let auth: HtpasswdAuth | undefined;
    if (options.htpasswd !== undefined) {
      // Loaded only when asked for: bcrypt is not needed by a registry without authentication.
      const { HtpasswdAuth } = await import('./htpasswd.ts');
      auth = new HtpasswdAuth(options.htpasswd, {
        onSkipped: (skipped) => log.warn({ file: options.htpasswd, skipped }, 'htpasswd entries ignored: only bcrypt (htpasswd -B) is supported'),
      });
      await auth.load();
    }
    const registry = new Registry({ layout, blobs, uploads, manifests: new ManifestStore(layout, blobs), log }, auth, options.uploadMaxIdleMs ?? 24 * 60 * 60 * 1000);
    await registry.purgeUploads();
    registry.purgeTimer = setInterval(() => void registry.purgeUploads(), purgeIntervalMs).unref();
    return registry;
  }

  /** The node:http request listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.serve(req, res);
  };

  close(): void {
    clearInterval(this.purgeTimer);
  }

  async purgeUploads(): Promise<void> {
    try {
      const removed = await this.stores.uploads.purge(this.maxIdleMs);
      if (removed.length > 0) this.stores.log.info({ uploads: removed }, 'removed abandoned uploads');
    } catch (err) {
      this.stores.log.warn({ err }, 'could not remove abandoned uploads');
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const { log } = this.stores;
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    res.once('finish', () => log.debug({ method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    try {
      if (this.auth) {
        const outcome = await this.auth.authenticate(req.headers.authorization);
        if (!outcome.ok) {
          // A client without credentials is asking for the challenge; one with wrong ones is worth a line.
          if (req.headers.authorization !== undefined) log.info({ user: outcome.user, method, url: req.url }, 'authentication failed');
          res.setHeader('WWW-Authenticate', `Basic realm="${realm}"`);
          throw registryError('UNAUTHORIZED', { detail: null });
        }
      }
      const { rawPath, query } = splitUrl(req.url ?? '/');
      let pathname: string;
      try {
        pathname = decodeURIComponent(rawPath);
      } catch {
        pathname = rawPath;
      }
      const match = matchRoute(pathname);
      if (!match) throw registryError('UNSUPPORTED', { status: 404, message: `no such endpoint: ${rawPath}`, detail: { path: rawPath } });
      const handler = handlers[match.route][method];
      if (!handler) {
        res.setHeader('Allow', routeMethods[match.route].join(', '));
        throw registryError('UNSUPPORTED', { message: `${method} is not allowed here: use ${routeMethods[match.route].join(', ')}`, detail: { method, path: rawPath } });
      }
      const name = match.name === undefined ? '' : checkRepositoryName(match.name);
      const exchange: Exchange = { req, res, method, query, pathname: rawPath, match, name, ref: match.ref ?? '' };
      await handler(exchange, this.stores);
    } catch (err) {
      if (httpStatusOf(err) >= 500) log.error({ err, method, url: req.url }, 'request failed');
      else log.debug({ method, url: req.url, message: (err as Error).message }, 'request refused');
      sendError(res, err, method);
    }
  }
}
