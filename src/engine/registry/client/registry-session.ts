// One conversation with one registry: which endpoint (HTTPS, or HTTP for an insecure registry
// whose HTTPS does not answer), and authentication the way Docker Hub and distribution ask
// for it. `GET /v2/` first (the "ping"): 200 means no authentication, 401 carries the
// challenge. Basic challenges get the credentials on every request; Bearer challenges send the
// client to the token service named by the realm, with the service and the scopes it needs
// (with the credentials if there are any, anonymously otherwise), and the token goes on every
// request. A 401 on the way (a token without the scope a mount needs, an expired one) gets one
// fresh token and one retry.
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { MinatoError, unavailable } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import { discardBody, type HttpResponse, HttpTransport, readBody, TransportError } from './http-transport.ts';
import type { InsecureRegistries } from './insecure-registries.ts';
import type { Credentials } from './registry-auth.ts';
import { registryError } from './registry-errors.ts';
import { apiHost } from './registry-host.ts';
import { mergeScopes, parseScopeList, type Scope, scopeKey } from './scope.ts';
import { type Challenge, parseWwwAuthenticate } from './www-authenticate.ts';

export interface SessionOptions {
  /** The reference's domain: "docker.io", "localhost:5000". */
  domain: string;
  credentials?: Credentials;
  insecure: InsecureRegistries;
  log?: Logger;
}

export interface SessionRequest {
  /** What the request needs a token for. */
  scopes?: readonly Scope[];
  headers?: OutgoingHttpHeaders;
  /** Called for each attempt (a retry after a 401 needs the body again). */
  body?: () => Buffer | Readable;
  idleTimeoutMs?: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Tokens by realm, service, credentials and scopes, for the life of the process (the module
 * is loaded only once a pull or push happened): pulls of the same repository within a token's
 * lifetime ask the token service once.
 */
const tokenCache = new Map<string, CachedToken>();
const pendingTokens = new Map<string, Promise<string>>();
const maxCachedTokens = 200;

function cacheToken(key: string, token: CachedToken): void {
  if (tokenCache.size >= maxCachedTokens) {
    const now = Date.now();
    for (const [entry, cached] of tokenCache) if (cached.expiresAt <= now) tokenCache.delete(entry);
    if (tokenCache.size >= maxCachedTokens) tokenCache.delete(tokenCache.keys().next().value!);
  }
  tokenCache.set(key, token);
}

/** Forgets every cached token (tests, and `logout` semantics if ever needed). */
export function clearTokenCache(): void {
  tokenCache.clear();
}

/** Docker's User-Agent is not needed; registries only want to know who asks in their logs. */
const userAgent = 'minato/0.1 (distribution client)';
const clientId = 'minato';

export class RegistrySession {
  readonly domain: string;
  readonly host: string;
  private readonly credentials: Credentials | undefined;
  private readonly log: Logger | undefined;
  private readonly transport: HttpTransport;
  private readonly base: URL;
  private challenges: Challenge[];

  private constructor(options: SessionOptions, transport: HttpTransport, base: URL, challenges: Challenge[]) {
    this.domain = options.domain;
    this.host = apiHost(options.domain);
    this.credentials = options.credentials;
    this.log = options.log;
    this.transport = transport;
    this.base = base;
    this.challenges = challenges;
  }

  /** Finds the endpoint and its authentication (GET /v2/). */
  static async open(options: SessionOptions): Promise<RegistrySession> {
    const host = apiHost(options.domain);
    const insecure = await options.insecure.isInsecure(host);
    const transport = new HttpTransport({ verifyTls: !insecure });
    try {
      const { base, response } = await ping(transport, host, insecure);
      const challenges = response.status === 401 ? parseWwwAuthenticate(response.headers['www-authenticate']) : [];
      discardBody(response);
      options.log?.debug({ registry: host, endpoint: base.href, challenges: challenges.map((c) => c.scheme) }, 'registry endpoint');
      return new RegistrySession(options, transport, base, challenges);
    } catch (err) {
      transport.close();
      throw err;
    }
  }

  close(): void {
    this.transport.close();
  }

  /** The URL of an API path ("/v2/library/busybox/manifests/latest"). */
  url(path: string): URL {
    return new URL(path, this.base);
  }

