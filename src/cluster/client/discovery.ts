// What the API server serves, read from its discovery documents (client-go's discovery client):
// /api/v1 and, for every group in /apis, its preferred version's resource list. The garbage
// collector and the namespace controller use it to find every resource they must look at, so a
// kind the server gains needs no change in them.
import { MinatoError } from '../../util/errors.ts';
import { describeResource, type ResourceDescriptor } from './resource.ts';
import type { RestClient } from './rest-client.ts';

/** A served resource (preferred version of its group) and the verbs it supports. */
export interface DiscoveredResource {
  readonly descriptor: ResourceDescriptor;
  readonly verbs: readonly string[];
}

interface APIResourceList {
  groupVersion?: string;
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

interface APIGroupList {
  groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[];
}

/** Every resource (not subresource) of the preferred version of every group the server serves. */
export async function discoverResources(rest: RestClient): Promise<DiscoveredResource[]> {
  const lists: { group: string; version: string; list: Promise<APIResourceList> }[] = [{ group: '', version: 'v1', list: rest.request<APIResourceList>('GET', '/api/v1') }];
  const groups = await rest.request<APIGroupList>('GET', '/apis');
  for (const group of groups.groups ?? []) {
    const version = group.preferredVersion?.version ?? group.versions?.[0]?.version;
    if (!version) continue;
    lists.push({ group: group.name, version, list: rest.request<APIResourceList>('GET', `/apis/${group.name}/${version}`) });
  }
  const found: DiscoveredResource[] = [];
  const failures: string[] = [];
  const settled = await Promise.allSettled(lists.map((entry) => entry.list));
  settled.forEach((outcome, index) => {
    const { group, version } = lists[index]!;
    if (outcome.status === 'rejected') {
      failures.push(`${group ? `${group}/` : ''}${version}: ${(outcome.reason as Error).message}`);
      return;
    }
    for (const resource of outcome.value.resources ?? []) {
      if (resource.name.includes('/')) continue;
      found.push({ descriptor: describeResource(group, version, resource.name, resource.kind, resource.namespaced), verbs: resource.verbs ?? [] });
    }
  });
  if (failures.length > 0) throw new MinatoError('Unavailable', `discovery of the API server's resources failed for ${failures.join('; ')}`);
  return found;
}

/** Whether a resource supports all of `verbs`. */
export function supports(resource: DiscoveredResource, ...verbs: string[]): boolean {
  return verbs.every((verb) => resource.verbs.includes(verb));
}
