// How Kubernetes merges each list and map of the served kinds — the OpenAPI extensions
// x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key (strategic merge patch: kubectl
// apply, set image, rollout restart), x-kubernetes-list-type / -list-map-keys and
// x-kubernetes-map-type (server-side apply). kubernetes-types does not carry them, so this is
// Minato's own table, written from the struct tags (`patchStrategy`, `patchMergeKey`) and
// markers (`+listType`, `+listMapKey`, `+mapType`, `+structType`) of Kubernetes' types.go at
// k8s.io/api and k8s.io/apimachinery v0.32.13 — the fields kubectl 1.32/1.33 expect a 1.32
// server to publish. Lists Kubernetes leaves unmarked are atomic for server-side apply and
// replaced whole by strategic merge patch; they are not listed.
//
// Keyed by definition name, then property; the key '.' is the definition itself (a struct
// marked +structType=atomic, published as x-kubernetes-map-type on the definition). A field's
// +structType is published as x-kubernetes-map-type too. Fields of inlined Go structs
// (VolumeSource in Volume, EphemeralContainerCommon in EphemeralContainer) are listed under
// the definition that carries them in JSON. Entries for fields newer than the generated
// definitions (kubernetes-types) are ignored where the field does not exist. Left out: the
// +listType=atomic upstream puts on Status.details, which is a struct, not a list.
//
// The runtime lays this over the generated definitions when it loads them (definitions.ts), so
// the published documents, patchSchemaFor and the patch algorithms all read the same table.

export interface FieldSemantics {
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
  readonly mapType?: 'atomic' | 'granular';
}

const atomicList: FieldSemantics = { listType: 'atomic' };
const setList: FieldSemantics = { listType: 'set' };
const atomicMap: FieldSemantics = { mapType: 'atomic' };

/** A list of objects merged by key: strategic merge patch by `patchMergeKey`, server-side apply by `listMapKeys`. */
function mergeByKey(patchMergeKey: string, listMapKeys: readonly string[] = [patchMergeKey], patchStrategy = 'merge'): FieldSemantics {
  return { patchStrategy, patchMergeKey, listType: 'map', listMapKeys };
}

