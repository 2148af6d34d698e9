// Kubernetes' error vocabulary at the API's edge: every failure becomes a meta.k8s.io `Status`
// (kind Status, status Failure, a reason, a message worded as Kubernetes words it, details with
// the object's name, group and kind, and the field causes of a 422). Code inside the API server
// throws MinatoErrors; the ones made here carry the Status in their details so nothing is lost
// on the way to the response.
import { isMinatoError, MinatoError, type ErrorKind } from '../../util/errors.ts';
import { type FieldError, formatFieldError } from '../api/field-error.ts';
import { errorKindOfStatusCode } from '../api/status-code.ts';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A MinatoError carrying the exact Status to answer with. */
export function statusError(code: number, reason: StatusReason, message: string, details?: StatusDetails): MinatoError {
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
  return new MinatoError(errorKindOfStatusCode(code), message, { details: { kubeStatus: status } });
}

/** What the object is called in messages: "pods", or "deployments.apps". */
export interface ResourceName {
  group: string;
  plural: string;
}

export function qualifiedResource(resource: ResourceName): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

export const errors = {
  notFound: (resource: ResourceName, name: string) =>
    statusError(404, 'NotFound', `${qualifiedResource(resource)} "${name}" not found`, { name, group: resource.group, kind: resource.plural }),
  alreadyExists: (resource: ResourceName, name: string) =>
    statusError(409, 'AlreadyExists', `${qualifiedResource(resource)} "${name}" already exists`, { name, group: resource.group, kind: resource.plural }),
  conflict: (resource: ResourceName, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
    statusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(resource)} "${name}": ${why}`, { name, group: resource.group, kind: resource.plural }),
  /** 422: `Deployment.apps "web" is invalid: [a, b]` (one error: without brackets). */
  invalid: (kind: { group: string; kind: string }, name: string, fieldErrors: FieldError[]) => {
    const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
    const messages = fieldErrors.map(formatFieldError);
    const list = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
    return statusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${list}`, {
      name,
      group: kind.group,
      kind: kind.kind,
      causes: fieldErrors.map((error, index) => ({ reason: error.type, message: messages[index]!.slice(error.field.length + 2), field: error.field })),
    });
  },
  /** A path the server does not serve. */
  notFoundPath: () => statusError(404, 'NotFound', 'the server could not find the requested resource', {}),
  badRequest: (message: string) => statusError(400, 'BadRequest', message),
  forbidden: (message: string, details?: StatusDetails) => statusError(403, 'Forbidden', message, details),
  unauthorized: () => statusError(401, 'Unauthorized', 'Unauthorized'),
  methodNotAllowed: (message: string) => statusError(405, 'MethodNotAllowed', message),
  notAcceptable: (message: string) => statusError(406, 'NotAcceptable', message),
  unsupportedMediaType: (message: string) => statusError(415, 'UnsupportedMediaType', message),
  tooLarge: () => statusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'),
  /** A resourceVersion older than the store keeps: 410 Expired (watch and list). */
  expired: (message: string) => statusError(410, 'Expired', message),
  internal: (message: string) => statusError(500, 'InternalError', `Internal error occurred: ${message}`),
};

/** The Status for any thrown value: its own, one derived from a MinatoError's kind, or a 500. */
export function statusOf(err: unknown): KubeStatus {
  if (isMinatoError(err)) {
    const own = err.details?.kubeStatus as KubeStatus | undefined;
    if (own) return own;
    const byKind: Record<ErrorKind, [number, StatusReason]> = {
      InvalidArgument: [400, 'BadRequest'],
      Unauthorized: [401, 'Unauthorized'],
      Forbidden: [403, 'Forbidden'],
      NotFound: [404, 'NotFound'],
      Conflict: [409, 'Conflict'],
      Gone: [410, 'Expired'],
      Invalid: [422, 'Invalid'],
      NotModified: [409, 'Conflict'],
      Unavailable: [503, 'ServiceUnavailable'],
      Internal: [500, 'InternalError'],
    };
    const [code, reason] = byKind[err.kind];
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message, reason, code };
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`, reason: 'InternalError', code: 500 };
}

export function successStatus(details?: StatusDetails): KubeStatus & { status: 'Success' } {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code: 200 } as KubeStatus & { status: 'Success' };
}
