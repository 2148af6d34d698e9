// core/v1 Event (the events `kubectl get events` and `kubectl describe` show).
import type { Event } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { invalid, required } from '../validation/errors.ts';
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '../validation/names.ts';
import { since } from './human-duration.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { column, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const lengthLimit = 128;
const noteLengthLimit = 1024;

/** legacyValidateEvent: events of the old API must name an object in their own namespace; events with eventTime need their reporter. */
function validateEvent(event: Event): FieldError[] {
  const errors: FieldError[] = [];
  const namespace = event.metadata?.namespace ?? '';
  const involvedNamespace = event.involvedObject?.namespace ?? '';
  if (!event.eventTime) {
    if (!involvedNamespace) {
      if (namespace !== '' && namespace !== 'default') errors.push(invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
    } else if (namespace !== involvedNamespace) {
      errors.push(invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
    }
  } else {
    if (!involvedNamespace && namespace !== 'default' && namespace !== 'kube-system') {
      errors.push(invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
    }
    const controller = event.reportingComponent ?? '';
    if (!controller) errors.push(required('reportingComponent'));
    errors.push(...isQualifiedName(controller).map((message) => invalid('reportingComponent', controller, message)));
    if (!event.reportingInstance) errors.push(required('reportingInstance'));
    else if (event.reportingInstance.length > lengthLimit) errors.push(invalid('reportingInstance', '', `can have at most ${lengthLimit} characters`));
    if (!event.action) errors.push(required('action'));
    else if (event.action.length > lengthLimit) errors.push(invalid('action', '', `can have at most ${lengthLimit} characters`));
    if (!event.reason) errors.push(required('reason'));
    else if (event.reason.length > lengthLimit) errors.push(invalid('reason', '', `can have at most ${lengthLimit} characters`));
    if ((event.message ?? '').length > noteLengthLimit) errors.push(invalid('message', '', `can have at most ${noteLengthLimit} characters`));
  }
  for (const message of isDNS1123Subdomain(namespace)) errors.push(invalid('namespace', namespace, message));
  return errors;
}

function sourceCell(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const host = event.source?.host || event.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

export const eventResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Event',
  listKind: 'EventList',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults() {},

  validate(object, old) {
    return [...validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain }), ...validateEvent(view<Event>(object))];
  },

  selectableFields(object) {
    const event = view<Event>(object);
    const involved = event.involvedObject ?? {};
    return {
      'involvedObject.kind': involved.kind ?? '',
      'involvedObject.namespace': involved.namespace ?? '',
      'involvedObject.name': involved.name ?? '',
      'involvedObject.uid': involved.uid ?? '',
      'involvedObject.apiVersion': involved.apiVersion ?? '',
      'involvedObject.resourceVersion': involved.resourceVersion ?? '',
      'involvedObject.fieldPath': involved.fieldPath ?? '',
      reason: event.reason ?? '',
      reportingComponent: event.reportingComponent ?? '',
      source: event.source?.component || event.reportingComponent || '',
      type: event.type ?? '',
    };
  },

  // The columns are in Kubernetes' order: NAME comes last and only with -o wide.
  table: {
    columns: [
      column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
      column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
      column('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
      column('Object', 'The object that this event is about.'),
      column('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.', { wide: true }),
      column('Source', 'The component reporting this event. Should be a short machine understandable string.', { wide: true }),
      column('Message', 'A human-readable description of the status of this operation.'),
      column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { wide: true }),
      column('Count', 'The number of times this event has occurred.', { wide: true }),
      { ...column('Name', 'Name must be unique within a namespace.', { wide: true }), format: 'name' },
    ],
    row(object, now) {
      const event = view<Event>(object);
      const firstSeen = event.firstTimestamp ? since(event.firstTimestamp, now) : since(event.eventTime, now);
      let lastSeen = event.lastTimestamp ? since(event.lastTimestamp, now) : firstSeen;
      let count = event.count ?? 0;
      if (event.series) {
        lastSeen = since(event.series.lastObservedTime, now);
        count = event.series.count ?? 0;
      } else if (count === 0) {
        count = 1; // events of the new API come without a count
      }
      const involved = event.involvedObject ?? {};
      const target = involved.name ? `${(involved.kind ?? '').toLowerCase()}/${involved.name}` : (involved.kind ?? '').toLowerCase();
      return [lastSeen, event.type ?? '', event.reason ?? '', target, involved.fieldPath ?? '', sourceCell(event), (event.message ?? '').trim(), firstSeen, count, nameOf(object)];
    },
  },
};
