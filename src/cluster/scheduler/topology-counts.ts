// Counts per topology pair (topologyKey, value) — e.g. how many matching pods run in
// zone=us-east-1a — as a two-level map so lookups need no string building. Pairs that fall back
// to zero are dropped, so `size` tells whether any pair is counted at all.
export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  private pairs = 0;

  /** Number of pairs with a non-zero count. */
  get size(): number {
    return this.pairs;
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  add(key: string, value: string, delta: number): void {
    if (delta === 0) return;
    let values = this.byKey.get(key);
    if (!values) this.byKey.set(key, (values = new Map()));
    const before = values.get(value) ?? 0;
    const after = before + delta;
    if (after === 0) {
      values.delete(value);
      this.pairs--;
      if (values.size === 0) this.byKey.delete(key);
    } else {
      if (before === 0) this.pairs++;
      values.set(value, after);
    }
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  clone(): TopologyCounts {
    const copy = new TopologyCounts();
    for (const [key, values] of this.byKey) copy.byKey.set(key, new Map(values));
    copy.pairs = this.pairs;
    return copy;
  }
}
