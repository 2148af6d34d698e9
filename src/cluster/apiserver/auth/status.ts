// The Kubernetes Status bodies for the two refusals, worded exactly as kube-apiserver words them
// (k8s.io/apiserver endpoints/handlers/responsewriters/errors.go and apimachinery's NewForbidden),
// because clients print them verbatim: "Error from server (Forbidden): pods is forbidden: User …".
import type { Status } from 'kubernetes-types/meta/v1.js';
import { isResourceRequest, type RequestAttributes } from './attributes.ts';
import type { UserInfo } from './user.ts';

/** 401: no valid credentials (or an anonymous request that authorization refused). */
export function unauthorizedStatus(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
}

/** 403 with Kubernetes' message; `reason` is the authorizer's (appended after ": " when not empty). */
export function forbiddenStatus(user: UserInfo, attributes: RequestAttributes, reason = ''): Status {
  const detail = reason === '' ? forbiddenMessage(user, attributes) : `${forbiddenMessage(user, attributes)}: ${reason}`;
  if (!isResourceRequest(attributes)) {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `forbidden: ${detail}`, reason: 'Forbidden', details: {}, code: 403 };
  }
  const qualified = attributes.group ? `${attributes.resource}.${attributes.group}` : attributes.resource;
  const name = attributes.name ?? '';
  const message = name === '' ? `${qualified} is forbidden: ${detail}` : `${qualified} ${goQuote(name)} is forbidden: ${detail}`;
  const details: Status['details'] = {};
  if (name !== '') details.name = name;
  if (attributes.group) details.group = attributes.group;
  details.kind = attributes.resource;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 };
}

/** `User "alice" cannot list resource "pods" in API group "" in the namespace "default"`, and its cluster-scope and path variants. */
export function forbiddenMessage(user: UserInfo, attributes: RequestAttributes): string {
  const who = `User ${goQuote(user.name)}`;
  let message: string;
  if (!isResourceRequest(attributes)) {
    message = `${who} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  } else {
    const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
    const scope = attributes.namespace ? `in the namespace ${goQuote(attributes.namespace)}` : 'at the cluster scope';
    message = `${who} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.group)} ${scope}`;
  }
  // Kubernetes escapes what could make the text look like HTML.
  return message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Go's %q for the printable strings that appear here: JSON quoting is the same for them. */
function goQuote(value: string): string {
  return JSON.stringify(value);
}
