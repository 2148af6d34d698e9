// Every kind the API server serves, and exact lookups over them. The order is discovery's:
// kubectl resolves a short name to the first match, so core comes first, then the groups in
// the order Kubernetes lists them.
import { certificateSigningRequestResource } from './kinds/certificate-signing-request.ts';
import { configMapResource } from './kinds/config-map.ts';
import { cronJobResource } from './kinds/cron-job.ts';
import { daemonSetResource } from './kinds/daemon-set.ts';
import { deploymentResource } from './kinds/deployment.ts';
import { endpointSliceResource } from './kinds/endpoint-slice.ts';
import { endpointsResource } from './kinds/endpoints.ts';
import { eventResource } from './kinds/event.ts';
import { horizontalPodAutoscalerV1Resource } from './kinds/horizontal-pod-autoscaler-v1.ts';
import { horizontalPodAutoscalerResource } from './kinds/horizontal-pod-autoscaler.ts';
import { ingressClassResource } from './kinds/ingress-class.ts';
import { ingressResource } from './kinds/ingress.ts';
import { jobResource } from './kinds/job.ts';
import { leaseResource } from './kinds/lease.ts';
import { limitRangeResource } from './kinds/limit-range.ts';
import { namespaceResource } from './kinds/namespace.ts';
import { nodeResource } from './kinds/node.ts';
import { persistentVolumeClaimResource } from './kinds/persistent-volume-claim.ts';
import { persistentVolumeResource } from './kinds/persistent-volume.ts';
import { podDisruptionBudgetResource } from './kinds/pod-disruption-budget.ts';
import { podResource } from './kinds/pod.ts';
import { priorityClassResource } from './kinds/priority-class.ts';
import { clusterRoleBindingResource, clusterRoleResource, roleBindingResource, roleResource } from './kinds/rbac.ts';
import { replicaSetResource } from './kinds/replica-set.ts';
import { resourceQuotaResource } from './kinds/resource-quota.ts';
import { secretResource } from './kinds/secret.ts';
import { serviceAccountResource } from './kinds/service-account.ts';
import { serviceResource } from './kinds/service.ts';
import { statefulSetResource } from './kinds/stateful-set.ts';
import { storageClassResource } from './kinds/storage-class.ts';
import type { ResourceType } from './resource-type.ts';

const resources: readonly ResourceType[] = [
  // core/v1, in Kubernetes' alphabetical order of resources
  configMapResource,
  endpointsResource,
  eventResource,
  limitRangeResource,
  namespaceResource,
  nodeResource,
  persistentVolumeClaimResource,
  persistentVolumeResource,
  podResource,
  resourceQuotaResource,
  secretResource,
  serviceAccountResource,
  serviceResource,
  // apps/v1
  daemonSetResource,
  deploymentResource,
  replicaSetResource,
  statefulSetResource,
  // autoscaling: v2 first, the preferred version (and the one stored); v1 converts to it
  horizontalPodAutoscalerResource,
  horizontalPodAutoscalerV1Resource,
  // batch/v1
  cronJobResource,
  jobResource,
  // certificates.k8s.io/v1
  certificateSigningRequestResource,
  // networking.k8s.io/v1
  ingressClassResource,
  ingressResource,
  // policy/v1
  podDisruptionBudgetResource,
  // rbac.authorization.k8s.io/v1
  clusterRoleBindingResource,
  clusterRoleResource,
  roleBindingResource,
  roleResource,
  // storage.k8s.io/v1
  storageClassResource,
  // scheduling.k8s.io/v1
  priorityClassResource,
  // coordination.k8s.io/v1
  leaseResource,
  // discovery.k8s.io/v1
  endpointSliceResource,
];

const byPlural = new Map(resources.map((type) => [`${type.group}/${type.version}/${type.plural}`, type]));
// A kind served in several versions is found by kind at its first (preferred) one.
const byKind = new Map<string, ResourceType>();
for (const type of resources) if (!byKind.has(`${type.group}/${type.kind}`)) byKind.set(`${type.group}/${type.kind}`, type);

/** All served kinds, in discovery order. */
export function allResources(): ResourceType[] {
  return [...resources];
}

/** The kind served at /api(s)/<group>/<version>/<plural>, if any ('' is the core group). */
export function resourceFor(group: string, version: string, plural: string): ResourceType | undefined {
  return byPlural.get(`${group}/${version}/${plural}`);
}

/** The served kind of a group, at its preferred version (HorizontalPodAutoscaler: autoscaling/v2). */
export function resourceForKind(group: string, kind: string): ResourceType | undefined {
  return byKind.get(`${group}/${kind}`);
}

export interface ServedGroupVersions {
  /** '' for the core group. */
  group: string;
  versions: string[];
  preferredVersion: string;
}

/** The groups and versions served, in discovery order; each group prefers its first version. */
export function groupVersions(): ServedGroupVersions[] {
  const groups = new Map<string, ServedGroupVersions>();
  for (const type of resources) {
    const entry = groups.get(type.group);
    if (!entry) groups.set(type.group, { group: type.group, versions: [type.version], preferredVersion: type.version });
    else if (!entry.versions.includes(type.version)) entry.versions.push(type.version);
  }
  return [...groups.values()];
}
