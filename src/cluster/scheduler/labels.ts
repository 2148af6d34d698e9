// Label selectors compiled once per pod into matchers over Map-based label sets (Maps, so that a
// label called "constructor" or "__proto__" cannot hit Object.prototype).
//
// Pod label selectors (metav1.LabelSelectorAsSelector): a missing selector selects nothing, an
// empty one everything; a malformed one (unknown operator, In without values) selects nothing.
// Node selector terms (nodeaffinity.NodeSelector): requirements on labels with In, NotIn, Exists,
// DoesNotExist, Gt, Lt, and on fields (only metadata.name, In/NotIn with one value). Terms are
// ORed, requirements within a term ANDed; an empty term selects nothing; a malformed term is
// skipped, as kube-scheduler skips terms that fail to parse.
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

export type LabelSet = ReadonlyMap<string, string>;

export const emptyLabels: LabelSet = new Map();

export function labelSet(labels: Record<string, string> | undefined | null): LabelSet {
  if (!labels) return emptyLabels;
  const keys = Object.keys(labels);
  if (keys.length === 0) return emptyLabels;
  const set = new Map<string, string>();
  for (const key of keys) set.set(key, labels[key]!);
  return set;
}

export interface LabelMatcher {
  /** Selects everything (no requirement at all): labels.Selector.Empty(). */
  readonly empty: boolean;
  matches(labels: LabelSet): boolean;
}

export const matchNothing: LabelMatcher = { empty: false, matches: () => false };
export const matchEverything: LabelMatcher = { empty: true, matches: () => true };

type Requirement =
  | { op: 'eq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: ReadonlySet<string> }
  | { op: 'exists' | 'doesnotexist'; key: string }
  | { op: 'gt' | 'lt'; key: string; bound: bigint };

function requirementMatches(requirement: Requirement, labels: LabelSet): boolean {
  const value = labels.get(requirement.key);
  switch (requirement.op) {
    case 'eq':
      return value === requirement.value;
    case 'in':
      return value !== undefined && requirement.values.has(value);
    case 'notin':
      return value === undefined || !requirement.values.has(value);
    case 'exists':
      return value !== undefined;
    case 'doesnotexist':
      return value === undefined;
    case 'gt':
    case 'lt': {
      const number = value === undefined ? undefined : parseInteger(value);
      if (number === undefined) return false;
      return requirement.op === 'gt' ? number > requirement.bound : number < requirement.bound;
    }
  }
}

/** strconv.ParseInt(s, 10, 64). */
function parseInteger(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

function matcherOf(requirements: Requirement[]): LabelMatcher {
  if (requirements.length === 0) return matchEverything;
  if (requirements.length === 1) {
    const only = requirements[0]!;
    return { empty: false, matches: (labels) => requirementMatches(only, labels) };
  }
  return {
    empty: false,
    matches(labels) {
      for (let i = 0; i < requirements.length; i++) if (!requirementMatches(requirements[i]!, labels)) return false;
      return true;
    },
  };
}

/** metav1.LabelSelectorAsSelector, compiled. */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  if (!selector) return matchNothing;
  const requirements: Requirement[] = [];
  for (const key of Object.keys(selector.matchLabels ?? {})) requirements.push({ op: 'eq', key, value: selector.matchLabels![key]! });
  for (const expression of selector.matchExpressions ?? []) {
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return matchNothing;
        requirements.push({ op: expression.operator === 'In' ? 'in' : 'notin', key: expression.key, values: new Set(values) });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return matchNothing;
        requirements.push({ op: expression.operator === 'Exists' ? 'exists' : 'doesnotexist', key: expression.key });
        break;
      default:
        return matchNothing;
    }
  }
  return matcherOf(requirements);
}

