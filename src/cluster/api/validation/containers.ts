// Containers of a pod spec: names, images, ports, environment, mounts, probes, resources and
// the enumerated policies — the checks of Kubernetes' validateContainers that catch what users
// get wrong, with its paths (spec.containers[0].ports[1].containerPort) and messages.
import type { Container, ContainerPort, EnvVar, Probe, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import { fieldPath } from '../field-error.ts';
import { duplicate, forbidden, invalid, nonNegative, notFound, notSupported, required } from './errors.ts';
import { isConfigMapKey, isDNS1123Label, isEnvVarName, isValidPortName, isValidPortNumber } from './names.ts';
import { validateContainerResources } from './resources.ts';

export const supportedProtocols = ['SCTP', 'TCP', 'UDP'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const terminationMessagePolicies = ['File', 'FallbackToLogsOnError'];

export interface ContainerContext {
  /** Names of the pod's volumes, for volumeMounts. */
  volumes: Set<string>;
  /** Container names seen so far in the pod (containers and init containers share one namespace). */
  names: Set<string>;
  hostNetwork: boolean;
  init: boolean;
  /** A Pod itself (not a template): image whitespace is checked only there. */
  pod: boolean;
}

export function validateContainers(containers: Container[] | undefined, path: string, context: ContainerContext): FieldError[] {
  const errors: FieldError[] = [];
  (containers ?? []).forEach((container, index) => errors.push(...validateContainer(container, fieldPath.index(path, index), context)));
  return errors;
}

function validateContainer(container: Container, path: string, context: ContainerContext): FieldError[] {
  const errors: FieldError[] = [];
  const namePath = fieldPath.child(path, 'name');
  if (!container.name) errors.push(required(namePath));
  else errors.push(...isDNS1123Label(container.name).map((message) => invalid(namePath, container.name, message)));
  if (container.name && context.names.has(container.name)) errors.push(duplicate(namePath, container.name));
  else if (container.name) context.names.add(container.name);

  const imagePath = fieldPath.child(path, 'image');
  if (!container.image) errors.push(required(imagePath));
  else if (context.pod && container.image !== container.image.trim()) errors.push(invalid(imagePath, container.image, 'must not have leading or trailing whitespace'));

  if (container.restartPolicy !== undefined) {
    if (!context.init) errors.push(forbidden(fieldPath.child(path, 'restartPolicy'), 'may not be set for non-init containers'));
    else if (container.restartPolicy !== 'Always') errors.push(notSupported(fieldPath.child(path, 'restartPolicy'), container.restartPolicy, ['Always']));
  }
  errors.push(...validateProbe(container.livenessProbe, fieldPath.child(path, 'livenessProbe')));
  errors.push(...validateProbe(container.readinessProbe, fieldPath.child(path, 'readinessProbe')));
  errors.push(...validateProbe(container.startupProbe, fieldPath.child(path, 'startupProbe')));
  if (container.livenessProbe && (container.livenessProbe.successThreshold ?? 1) !== 1) {
    errors.push(invalid(fieldPath.child(path, 'livenessProbe.successThreshold'), container.livenessProbe.successThreshold, 'must be 1'));
  }
  if (container.startupProbe && (container.startupProbe.successThreshold ?? 1) !== 1) {
    errors.push(invalid(fieldPath.child(path, 'startupProbe.successThreshold'), container.startupProbe.successThreshold, 'must be 1'));
  }
  errors.push(...validatePorts(container.ports, fieldPath.child(path, 'ports'), context.hostNetwork));
  errors.push(...validateEnv(container.env, fieldPath.child(path, 'env')));
  errors.push(...validateVolumeMounts(container.volumeMounts, fieldPath.child(path, 'volumeMounts'), context.volumes));
  errors.push(...validateContainerResources(container.resources, fieldPath.child(path, 'resources')));
  errors.push(...enumerated(container.imagePullPolicy, fieldPath.child(path, 'imagePullPolicy'), pullPolicies));
  errors.push(...enumerated(container.terminationMessagePolicy, fieldPath.child(path, 'terminationMessagePolicy'), terminationMessagePolicies));
  return errors;
}

/** A field defaulting always sets: Required when empty, Unsupported when not one of the values. */
export function enumerated(value: string | undefined, path: string, supported: readonly string[]): FieldError[] {
  if (!value) return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

function validatePorts(ports: ContainerPort[] | undefined, path: string, hostNetwork: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, index) => {
    const portPath = fieldPath.index(path, index);
    if (port.name) {
      const messages = isValidPortName(port.name);
      if (messages.length > 0) errors.push(...messages.map((message) => invalid(fieldPath.child(portPath, 'name'), port.name, message)));
      else if (names.has(port.name)) errors.push(duplicate(fieldPath.child(portPath, 'name'), port.name));
      else names.add(port.name);
    }
    const containerPortPath = fieldPath.child(portPath, 'containerPort');
    if (!port.containerPort) errors.push(required(containerPortPath));
    else errors.push(...isValidPortNumber(port.containerPort).map((message) => invalid(containerPortPath, port.containerPort, message)));
    if (port.hostPort) {
      errors.push(...isValidPortNumber(port.hostPort).map((message) => invalid(fieldPath.child(portPath, 'hostPort'), port.hostPort, message)));
      if (hostNetwork && port.hostPort !== port.containerPort) {
        errors.push(invalid(fieldPath.child(portPath, 'hostPort'), port.hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
    }
    errors.push(...enumerated(port.protocol, fieldPath.child(portPath, 'protocol'), supportedProtocols));
  });
  return errors;
}

function validateEnv(variables: EnvVar[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (variables ?? []).forEach((variable, index) => {
    const variablePath = fieldPath.index(path, index);
    const namePath = fieldPath.child(variablePath, 'name');
    // Kubernetes reports an empty name twice: required, and not a valid name.
    if (!variable.name) errors.push(required(namePath));
    errors.push(...isEnvVarName(variable.name ?? '').map((message) => invalid(namePath, variable.name ?? '', message)));
    errors.push(...validateEnvValueFrom(variable, fieldPath.child(variablePath, 'valueFrom')));
  });
  return errors;
}

function validateEnvValueFrom(variable: EnvVar, path: string): FieldError[] {
  const from = variable.valueFrom;
  if (!from) return [];
  const errors: FieldError[] = [];
  const sources = (['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const).filter((source) => from[source]);
  if (sources.length === 0) {
    errors.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (sources.length > 1) {
    errors.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  if (variable.value && sources.length > 0) errors.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  for (const source of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const reference = from[source];
    if (!reference) continue;
    const referencePath = fieldPath.child(path, source);
    if (!reference.name) errors.push(required(fieldPath.child(referencePath, 'name')));
    if (!reference.key) errors.push(required(fieldPath.child(referencePath, 'key')));
    else errors.push(...isConfigMapKey(reference.key).map((message) => invalid(fieldPath.child(referencePath, 'key'), reference.key, message)));
  }
  if (from.fieldRef && !from.fieldRef.fieldPath) errors.push(required(fieldPath.child(path, 'fieldRef.fieldPath')));
  if (from.resourceFieldRef && !from.resourceFieldRef.resource) errors.push(required(fieldPath.child(path, 'resourceFieldRef.resource')));
  return errors;
}

function validateVolumeMounts(mounts: VolumeMount[] | undefined, path: string, volumes: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  const mountPoints = new Set<string>();
  (mounts ?? []).forEach((mount, index) => {
    const mountPath = fieldPath.index(path, index);
    if (!mount.name) errors.push(required(fieldPath.child(mountPath, 'name')));
    if (!volumes.has(mount.name)) errors.push(notFound(fieldPath.child(mountPath, 'name'), mount.name ?? ''));
    if (!mount.mountPath) errors.push(required(fieldPath.child(mountPath, 'mountPath')));
    if (mountPoints.has(mount.mountPath)) errors.push(invalid(fieldPath.child(mountPath, 'mountPath'), mount.mountPath, 'must be unique'));
    mountPoints.add(mount.mountPath);
    if (mount.subPath && (mount.subPath.startsWith('/') || mount.subPath.split('/').includes('..'))) {
      errors.push(invalid(fieldPath.child(mountPath, 'subPath'), mount.subPath, mount.subPath.startsWith('/') ? 'must be a relative path' : "must not contain '..'"));
    }
  });
  return errors;
}

const probeHandlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function validateProbe(probe: Probe | undefined, path: string): FieldError[] {
  if (!probe) return [];
  const errors: FieldError[] = [];
  const handlers = probeHandlers.filter((handler) => probe[handler]);
  if (handlers.length === 0) errors.push(required(path, 'must specify a handler type'));
  for (const extra of handlers.slice(1)) errors.push(forbidden(fieldPath.child(path, extra), 'may not specify more than 1 handler type'));
  if (probe.exec && (probe.exec.command ?? []).length === 0) errors.push(required(fieldPath.child(path, 'exec.command')));
  for (const handler of ['httpGet', 'tcpSocket'] as const) {
    const target = probe[handler];
    if (target) errors.push(...validatePortNumberOrName(target.port, fieldPath.child(path, `${handler}.port`)));
  }
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errors.push(...nonNegative(fieldPath.child(path, field), probe[field]));
  }
  return errors;
}

/** ValidatePortNumOrName: a port number 1-65535 or an IANA port name. */
export function validatePortNumberOrName(port: number | string | undefined, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNumber(port).map((message) => invalid(path, port, message));
  if (typeof port === 'string') return isValidPortName(port).map((message) => invalid(path, port, message));
  return [required(path)];
}
