// What every resource handler is given: the request and response, what the request asks for,
// who asks, the kind's ResourceType, and the server's shared parts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../util/log.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import type { ObjectStore } from './object-store.ts';
import type { ResourceRequest } from './request-info.ts';
import type { ResourceWatchCache } from './watch-cache.ts';

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Checks a write may happen in the namespace (it exists and is not being deleted). */
export type NamespaceAdmission = (namespace: string, type: ResourceType, verb: 'create' | 'update') => Promise<void>;

export interface ServerParts {
  store: ObjectStore;
  watchCache(type: ResourceType): ResourceWatchCache;
  admitNamespace: NamespaceAdmission;
  /** Allocations a new object needs before it is stored (a Service's cluster IP and node ports). */
  admitCreate?(type: ResourceType, object: KubeObject): Promise<void>;
  /** The same for an update. */
  admitUpdate?(type: ResourceType, object: KubeObject, old: KubeObject): Promise<void>;
  /** Called after every successful write (e.g. the RBAC cache, namespace deletion). */
  afterWrite(type: ResourceType, object: KubeObject, deleted: boolean): void;
  log: Logger;
  now(): Date;
}

export interface RestContext {
  req: IncomingMessage;
  res: ServerResponse;
  info: ResourceRequest;
  query: URLSearchParams;
  user: UserInfo;
  type: ResourceType;
  parts: ServerParts;
  /** Warnings for the Warning header (299 - "…"), e.g. unknown fields with fieldValidation=Warn. */
  warnings: string[];
}
