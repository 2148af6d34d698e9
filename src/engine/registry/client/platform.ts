// Picking one image out of a multi-platform index (OCI image index or Docker manifest list):
// the entry for this machine (linux/amd64 here), or the one `--platform` asks for. Names are
// normalised as containerd does (x86_64 is amd64, aarch64 is arm64, arm64's default variant is
// v8), and attestation entries (BuildKit's "unknown/unknown") are never candidates.
import { invalidArgument, notFound } from '../../../util/errors.ts';
import { type Descriptor, hostArchitecture, type Platform } from '../../images/oci-types.ts';

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

const architectureAliases: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386', i686: '386' };

/** The platform images for this machine are built for. */
export function hostPlatform(): PlatformSpec {
  return normalisePlatform({ os: 'linux', architecture: hostArchitecture() });
}

/** containerd's normalisation: one spelling per architecture and variant. */
export function normalisePlatform(platform: PlatformSpec): PlatformSpec {
  const os = platform.os.toLowerCase();
  const architecture = architectureAliases[platform.architecture.toLowerCase()] ?? platform.architecture.toLowerCase();
  let variant = platform.variant?.toLowerCase() || undefined;
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = undefined;
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  if (architecture === 'arm' && variant && /^\d$/.test(variant)) variant = `v${variant}`;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/** "linux/arm64", "linux/arm/v7", or "arm64" (linux implied), as `--platform` takes it. */
export function parsePlatform(text: string): PlatformSpec {
  const parts = text.trim().split('/');
  if (parts.some((part) => part === '') || parts.length > 3) {
    throw invalidArgument(`invalid platform "${text}": want OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm/v7`);
  }
  if (parts.length === 1) return normalisePlatform({ os: 'linux', architecture: parts[0]! });
  return normalisePlatform({ os: parts[0]!, architecture: parts[1]!, ...(parts[2] ? { variant: parts[2] } : {}) });
}

export function formatPlatform(platform: PlatformSpec): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Whether an index entry is an attestation or otherwise not a runnable image. */
function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || descriptor.platform?.os === 'unknown';
}

function matches(entry: Platform, wanted: PlatformSpec): boolean {
  const have = normalisePlatform({ os: entry.os ?? '', architecture: entry.architecture ?? '', variant: entry.variant });
  if (have.os !== wanted.os || have.architecture !== wanted.architecture) return false;
  // No variant asked for: any variant of the architecture will do (the best one is chosen below).
  return wanted.variant === undefined || have.variant === wanted.variant;
}

/**
 * The index entry for `wanted`. When several match (amd64 and amd64/v3, say), the one without
 * a variant — the baseline that runs everywhere — wins unless a variant was asked for. Throws
 * NotFound naming the platforms the index does have.
 */
export function selectPlatformManifest(manifests: readonly Descriptor[], wanted: PlatformSpec, what: string): Descriptor {
  const target = normalisePlatform(wanted);
  const candidates = manifests.filter((entry) => !isAttestation(entry));
  const matching = candidates.filter((entry) => entry.platform && matches(entry.platform, target));
  const best = matching.find((entry) => !entry.platform?.variant || normalisePlatform(entry.platform).variant === target.variant) ?? matching[0];
  if (best) return best;
  // An index of one entry that names no platform at all: that is the image.
  if (candidates.length === 1 && !candidates[0]!.platform) return candidates[0]!;
  const available = [...new Set(candidates.map((entry) => (entry.platform ? formatPlatform(normalisePlatform(entry.platform)) : 'unknown platform')))];
  throw notFound(`no matching manifest for ${formatPlatform(target)} in the manifest list entries of ${what} (available: ${available.length > 0 ? available.join(', ') : 'none'})`);
}
