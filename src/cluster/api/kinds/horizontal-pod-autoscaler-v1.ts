// autoscaling/v1 HorizontalPodAutoscaler: the same objects as autoscaling/v2 (which stays the
// preferred and the storage version), seen through v1's one CPU target. kubectl ≤ 1.32's
// `kubectl autoscale` creates them in this version.
//
// Kubernetes validates and prints the internal object, whichever version the client used;
// here that is the v2 object, so validation and the table go through the conversion — with the
// errors of the CPU target reported at v1's own field, spec.targetCPUUtilizationPercentage.
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { conditionsAnnotation, metricStatusesAnnotation } from './hpa-annotations.ts';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa-v1-conversion.ts';
import { horizontalPodAutoscalerResource as v2 } from './horizontal-pod-autoscaler.ts';
import { child, defaultTo, metadataOf, view } from './object-view.ts';
import { keepStatus } from './strategy.ts';

type Spec = NonNullable<HorizontalPodAutoscaler['spec']>;

/** The CPU target's metric in the converted object: after the metrics from the annotation, so last. */
function cpuTargetPath(object: KubeObject, converted: KubeObject): string | undefined {
  const target = view<HorizontalPodAutoscaler>(object).spec?.targetCPUUtilizationPercentage;
  if (target === undefined || target === null) return undefined;
  const metrics = (converted.spec as { metrics?: unknown[] } | undefined)?.metrics ?? [];
  return `spec.metrics[${metrics.length - 1}].resource.target.averageUtilization`;
}

function validate(object: KubeObject, old?: KubeObject): FieldError[] {
  const converted = hpaV1ToV2(object);
  const errors = v2.validate(converted, old && hpaV1ToV2(old));
  const cpuPath = cpuTargetPath(object, converted);
  return errors.map((error) => (error.field === cpuPath ? { ...error, field: 'spec.targetCPUUtilizationPercentage' } : error));
}

/** The status annotations of `old` replace those of `object` (or go when `old` has none). */
function keepStatusAnnotations(object: KubeObject, old: KubeObject): void {
  const annotations = { ...object.metadata?.annotations };
  for (const key of [metricStatusesAnnotation, conditionsAnnotation]) {
    const value = old.metadata?.annotations?.[key];
    if (value === undefined) delete annotations[key];
    else annotations[key] = value;
  }
  const metadata = metadataOf(object);
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
}

export const horizontalPodAutoscalerV1Resource: ResourceType = {
  group: 'autoscaling',
  version: 'v1',
  kind: 'HorizontalPodAutoscaler',
  listKind: 'HorizontalPodAutoscalerList',
  plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  verbs: v2.verbs,
  subresources: { status: true },

  /**
   * SetDefaults_HorizontalPodAutoscaler: minReplicas 1, nothing else. The CPU target is not
   * defaulted here; the conversion supplies 80% when no metric is given at all.
   */
  defaults(object) {
    defaultTo(child<Spec>(object, 'spec'), 'minReplicas', 1);
  },

  validate,

  /** Create resets the status: v1's replica counts are always written. */
  prepareForCreate(object) {
    object.status = { currentReplicas: 0, desiredReplicas: 0 };
  },

  /**
   * An update keeps the stored status. Kubernetes keeps the whole internal status; in v1 part
   * of it is in the current-metrics and conditions annotations, so those come from the stored
   * object too, whatever the client sent.
   */
  prepareForUpdate(object, old) {
    keepStatus(object, old);
    keepStatusAnnotations(object, old);
  },

  storageConversion: { storageVersion: 'v2', toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 },

  /** Kubernetes' printer prints the internal object: the same table as v2, of the converted object. */
  table: {
    columns: v2.table.columns,
    row: (object, now) => v2.table.row(hpaV1ToV2(object), now),
  },
};
