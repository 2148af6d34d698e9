// One group-version's OpenAPI v3 document (/openapi/v3/apis/apps/v1): the paths of its
// resources and, under components.schemas, every definition they reach — the kinds, their
// lists, autoscaling/v1 Scale where there is a scale subresource, and the meta types of the
// operations (Status, DeleteOptions, Patch, WatchEvent, APIResourceList). As in Kubernetes,
// each document stands alone: kubectl resolves $refs within the one document it fetched.
import { definitionNameOf, definitions } from './definitions.ts';
import { documentPathOf, type OpenAPIResource } from './openapi-resource.ts';
import { operationDefinitions, operationWord, resourcePaths, tagOf, type PathItem } from './paths.ts';
import { closure, refTo, type Definitions, type Schema } from './schema.ts';

export interface OpenAPIDocument {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: {
    schemas: Definitions;
    securitySchemes: Record<string, { type: string; description: string; name: string; in: string }>;
  };
}

export interface DocumentOptions {
  /** info.version: the server's version, e.g. v1.32.0. */
  serverVersion?: string;
}

const scaleDefinition = 'io.k8s.api.autoscaling.v1.Scale';

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]!]));
}

/** The document of the resources of one group-version (all of `resources` must share it). */
export function buildDocument(resources: readonly OpenAPIResource[], options: DocumentOptions = {}): OpenAPIDocument {
  if (resources.length === 0) throw new Error('OpenAPI: a document needs at least one resource');
  const { group, version } = resources[0]!;
  const all = definitions();
  const roots = new Set<string>(operationDefinitions);
  const paths: Record<string, PathItem> = {};
  for (const resource of resources) {
    if (resource.group !== group || resource.version !== version) throw new Error(`OpenAPI: ${resource.kind} is not in ${documentPathOf(resources[0]!)}`);
    const object = definitionNameOf(group, version, resource.kind);
    const list = definitionNameOf(group, version, `${resource.kind}List`);
    const scale = resource.subresources.scale ? scaleDefinition : undefined;
    for (const name of [object, list, scale]) if (name) roots.add(name);
    Object.assign(paths, resourcePaths(resource, { ...(object ? { object } : {}), ...(list ? { list } : {}), ...(scale ? { scale } : {}) }));
  }
  const root = group ? `/apis/${group}/${version}/` : `/api/${version}/`;
  paths[root] = {
    get: {
      tags: [tagOf(group, version)],
      description: 'get available resources',
      operationId: `get${operationWord(group, version)}APIResources`,
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { $ref: refTo('io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList') } } } },
        '401': { description: 'Unauthorized' },
      },
    },
  };
  const schemas: Record<string, Schema> = {};
  for (const name of closure(roots, all)) schemas[name] = all[name]!;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: options.serverVersion ?? 'unversioned' },
    paths: sortedRecord(paths),
    components: {
      schemas: sortedRecord(schemas),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
  };
}
