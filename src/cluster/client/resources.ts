// Typed descriptors of the resources controllers, the scheduler and the node agent use. They
// agree with the API server's registry (resources.test.ts checks every one against it), without
// this module loading the registry and every kind's validation code.
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type {
  ConfigMap,
  Endpoints,
  Event,
  LimitRange,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { describeResource as d } from './resource.ts';

export const resources = {
  configMaps: d<ConfigMap>('', 'v1', 'configmaps', 'ConfigMap', true),
  endpoints: d<Endpoints>('', 'v1', 'endpoints', 'Endpoints', true),
  events: d<Event>('', 'v1', 'events', 'Event', true),
  limitRanges: d<LimitRange>('', 'v1', 'limitranges', 'LimitRange', true),
  namespaces: d<Namespace>('', 'v1', 'namespaces', 'Namespace', false),
  nodes: d<Node>('', 'v1', 'nodes', 'Node', false),
  persistentVolumeClaims: d<PersistentVolumeClaim>('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true),
  persistentVolumes: d<PersistentVolume>('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  pods: d<Pod>('', 'v1', 'pods', 'Pod', true),
  resourceQuotas: d<ResourceQuota>('', 'v1', 'resourcequotas', 'ResourceQuota', true),
  secrets: d<Secret>('', 'v1', 'secrets', 'Secret', true),
  serviceAccounts: d<ServiceAccount>('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  services: d<Service>('', 'v1', 'services', 'Service', true),
  daemonSets: d<DaemonSet>('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  deployments: d<Deployment>('apps', 'v1', 'deployments', 'Deployment', true),
  replicaSets: d<ReplicaSet>('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  statefulSets: d<StatefulSet>('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  horizontalPodAutoscalers: d<HorizontalPodAutoscaler>('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true),
  cronJobs: d<CronJob>('batch', 'v1', 'cronjobs', 'CronJob', true),
  jobs: d<Job>('batch', 'v1', 'jobs', 'Job', true),
  ingressClasses: d<IngressClass>('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  ingresses: d<Ingress>('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true),
  podDisruptionBudgets: d<PodDisruptionBudget>('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true),
  clusterRoleBindings: d<ClusterRoleBinding>('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  clusterRoles: d<ClusterRole>('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  roleBindings: d<RoleBinding>('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  roles: d<Role>('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  storageClasses: d<StorageClass>('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false),
  certificateSigningRequests: d<CertificateSigningRequest>('certificates.k8s.io', 'v1', 'certificatesigningrequests', 'CertificateSigningRequest', false),
  priorityClasses: d<PriorityClass>('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false),
  leases: d<Lease>('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  endpointSlices: d<EndpointSlice>('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
} as const;

