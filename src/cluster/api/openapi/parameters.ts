// The parameters of the API's operations, as the documents list them. kubectl reads one of
// them: before `apply` or `create -f` it looks for `fieldValidation` among the query
// parameters of the kind's PATCH operation (cli-runtime resource/query_param_verifier_v3.go),
// and only then sends ?fieldValidation=Strict instead of validating on its own side.
import type { Schema } from './schema.ts';

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: Schema;
}

function query(name: string, type: 'string' | 'integer' | 'boolean', description: string): Parameter {
  return { name, in: 'query', description, schema: { type } };
}

export const parameters = {
  pretty: query('pretty', 'string', "If 'true', the output is indented."),
  dryRun: query('dryRun', 'string', 'All: run every stage of the request (defaulting, validation, admission) but persist nothing.'),
  fieldManager: query('fieldManager', 'string', 'The name of the actor making the change, recorded in metadata.managedFields. Required for apply patches (application/apply-patch+yaml).'),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'What the server does with unknown or duplicate fields in the request body. Ignore: drops them silently. Warn: drops them and returns a warning for each. Strict: fails the request (400 BadRequest) naming each of them.',
  ),
  force: query('force', 'boolean', 'Apply patches only: take over the fields other managers own instead of failing with a conflict.'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted; 0 deletes at once. Unset: the kind\'s default.'),
  orphanDependents: query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. true orphans the dependents, false deletes them.'),
  propagationPolicy: query('propagationPolicy', 'string', 'How dependents are garbage collected: Orphan, Background or Foreground.'),
  labelSelector: query('labelSelector', 'string', 'Only the objects whose labels match this selector.'),
  fieldSelector: query('fieldSelector', 'string', 'Only the objects whose fields match this selector (metadata.name, metadata.namespace and per-kind fields).'),
  limit: query('limit', 'integer', 'At most this many items; metadata.continue then names the rest.'),
  continue: query('continue', 'string', 'The metadata.continue of the previous page of a limited list.'),
  resourceVersion: query('resourceVersion', 'string', 'The resource version the list or watch is served from (see resourceVersionMatch); unset: the most recent.'),
  resourceVersionMatch: query('resourceVersionMatch', 'string', 'How resourceVersion applies to a list: Exact or NotOlderThan.'),
  timeoutSeconds: query('timeoutSeconds', 'integer', 'The time limit of a list or watch call.'),
  watch: query('watch', 'boolean', 'Stream the changes (ADDED, MODIFIED, DELETED) after resourceVersion instead of listing.'),
  allowWatchBookmarks: query('allowWatchBookmarks', 'boolean', 'A watch may send BOOKMARK events that carry only a newer resourceVersion.'),
  sendInitialEvents: query('sendInitialEvents', 'boolean', 'A watch starts with synthetic ADDED events for the current objects, then a BOOKMARK.'),
} satisfies Record<string, Parameter>;

export function nameParameter(kind: string): Parameter {
  return { name: 'name', in: 'path', description: `name of the ${kind}`, required: true, schema: { type: 'string' } };
}

export const namespaceParameter: Parameter = {
  name: 'namespace',
  in: 'path',
  description: 'object name and auth scope, such as for teams and projects',
  required: true,
  schema: { type: 'string' },
};

const p = parameters;
export const listParameters = [p.allowWatchBookmarks, p.continue, p.fieldSelector, p.labelSelector, p.limit, p.resourceVersion, p.resourceVersionMatch, p.sendInitialEvents, p.timeoutSeconds, p.watch];
export const writeParameters = [p.dryRun, p.fieldManager, p.fieldValidation];
export const patchParameters = [p.dryRun, p.fieldManager, p.fieldValidation, p.force];
export const deleteParameters = [p.dryRun, p.gracePeriodSeconds, p.orphanDependents, p.propagationPolicy];
export const deleteCollectionParameters = [...deleteParameters, p.continue, p.fieldSelector, p.labelSelector, p.limit, p.resourceVersion, p.resourceVersionMatch, p.sendInitialEvents, p.timeoutSeconds];