/** A selector that also requires `key=value` for each entry of `extra` (matchLabelKeys merged into a selector). */
export function withMatchLabels(selector: LabelSelector | null | undefined, extra: ReadonlyMap<string, string>): LabelMatcher {
  if (!selector || extra.size === 0) return compileLabelSelector(selector);
  const matchLabels = { ...(selector.matchLabels ?? {}) };
  const expressions = [...(selector.matchExpressions ?? [])];
  for (const [key, value] of extra) expressions.push({ key, operator: 'In', values: [value] });
  return compileLabelSelector({ matchLabels, matchExpressions: expressions });
}

/** A node as node selectors see it: its labels and its name (the only selectable field). */
export interface SelectableNode {
  readonly name: string;
  readonly labels: LabelSet;
}

export interface NodeMatcher {
  matches(node: SelectableNode): boolean;
}

type CompiledTerm = { labels: LabelMatcher | undefined; names: ((name: string) => boolean) | undefined };

function nodeLabelRequirement(requirement: NodeSelectorRequirement): Requirement | undefined {
  const values = requirement.values ?? [];
  const key = requirement.key;
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return undefined;
      return { op: requirement.operator === 'In' ? 'in' : 'notin', key, values: new Set(values) };
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) return undefined;
      return { op: requirement.operator === 'Exists' ? 'exists' : 'doesnotexist', key };
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? parseInteger(values[0]!) : undefined;
      if (bound === undefined) return undefined;
      return { op: requirement.operator === 'Gt' ? 'gt' : 'lt', key, bound };
    }
    default:
      return undefined;
  }
}

/** One node selector term; undefined when it is malformed (and so never matches). */
function compileTerm(term: NodeSelectorTerm): CompiledTerm | undefined {
  let labels: LabelMatcher | undefined;
  let names: ((name: string) => boolean) | undefined;
  if ((term.matchExpressions ?? []).length > 0) {
    const requirements: Requirement[] = [];
    for (const expression of term.matchExpressions!) {
      const requirement = nodeLabelRequirement(expression);
      if (!requirement) return undefined;
      requirements.push(requirement);
    }
    labels = matcherOf(requirements);
  }
  if ((term.matchFields ?? []).length > 0) {
    const checks: ((name: string) => boolean)[] = [];
    for (const field of term.matchFields!) {
      const values = field.values ?? [];
      if (field.key !== 'metadata.name' || values.length !== 1) return undefined;
      const wanted = values[0]!;
      if (field.operator === 'In') checks.push((name) => name === wanted);
      else if (field.operator === 'NotIn') checks.push((name) => name !== wanted);
      else return undefined;
    }
    names = (name) => checks.every((check) => check(name));
  }
  return { labels, names };
}

function termMatches(term: CompiledTerm, node: SelectableNode): boolean {
  if (!term.labels && !term.names) return false; // an empty term selects no node
  if (term.labels && !term.labels.matches(node.labels)) return false;
  if (term.names && !term.names(node.name)) return false;
  return true;
}

/** Node selector terms, ORed. An empty list selects no node. */
export function compileNodeSelectorTerms(terms: readonly NodeSelectorTerm[]): NodeMatcher {
  const compiled = terms.map(compileTerm).filter((term): term is CompiledTerm => term !== undefined);
  return {
    matches(node) {
      for (let i = 0; i < compiled.length; i++) if (termMatches(compiled[i]!, node)) return true;
      return false;
    },
  };
}

/** One preferred term's matcher (a malformed term never matches). */
export function compileNodeSelectorTerm(term: NodeSelectorTerm): NodeMatcher {
  const compiled = compileTerm(term);
  if (!compiled) return { matches: () => false };
  return { matches: (node) => termMatches(compiled, node) };
}

/** pod.spec.nodeSelector: every key=value present on the node. */
export function compileNodeSelectorMap(selector: Record<string, string>): NodeMatcher {
  const requirements: Requirement[] = Object.keys(selector).map((key) => ({ op: 'eq', key, value: selector[key]! }));
  const matcher = matcherOf(requirements);
  return { matches: (node) => matcher.matches(node.labels) };
}