  /**
   * Sends a request with whatever authorisation the registry asked for. Only requests to the
   * registry's own origin carry it (a redirect to a storage backend must not get the token).
   */
  async request(method: string, target: string | URL, request: SessionRequest = {}): Promise<HttpResponse> {
    const url = typeof target === 'string' ? this.url(target) : target;
    const sameOrigin = url.origin === this.base.origin;
    let scopes = mergeScopes(request.scopes ?? []);
    for (let attempt = 0; ; attempt++) {
      const headers: OutgoingHttpHeaders = { 'User-Agent': userAgent, ...request.headers };
      const authorization = sameOrigin ? await this.authorization(scopes) : undefined;
      if (authorization) headers.Authorization = authorization;
      const response = await this.transport.request(url, { method, headers, body: request.body?.(), idleTimeoutMs: request.idleTimeoutMs });
      if (response.status !== 401 || !sameOrigin || attempt > 0) return response;
      // Learn from the refusal: a challenge we did not know (no ping challenge, a new realm),
      // or more scope than the token had (insufficient_scope names what it wanted).
      const challenges = parseWwwAuthenticate(response.headers['www-authenticate']);
      const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
      const basic = challenges.find((challenge) => challenge.scheme === 'basic');
      if (bearer) {
        const wanted = mergeScopes([...scopes, ...parseScopeList(bearer.params.scope)]);
        const retry = !authorization?.startsWith('Bearer ') || scopeKey(wanted) !== scopeKey(scopes) || bearer.params.error === 'invalid_token';
        if (!retry || this.credentials?.registryToken) return response;
        this.forgetToken(bearer, scopes);
        this.challenges = challenges;
        scopes = wanted;
      } else if (basic && this.credentials?.username !== undefined && !authorization?.startsWith('Basic ')) {
        this.challenges = challenges;
      } else {
        return response;
      }
      discardBody(response);
      this.log?.debug({ url: url.href, scopes: scopeKey(scopes) }, 'registry asked for authentication again; retrying');
    }
  }

  /**
   * Checks the credentials the way `docker login` does: against the token service (asking for
   * no scope, with offline_token so an OAuth service may hand out a refresh token) or with Basic
   * against /v2/, which must then answer 200. A registry that wants no authentication accepts any.
   */
  async login(): Promise<{ identityToken?: string }> {
    const bearer = this.challenges.find((challenge) => challenge.scheme === 'bearer');
    let identityToken: string | undefined;
    if (bearer) {
      const issued = await this.fetchToken(bearer, [], { offline: true });
      identityToken = issued.refreshToken;
      cacheToken(this.tokenKey(bearer, []), { token: issued.token, expiresAt: issued.expiresAt });
    } else if (this.challenges.length === 0) {
      return {};
    }
    const response = await this.request('GET', '/v2/');
    if (response.status === 200) {
      discardBody(response);
      return identityToken ? { identityToken } : {};
    }
    const err = await registryError(response);
    if (response.status === 401) throw new MinatoError('Unauthorized', 'unauthorized: incorrect username or password');
    throw err;
  }

  private async authorization(scopes: readonly Scope[]): Promise<string | undefined> {
    if (this.credentials?.registryToken) return `Bearer ${this.credentials.registryToken}`;
    const bearer = this.challenges.find((challenge) => challenge.scheme === 'bearer');
    if (bearer) return `Bearer ${await this.token(bearer, scopes)}`;
    const basic = this.challenges.find((challenge) => challenge.scheme === 'basic');
    if (basic && this.credentials?.username !== undefined) return `Basic ${basicCredentials(this.credentials.username, this.credentials.password ?? '')}`;
    return undefined;
  }

  private tokenKey(challenge: Challenge, scopes: readonly Scope[]): string {
    const who = createHash('sha256')
      .update(JSON.stringify([this.credentials?.username ?? '', this.credentials?.password ?? '', this.credentials?.identityToken ?? '']))
      .digest('hex')
      .slice(0, 16);
    return `${challenge.params.realm ?? ''}|${challenge.params.service ?? ''}|${who}|${scopeKey(scopes)}`;
  }

  private forgetToken(challenge: Challenge, scopes: readonly Scope[]): void {
    const current = this.challenges.find((known) => known.scheme === 'bearer');
    tokenCache.delete(this.tokenKey(current ?? challenge, scopes));
  }

  private async token(challenge: Challenge, scopes: readonly Scope[]): Promise<string> {
    const key = this.tokenKey(challenge, scopes);
    const cached = tokenCache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    // Layers start several requests at once: they share one trip to the token service.
    let pending = pendingTokens.get(key);
    if (!pending) {
      pending = this.fetchToken(challenge, scopes, { offline: false })
        .then((issued) => {
          cacheToken(key, { token: issued.token, expiresAt: issued.expiresAt });
          return issued.token;
        })
        .finally(() => pendingTokens.delete(key));
      pendingTokens.set(key, pending);
    }
    return pending;
  }

