// POST /auth: `docker login` and `minato login` ask the daemon whether credentials get through
// a registry's authentication (the daemon is what speaks to registries). The body is the Docker
// API's AuthConfig {"username","password","serveraddress"} (or {"identitytoken"}); the answer
// {"Status":"Login Succeeded","IdentityToken":…} or 401 with the registry's reason. Nothing is
// stored here: the client keeps the credentials.
import type { Engine } from '../engine.ts';
import { insecureRegistries } from './distribution-routes.ts';
import { readJson, sendJson } from './http.ts';
import type { ApiRouter } from './router.ts';

export function registerAuthRoutes(router: ApiRouter, engine: Engine): void {
  router.on('POST', '/auth', async ({ req, res }) => {
    const body = await readJson<unknown>(req, {});
    // Loaded on first use, as pull and push are.
    const [{ checkAuthConfig }, { checkLogin }] = await Promise.all([import('../../registry/client/registry-auth.ts'), import('../../registry/client/login.ts')]);
    const config = checkAuthConfig(body, 'login request');
    const result = await checkLogin(config, await insecureRegistries(engine), engine.config.log.child({ component: 'registry' }));
    sendJson(res, 200, { Status: 'Login Succeeded', IdentityToken: result.identityToken ?? '' });
  });
}
