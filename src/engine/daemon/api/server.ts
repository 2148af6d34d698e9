// The Docker Engine API over HTTP: routes every request (and every upgraded attach/exec
// connection) to its handler, and turns thrown errors into Docker's error bodies. No input,
// however malformed, may take the daemon down: every handler's failure ends at sendError.
import type { Server } from 'node:http';
import { http } from '../../../util/node-http.ts';
import { httpStatusOf } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import type { Engine } from '../engine.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { registerBuildRoutes } from './build-routes.ts';
import { registerContainerRoutes } from './container-routes.ts';
import { registerExecRoutes } from './exec-routes.ts';
import { refuseUpgrade } from './hijack.ts';
import { sendError } from './http.ts';
import { registerImageRoutes } from './image-routes.ts';
import { registerNetworkRoutes } from './network-routes.ts';
import { ApiRouter, parseApiUrl } from './router.ts';
import { registerSystemRoutes } from './system-routes.ts';
import { registerVolumeRoutes } from './volume-routes.ts';
import { notFound } from '../../../util/errors.ts';

export function createApiRouter(engine: Engine): ApiRouter {
  const router = new ApiRouter();
  registerSystemRoutes(router, engine);
  registerContainerRoutes(router, engine);
  registerExecRoutes(router, engine);
  registerImageRoutes(router, engine);
  registerVolumeRoutes(router, engine);
  registerNetworkRoutes(router, engine);
  registerAuthRoutes(router, engine);
  registerBuildRoutes(router, engine);
  return router;
}

export function createApiServer(engine: Engine, log: Logger): Server {
  const router = createApiRouter(engine);
  const logFailure = (err: unknown, method: string | undefined, url: string | undefined) => {
    const status = httpStatusOf(err);
    if (status >= 500) log.error({ err, method, url }, 'request failed');
    else log.debug({ method, url, status, message: (err as Error).message }, 'request refused');
  };

  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    res.once('finish', () => log.debug({ method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    try {
      const { version, path, query } = parseApiUrl(req.url ?? '/');
      const { handler, params } = router.findRequest(req.method ?? 'GET', path);
      await handler({ req, res, params, query, version });
    } catch (err) {
      logFailure(err, req.method, req.url);
      sendError(res, err);
    }
  });

  server.on('upgrade', async (req, socket, head) => {
    socket.on('error', (err) => log.debug({ err }, 'upgraded connection error'));
    try {
      const { version, path, query } = parseApiUrl(req.url ?? '/');
      const found = router.findUpgrade(req.method ?? 'GET', path);
      if (!found) throw notFound(`page not found: ${req.method} ${path} (with Upgrade)`);
      await found.handler({ req, socket, head, params: found.params, query, version });
    } catch (err) {
      logFailure(err, req.method, req.url);
      if (!socket.destroyed) refuseUpgrade(socket, err);
    }
  });

  server.on('clientError', (err, socket) => {
    log.debug({ err }, 'malformed HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  // Long operations (attach, logs -f, wait) must not be cut off by Node's request timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

