// Chain IDs (OCI image-spec): the identity of a layer *stack*, so that an unpacked layer is
// shared exactly by the images whose layers below it are the same.
import { type Digest, sha256 } from '../../util/digest.ts';

export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const chain: Digest[] = [];
  for (const diffId of diffIds) {
    const parent = chain.at(-1);
    chain.push(parent === undefined ? diffId : sha256(`${parent} ${diffId}`));
  }
  return chain;
}
