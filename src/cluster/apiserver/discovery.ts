// API discovery, which kubectl reads before anything else: the legacy documents (/api,
// /apis, /api/v1, /apis/GROUP/VERSION) and the aggregated ones (apidiscovery.k8s.io v2 and
// v2beta1, chosen by the Accept header, answered with that media type) — with shortNames and
// categories, without which `kubectl get deploy` and `get all` fail. Also /version: kubectl's
// dispatcher on these machines picks the kubectl binary by the minor version reported here.
import type { ResourceType } from '../api/resource-type.ts';
import { groupVersion } from '../api/resource-type.ts';

export const kubernetesVersion = { major: '1', minor: '32', gitVersion: 'v1.32.4+minato' };

export function versionInfo(): Record<string, string> {
  return {
    ...kubernetesVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-22T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'minato',
    platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

interface Group {
  name: string;
  versions: string[];
  preferred: string;
}

function groupsOf(resources: DiscoveryEntry[]): Group[] {
  const groups = new Map<string, Group>();
  for (const resource of resources) {
    const group = groups.get(resource.group) ?? { name: resource.group, versions: [], preferred: resource.version };
    if (!group.versions.includes(resource.version)) group.versions.push(resource.version);
    groups.set(resource.group, group);
  }
  return [...groups.values()];
}

/** What discovery tells of a resource: a stored kind's ResourceType, or a resource served otherwise (metrics.k8s.io). */
export type DiscoveryEntry = Pick<ResourceType, 'group' | 'version' | 'kind' | 'plural' | 'singular' | 'namespaced' | 'verbs' | 'shortNames' | 'categories' | 'subresources'>;

const subresourceVerbs = ['get', 'patch', 'update'];

export function legacyApiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function legacyGroupList(resources: DiscoveryEntry[]): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(resources)
      .filter((group) => group.name !== '')
      .map((group) => ({
        name: group.name,
        versions: group.versions.map((version) => ({ groupVersion: `${group.name}/${version}`, version })),
        preferredVersion: { groupVersion: `${group.name}/${group.preferred}`, version: group.preferred },
      })),
  };
}

export function legacyGroup(resources: DiscoveryEntry[], name: string): unknown | undefined {
  const group = groupsOf(resources).find((candidate) => candidate.name === name && name !== '');
  if (!group) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group.name,
    versions: group.versions.map((version) => ({ groupVersion: `${group.name}/${version}`, version })),
    preferredVersion: { groupVersion: `${group.name}/${group.preferred}`, version: group.preferred },
  };
}

export function legacyResourceList(resources: DiscoveryEntry[], group: string, version: string): unknown | undefined {
  const served = resources.filter((resource) => resource.group === group && resource.version === version);
  if (served.length === 0) return undefined;
  const entries: unknown[] = [];
  for (const resource of served) {
    entries.push({
      name: resource.plural,
      singularName: resource.singular,
      namespaced: resource.namespaced,
      kind: resource.kind,
      verbs: resource.verbs,
      ...(resource.shortNames.length > 0 ? { shortNames: resource.shortNames } : {}),
      ...(resource.categories.length > 0 ? { categories: resource.categories } : {}),
    });
    if (resource.subresources.approval) entries.push({ name: `${resource.plural}/approval`, singularName: '', namespaced: resource.namespaced, kind: resource.kind, verbs: subresourceVerbs });
    if (resource.subresources.status) entries.push({ name: `${resource.plural}/status`, singularName: '', namespaced: resource.namespaced, kind: resource.kind, verbs: subresourceVerbs });
    if (resource.subresources.scale) entries.push({ name: `${resource.plural}/scale`, singularName: '', namespaced: resource.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: subresourceVerbs });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources: entries };
}

/** The aggregated discovery media type the client asked for, if any (v2 preferred). */
export function aggregatedDiscoveryVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  const entries = (accept ?? '').split(',').map((entry) => entry.replace(/\s/g, ''));
  for (const version of ['v2', 'v2beta1'] as const) {
    if (entries.some((entry) => entry.startsWith('application/json;') && entry.includes('g=apidiscovery.k8s.io') && entry.includes(`v=${version};`) && entry.includes('as=APIGroupDiscoveryList'))) return version;
    if (entries.some((entry) => entry.startsWith('application/json;') && entry.includes('g=apidiscovery.k8s.io') && entry.endsWith(`v=${version}`) && entry.includes('as=APIGroupDiscoveryList'))) return version;
  }
  return undefined;
}

export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** /api (the core group only) or /apis (every other group) in aggregated form. */
export function aggregatedDiscovery(resources: DiscoveryEntry[], core: boolean, version: 'v2' | 'v2beta1'): unknown {
  const groups = groupsOf(resources).filter((group) => (group.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((group) => ({
      metadata: group.name ? { name: group.name } : {},
      versions: [group.preferred, ...group.versions.filter((v) => v !== group.preferred)].map((groupVersionName) => ({
        version: groupVersionName,
        resources: resources
          .filter((resource) => resource.group === group.name && resource.version === groupVersionName)
          .map((resource) => ({
            resource: resource.plural,
            responseKind: { group: resource.group, version: resource.version, kind: resource.kind },
            scope: resource.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: resource.singular,
            verbs: resource.verbs,
            ...(resource.shortNames.length > 0 ? { shortNames: resource.shortNames } : {}),
            ...(resource.categories.length > 0 ? { categories: resource.categories } : {}),
            ...(resource.subresources.status || resource.subresources.scale || resource.subresources.approval
              ? {
                  subresources: [
                    ...(resource.subresources.approval ? [{ subresource: 'approval', responseKind: { group: resource.group, version: resource.version, kind: resource.kind }, verbs: subresourceVerbs }] : []),
                    ...(resource.subresources.status ? [{ subresource: 'status', responseKind: { group: resource.group, version: resource.version, kind: resource.kind }, verbs: subresourceVerbs }] : []),
                    ...(resource.subresources.scale ? [{ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: subresourceVerbs }] : []),
                  ],
                }
              : {}),
          })),
        freshness: 'Current',
      })),
    })),
  };
}
