// Label selectors as `?labelSelector=` carries them (`kubectl get -l`), with Kubernetes'
// grammar (k8s.io/apimachinery/pkg/labels): comma-separated requirements `key`, `!key`,
// `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key>1`, `key<1`.
// Also the structured form objects carry (metav1.LabelSelector: matchLabels, matchExpressions).
// One grammar for the API server (query parameters) and the client (listers, controllers).
import { invalidArgument } from '../../util/errors.ts';

type Operator = 'exists' | 'doesnotexist' | 'equals' | 'notequals' | 'in' | 'notin' | 'gt' | 'lt';

interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelector {
  readonly empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
  toString(): string;
}

const keyPattern = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const valuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string): void {
  const prefix = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
  if (!keyPattern.test(key) || prefix.length > 253) {
    throw invalidArgument(`unable to parse requirement: values[0][${key}]: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  }
}

function checkValue(key: string, value: string): void {
  if (value.length > 63 || !valuePattern.test(value)) {
    throw invalidArgument(`unable to parse requirement: values[0][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
  }
}

function matchesRequirement(requirement: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'exists':
      return has;
    case 'doesnotexist':
      return !has;
    case 'equals':
    case 'in':
      return has && requirement.values.includes(value!);
    case 'notequals':
    case 'notin':
      return !has || !requirement.values.includes(value!);
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const actual = Number(value);
      const bound = Number(requirement.values[0]);
      return requirement.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function formatRequirement(requirement: Requirement): string {
  switch (requirement.operator) {
    case 'exists':
      return requirement.key;
    case 'doesnotexist':
      return `!${requirement.key}`;
    case 'equals':
      return `${requirement.key}=${requirement.values[0]}`;
    case 'notequals':
      return `${requirement.key}!=${requirement.values[0]}`;
    case 'in':
      return `${requirement.key} in (${requirement.values.join(',')})`;
    case 'notin':
      return `${requirement.key} notin (${requirement.values.join(',')})`;
    case 'gt':
      return `${requirement.key}>${requirement.values[0]}`;
    case 'lt':
      return `${requirement.key}<${requirement.values[0]}`;
  }
}

function selectorOf(requirements: Requirement[]): LabelSelector {
  return {
    empty: requirements.length === 0,
    matches: (labels) => requirements.every((requirement) => matchesRequirement(requirement, labels ?? {})),
    toString: () => requirements.map(formatRequirement).join(','),
  };
}

/** Splits at commas outside parentheses. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

function parseRequirement(text: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const [, key, operator, list] = set;
    checkKey(key!);
    const values = list!.split(',').map((value) => value.trim());
    for (const value of values) checkValue(key!, value);
    return { key: key!, operator: operator as 'in' | 'notin', values };
  }
  const comparison = /^([^!=<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(text);
  if (comparison) {
    const [, key, op, value] = comparison;
    checkKey(key!);
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value!)) throw invalidArgument(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key: key!, operator: op === '>' ? 'gt' : 'lt', values: [value!] };
    }
    checkValue(key!, value!);
    return { key: key!, operator: op === '!=' ? 'notequals' : 'equals', values: [value!] };
  }
  if (text.startsWith('!')) {
    const key = text.slice(1).trim();
    checkKey(key);
    return { key, operator: 'doesnotexist', values: [] };
  }
  checkKey(text);
  return { key: text, operator: 'exists', values: [] };
}

export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return selectorOf([]);
  const requirements = splitRequirements(trimmed).map((part) => {
    if (part === '') throw invalidArgument(`unable to parse requirement: found '', expected: identifier`);
    return parseRequirement(part);
  });
  return selectorOf(requirements);
}

export interface StructuredLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector (a Deployment's spec.selector): an empty one matches everything, as in Kubernetes. */
export function structuredLabelSelector(selector: StructuredLabelSelector): LabelSelector {
  const requirements: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'equals', values: [value] }));
  for (const expression of selector.matchExpressions ?? []) {
    const operator = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: 'doesnotexist' } as Record<string, Operator>)[expression.operator];
    if (!operator) throw invalidArgument(`"${expression.operator}" is not a valid label selector operator`);
    requirements.push({ key: expression.key, operator, values: expression.values ?? [] });
  }
  return selectorOf(requirements);
}
