// A tiny Pike virtual machine for the glob-like patterns of `${VAR#pattern}` and .dockerignore.
// BuildKit compiles these to Go regular expressions, which run in linear time; JavaScript's
// backtracking engine can take exponential time on patterns such as `*a*a*a*a*b`, so Minato runs
// them here instead: O(pattern × input), with Go's leftmost-first match semantics (the match a
// backtracking engine would find first, honouring greedy/lazy stars).

export type Inst =
  | { op: 'char'; test: (ch: string) => boolean }
  | { op: 'split'; x: number; y: number } // try x first
  | { op: 'jmp'; to: number }
  | { op: 'match' };

export type Program = Inst[];

/** Builds programs piece by piece; offsets are patched as pieces are appended. */
export class ProgramBuilder {
  readonly prog: Program = [];

  char(test: (ch: string) => boolean): this {
    this.prog.push({ op: 'char', test });
    return this;
  }

  /** `test*`, greedy or lazy. */
  star(test: (ch: string) => boolean, greedy: boolean): this {
    const at = this.prog.length;
    const body = at + 1;
    const after = at + 3;
    this.prog.push(greedy ? { op: 'split', x: body, y: after } : { op: 'split', x: after, y: body });
    this.prog.push({ op: 'char', test });
    this.prog.push({ op: 'jmp', to: at });
    return this;
  }

  /** `(?: piece )?` (greedy): `piece` appends its instructions through the builder. */
  optional(piece: (b: this) => void): this {
    const at = this.prog.length;
    const split: { op: 'split'; x: number; y: number } = { op: 'split', x: at + 1, y: -1 };
    this.prog.push(split);
    piece(this);
    split.y = this.prog.length;
    return this;
  }

  finish(): Program {
    this.prog.push({ op: 'match' });
    return this.prog;
  }
}

interface Thread {
  pc: number;
  start: number;
}

/**
 * The leftmost-first match of `prog` in `chars` starting the search at `from`: [start, end) in
 * code-point indexes, or undefined. `anchorStart` only tries a match at `from`; `anchorEnd` only
 * accepts matches that end at the end of the input.
 */
export function pikeSearch(prog: Program, chars: readonly string[], from: number, anchorStart: boolean, anchorEnd: boolean): [number, number] | undefined {
  const n = chars.length;
  let matched: [number, number] | undefined;
  let clist: Thread[] = [];
  let seen = new Uint32Array(prog.length);
  let generation = 1;

  const add = (list: Thread[], pc: number, start: number): void => {
    // Iterative depth-first walk over jmp/split that keeps priority order (x before y).
    const stack = [pc];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen[p] === generation) continue;
      seen[p] = generation;
      const inst = prog[p]!;
      if (inst.op === 'jmp') stack.push(inst.to);
      else if (inst.op === 'split') stack.push(inst.y, inst.x);
      else list.push({ pc: p, start });
    }
  };

  for (let i = from; i <= n; i++) {
    if (matched === undefined && (!anchorStart || i === from)) add(clist, 0, i);
    if (clist.length === 0) break;
    generation++;
    if (generation === 0xffffffff) {
      seen = new Uint32Array(prog.length);
      generation = 1;
    }
    const nlist: Thread[] = [];
    const ch = i < n ? chars[i]! : undefined;
    for (const t of clist) {
      const inst = prog[t.pc]!;
      if (inst.op === 'match') {
        if (anchorEnd && i !== n) continue;
        matched = [t.start, i];
        // Lower-priority threads lose to this match.
        break;
      }
      if (inst.op === 'char' && ch !== undefined && inst.test(ch)) add(nlist, t.pc + 1, t.start);
    }
    clist = nlist;
  }
  return matched;
}
