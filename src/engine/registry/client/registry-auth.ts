// Credentials as the Docker Engine API carries them. The docker CLI sends them with pull and
// push in the X-Registry-Auth header: base64url of the JSON AuthConfig
// {"username","password","serveraddress"} (or {"identitytoken"} after an OAuth login); "e30="
// is "{}", no credentials. POST /auth carries the same object as its JSON body.
import { invalidArgument } from '../../../util/errors.ts';

/** The Docker API's AuthConfig (field names as the docker CLI spells them). */
export interface AuthConfig {
  username?: string;
  password?: string;
  /** base64("user:password"), as config.json stores it; used when username/password are absent. */
  auth?: string;
  email?: string;
  serveraddress?: string;
  /** An OAuth refresh token from an earlier login, used instead of a password. */
  identitytoken?: string;
  /** A bearer token for the registry itself, used as is. */
  registrytoken?: string;
}

/** What the registry client authenticates with. */
export interface Credentials {
  username?: string;
  password?: string;
  identityToken?: string;
  registryToken?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a "user:password" pair out of config.json's `auth` field. */
export function decodeBasicAuth(auth: string, where: string): { username: string; password: string } {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) throw invalidArgument(`${where}: "auth" is not base64 of USER:PASSWORD`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The credentials an AuthConfig holds; undefined when it holds none. */
export function credentialsOf(config: AuthConfig, where = 'auth config'): Credentials | undefined {
  const credentials: Credentials = {};
  if (config.registrytoken) credentials.registryToken = config.registrytoken;
  if (config.identitytoken) credentials.identityToken = config.identitytoken;
  if (config.username || config.password) {
    credentials.username = config.username ?? '';
    credentials.password = config.password ?? '';
  } else if (config.auth) {
    Object.assign(credentials, decodeBasicAuth(config.auth, where));
  }
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

/** Checks the shape of an AuthConfig from a request; `where` names its source in errors. */
export function checkAuthConfig(value: unknown, where: string): AuthConfig {
  if (!isObject(value)) throw invalidArgument(`${where}: want a JSON object such as {"username":…,"password":…,"serveraddress":…}`);
  const config: AuthConfig = {};
  // Field names match case-insensitively, as Go's JSON decoding in dockerd does ("ServerAddress").
  const byLowerName = new Map(Object.entries(value).map(([key, raw]) => [key.toLowerCase(), raw]));
  for (const field of ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'] as const) {
    const raw = byLowerName.get(field);
    if (raw === undefined || raw === null || raw === '') continue;
    if (typeof raw !== 'string') throw invalidArgument(`${where}: "${field}" must be a string`);
    config[field] = raw;
  }
  return config;
}

/** X-Registry-Auth → AuthConfig. Absent, empty or "{}" gives an empty config. */
export function decodeRegistryAuthHeader(header: string | string[] | undefined): AuthConfig {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return {};
  // base64url as the docker CLI writes it; plain base64 and missing padding are accepted too.
  const normalised = value.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalised)) throw invalidArgument('invalid X-Registry-Auth header: not base64url-encoded JSON');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(normalised, 'base64').toString('utf8'));
  } catch {
    throw invalidArgument('invalid X-Registry-Auth header: not base64url-encoded JSON');
  }
  return checkAuthConfig(parsed, 'invalid X-Registry-Auth header');
}

/** AuthConfig → X-Registry-Auth (base64url of its JSON, as the docker CLI sends it). */
export function encodeRegistryAuthHeader(config: AuthConfig): string {
  return Buffer.from(JSON.stringify(config)).toString('base64url');
}
