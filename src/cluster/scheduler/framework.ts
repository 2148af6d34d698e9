// The plugin contract, after kube-scheduler's scheduling framework.
//
// One scheduling attempt for a pod runs, in order:
//   preFilter  once per plugin: precompute what the filters need (or SKIP the plugin for this
//              pod, reject every node at once, or narrow the candidate nodes);
//   filter     per node, plugins in order, stopping at the first rejection;
//   preScore   once per plugin with the feasible nodes (or SKIP: the plugin scores 0 everywhere);
//   score      per feasible node, then normalize to 0–100 across them; each plugin's normalized
//              score times its weight adds up to the node's total.
// Plugin state lives only for the attempt. Filters with state that depends on other pods
// (inter-pod affinity, topology spread) can clone it and remove pods from it, which is how
// preemption asks "would the pod fit if these pods were gone?".
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import type { Snapshot } from './snapshot.ts';

export const maxNodeScore = 100;

/**
 * Unschedulable: the node might fit if pods were preempted from it.
 * UnschedulableAndUnresolvable: preempting pods would not help.
 */
export type RejectionCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** Why a node cannot take the pod, in kube-scheduler's words. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly reasons: readonly string[];
  readonly plugin: string;
}

export function rejection(plugin: string, code: RejectionCode, ...reasons: string[]): Rejection {
  return Object.freeze({ plugin, code, reasons: Object.freeze(reasons) });
}

export const SKIP: unique symbol = Symbol('skip');
export type Skip = typeof SKIP;

export type PreFilterResult<S> =
  | Skip
  /** Continue with this state; nodeNames, when given, are the only nodes worth filtering. */
  | { state: S; nodeNames?: ReadonlySet<string> }
  /** Every node is rejected for this reason. */
  | { reject: Rejection };

export interface FilterPlugin<S = unknown> {
  readonly name: string;
  preFilter(pod: PodInfo, snapshot: Snapshot): PreFilterResult<S>;
  /** null: the node fits as far as this plugin is concerned. */
  filter(state: S, pod: PodInfo, node: NodeInfo): Rejection | null;
  /** For preemption: a copy of the state that removePod may change. Plugins without it keep no per-pod counts. */
  cloneState?(state: S): S;
  /** For preemption: account for `removed` leaving `node`. */
  removePod?(state: S, pod: PodInfo, removed: PodInfo, node: NodeInfo): void;
}

export interface ScorePlugin<S = unknown> {
  readonly name: string;
  preScore(pod: PodInfo, feasible: readonly NodeInfo[], snapshot: Snapshot): S | Skip;
  /** The raw score of one feasible node. */
  score(state: S, pod: PodInfo, node: NodeInfo): number;
  /** Rescales scores[0..feasible.length) to 0–100 in place; plugins whose raw scores are already 0–100 omit it. */
  normalize?(state: S, scores: Float64Array, feasible: readonly NodeInfo[]): void;
}

export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin<any>;
  readonly weight: number;
}

/**
 * helper.DefaultNormalizeScore: scales so the best node gets 100 (integer arithmetic, as in Go);
 * `reverse` makes the lowest raw score the best. All zero stays zero (or all 100 when reversed).
 */
export function defaultNormalizeScore(scores: Float64Array, count: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = maxNodeScore;
    return;
  }
  for (let i = 0; i < count; i++) {
    const score = Math.trunc((maxNodeScore * scores[i]!) / max);
    scores[i] = reverse ? maxNodeScore - score : score;
  }
}
