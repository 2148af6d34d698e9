// Token scopes (distribution's token spec): "repository:library/busybox:pull" asks a token
// service for pulling busybox; a push asks for "repository:team/app:pull,push" and, to mount
// blobs from another repository, also "repository:other/app:pull". A token is cached per set
// of scopes, so scopes are kept in one canonical order.
import { invalidArgument } from '../../../util/errors.ts';

export interface Scope {
  /** "repository", "registry", or with a class: "repository(plugin)". */
  type: string;
  /** The resource: a repository path ("library/busybox"), or "catalog". */
  name: string;
  actions: string[];
}

export function repositoryScope(path: string, actions: readonly string[]): Scope {
  return { type: 'repository', name: path, actions: [...actions] };
}

/** "repository:library/busybox:pull,push" */
export function formatScope(scope: Scope): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}

/**
 * Parses one scope. The name may itself contain colons (a repository on a registry with a port
 * in some token services' spelling), so the type ends at the first colon and the actions start
 * after the last.
 */
export function parseScope(text: string): Scope {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first <= 0 || last === first) throw invalidArgument(`invalid scope "${text}": want TYPE:NAME:ACTIONS, e.g. repository:library/busybox:pull`);
  const name = text.slice(first + 1, last);
  if (name === '') throw invalidArgument(`invalid scope "${text}": the resource name is empty`);
  return { type: text.slice(0, first), name, actions: text.slice(last + 1).split(',').filter(Boolean) };
}

/** The scopes a challenge's `scope` parameter names (space-separated); unreadable ones are dropped. */
export function parseScopeList(text: string | undefined): Scope[] {
  if (!text) return [];
  return text.split(' ').filter(Boolean).flatMap((part) => {
    try {
      return [parseScope(part)];
    } catch {
      return [];
    }
  });
}

/** One scope per resource with the union of the actions, sorted: the same set always reads the same. */
export function mergeScopes(scopes: readonly Scope[]): Scope[] {
  const byResource = new Map<string, Scope>();
  for (const scope of scopes) {
    const key = `${scope.type}:${scope.name}`;
    const existing = byResource.get(key);
    if (existing) existing.actions = [...new Set([...existing.actions, ...scope.actions])];
    else byResource.set(key, { ...scope, actions: [...new Set(scope.actions)] });
  }
  return [...byResource.values()]
    .map((scope) => ({ ...scope, actions: scope.actions.toSorted() }))
    .sort((a, b) => `${a.type}:${a.name}`.localeCompare(`${b.type}:${b.name}`));
}

/** A cache key for a set of scopes. */
export function scopeKey(scopes: readonly Scope[]): string {
  return mergeScopes(scopes).map(formatScope).join(' ');
}

/** Whether `granted` includes every action `wanted` asks for. */
export function scopesCover(granted: readonly Scope[], wanted: readonly Scope[]): boolean {
  const merged = mergeScopes(granted);
  return wanted.every((want) => {
    const have = merged.find((scope) => scope.type === want.type && scope.name === want.name);
    return want.actions.every((action) => have?.actions.includes(action) || have?.actions.includes('*'));
  });
}