export const listSemantics: Readonly<Record<string, Readonly<Record<string, FieldSemantics>>>> = {
  'io.k8s.api.apps.v1.DaemonSetStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    strategy: { patchStrategy: 'retainKeys' },
  },
  'io.k8s.api.apps.v1.DeploymentStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.apps.v1.ReplicaSetStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.apps.v1.StatefulSetSpec': {
    volumeClaimTemplates: atomicList,
  },
  'io.k8s.api.apps.v1.StatefulSetStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference': {
    '.': atomicMap,
  },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': {
    policies: atomicList,
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': {
    metrics: atomicList,
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': {
    conditions: mergeByKey('type'),
    currentMetrics: atomicList,
  },
  'io.k8s.api.batch.v1.CronJobStatus': {
    active: atomicList,
  },
  'io.k8s.api.batch.v1.JobStatus': {
    conditions: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' },
  },
  'io.k8s.api.batch.v1.PodFailurePolicy': {
    rules: atomicList,
  },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': {
    values: setList,
  },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': {
    onPodConditions: atomicList,
  },
  'io.k8s.api.batch.v1.SuccessPolicy': {
    rules: atomicList,
  },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': {
    failed: setList,
    succeeded: setList,
  },
  'io.k8s.api.core.v1.Capabilities': {
    add: atomicList,
    drop: atomicList,
  },
  'io.k8s.api.core.v1.CephFSPersistentVolumeSource': {
    monitors: atomicList,
  },
  'io.k8s.api.core.v1.CephFSVolumeSource': {
    monitors: atomicList,
  },
  'io.k8s.api.core.v1.ComponentStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.core.v1.ConfigMapKeySelector': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.ConfigMapProjection': {
    items: atomicList,
  },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': {
    items: atomicList,
  },
  'io.k8s.api.core.v1.Container': {
    args: atomicList,
    command: atomicList,
    env: mergeByKey('name'),
    envFrom: atomicList,
    ports: mergeByKey('containerPort', ['containerPort', 'protocol']),
    resizePolicy: atomicList,
    volumeDevices: mergeByKey('devicePath'),
    volumeMounts: mergeByKey('mountPath'),
  },
  'io.k8s.api.core.v1.ContainerImage': {
    names: atomicList,
  },
  'io.k8s.api.core.v1.ContainerStatus': {
    allocatedResourcesStatus: mergeByKey('name'),
    volumeMounts: mergeByKey('mountPath'),
  },
  'io.k8s.api.core.v1.DownwardAPIProjection': {
    items: atomicList,
  },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': {
    items: atomicList,
  },
  'io.k8s.api.core.v1.EndpointAddress': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.EndpointPort': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.EndpointSubset': {
    addresses: atomicList,
    notReadyAddresses: atomicList,
    ports: atomicList,
  },
  'io.k8s.api.core.v1.Endpoints': {
    subsets: atomicList,
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    args: atomicList,
    command: atomicList,
    env: mergeByKey('name'),
    envFrom: atomicList,
    ports: mergeByKey('containerPort', ['containerPort', 'protocol']),
    resizePolicy: atomicList,
    volumeDevices: mergeByKey('devicePath'),
    volumeMounts: mergeByKey('mountPath'),
  },
  'io.k8s.api.core.v1.ExecAction': {
    command: atomicList,
  },
  'io.k8s.api.core.v1.FCVolumeSource': {
    targetWWNs: atomicList,
    wwids: atomicList,
  },
  'io.k8s.api.core.v1.HTTPGetAction': {
    httpHeaders: atomicList,
  },
  'io.k8s.api.core.v1.HostAlias': {
    hostnames: atomicList,
  },
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': {
    portals: atomicList,
  },
  'io.k8s.api.core.v1.ISCSIVolumeSource': {
    portals: atomicList,
  },
  'io.k8s.api.core.v1.LimitRangeSpec': {
    limits: atomicList,
  },
  'io.k8s.api.core.v1.LinuxContainerUser': {
    supplementalGroups: atomicList,
  },
  'io.k8s.api.core.v1.LoadBalancerIngress': {
    ports: atomicList,
  },
  'io.k8s.api.core.v1.LoadBalancerStatus': {
    ingress: atomicList,
  },
  'io.k8s.api.core.v1.LocalObjectReference': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.NamespaceSpec': {
    finalizers: atomicList,
  },
  'io.k8s.api.core.v1.NamespaceStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.core.v1.NodeAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: atomicList,
  },
  'io.k8s.api.core.v1.NodeSelector': {
    '.': atomicMap,
    nodeSelectorTerms: atomicList,
  },
  'io.k8s.api.core.v1.NodeSelectorRequirement': {
    values: atomicList,
  },
  'io.k8s.api.core.v1.NodeSelectorTerm': {
    '.': atomicMap,
    matchExpressions: atomicList,
    matchFields: atomicList,
  },
  'io.k8s.api.core.v1.NodeSpec': {
    podCIDRs: { patchStrategy: 'merge', listType: 'set' },
    taints: atomicList,
  },
  'io.k8s.api.core.v1.NodeStatus': {
    addresses: mergeByKey('type'),
    conditions: mergeByKey('type'),
    images: atomicList,
    runtimeHandlers: atomicList,
    volumesAttached: atomicList,
    volumesInUse: atomicList,
  },
  'io.k8s.api.core.v1.ObjectFieldSelector': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.ObjectReference': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': {
    accessModes: atomicList,
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': {
    accessModes: atomicList,
    allocatedResourceStatuses: { mapType: 'granular' },
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.core.v1.PersistentVolumeSpec': {
    accessModes: atomicList,
    claimRef: { mapType: 'granular' },
    mountOptions: atomicList,
  },
  'io.k8s.api.core.v1.PodAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: atomicList,
    requiredDuringSchedulingIgnoredDuringExecution: atomicList,
  },
  'io.k8s.api.core.v1.PodAffinityTerm': {
    matchLabelKeys: atomicList,
    mismatchLabelKeys: atomicList,
    namespaces: atomicList,
  },
  'io.k8s.api.core.v1.PodAntiAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: atomicList,
    requiredDuringSchedulingIgnoredDuringExecution: atomicList,
  },
  'io.k8s.api.core.v1.PodDNSConfig': {
    nameservers: atomicList,
    options: atomicList,
    searches: atomicList,
  },
  'io.k8s.api.core.v1.PodSecurityContext': {
    supplementalGroups: atomicList,
    sysctls: atomicList,
  },
  'io.k8s.api.core.v1.PodSpec': {
    containers: mergeByKey('name'),
    ephemeralContainers: mergeByKey('name'),
    hostAliases: mergeByKey('ip'),
    imagePullSecrets: mergeByKey('name'),
    initContainers: mergeByKey('name'),
    nodeSelector: atomicMap,
    readinessGates: atomicList,
    resourceClaims: mergeByKey('name', ['name'], 'merge,retainKeys'),
    schedulingGates: mergeByKey('name'),
    tolerations: atomicList,
    topologySpreadConstraints: mergeByKey('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
    volumes: mergeByKey('name', ['name'], 'merge,retainKeys'),
  },
  'io.k8s.api.core.v1.PodStatus': {
    conditions: mergeByKey('type'),
    containerStatuses: atomicList,
    ephemeralContainerStatuses: atomicList,
    hostIPs: { patchStrategy: 'merge', patchMergeKey: 'ip', listType: 'atomic' },
    initContainerStatuses: atomicList,
    podIPs: mergeByKey('ip'),
    resourceClaimStatuses: mergeByKey('name', ['name'], 'merge,retainKeys'),
  },
  'io.k8s.api.core.v1.ProjectedVolumeSource': {
    sources: atomicList,
  },
  'io.k8s.api.core.v1.RBDPersistentVolumeSource': {
    monitors: atomicList,
  },
  'io.k8s.api.core.v1.RBDVolumeSource': {
    monitors: atomicList,
  },
  'io.k8s.api.core.v1.ReplicationControllerSpec': {
    selector: atomicMap,
  },
  'io.k8s.api.core.v1.ReplicationControllerStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.core.v1.ResourceFieldSelector': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.ResourceQuotaSpec': {
    scopes: atomicList,
  },
  'io.k8s.api.core.v1.ResourceRequirements': {
    claims: { listType: 'map', listMapKeys: ['name'] },
  },
  'io.k8s.api.core.v1.ResourceStatus': {
    resources: { listType: 'map', listMapKeys: ['resourceID'] },
  },
  'io.k8s.api.core.v1.ScopeSelector': {
    '.': atomicMap,
    matchExpressions: atomicList,
  },
  'io.k8s.api.core.v1.ScopedResourceSelectorRequirement': {
    values: atomicList,
  },
  'io.k8s.api.core.v1.SecretKeySelector': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.SecretProjection': {
    items: atomicList,
  },
  'io.k8s.api.core.v1.SecretReference': {
    '.': atomicMap,
  },
  'io.k8s.api.core.v1.SecretVolumeSource': {
    items: atomicList,
  },
  'io.k8s.api.core.v1.ServiceAccount': {
    imagePullSecrets: atomicList,
    secrets: mergeByKey('name'),
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    clusterIPs: atomicList,
    externalIPs: atomicList,
    ipFamilies: atomicList,
    loadBalancerSourceRanges: atomicList,
    ports: mergeByKey('port', ['port', 'protocol']),
    selector: atomicMap,
  },
  'io.k8s.api.core.v1.ServiceStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.core.v1.TopologySelectorLabelRequirement': {
    values: atomicList,
  },
  'io.k8s.api.core.v1.TopologySelectorTerm': {
    '.': atomicMap,
    matchLabelExpressions: atomicList,
  },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    matchLabelKeys: atomicList,
  },
  'io.k8s.api.core.v1.TypedLocalObjectReference': {
    '.': atomicMap,
  },
  'io.k8s.api.discovery.v1.Endpoint': {
    addresses: setList,
  },
  'io.k8s.api.discovery.v1.EndpointHints': {
    forZones: atomicList,
  },
  'io.k8s.api.discovery.v1.EndpointPort': {
    '.': atomicMap,
  },
  'io.k8s.api.discovery.v1.EndpointSlice': {
    endpoints: atomicList,
    ports: atomicList,
  },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': {
    paths: atomicList,
  },
  'io.k8s.api.networking.v1.IPBlock': {
    except: atomicList,
  },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': {
    ports: atomicList,
  },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': {
    ingress: atomicList,
  },
  'io.k8s.api.networking.v1.IngressSpec': {
    rules: atomicList,
    tls: atomicList,
  },
  'io.k8s.api.networking.v1.IngressTLS': {
    hosts: atomicList,
  },
  'io.k8s.api.networking.v1.NetworkPolicyEgressRule': {
    ports: atomicList,
    to: atomicList,
  },
  'io.k8s.api.networking.v1.NetworkPolicyIngressRule': {
    from: atomicList,
    ports: atomicList,
  },
  'io.k8s.api.networking.v1.NetworkPolicySpec': {
    egress: atomicList,
    ingress: atomicList,
    policyTypes: atomicList,
  },
  'io.k8s.api.networking.v1.ServiceBackendPort': {
    '.': atomicMap,
  },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': {
    selector: { patchStrategy: 'replace' },
  },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': {
    conditions: mergeByKey('type'),
  },
  'io.k8s.api.rbac.v1.AggregationRule': {
    clusterRoleSelectors: atomicList,
  },
  'io.k8s.api.rbac.v1.ClusterRole': {
    rules: atomicList,
  },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': {
    subjects: atomicList,
  },
  'io.k8s.api.rbac.v1.PolicyRule': {
    apiGroups: atomicList,
    nonResourceURLs: atomicList,
    resourceNames: atomicList,
    resources: atomicList,
    verbs: atomicList,
  },
  'io.k8s.api.rbac.v1.Role': {
    rules: atomicList,
  },
  'io.k8s.api.rbac.v1.RoleBinding': {
    subjects: atomicList,
  },
  'io.k8s.api.rbac.v1.RoleRef': {
    '.': atomicMap,
  },
  'io.k8s.api.rbac.v1.Subject': {
    '.': atomicMap,
  },
  'io.k8s.api.storage.v1.CSIDriverSpec': {
    tokenRequests: atomicList,
    volumeLifecycleModes: setList,
  },
  'io.k8s.api.storage.v1.CSINodeDriver': {
    topologyKeys: atomicList,
  },
  'io.k8s.api.storage.v1.CSINodeSpec': {
    drivers: mergeByKey('name'),
  },
  'io.k8s.api.storage.v1.StorageClass': {
    allowedTopologies: atomicList,
    mountOptions: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup': {
    serverAddressByClientCIDRs: atomicList,
    versions: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList': {
    groups: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResource': {
    categories: atomicList,
    shortNames: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList': {
    resources: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions': {
    serverAddressByClientCIDRs: atomicList,
    versions: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
    dryRun: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement': {
    values: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
    '.': atomicMap,
    matchExpressions: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': {
    values: atomicList,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: { patchStrategy: 'merge', listType: 'set' },
    managedFields: atomicList,
    ownerReferences: mergeByKey('uid'),
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': {
    '.': atomicMap,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails': {
    causes: atomicList,
  },
};
