// autoscaling/v2 metrics, metric statuses and conditions in the form autoscaling/v1 keeps them
// in its round-trip annotations, and back. That form is autoscaling/v1's own MetricSpec and
// MetricStatus (k8s.io/api/autoscaling/v1 types.go: types v1 defines but serves nowhere else):
// a flat target per source — targetAverageUtilization, targetAverageValue, metricName — where
// v2 has a MetricTarget and a MetricIdentifier. The conversions follow Kubernetes'
// pkg/apis/autoscaling/v1/conversion.go, including what the v1 form loses: a target's type is
// rebuilt from which values are set, and a Go non-pointer Quantity comes back as "0" when it
// was unset (an Object metric's value, a Pods metric's average, a current average value).
//
// Objects are built in Go's field order, so the annotations read as Kubernetes writes them.
import type { CrossVersionObjectReference, HorizontalPodAutoscalerCondition, MetricSpec, MetricStatus, MetricValueStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { field, quantityText, readInt, readObject, readQuantity, readString, undecodable } from './hpa-annotations.ts';

type JsonObject = Record<string, unknown>;

/** v1 CrossVersionObjectReference: kind and name always, apiVersion when set. */
function referenceToV1(reference: CrossVersionObjectReference | undefined): JsonObject {
  return { kind: reference?.kind ?? '', name: reference?.name ?? '', apiVersion: reference?.apiVersion || undefined };
}

function readReference(value: unknown): CrossVersionObjectReference {
  const object = readObject(value);
  const apiVersion = readString(field(object, 'apiVersion'));
  return { kind: readString(field(object, 'kind')) ?? '', name: readString(field(object, 'name')) ?? '', ...(apiVersion ? { apiVersion } : {}) };
}

function readSelector(value: unknown): LabelSelector | undefined {
  return readObject(value) as LabelSelector | undefined;
}

/** A v2 MetricIdentifier from v1's metricName and selector. */
function identifier(name: string | undefined, selector: LabelSelector | undefined): { name: string; selector?: LabelSelector } {
  return { name: name ?? '', ...(selector ? { selector } : {}) };
}

function optionalQuantity(value: string | undefined): string | undefined {
  return value === undefined ? undefined : quantityText(value);
}

/** Only the set fields, in the order given (JSON.stringify skips undefined ones too; this keeps objects clean for comparisons). */
function compact<T extends JsonObject>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

// ---- metric specs ----------------------------------------------------------------------------

/** A v2 metric in v1's MetricSpec form. */
export function metricSpecToV1(metric: MetricSpec): JsonObject {
  const out: JsonObject = { type: metric.type };
  if (metric.object) {
    out.object = compact({
      target: compact(referenceToV1(metric.object.describedObject)),
      metricName: metric.object.metric?.name ?? '',
      targetValue: quantityText(metric.object.target?.value),
      selector: metric.object.metric?.selector,
      averageValue: optionalQuantity(metric.object.target?.averageValue),
    });
  }
  if (metric.pods) {
    out.pods = compact({ metricName: metric.pods.metric?.name ?? '', targetAverageValue: quantityText(metric.pods.target?.averageValue), selector: metric.pods.metric?.selector });
  }
  if (metric.resource) {
    const target = metric.resource.target;
    out.resource = compact({ name: metric.resource.name ?? '', targetAverageUtilization: target?.averageUtilization, targetAverageValue: optionalQuantity(target?.averageValue) });
  }
  if (metric.containerResource) {
    const source = metric.containerResource;
    out.containerResource = compact({
      name: source.name ?? '',
      targetAverageUtilization: source.target?.averageUtilization,
      targetAverageValue: optionalQuantity(source.target?.averageValue),
      container: source.container ?? '',
    });
  }
  if (metric.external) {
    const source = metric.external;
    out.external = compact({
      metricName: source.metric?.name ?? '',
      metricSelector: source.metric?.selector,
      targetValue: optionalQuantity(source.target?.value),
      targetAverageValue: optionalQuantity(source.target?.averageValue),
    });
  }
  return out;
}

/** Reads one v1 MetricSpec (throws on what Go would not decode) as a v2 metric. */
export function readMetricSpec(json: unknown): MetricSpec {
  const source = readObject(json);
  const out: MetricSpec = { type: readString(field(source, 'type')) ?? '' };
  const object = readObject(field(source, 'object'));
  if (object) {
    const averageValue = readQuantity(field(object, 'averageValue'));
    out.object = {
      describedObject: readReference(field(object, 'target')),
      // v1 always has a target value (a Go non-pointer), so it always comes back.
      target: compact({ type: averageValue === undefined ? 'Value' : 'AverageValue', value: readQuantity(field(object, 'targetValue')) ?? '0', averageValue }),
      metric: identifier(readString(field(object, 'metricName')), readSelector(field(object, 'selector'))),
    };
  }
  const pods = readObject(field(source, 'pods'));
  if (pods) {
    out.pods = {
      metric: identifier(readString(field(pods, 'metricName')), readSelector(field(pods, 'selector'))),
      target: { type: 'AverageValue', averageValue: readQuantity(field(pods, 'targetAverageValue')) ?? '0' },
    };
  }
  const resource = readObject(field(source, 'resource'));
  if (resource) out.resource = { name: readString(field(resource, 'name')) ?? '', target: readResourceTarget(resource) };
  const container = readObject(field(source, 'containerResource'));
  if (container) {
    out.containerResource = { name: readString(field(container, 'name')) ?? '', target: readResourceTarget(container), container: readString(field(container, 'container')) ?? '' };
  }
  const external = readObject(field(source, 'external'));
  if (external) {
    const value = readQuantity(field(external, 'targetValue'));
    out.external = {
      metric: identifier(readString(field(external, 'metricName')), readSelector(field(external, 'metricSelector'))),
      target: compact({ type: value === undefined ? 'AverageValue' : 'Value', value, averageValue: readQuantity(field(external, 'targetAverageValue')) }),
    };
  }
  return out;
}

/** A Resource or ContainerResource target: Utilization when a utilization is given, else AverageValue. */
function readResourceTarget(source: JsonObject): NonNullable<MetricSpec['resource']>['target'] {
  const averageUtilization = readInt(field(source, 'targetAverageUtilization'));
  const averageValue = readQuantity(field(source, 'targetAverageValue'));
  return compact({ type: averageUtilization === undefined ? 'AverageValue' : 'Utilization', averageValue, averageUtilization });
}

// ---- metric statuses -------------------------------------------------------------------------

/** A v2 current metric in v1's MetricStatus form. */
export function metricStatusToV1(status: MetricStatus): JsonObject {
  const out: JsonObject = { type: status.type };
  if (status.object) {
    out.object = compact({
      target: compact(referenceToV1(status.object.describedObject)),
      metricName: status.object.metric?.name ?? '',
      currentValue: quantityText(status.object.current?.value),
      selector: status.object.metric?.selector,
      averageValue: optionalQuantity(status.object.current?.averageValue),
    });
  }
  if (status.pods) {
    out.pods = compact({ metricName: status.pods.metric?.name ?? '', currentAverageValue: quantityText(status.pods.current?.averageValue), selector: status.pods.metric?.selector });
  }
  if (status.resource) {
    const current = status.resource.current;
    out.resource = compact({ name: status.resource.name ?? '', currentAverageUtilization: current?.averageUtilization, currentAverageValue: quantityText(current?.averageValue) });
  }
  if (status.containerResource) {
    const source = status.containerResource;
    out.containerResource = compact({
      name: source.name ?? '',
      currentAverageUtilization: source.current?.averageUtilization,
      currentAverageValue: quantityText(source.current?.averageValue),
      container: source.container ?? '',
    });
  }
  if (status.external) {
    const source = status.external;
    out.external = compact({
      metricName: source.metric?.name ?? '',
      metricSelector: source.metric?.selector,
      currentValue: quantityText(source.current?.value),
      currentAverageValue: optionalQuantity(source.current?.averageValue),
    });
  }
  return out;
}

/** Reads one v1 MetricStatus as a v2 current metric. */
export function readMetricStatus(json: unknown): MetricStatus {
  const source = readObject(json);
  const out: MetricStatus = { type: readString(field(source, 'type')) ?? '' };
  const object = readObject(field(source, 'object'));
  if (object) {
    out.object = {
      metric: identifier(readString(field(object, 'metricName')), readSelector(field(object, 'selector'))),
      current: compact({ value: readQuantity(field(object, 'currentValue')) ?? '0', averageValue: readQuantity(field(object, 'averageValue')) }),
      describedObject: readReference(field(object, 'target')),
    };
  }
  const pods = readObject(field(source, 'pods'));
  if (pods) {
    out.pods = {
      metric: identifier(readString(field(pods, 'metricName')), readSelector(field(pods, 'selector'))),
      current: { averageValue: readQuantity(field(pods, 'currentAverageValue')) ?? '0' },
    };
  }
  const resource = readObject(field(source, 'resource'));
  if (resource) out.resource = { name: readString(field(resource, 'name')) ?? '', current: readResourceCurrent(resource) };
  const container = readObject(field(source, 'containerResource'));
  if (container) {
    out.containerResource = { name: readString(field(container, 'name')) ?? '', current: readResourceCurrent(container), container: readString(field(container, 'container')) ?? '' };
  }
  const external = readObject(field(source, 'external'));
  if (external) {
    out.external = {
      metric: identifier(readString(field(external, 'metricName')), readSelector(field(external, 'metricSelector'))),
      current: compact({ value: readQuantity(field(external, 'currentValue')) ?? '0', averageValue: readQuantity(field(external, 'currentAverageValue')) }),
    };
  }
  return out;
}

/** v1's current average value is a non-pointer: it always comes back, "0" when it was unset. */
function readResourceCurrent(source: JsonObject): MetricValueStatus {
  return compact({ averageValue: readQuantity(field(source, 'currentAverageValue')) ?? '0', averageUtilization: readInt(field(source, 'currentAverageUtilization')) });
}

// ---- conditions ------------------------------------------------------------------------------

/** A v2 condition in v1's form: a Go metav1.Time, so an unset transition time is written null. */
export function conditionToV1(condition: HorizontalPodAutoscalerCondition): JsonObject {
  return compact({
    type: condition.type,
    status: condition.status,
    lastTransitionTime: condition.lastTransitionTime ?? null,
    reason: condition.reason || undefined,
    message: condition.message || undefined,
  });
}

export function readCondition(json: unknown): HorizontalPodAutoscalerCondition {
  const source = readObject(json);
  const time = readString(field(source, 'lastTransitionTime'));
  if (time !== undefined && Number.isNaN(Date.parse(time))) undecodable(); // as metav1.Time refuses it
  return compact({
    type: readString(field(source, 'type')) ?? '',
    status: readString(field(source, 'status')) ?? '',
    lastTransitionTime: time,
    reason: readString(field(source, 'reason')) || undefined,
    message: readString(field(source, 'message')) || undefined,
  });
}
