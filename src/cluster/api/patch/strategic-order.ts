// The order of a merged list in strategic merge patch (Kubernetes' "preserve order" design:
// design-proposals-archive/cli/preserve-order-in-strategic-merge-patch.md). Items the patch
// mentions keep the patch's relative order, items only the server has keep the server's, and
// the two are interleaved using the server's order as the reference: a server item goes
// before a patch item only when the server list had it first. So a container added by a patch
// lands before the existing ones (the kubectl patch task's worked example shows the redis
// container ahead of nginx), and `$setElementOrder` can reorder everything.
import { type JsonValue, deepEqual, getOwn, isObject } from './json-value.ts';

/** Where `item` is in `list`: by its merge key's value for maps, by value for scalars; -1 when absent. */
export function indexIn(list: readonly JsonValue[], item: JsonValue, mergeKey: string): number {
  if (!mergeKey) return list.findIndex((candidate) => deepEqual(candidate, item));
  const key = isObject(item) ? getOwn(item, mergeKey) : undefined;
  return list.findIndex((candidate) => isObject(candidate) && deepEqual(getOwn(candidate, mergeKey), key));
}

/** `items` sorted by their place in `order`; items `order` lacks follow, in their own order. */
export function sortByOrder(items: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string): JsonValue[] {
  const placed = items.map((item, position) => ({ item, position, rank: indexIn(order, item, mergeKey) }));
  const found = placed.filter((entry) => entry.rank >= 0).sort((a, b) => a.rank - b.rank || a.position - b.position);
  const missing = placed.filter((entry) => entry.rank < 0);
  return [...found, ...missing].map((entry) => entry.item);
}

/**
 * The final list: `patchItems` in `patchOrder`, `serverItems` in `serverOrder`, merged so each
 * keeps its relative order and a server item comes first only when `serverOrder` puts it
 * before the patch item it competes with.
 */
export function normalizeOrder(
  patchItems: readonly JsonValue[],
  serverItems: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
): JsonValue[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey);
  const left = sortByOrder(serverItems, serverOrder, mergeKey);
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) {
      out.push(left[i++]!);
    } else if (i >= left.length) {
      out.push(right[j++]!);
    } else {
      const leftRank = indexIn(serverOrder, left[i]!, mergeKey);
      const rightRank = indexIn(serverOrder, right[j]!, mergeKey);
      if (leftRank >= 0 && rightRank >= 0 && leftRank < rightRank) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

/** Splits `list` into the items found in `by` and the rest, each in `list`'s order. */
export function partitionByPresence(list: readonly JsonValue[], by: readonly JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  for (const item of list) {
    const hasKey = !mergeKey || (isObject(item) && getOwn(item, mergeKey) !== undefined);
    (hasKey && indexIn(by, item, mergeKey) >= 0 ? present : absent).push(item);
  }
  return [present, absent];
}
