// `docker login`'s check (POST /auth): do these credentials get through the registry's
// authentication? The daemon answers "Login Succeeded" (and an identity token when the token
// service issued a refresh token); storing the credentials is the client's business.
import { invalidArgument } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import type { InsecureRegistries } from './insecure-registries.ts';
import { type AuthConfig, credentialsOf } from './registry-auth.ts';
import { normaliseServerAddress } from './registry-host.ts';
import { RegistrySession } from './registry-session.ts';

export async function checkLogin(config: AuthConfig, insecure: InsecureRegistries, log?: Logger): Promise<{ identityToken?: string }> {
  const credentials = credentialsOf(config, 'login request');
  if (!credentials?.identityToken && !credentials?.username) throw invalidArgument('cannot log in without a username (and a password or identity token)');
  const domain = normaliseServerAddress(config.serveraddress);
  const session = await RegistrySession.open({ domain, credentials, insecure, log });
  try {
    return await session.login();
  } finally {
    session.close();
  }
}
