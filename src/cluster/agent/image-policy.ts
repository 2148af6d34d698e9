// imagePullPolicy as Kubernetes applies it: the default is Always for an image with no tag or
// the tag :latest (and no digest), IfNotPresent otherwise; Never uses only what is present and
// otherwise fails with ErrImageNeverPull.

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** The tag of an image reference, if any ("busybox:1.36" → "1.36"; "host:5000/busybox" → undefined). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  return colon < 0 ? undefined : lastPart.slice(colon + 1);
}

/** The policy in force: the one given, or the API's default for this image. */
export function effectivePullPolicy(image: string, given?: string): PullPolicy {
  if (given === 'Always' || given === 'IfNotPresent' || given === 'Never') return given;
  if (image.includes('@')) return 'IfNotPresent';
  const tag = imageTag(image);
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export type PullDecision = 'pull' | 'use-present' | 'never-pull-missing';

/** Whether to pull, given the policy and whether the image is present. */
export function pullDecision(policy: PullPolicy, present: boolean): PullDecision {
  if (policy === 'Always') return 'pull';
  if (present) return 'use-present';
  return policy === 'Never' ? 'never-pull-missing' : 'pull';
}
