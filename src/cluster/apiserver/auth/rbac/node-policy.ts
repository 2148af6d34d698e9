// What nodes and nodes-to-be may do: Kubernetes' bootstrap roles system:node (NodeRules, 1.32),
// system:node-bootstrapper and the two CSR auto-approval roles, with the bindings kubeadm makes
// for TLS bootstrapping (kubeadm:kubelet-bootstrap, kubeadm:node-autoapprove-bootstrap,
// kubeadm:node-autoapprove-certificate-rotation).
//
// Kubernetes limits each node to its own objects with the Node authorizer and the NodeRestriction
// admission plugin, and binds system:node to no one. Minato has neither yet, so system:node is
// bound to group system:nodes as Kubernetes did before 1.8: a node's certificate grants these
// rules cluster-wide.
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { BOOTSTRAPPERS_GROUP } from '../../../api/bootstrap-token.ts';
import { NODES_GROUP } from '../../../api/certificates/signers.ts';
import { clusterRole, groupBinding, RBAC_GROUP, rule } from './policy-builders.ts';

export const NODE_CLIENT_ROLE = 'system:certificates.k8s.io:certificatesigningrequests:nodeclient';
export const SELF_NODE_CLIENT_ROLE = 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient';

const read = ['get', 'list', 'watch'];
const certificates = 'certificates.k8s.io';

export function nodeClusterRoles(): ClusterRole[] {
  return [
    clusterRole('system:node', [
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews']),
      rule(read, [''], ['services']),
      rule(['create', 'get', 'list', 'watch'], [''], ['nodes']),
      rule(['patch', 'update'], [''], ['nodes/status']),
      rule(['patch', 'update'], [''], ['nodes']),
      rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
      rule(read, [''], ['pods']),
      rule(['create', 'delete'], [''], ['pods']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(['create'], [''], ['pods/eviction']),
      rule(read, [''], ['configmaps', 'secrets']),
      rule(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
      rule(['get'], [''], ['endpoints']),
      rule(['create', 'get', 'list', 'watch'], [certificates], ['certificatesigningrequests']),
      rule(['create', 'delete', 'get', 'patch', 'update'], ['coordination.k8s.io'], ['leases']),
      rule(['get'], ['storage.k8s.io'], ['volumeattachments']),
      rule(['create'], [''], ['serviceaccounts/token']),
      rule(['get', 'patch', 'update'], [''], ['persistentvolumeclaims/status']),
      rule(read, ['storage.k8s.io'], ['csidrivers']),
      rule(['create', 'delete', 'get', 'patch', 'update'], ['storage.k8s.io'], ['csinodes']),
      rule(read, ['node.k8s.io'], ['runtimeclasses']),
    ]),
    // What a bootstrap token may do: ask for a certificate and watch for it.
    clusterRole('system:node-bootstrapper', [rule(['create', 'get', 'list', 'watch'], [certificates], ['certificatesigningrequests'])]),
    // Having a node client certificate request auto-approved (by a token), or a renewal of one's own.
    clusterRole(NODE_CLIENT_ROLE, [rule(['create'], [certificates], ['certificatesigningrequests/nodeclient'])]),
    clusterRole(SELF_NODE_CLIENT_ROLE, [rule(['create'], [certificates], ['certificatesigningrequests/selfnodeclient'])]),
  ];
}

/** kubeadm's binding: its own name and no bootstrap label (kubeadm makes it, not the API server). */
function kubeadmBinding(name: string, role: string, group: string): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'Group', name: group }],
  };
}

export function nodeClusterRoleBindings(): ClusterRoleBinding[] {
  return [groupBinding('system:node', [NODES_GROUP])];
}

/** What kubeadm init makes so that nodes join with a token: created with the first token, not part of the API server's bootstrap policy. */
export function kubeadmNodeBootstrapBindings(): ClusterRoleBinding[] {
  return [
    kubeadmBinding('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', BOOTSTRAPPERS_GROUP),
    kubeadmBinding('kubeadm:node-autoapprove-bootstrap', NODE_CLIENT_ROLE, BOOTSTRAPPERS_GROUP),
    kubeadmBinding('kubeadm:node-autoapprove-certificate-rotation', SELF_NODE_CLIENT_ROLE, NODES_GROUP),
  ];
}
