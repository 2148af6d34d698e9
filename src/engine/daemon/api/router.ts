// Routing for the Docker Engine API: paths with or without the /v1.NN prefix, the version
// check Docker does, and two kinds of handlers — ordinary requests, and upgraded connections
// (attach, exec start) that take over the socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import FindMyWay from 'find-my-way';
import { invalidArgument, notFound } from '../../../util/errors.ts';
import type { Query } from './http.ts';

export const apiVersion = '1.50';
export const minApiVersion = '1.24';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: Query;
  /** The API version the client speaks (from the path prefix, else the newest). */
  version: string;
}

export interface UpgradeContext {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  params: Record<string, string>;
  query: Query;
  version: string;
}

export type RequestHandler = (ctx: RequestContext) => Promise<void> | void;
export type UpgradeHandler = (ctx: UpgradeContext) => Promise<void> | void;
type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** Splits "/v1.44/containers/json?all=1" into version, path and query; checks the version. */
export function parseApiUrl(url: string): { version: string; path: string; query: Query } {
  const parsed = new URL(url, 'http://docker');
  let pathname = parsed.pathname;
  let version = apiVersion;
  const match = /^\/v(\d+\.\d+)(\/.*)$/.exec(pathname);
  if (match) {
    version = match[1]!;
    pathname = match[2]!;
    if (compareVersions(version, apiVersion) > 0) throw invalidArgument(`client version ${version} is too new. Maximum supported API version is ${apiVersion}`);
    if (compareVersions(version, minApiVersion) < 0) throw invalidArgument(`client version ${version} is too old. Minimum supported API version is ${minApiVersion}, please upgrade your client to a newer version`);
  }
  return { version, path: pathname, query: parsed.searchParams };
}

export class ApiRouter {
  private readonly requests = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1000 });
  private readonly upgrades = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1000 });

  on(method: Method, path: string, handler: RequestHandler): this {
    this.requests.on(method, path, () => undefined, { handler });
    return this;
  }

  onUpgrade(method: Method, path: string, handler: UpgradeHandler): this {
    this.upgrades.on(method, path, () => undefined, { handler });
    return this;
  }

  findRequest(method: string, path: string): { handler: RequestHandler; params: Record<string, string> } {
    const found = this.requests.find(method as Method, path);
    if (!found) throw notFound(`page not found: ${method} ${path}`);
    return { handler: (found.store as { handler: RequestHandler }).handler, params: found.params as Record<string, string> };
  }

  findUpgrade(method: string, path: string): { handler: UpgradeHandler; params: Record<string, string> } | undefined {
    const found = this.upgrades.find(method as Method, path);
    if (!found) return undefined;
    return { handler: (found.store as { handler: UpgradeHandler }).handler, params: found.params as Record<string, string> };
  }
}
