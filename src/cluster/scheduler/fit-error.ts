// The text of kube-scheduler's FitError, which becomes the pod's PodScheduled condition message
// and its FailedScheduling event:
//
//   0/3 nodes are available: 1 Insufficient memory, 2 node(s) had untolerated taint {k: v}.
//     preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod,
//     2 Preemption is not helpful for scheduling.
//
// Each node contributes each of its reasons once; "<count> <reason>" entries are sorted as
// strings (so "10 …" sorts before "2 …", as in Go); nodes without an explicit status (outside a
// PreFilter's node set) count with the default status. Preemption's sentence is itself a
// FitError, prefixed with "preemption: " and appended without a further period (1.32; earlier
// releases doubled it: "…scheduling..").
export const noNodesAvailableMessage = 'no nodes available to schedule pods';

export interface FitErrorParts {
  numAllNodes: number;
  /** The reasons of each node that has an explicit status. */
  nodeReasons: Iterable<readonly string[]>;
  /** How many nodes had an explicit status (defaults to counting nodeReasons). */
  explicitNodes?: number;
  /** Reasons of nodes without an explicit status. */
  absentReasons?: readonly string[];
  /** PreFilter rejected the pod for every node: this message replaces the per-node reasons. */
  preFilterMessage?: string;
  /** What PostFilter (preemption) said, prefixed and punctuated ("preemption: … scheduling."); appended as is. */
  postFilterMessage?: string;
}

/** "<n> <reason>" entries, sorted. */
export function reasonHistogram(nodeReasons: Iterable<readonly string[]>, numAllNodes: number, absentReasons: readonly string[] = [], explicitNodes?: number): string[] {
  const counts = new Map<string, number>();
  let explicit = 0;
  for (const reasons of nodeReasons) {
    explicit++;
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const absent = numAllNodes - (explicitNodes ?? explicit);
  if (absent > 0) for (const reason of absentReasons) counts.set(reason, (counts.get(reason) ?? 0) + absent);
  const entries = [...counts].map(([reason, count]) => `${count} ${reason}`);
  return entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function fitErrorMessage(parts: FitErrorParts): string {
  let message = `0/${parts.numAllNodes} nodes are available:`;
  if (parts.preFilterMessage) {
    message += ` ${parts.preFilterMessage}.`;
  } else {
    const histogram = reasonHistogram(parts.nodeReasons, parts.numAllNodes, parts.absentReasons, parts.explicitNodes);
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (parts.postFilterMessage) message += ` ${parts.postFilterMessage}`;
  return message;
}
