// The distribution API's URL space. Repository names contain slashes, so a route is known by
// what ends the path ("/manifests/<reference>", "/blobs/uploads/<uuid>", …) and the name is
// everything before it — the greedy match takes the last such suffix, so a repository may even
// have a component called "blobs" or "manifests".

export type RouteName = 'base' | 'catalog' | 'tags' | 'manifest' | 'blob' | 'uploads' | 'upload' | 'referrers';

export interface RouteMatch {
  route: RouteName;
  name?: string;
  /** Tag or digest (manifest), digest (blob, referrers) or upload id (upload). */
  ref?: string;
}

export const routeMethods: Record<RouteName, readonly string[]> = {
  base: ['GET', 'HEAD'],
  catalog: ['GET'],
  tags: ['GET'],
  manifest: ['GET', 'HEAD', 'PUT', 'DELETE'],
  blob: ['GET', 'HEAD', 'DELETE'],
  uploads: ['POST'],
  upload: ['GET', 'HEAD', 'PATCH', 'PUT', 'DELETE'],
  referrers: ['GET'],
};

const table: [RegExp, RouteName][] = [
  [/^\/v2\/?$/, 'base'],
  [/^\/v2\/_catalog\/?$/, 'catalog'],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, 'uploads'],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, 'upload'],
  [/^\/v2\/(.+)\/tags\/list\/?$/, 'tags'],
  [/^\/v2\/(.+)\/manifests\/([^/]+)$/, 'manifest'],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, 'blob'],
  [/^\/v2\/(.+)\/referrers\/([^/]+)$/, 'referrers'],
];

/** The route of a decoded path, or undefined for a path outside the API. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  for (const [pattern, route] of table) {
    const match = pattern.exec(pathname);
    if (match) return { route, name: match[1], ref: match[2] };
  }
  return undefined;
}
