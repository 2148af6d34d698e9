// Label selectors (metav1.LabelSelector): validation as metav1validation.ValidateLabelSelector
// does it, matching against a label set, and the string form kubectl prints in the SELECTOR
// column ("app=web,tier in (a,b)").
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import type { FieldError } from '../field-error.ts';
import { fieldPath } from '../field-error.ts';
import { forbidden, invalid, required } from './errors.ts';
import { isQualifiedName, isValidLabelValue } from './names.ts';

export type Labels = Record<string, string>;

/** ValidateLabelName: label keys are qualified names; the error sits on the map's path, not the key's. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((message) => invalid(path, name, message));
}

/** ValidateLabels: keys qualified names, values at most 63 characters of [-A-Za-z0-9_.]. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [invalid(path, labels, 'must be a map of strings')];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    errors.push(...validateLabelName(key, path));
    if (typeof value !== 'string') errors.push(invalid(path, value, 'must be a string'));
    else errors.push(...isValidLabelValue(value).map((message) => invalid(path, value, message)));
  }
  return errors;
}


export function validateLabelSelector(selector: LabelSelector | undefined, path: string): FieldError[] {
  if (!selector) return [];
  const errors = validateLabels(selector.matchLabels, fieldPath.child(path, 'matchLabels'));
  (selector.matchExpressions ?? []).forEach((requirement, index) => {
    errors.push(...validateRequirement(requirement, fieldPath.index(fieldPath.child(path, 'matchExpressions'), index)));
  });
  return errors;
}

function validateRequirement(requirement: LabelSelectorRequirement, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const values = requirement.values ?? [];
  const valuesPath = fieldPath.child(path, 'values');
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errors.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errors.push(forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errors.push(invalid(fieldPath.child(path, 'operator'), requirement.operator, 'not a valid selector operator'));
  }
  errors.push(...validateLabelName(requirement.key ?? '', fieldPath.child(path, 'key')));
  values.forEach((value, index) => {
    for (const message of isValidLabelValue(value)) errors.push(invalid(fieldPath.index(valuesPath, index), value, message));
  });
  return errors;
}

/** True when the selector has no requirement at all: it selects everything (LabelSelectorAsSelector → Everything). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Whether the labels satisfy the selector; a missing selector selects nothing, an empty one everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false;
  const set = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (set[key] !== value) return false;
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(set, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(set[requirement.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(set[requirement.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The selector as labels.Selector.String() writes it: requirements sorted by key, values sorted; undefined for an unusable selector. */
export function selectorString(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) requirements.push({ key, text: `${key}=${value}` });
  for (const requirement of selector.matchExpressions ?? []) {
    const values = [...(requirement.values ?? [])].sort();
    const key = requirement.key;
    switch (requirement.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return undefined;
        requirements.push({ key, text: `${key} ${requirement.operator === 'In' ? 'in' : 'notin'} (${values.join(',')})` });
        break;
      case 'Exists':
        requirements.push({ key, text: key });
        break;
      case 'DoesNotExist':
        requirements.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  // Go's sort is stable on key only: ties keep their order (matchLabels before expressions).
  return requirements
    .map((requirement, index) => ({ ...requirement, index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map((requirement) => requirement.text)
    .join(',');
}

/** metav1.FormatLabelSelector: "<none>" when it selects everything, "<error>" when it cannot be read. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text.length === 0 ? '<none>' : text;
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<none>' : entries.map(([key, value]) => `${key}=${value}`).join(',');
}
