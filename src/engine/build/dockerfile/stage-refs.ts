// What `FROM x` and `COPY --from=x` refer to, by BuildKit's rules: FROM names an earlier stage when
// its expanded base equals that stage's (lower-case) name exactly, `scratch` is the empty image, and
// anything else is an image reference. COPY --from takes a stage index (any stage, but not the
// current one), or a stage name (case-insensitive), or else an image reference.
import { invalidArgument } from '../../../util/errors.ts';
import type { Stage } from './instruction-types.ts';

export type StageRef = { kind: 'stage'; index: number } | { kind: 'image'; ref: string } | { kind: 'scratch' };

/** The base of `stages[stageIndex]`, given its FROM image after global-arg expansion. */
export function resolveFromBase(stages: readonly Stage[], stageIndex: number, expandedImage: string): StageRef {
  if (expandedImage === 'scratch') return { kind: 'scratch' };
  // The last earlier stage with that name wins, as in BuildKit's name map.
  for (let i = stageIndex - 1; i >= 0; i--) {
    if (stages[i]!.name === expandedImage) return { kind: 'stage', index: i };
  }
  return { kind: 'image', ref: expandedImage };
}

/** The source of `COPY --from=<from>` inside `stages[stageIndex]`. */
export function resolveCopyFrom(stages: readonly Stage[], stageIndex: number, from: string): StageRef {
  let target: number | undefined;
  if (/^[+-]?[0-9]+$/u.test(from)) {
    const index = Number(from);
    if (index < 0 || index >= stages.length) throw invalidArgument(`invalid stage index ${from}`);
    target = index;
  } else {
    const name = from.toLowerCase();
    for (let i = stages.length - 1; i >= 0; i--) {
      if (stages[i]!.name === name) {
        target = i;
        break;
      }
    }
    if (target === undefined) return { kind: 'image', ref: from };
  }
  if (target === stageIndex) throw invalidArgument(`circular dependency detected on stage: ${stages[target]!.name ?? `stage-${target}`}`);
  return { kind: 'stage', index: target };
}
