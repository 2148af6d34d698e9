// The defaults Kubernetes gives a pod spec (pkg/apis/core/v1/defaults.go), for Pods and for
// every pod template (Deployments, Jobs, …): what `kubectl get -o yaml` shows that nobody wrote.
// Pods alone get a few more (SetDefaults_Pod): requests copied from limits, enableServiceLinks,
// and host ports equal to container ports on the host network.
import type { Container, HTTPGetAction, PodSpec, PodTemplateSpec, Probe, Volume } from 'kubernetes-types/core/v1.js';
import { canonicalizeResourceList, canonicalQuantity } from '../validation/resources.ts';
import { child, defaultTo } from './object-view.ts';

/** The pull policy for an image without one: Always for ":latest" or no tag at all, IfNotPresent otherwise (digests included). */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  const reference = image ?? '';
  const at = reference.indexOf('@');
  const hasDigest = at >= 0;
  const name = hasDigest ? reference.slice(0, at) : reference;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '';
  if (tag === 'latest' || (tag === '' && !hasDigest)) return 'Always';
  return 'IfNotPresent';
}

function defaultHttpGet(action: HTTPGetAction | undefined): void {
  if (!action) return;
  defaultTo(action, 'path', '/');
  defaultTo(action, 'scheme', 'HTTP');
}

function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  for (const field of ['timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    if (!probe[field]) probe[field] = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }[field];
  }
  defaultHttpGet(probe.httpGet);
}

export function defaultContainer(container: Container): void {
  defaultTo(container, 'imagePullPolicy', defaultPullPolicy(container.image));
  defaultTo(container, 'terminationMessagePath', '/dev/termination-log');
  defaultTo(container, 'terminationMessagePolicy', 'File');
  for (const port of container.ports ?? []) defaultTo(port, 'protocol', 'TCP');
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  defaultHttpGet(container.lifecycle?.postStart?.httpGet);
  defaultHttpGet(container.lifecycle?.preStop?.httpGet);
  for (const variable of container.env ?? []) {
    if (variable.valueFrom?.fieldRef) defaultTo(variable.valueFrom.fieldRef, 'apiVersion', 'v1');
    if (variable.valueFrom?.resourceFieldRef?.divisor !== undefined) {
      variable.valueFrom.resourceFieldRef.divisor = canonicalQuantity(variable.valueFrom.resourceFieldRef.divisor) as string;
    }
  }
  // Go always writes the resources struct, so an empty one shows as `resources: {}`.
  const resources = child<NonNullable<Container['resources']>>(container, 'resources');
  canonicalizeResourceList(resources.limits);
  canonicalizeResourceList(resources.requests);
}

const defaultFileMode = 0o644;

function defaultVolume(volume: Volume): void {
  const sources = Object.keys(volume).filter((key) => key !== 'name');
  if (sources.length === 0) volume.emptyDir = {};
  if (volume.secret) defaultTo(volume.secret, 'defaultMode', defaultFileMode);
  if (volume.configMap) defaultTo(volume.configMap, 'defaultMode', defaultFileMode);
  if (volume.downwardAPI) {
    defaultTo(volume.downwardAPI, 'defaultMode', defaultFileMode);
    for (const item of volume.downwardAPI.items ?? []) if (item.fieldRef) defaultTo(item.fieldRef, 'apiVersion', 'v1');
  }
  if (volume.projected) {
    defaultTo(volume.projected, 'defaultMode', defaultFileMode);
    for (const source of volume.projected.sources ?? []) {
      if (source.serviceAccountToken) defaultTo(source.serviceAccountToken, 'expirationSeconds', 3600);
      for (const item of source.downwardAPI?.items ?? []) if (item.fieldRef) defaultTo(item.fieldRef, 'apiVersion', 'v1');
    }
  }
  if (volume.hostPath && volume.hostPath.type === undefined) volume.hostPath.type = '';
  if (volume.emptyDir?.sizeLimit !== undefined) volume.emptyDir.sizeLimit = canonicalQuantity(volume.emptyDir.sizeLimit) as string;
}

/** SetDefaults_PodSpec and the defaults of everything a pod spec holds. */
export function defaultPodSpec(spec: PodSpec): void {
  defaultTo(spec, 'dnsPolicy', 'ClusterFirst');
  defaultTo(spec, 'restartPolicy', 'Always');
  if (!spec.securityContext) spec.securityContext = {};
  defaultTo(spec, 'terminationGracePeriodSeconds', 30);
  defaultTo(spec, 'schedulerName', 'default-scheduler');
  for (const container of spec.containers ?? []) defaultContainer(container);
  for (const container of spec.initContainers ?? []) defaultContainer(container);
  for (const container of spec.ephemeralContainers ?? []) defaultContainer(container as Container);
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
  canonicalizeResourceList(spec.overhead);
}

/** Defaults of a pod template; templates get the pod spec defaults but not the Pod-only ones. */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  defaultPodSpec(child<PodSpec>(template, 'spec'));
}

/** SetDefaults_Pod: the defaults only a Pod gets, on top of the pod spec's. */
export function defaultPodOnly(spec: PodSpec): void {
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const resources = container.resources;
    if (!resources?.limits) continue;
    resources.requests ??= {};
    for (const [name, limit] of Object.entries(resources.limits)) if (!(name in resources.requests)) resources.requests[name] = limit;
  }
  defaultTo(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork) {
    for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const port of container.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
    }
  }
}
