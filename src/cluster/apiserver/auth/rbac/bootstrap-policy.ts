// The RBAC objects Kubernetes creates at start (plugin/pkg/auth/authorizer/rbac/bootstrappolicy,
// as of 1.32): the user-facing roles — cluster-admin, admin, edit, view and the system:aggregate-to-*
// roles they aggregate — and the roles every user or the public gets through the built-in groups.
// Of the component roles, the node's (system:node, system:node-bootstrapper and the CSR
// auto-approval roles, with kubeadm's bindings) come from node-policy.ts; the others (scheduler,
// controllers) are left out: those components run with the admin identity.
//
// The server creates each object at first start if absent. Like Kubernetes, it may also
// reconcile objects annotated autoupdate "true" at every start (add missing rules and subjects);
// an operator who sets the annotation to "false" keeps their edits.
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, SERVICE_ACCOUNTS_GROUP, SYSTEM_MASTERS } from '../user.ts';
import { aggregatedRules } from './aggregation.ts';
import { nodeClusterRoleBindings, nodeClusterRoles } from './node-policy.ts';
import { clusterRole, groupBinding, metadata, RBAC_GROUP, rule, urls } from './policy-builders.ts';

const AGGREGATE_TO = (role: 'admin' | 'edit' | 'view') => `${RBAC_GROUP}/aggregate-to-${role}`;
const read = ['get', 'list', 'watch'];
const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const readWrite = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function aggregatedRole(name: 'admin' | 'edit' | 'view', labels?: Record<string, string>): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: metadata(name, labels),
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [AGGREGATE_TO(name)]: 'true' } }] },
    rules: [],
  };
}

function clusterRoles(): ClusterRole[] {
  return [
    // The "root" role, granted to system:masters (the admin kubeconfig's group).
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    // Namespace admin / editor / viewer: empty shells filled by aggregation (see below).
    aggregatedRole('admin'),
    aggregatedRole('edit', { [AGGREGATE_TO('admin')]: 'true' }),
    aggregatedRole('view', { [AGGREGATE_TO('edit')]: 'true' }),
    clusterRole(
      'system:aggregate-to-admin',
      [rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']), rule(readWrite, [RBAC_GROUP], ['rolebindings', 'roles'])],
      { [AGGREGATE_TO('admin')]: 'true' },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        // Reading secrets and exec-ing into pods is editing power, not viewing power.
        rule(read, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
        rule(['impersonate'], [''], ['serviceaccounts']),
        rule(write, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
        rule(['create'], [''], ['pods/eviction']),
        rule(write, [''], ['configmaps', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
        rule(['create'], [''], ['serviceaccounts/token']),
        rule(write, ['', 'events.k8s.io'], ['events']),
        rule(write, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
        rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
        rule(write, ['batch'], ['cronjobs', 'jobs']),
        rule(write, ['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale']),
        rule(write, ['policy'], ['poddisruptionbudgets']),
        rule(write, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
        rule(readWrite, ['coordination.k8s.io'], ['leases']),
        rule(write, ['resource.k8s.io'], ['resourceclaims', 'resourceclaimtemplates']),
      ],
      { [AGGREGATE_TO('edit')]: 'true' },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        rule(read, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
        rule(read, [''], ['bindings', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
        rule(read, [''], ['namespaces']),
        rule(read, ['', 'events.k8s.io'], ['events']),
        rule(read, ['discovery.k8s.io'], ['endpointslices']),
        rule(read, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
        rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
        rule(read, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
        rule(read, ['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale']),
        rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
        rule(read, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
        rule(read, ['resource.k8s.io'], ['resourceclaims', 'resourceclaims/status', 'resourceclaimtemplates']),
      ],
      { [AGGREGATE_TO('view')]: 'true' },
    ),
    // metrics-server's role (its manifests, not kube-apiserver's bootstrap policy): `kubectl top`
    // for whoever may view, edit or administer.
    clusterRole('system:aggregated-metrics-reader', [rule(read, ['metrics.k8s.io'], ['nodes', 'pods'])], {
      [AGGREGATE_TO('view')]: 'true',
      [AGGREGATE_TO('edit')]: 'true',
      [AGGREGATE_TO('admin')]: 'true',
    }),
    // What every authenticated user may do: learn about themselves (kubectl auth can-i / whoami)…
    clusterRole('system:basic-user', [
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ]),
    // …and discover the API (kubectl's first requests).
    clusterRole('system:discovery', [
      urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']),
    ]),
    // What anyone, even without credentials, may read.
    clusterRole('system:public-info-viewer', [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
    clusterRole('system:monitoring', [
      urls(['get'], ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*']),
      rule(['get'], [''], ['nodes/metrics']),
    ]),
    clusterRole('system:auth-delegator', [
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ]),
    clusterRole('system:service-account-issuer-discovery', [
      urls(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/']),
    ]),
    ...nodeClusterRoles(),
  ];
}

function clusterRoleBindings(): ClusterRoleBinding[] {
  return [
    groupBinding('cluster-admin', [SYSTEM_MASTERS]),
    groupBinding('system:monitoring', ['system:monitoring']),
    groupBinding('system:discovery', [ALL_AUTHENTICATED]),
    groupBinding('system:basic-user', [ALL_AUTHENTICATED]),
    groupBinding('system:public-info-viewer', [ALL_AUTHENTICATED, ALL_UNAUTHENTICATED]),
    groupBinding('system:service-account-issuer-discovery', [SERVICE_ACCOUNTS_GROUP]),
    ...nodeClusterRoleBindings(),
  ];
}

/**
 * Fresh copies of the bootstrap objects. The aggregated roles (admin, edit, view) come with their
 * rules already filled in, as a running Kubernetes shows them; authorization resolves aggregation
 * itself, so those copies only matter for display.
 */
export function bootstrapRbacObjects(): { clusterRoles: ClusterRole[]; clusterRoleBindings: ClusterRoleBinding[] } {
  const roles = clusterRoles();
  const source = { clusterRoles: () => roles };
  const filled = roles.map((role) => (role.aggregationRule ? { ...role, rules: aggregatedRules(role, source) } : role));
  return { clusterRoles: filled, clusterRoleBindings: clusterRoleBindings() };
}