  /** Asks the realm for a token: OAuth2 refresh-token grant with an identity token, else GET with Basic or anonymous. */
  private async fetchToken(challenge: Challenge, scopes: readonly Scope[], options: { offline: boolean }): Promise<{ token: string; expiresAt: number; refreshToken?: string }> {
    const realmText = challenge.params.realm;
    if (!realmText) throw unavailable(`registry ${this.host} asked for a bearer token but named no realm to get it from`);
    let realm: URL;
    try {
      realm = new URL(realmText);
    } catch {
      throw unavailable(`registry ${this.host} named an invalid token realm "${realmText}"`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw unavailable(`registry ${this.host} named a token realm with an unsupported scheme: ${realmText}`);
    const service = challenge.params.service;
    const scopeTexts = mergeScopes(scopes).map((scope) => `${scope.type}:${scope.name}:${scope.actions.join(',')}`);
    let response: HttpResponse | undefined;
    if (this.credentials?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.credentials.identityToken, client_id: clientId });
      if (service) form.set('service', service);
      if (scopeTexts.length > 0) form.set('scope', scopeTexts.join(' '));
      if (options.offline) form.set('access_type', 'offline');
      response = await this.transport.request(realm, {
        method: 'POST',
        headers: { 'User-Agent': userAgent, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(form.toString()),
      });
      // A token service without OAuth2 support: fall back to the GET form below.
      if (response.status === 404 || response.status === 405) {
        discardBody(response);
        response = undefined;
      }
    }
    if (!response) {
      const url = new URL(realm);
      if (service) url.searchParams.set('service', service);
      for (const scope of scopeTexts) url.searchParams.append('scope', scope);
      const headers: OutgoingHttpHeaders = { 'User-Agent': userAgent };
      if (this.credentials?.username !== undefined) {
        url.searchParams.set('account', this.credentials.username);
        headers.Authorization = `Basic ${basicCredentials(this.credentials.username, this.credentials.password ?? '')}`;
      }
      url.searchParams.set('client_id', clientId);
      if (options.offline) url.searchParams.set('offline_token', 'true');
      response = await this.transport.request(url, { method: 'GET', headers });
    }
    const body = await readBody(response, 1024 * 1024, `the token service's answer`);
    const parsed = parseJson(body);
    if (response.status === 401 || response.status === 403) {
      const said = typeof parsed?.details === 'string' ? parsed.details : typeof parsed?.message === 'string' ? parsed.message : undefined;
      const hasSecret = this.credentials?.password || this.credentials?.identityToken;
      throw new MinatoError('Unauthorized', `unauthorized: ${said ?? (hasSecret ? 'incorrect username or password' : 'authentication required')}`);
    }
    if (response.status < 200 || response.status > 299) {
      throw unavailable(`the token service ${realm.origin}${realm.pathname} answered ${response.status}: ${body.toString('utf8').trim().slice(0, 200) || '(no body)'}`);
    }
    const token = typeof parsed?.token === 'string' && parsed.token ? parsed.token : typeof parsed?.access_token === 'string' ? parsed.access_token : '';
    if (!token) throw unavailable(`the token service ${realm.origin}${realm.pathname} answered without a token`);
    // The spec's default lifetime is 60 s; renew a little early.
    const expiresIn = typeof parsed?.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
    const issuedAt = typeof parsed?.issued_at === 'string' && Number.isFinite(Date.parse(parsed.issued_at)) ? Math.min(Date.parse(parsed.issued_at), Date.now()) : Date.now();
    const expiresAt = issuedAt + Math.max(expiresIn * 1000 - Math.min(10_000, expiresIn * 100), 1000);
    const refreshToken = typeof parsed?.refresh_token === 'string' && parsed.refresh_token ? parsed.refresh_token : undefined;
    return { token, expiresAt, ...(refreshToken ? { refreshToken } : {}) };
  }
}

function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GET /v2/ over HTTPS; for an insecure registry, over HTTP when HTTPS gets no HTTP answer at
 * all (refused, or TLS to a plain-HTTP server). Docker's rule, so a registry that does speak
 * HTTPS is spoken to that way even when it is listed as insecure.
 */
async function ping(transport: HttpTransport, host: string, insecure: boolean): Promise<{ base: URL; response: HttpResponse }> {
  const secure = new URL(`https://${host}/`);
  try {
    return { base: secure, response: await transport.request(new URL('/v2/', secure), { method: 'GET', headers: { 'User-Agent': userAgent }, idleTimeoutMs: 30_000 }) };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    if (!insecure) {
      const hint = err.tls ? ` (if ${host} speaks plain HTTP, start the daemon with --insecure-registry ${host})` : '';
      throw unavailable(`cannot reach registry ${host}: ${err.message}${hint}`, err);
    }
    const plain = new URL(`http://${host}/`);
    try {
      return { base: plain, response: await transport.request(new URL('/v2/', plain), { method: 'GET', headers: { 'User-Agent': userAgent }, idleTimeoutMs: 30_000 }) };
    } catch (plainErr) {
      if (!(plainErr instanceof TransportError)) throw plainErr;
      throw unavailable(`cannot reach registry ${host} over HTTPS (${err.message}) or HTTP (${plainErr.message})`, plainErr);
    }
  }
}
