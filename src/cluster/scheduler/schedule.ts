// The scheduling algorithm (kube-scheduler's schedulePod): pick a node for one pod in a snapshot,
// or say — in kube-scheduler's words — why none fits.
//
//   1. PreFilter every filter plugin once (it may skip itself, reject every node, or narrow the
//      nodes worth trying). A pod with status.nominatedNodeName tries that node first.
//   2. Filter nodes in turn, starting where the previous attempt stopped (so successive pods
//      start at different nodes), until enough feasible nodes are found: all of them below 100
//      nodes, else percentageOfNodesToScore of them (adaptive: 50% − nodes/125, at least 5%,
//      at least 100 nodes).
//   3. One feasible node: take it. Several: score them, normalize each plugin's scores to 0–100,
//      add them up with the plugins' weights, and pick the best. Ties are broken by reservoir
//      sampling with a seeded PRNG — random-looking like kube-scheduler's choice, so equal
//      nodes share the load, but reproducible for a given seed and sequence of calls.
//   4. No feasible node: the FitError message ("0/3 nodes are available: …") followed by what
//      preemption concludes ("preemption: …").
//
// A Scheduler keeps the rotating start index, the PRNG and scratch buffers between calls; it
// neither reads nor writes the snapshot beyond looking (the caller assume()s the chosen node).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { defaultFilters, defaultScores } from './default-plugins.ts';
import { fitErrorMessage, noNodesAvailableMessage } from './fit-error.ts';
import { type FilterPlugin, type Rejection, SKIP, type WeightedScorePlugin } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import { type PodInfo, podInfoOf } from './pod-info.ts';
import { type ActiveFilter, evaluatePreemption } from './preemption.ts';
import type { Snapshot } from './snapshot.ts';

export const minFeasibleNodesToFind = 100;
export const minFeasibleNodesPercentageToFind = 5;

export interface SchedulerOptions {
  /** Share of nodes to find feasible before scoring, 1–100; 0 or unset: adaptive. */
  percentageOfNodesToScore?: number;
  /** Seed of the tie-breaking PRNG (default 1). */
  seed?: number;
  filters?: readonly FilterPlugin<any>[];
  scores?: readonly WeightedScorePlugin[];
}

export interface NodeScore {
  node: string;
  /** Sum of weight × normalized score. */
  total: number;
  /** Each plugin's normalized score (0–100, before weighting); skipped plugins are absent. */
  plugins: Record<string, number>;
}

export interface Scheduled {
  unschedulable?: undefined;
  node: string;
  /** Nodes filtered (and the nodes outside a PreFilter's node set). */
  evaluatedNodes: number;
  feasibleNodes: number;
  /** Per-node scores, best first, when asked for with { withScores: true }. */
  scores?: NodeScore[];
}

export interface Unschedulable {
  unschedulable: true;
  /** The PodScheduled condition message / FailedScheduling event text. */
  message: string;
  /** Reasons per node that was filtered. */
  nodeReasons: Map<string, readonly string[]>;
  /** Plugins that rejected some node (what the queue should wait on). */
  unschedulablePlugins: string[];
  /** Nodes where preempting lower-priority pods would make room (empty: preemption cannot help). */
  preemptionCandidates: string[];
}

export type ScheduleResult = Scheduled | Unschedulable;

export interface ScheduleOptions {
  withScores?: boolean;
}

