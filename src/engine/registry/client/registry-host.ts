// Which host serves a reference's registry, and under which key its credentials are kept.
// Docker Hub has three names: images say "docker.io" (or the legacy "index.docker.io"), its
// distribution API lives at registry-1.docker.io, and the docker CLI keeps its credentials under
// "https://index.docker.io/v1/" (a relic of the v1 API that every docker config.json still uses).
// Every other registry is known by its host[:port] in all three roles.
import { invalidArgument } from '../../../util/errors.ts';
import { DEFAULT_DOMAIN } from '../../images/reference.ts';

export const dockerHubApiHost = 'registry-1.docker.io';
export const dockerHubCredentialKey = 'https://index.docker.io/v1/';
const dockerHubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);

/** The host:port to speak the distribution API to for a reference's domain. */
export function apiHost(domain: string): string {
  return isDockerHub(domain) ? dockerHubApiHost : domain;
}

export function isDockerHub(domain: string): boolean {
  return dockerHubAliases.has(domain.toLowerCase());
}

/**
 * A server address as users and the docker CLI give it — "localhost:5000",
 * "https://index.docker.io/v1/", "http://registry.local:5000/v2/" — reduced to the reference
 * domain it means ("docker.io" for every spelling of Docker Hub; an empty address is Docker Hub).
 */
export function normaliseServerAddress(address: string | undefined): string {
  let host = (address ?? '').trim();
  if (host === '') return DEFAULT_DOMAIN;
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  host = host.split('/')[0]!;
  if (host === '' || /[\s@?#]/.test(host)) throw invalidArgument(`invalid registry address "${address}": want HOST[:PORT], e.g. localhost:5000`);
  host = host.toLowerCase();
  return isDockerHub(host) ? DEFAULT_DOMAIN : host;
}

/** The config.json key credentials for a registry domain are stored under, as the docker CLI keys them. */
export function credentialKey(domain: string): string {
  return isDockerHub(domain) ? dockerHubCredentialKey : domain;
}
