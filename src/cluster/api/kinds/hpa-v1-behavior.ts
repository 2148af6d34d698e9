// An autoscaling/v2 scaling behavior in the form the autoscaling.alpha.kubernetes.io/behavior
// annotation of autoscaling/v1 keeps it. Kubernetes marshals its internal Go type there (a
// TODO in its conversion.go says so), which has no json tags: the keys are Go's field names
// (ScaleUp, StabilizationWindowSeconds, SelectPolicy, Policies, Type, Value, PeriodSeconds)
// and unset pointers are written null:
//   {"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}]},"ScaleDown":null}
// encoding/json reads keys case-insensitively, so v2's own camelCase JSON reads back too.
import type { HorizontalPodAutoscalerBehavior, HPAScalingPolicy, HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';
import { field, readArray, readInt, readObject, readQuantity, readString } from './hpa-annotations.ts';

type JsonObject = Record<string, unknown>;

function rulesToJson(rules: HPAScalingRules | undefined): JsonObject | null {
  if (!rules) return null;
  const out: JsonObject = {
    StabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? null,
    SelectPolicy: rules.selectPolicy ?? null,
    Policies: rules.policies ? rules.policies.map((policy) => ({ Type: policy.type, Value: policy.value, PeriodSeconds: policy.periodSeconds })) : null,
  };
  // Kubernetes 1.33 added a tolerance (feature-gated); 1.32's type has no such field, so it is written only when set.
  const tolerance = (rules as { tolerance?: string }).tolerance;
  if (tolerance !== undefined) out.Tolerance = tolerance;
  return out;
}

/** The annotation's value for a v2 behavior. */
export function behaviorToAnnotation(behavior: HorizontalPodAutoscalerBehavior): string {
  return JSON.stringify({ ScaleUp: rulesToJson(behavior.scaleUp), ScaleDown: rulesToJson(behavior.scaleDown) });
}

function readPolicy(json: unknown): HPAScalingPolicy {
  const policy = readObject(json);
  return { type: readString(field(policy, 'Type')) ?? '', value: readInt(field(policy, 'Value')) ?? 0, periodSeconds: readInt(field(policy, 'PeriodSeconds')) ?? 0 };
}

function readRules(json: unknown): HPAScalingRules | undefined {
  const rules = readObject(json);
  if (!rules) return undefined;
  const out: HPAScalingRules = {};
  const window = readInt(field(rules, 'StabilizationWindowSeconds'));
  if (window !== undefined) out.stabilizationWindowSeconds = window;
  const selectPolicy = readString(field(rules, 'SelectPolicy'));
  if (selectPolicy !== undefined) out.selectPolicy = selectPolicy;
  const policies = readArray(field(rules, 'Policies'), readPolicy);
  if (policies !== undefined) out.policies = policies;
  const tolerance = readQuantity(field(rules, 'Tolerance'));
  if (tolerance !== undefined) (out as { tolerance?: string }).tolerance = tolerance;
  return out;
}

/**
 * Reads the annotation's JSON as a v2 behavior; undefined when it sets neither direction (Kubernetes
 * then leaves the behavior unset). Throws, through the readers, on what Go would not decode.
 */
export function readBehavior(json: unknown): HorizontalPodAutoscalerBehavior | undefined {
  const behavior = readObject(json);
  const scaleUp = readRules(field(behavior, 'ScaleUp'));
  const scaleDown = readRules(field(behavior, 'ScaleDown'));
  if (!scaleUp && !scaleDown) return undefined;
  return { ...(scaleUp ? { scaleUp } : {}), ...(scaleDown ? { scaleDown } : {}) };
}