/** How many feasible nodes to look for before scoring (numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < minFeasibleNodesPercentageToFind) percentage = minFeasibleNodesPercentageToFind;
  }
  if (percentage >= 100) return numAllNodes;
  const count = Math.trunc((numAllNodes * percentage) / 100);
  return count < minFeasibleNodesToFind ? minFeasibleNodesToFind : count;
}

/** mulberry32: a small, fast, seedable PRNG; returns integers in [0, 2^32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

interface ActiveScore {
  readonly weighted: WeightedScorePlugin;
  readonly state: unknown;
  readonly buffer: Float64Array;
}

export class Scheduler {
  private readonly filters: readonly FilterPlugin<any>[];
  private readonly scorePlugins: readonly WeightedScorePlugin[];
  private readonly percentage: number;
  private readonly random: () => number;
  private nextStartNodeIndex = 0;
  private readonly feasible: NodeInfo[] = [];
  private buffers: Float64Array[] = [];
  private totals = new Float64Array(0);

  constructor(options: SchedulerOptions = {}) {
    this.filters = options.filters ?? defaultFilters;
    this.scorePlugins = options.scores ?? defaultScores;
    this.percentage = options.percentageOfNodesToScore ?? 0;
    this.random = prng(options.seed ?? 1);
  }

  schedule(pod: Pod, snapshot: Snapshot, options: ScheduleOptions = {}): ScheduleResult {
    const numAllNodes = snapshot.size;
    if (numAllNodes === 0) {
      return { unschedulable: true, message: noNodesAvailableMessage, nodeReasons: new Map(), unschedulablePlugins: [], preemptionCandidates: [] };
    }
    const info = podInfoOf(pod);

    // PreFilter.
    const active: ActiveFilter[] = [];
    let nodeNames: ReadonlySet<string> | undefined;
    const narrowingPlugins: string[] = [];
    for (const plugin of this.filters) {
      const result = plugin.preFilter(info, snapshot);
      if (result === SKIP) continue;
      if ('reject' in result) return this.preFilterRejected(info, numAllNodes, result.reject);
      if (result.nodeNames) {
        narrowingPlugins.push(plugin.name);
        nodeNames = nodeNames ? new Set([...nodeNames].filter((name) => result.nodeNames!.has(name))) : result.nodeNames;
      }
      active.push({ plugin, state: result.state });
    }
    if (nodeNames && nodeNames.size === 0) {
      const message = narrowingPlugins.length === 1 ? `node(s) didn't satisfy plugin ${narrowingPlugins[0]}` : `node(s) didn't satisfy plugin(s) [${narrowingPlugins.join(' ')}] simultaneously`;
      return this.preFilterRejected(info, numAllNodes, { plugin: narrowingPlugins[0]!, code: 'UnschedulableAndUnresolvable', reasons: [message] });
    }

    const rejected = new Map<NodeInfo, Rejection>();
    const feasible = this.feasible;
    feasible.length = 0;

    // A node nominated by an earlier preemption is tried first, alone.
    const nominated = pod.status?.nominatedNodeName ? snapshot.get(pod.status.nominatedNodeName) : undefined;
    if (nominated && (!nodeNames || nodeNames.has(nominated.name))) {
      const rejection = this.runFilters(active, info, nominated);
      if (!rejection) return { node: nominated.name, evaluatedNodes: 1, feasibleNodes: 1 };
    }

    // Filter.
    let nodes = snapshot.nodes;
    if (nodeNames) {
      const narrowed: NodeInfo[] = [];
      for (const name of nodeNames) {
        const node = snapshot.get(name);
        if (node) narrowed.push(node);
      }
      nodes = narrowed;
    }
    const count = nodes.length;
    const wanted = numFeasibleNodesToFind(count, this.percentage);
    let processed = 0;
    for (let i = 0; i < count && feasible.length < wanted; i++) {
      const node = nodes[(this.nextStartNodeIndex + i) % count]!;
      processed++;
      const rejection = this.runFilters(active, info, node);
      if (rejection) rejected.set(node, rejection);
      else feasible.push(node);
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % numAllNodes;
    const absent = numAllNodes - count;
    const evaluatedNodes = processed + absent;

    if (feasible.length === 0) return this.unschedulable(info, numAllNodes, rejected, active, narrowingPlugins);
    if (feasible.length === 1 && !options.withScores) return { node: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };
    return this.prioritize(info, snapshot, feasible, evaluatedNodes, options.withScores ?? false);
  }

  private runFilters(active: readonly ActiveFilter[], pod: PodInfo, node: NodeInfo): Rejection | null {
    for (let p = 0; p < active.length; p++) {
      const filter = active[p]!;
      const rejection = filter.plugin.filter(filter.state, pod, node);
      if (rejection) return rejection;
    }
    return null;
  }

  private prioritize(pod: PodInfo, snapshot: Snapshot, feasible: readonly NodeInfo[], evaluatedNodes: number, withScores: boolean): Scheduled {
    const n = feasible.length;
    if (this.totals.length < n) {
      this.totals = new Float64Array(Math.max(n, this.totals.length * 2));
      this.buffers = [];
    }
    const totals = this.totals;
    totals.fill(0, 0, n);
    const scored: ActiveScore[] = [];
    for (let p = 0; p < this.scorePlugins.length; p++) {
      const weighted = this.scorePlugins[p]!;
      const state = weighted.plugin.preScore(pod, feasible, snapshot);
      if (state === SKIP) continue;
      const buffer = (this.buffers[p] ??= new Float64Array(totals.length));
      const plugin = weighted.plugin;
      for (let i = 0; i < n; i++) buffer[i] = plugin.score(state, pod, feasible[i]!);
      plugin.normalize?.(state, buffer, feasible);
      const weight = weighted.weight;
      for (let i = 0; i < n; i++) totals[i]! += buffer[i]! * weight;
      if (withScores) scored.push({ weighted, state, buffer });
    }

    // Best total; ties by reservoir sampling (each of k equal nodes kept with probability 1/k).
    let best = 0;
    let ties = 1;
    for (let i = 1; i < n; i++) {
      const total = totals[i]!;
      if (total > totals[best]!) {
        best = i;
        ties = 1;
      } else if (total === totals[best]!) {
        ties++;
        if (this.random() % ties === 0) best = i;
      }
    }
    const result: Scheduled = { node: feasible[best]!.name, evaluatedNodes, feasibleNodes: n };
    if (withScores) {
      result.scores = feasible
        .map((node, i) => ({
          node: node.name,
          total: totals[i]!,
          plugins: Object.fromEntries(scored.map((entry) => [entry.weighted.plugin.name, entry.buffer[i]!])),
        }))
        .sort((a, b) => b.total - a.total || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
    }
    return result;
  }

  private preFilterRejected(pod: PodInfo, numAllNodes: number, rejection: Rejection): Unschedulable {
    const preemption = evaluatePreemption(pod, numAllNodes, new Map(), []);
    return {
      unschedulable: true,
      message: fitErrorMessage({ numAllNodes, nodeReasons: [], preFilterMessage: rejection.reasons.join(', '), postFilterMessage: preemption.message }),
      nodeReasons: new Map(),
      unschedulablePlugins: [rejection.plugin],
      preemptionCandidates: preemption.candidates,
    };
  }

  private unschedulable(pod: PodInfo, numAllNodes: number, rejected: Map<NodeInfo, Rejection>, active: readonly ActiveFilter[], narrowingPlugins: readonly string[]): Unschedulable {
    const nodeReasons = new Map<string, readonly string[]>();
    const plugins = new Set<string>();
    for (const [node, rejection] of rejected) {
      nodeReasons.set(node.name, rejection.reasons);
      plugins.add(rejection.plugin);
    }
    let absentReasons: string[] = [];
    if (rejected.size < numAllNodes && narrowingPlugins.length > 0) {
      absentReasons = [`node(s) didn't satisfy plugin(s) [${[...narrowingPlugins].sort().join(' ')}]`];
      for (const plugin of narrowingPlugins) plugins.add(plugin);
    }
    const preemption = evaluatePreemption(pod, numAllNodes, rejected, active);
    const message = fitErrorMessage({
      numAllNodes,
      nodeReasons: nodeReasons.values(),
      explicitNodes: rejected.size,
      absentReasons,
      postFilterMessage: preemption.message,
    });
    return { unschedulable: true, message, nodeReasons, unschedulablePlugins: [...plugins].sort(), preemptionCandidates: preemption.candidates };
  }
}

const schedulers = new WeakMap<Snapshot, Scheduler>();

/**
 * Schedules one pod with the default plugins. Successive calls on the same snapshot share a
 * Scheduler (start index, tie-breaking PRNG), so a batch of decisions spreads and is reproducible.
 */
export function schedulePod(pod: Pod, snapshot: Snapshot, options: ScheduleOptions = {}): ScheduleResult {
  let scheduler = schedulers.get(snapshot);
  if (!scheduler) schedulers.set(snapshot, (scheduler = new Scheduler()));
  return scheduler.schedule(pod, snapshot, options);
}
