// A kubeconfig file read into what a RestClient needs: the current context's (or a named
// context's) cluster — server URL and CA — and user — client certificate and key, or a bearer
// token. Certificates and keys may be embedded (*-data, base64) or files; a relative file path
// is relative to the kubeconfig's folder, as kubectl reads it. Errors name the file and the
// field that is missing or wrong.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MinatoError } from '../../util/errors.ts';

/** Where the API server is and how to prove who we are to it. PEM text throughout. */
export interface ClientConfig {
  /** https://host:port, without a trailing slash. */
  server: string;
  /** The CA that signed the server's certificate; absent: the system's CAs. */
  ca?: string;
  /** Client certificate and key (both or neither). */
  cert?: string;
  key?: string;
  /** A bearer token. */
  token?: string;
  /** The kubeconfig's insecure-skip-tls-verify: the server's certificate is not checked. */
  insecureSkipTlsVerify?: boolean;
  /** The name to check the server's certificate against, when not the server URL's host. */
  tlsServerName?: string;
}

export interface KubeconfigOptions {
  /** A context other than current-context. */
  context?: string;
}

type Fields = Record<string, unknown>;

function invalid(file: string, message: string): MinatoError {
  return new MinatoError('InvalidArgument', `kubeconfig ${file}: ${message}`);
}

function named(file: string, config: Fields, list: 'clusters' | 'users' | 'contexts', name: string, field: string): Fields {
  const entries = config[list];
  if (entries !== undefined && !Array.isArray(entries)) throw invalid(file, `${list} is not a list`);
  const entry = (entries ?? []).find((candidate: unknown) => (candidate as Fields | null)?.name === name) as Fields | undefined;
  if (!entry) throw invalid(file, `${list} has no entry named "${name}"`);
  const inner = entry[field];
  if (inner === undefined || inner === null) return {};
  if (typeof inner !== 'object' || Array.isArray(inner)) throw invalid(file, `${list}[name=${name}].${field} is not a mapping`);
  return inner as Fields;
}

function text(file: string, fields: Fields, where: string, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(file, `${where}.${key} is not a string`);
  return value;
}

/** PEM from `<name>-data` (base64) or from the file `<name>`. */
function pem(file: string, fields: Fields, where: string, name: string): string | undefined {
  const data = text(file, fields, where, `${name}-data`);
  if (data !== undefined) {
    const decoded = Buffer.from(data, 'base64').toString('utf8');
    if (!decoded.includes('-----BEGIN ')) throw invalid(file, `${where}.${name}-data is not base64 of a PEM block`);
    return decoded;
  }
  const from = text(file, fields, where, name);
  if (from === undefined) return undefined;
  return readReferenced(file, where, name, from);
}

function readReferenced(file: string, where: string, field: string, reference: string): string {
  const resolved = path.resolve(path.dirname(file), reference);
  try {
    return readFileSync(resolved, 'utf8');
  } catch (err) {
    throw invalid(file, `${where}.${field}: cannot read ${resolved}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Reads a kubeconfig's text (`file` is for messages and relative paths). */
export function parseKubeconfig(source: string, file: string, options: KubeconfigOptions = {}): ClientConfig {
  let document: unknown;
  try {
    document = parseYaml(source);
  } catch (err) {
    throw invalid(file, `not valid YAML: ${(err as Error).message}`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw invalid(file, 'not a kubeconfig (expected a mapping with clusters, users and contexts)');
  const config = document as Fields;
  const contextName = options.context ?? text(file, config, 'kubeconfig', 'current-context');
  if (contextName === undefined) throw invalid(file, 'current-context is not set (and no context was asked for)');
  const context = named(file, config, 'contexts', contextName, 'context');
  const clusterName = text(file, context, `contexts[name=${contextName}].context`, 'cluster');
  if (clusterName === undefined) throw invalid(file, `contexts[name=${contextName}].context.cluster is missing`);
  const clusterWhere = `clusters[name=${clusterName}].cluster`;
  const cluster = named(file, config, 'clusters', clusterName, 'cluster');
  const server = text(file, cluster, clusterWhere, 'server');
  if (server === undefined) throw invalid(file, `${clusterWhere}.server is missing`);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw invalid(file, `${clusterWhere}.server "${server}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw invalid(file, `${clusterWhere}.server "${server}": only https:// servers are supported`);
  const result: ClientConfig = { server: server.replace(/\/+$/, '') };
  const ca = pem(file, cluster, clusterWhere, 'certificate-authority');
  if (ca !== undefined) result.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) result.insecureSkipTlsVerify = true;
  const serverName = text(file, cluster, clusterWhere, 'tls-server-name');
  if (serverName !== undefined) result.tlsServerName = serverName;

  const userName = text(file, context, `contexts[name=${contextName}].context`, 'user');
  if (userName === undefined) return result; // no user: anonymous
  const userWhere = `users[name=${userName}].user`;
  const user = named(file, config, 'users', userName, 'user');
  const cert = pem(file, user, userWhere, 'client-certificate');
  const key = pem(file, user, userWhere, 'client-key');
  if (cert !== undefined && key === undefined) throw invalid(file, `${userWhere} has a client certificate but no client-key-data or client-key`);
  if (key !== undefined && cert === undefined) throw invalid(file, `${userWhere} has a client key but no client-certificate-data or client-certificate`);
  if (cert !== undefined) {
    result.cert = cert;
    result.key = key;
  }
  const token = text(file, user, userWhere, 'token') ?? (() => {
    const tokenFile = text(file, user, userWhere, 'tokenFile');
    return tokenFile === undefined ? undefined : readReferenced(file, userWhere, 'tokenFile', tokenFile).trim();
  })();
  if (token !== undefined) {
    if (token === '') throw invalid(file, `${userWhere}.tokenFile is empty`);
    result.token = token;
  }
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    if (cert === undefined && token === undefined) throw invalid(file, `${userWhere}: exec and auth-provider credentials are not supported; use a client certificate or a token`);
  }
  return result;
}

/** Reads the kubeconfig file at `file`. */
export function loadKubeconfig(file: string, options: KubeconfigOptions = {}): ClientConfig {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new MinatoError('InvalidArgument', `kubeconfig ${file}: cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseKubeconfig(source, file, options);
}
