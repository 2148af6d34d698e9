// Stored registry credentials in the docker CLI's config.json format:
//   {"auths": {"localhost:5000": {"auth": "<base64 user:password>"}, "https://index.docker.io/v1/": {…}}}
// The minato CLI keeps its own at $MINATO_CONFIG/config.json (default ~/.minato/config.json),
// written with mode 0600 since it holds passwords. Keys the file has that Minato does not use
// (credsStore, proxies, …) are kept as they are. Entries are found under any spelling of the
// registry ("http://localhost:5000", "https://localhost:5000/v2/") as the docker CLI does.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { errnoCode, invalidArgument, messageOf } from '../../../util/errors.ts';
import { type AuthConfig, checkAuthConfig } from './registry-auth.ts';
import { credentialKey, normaliseServerAddress } from './registry-host.ts';

export interface DockerConfigFile {
  auths?: Record<string, AuthConfig>;
  [key: string]: unknown;
}

/** $MINATO_CONFIG/config.json, else ~/.minato/config.json. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.MINATO_CONFIG || path.join(env.HOME || homedir(), '.minato');
  return path.join(dir, 'config.json');
}

/** The file's contents; a missing file is an empty configuration. */
export async function readDockerConfig(file: string): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return {};
    throw err;
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`${file}: not valid JSON: ${messageOf(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidArgument(`${file}: want a JSON object`);
  const config = parsed as DockerConfigFile;
  if (config.auths !== undefined && (typeof config.auths !== 'object' || config.auths === null || Array.isArray(config.auths))) {
    throw invalidArgument(`${file}: "auths" must be an object keyed by registry`);
  }
  return config;
}

/** Writes the file atomically (temp file + rename), mode 0600, its directory 0700 if new. */
export async function writeDockerConfig(file: string, config: DockerConfigFile): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fsp.writeFile(tmp, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
    await fsp.chmod(tmp, 0o600); // writeFile's mode is filtered by the umask
    await fsp.rename(tmp, file);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/** The key of `auths` that stands for `domain` (whatever spelling the file uses), if any. */
function findKey(config: DockerConfigFile, domain: string): string | undefined {
  const auths = config.auths ?? {};
  const preferred = credentialKey(domain);
  if (preferred in auths) return preferred;
  return Object.keys(auths).find((key) => {
    try {
      return normaliseServerAddress(key) === domain;
    } catch {
      return false;
    }
  });
}

/** The stored credentials for a registry domain ("docker.io", "localhost:5000"). */
export function storedAuth(config: DockerConfigFile, domain: string, file = 'config.json'): AuthConfig | undefined {
  const key = findKey(config, domain);
  if (key === undefined) return undefined;
  const entry = checkAuthConfig(config.auths![key], `${file}: auths["${key}"]`);
  return { ...entry, serveraddress: key };
}

/** Stores credentials for `domain` (replacing any under another spelling of it). */
export function setStoredAuth(config: DockerConfigFile, domain: string, credentials: { username: string; password?: string; identityToken?: string }): DockerConfigFile {
  const auths = { ...config.auths };
  const existing = findKey(config, domain);
  if (existing !== undefined) delete auths[existing];
  const entry: AuthConfig = { auth: Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64') };
  if (credentials.identityToken) entry.identitytoken = credentials.identityToken;
  auths[credentialKey(domain)] = entry;
  return { ...config, auths };
}

/** Removes the credentials for `domain`; `removed` says whether there were any. */
export function removeStoredAuth(config: DockerConfigFile, domain: string): { config: DockerConfigFile; removed: boolean } {
  const key = findKey(config, domain);
  if (key === undefined) return { config, removed: false };
  const auths = { ...config.auths };
  delete auths[key];
  return { config: { ...config, auths }, removed: true };
}
