// Content negotiation for manifest GET/HEAD, as distribution does it: a Docker schema 2 manifest
// is served to anyone; an OCI manifest or index only to clients that accept it (older Docker
// clients would misread one); a Docker manifest list asked for by tag, by a client that does not
// accept lists, is answered with its linux/amd64 manifest. One relaxation: a request without
// Accept, or accepting "*/*" (curl, browsers), gets whatever is stored — distribution would
// answer 404, which only puzzles people.
import { MediaType } from '../../images/oci-types.ts';
import { bareMediaType } from './manifest.ts';

export interface AcceptedTypes {
  any: boolean;
  types: Set<string>;
}

export function parseAccept(header: string | string[] | undefined): AcceptedTypes {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const types = new Set<string>();
  let any = values.length === 0;
  for (const value of values) {
    for (const part of value.split(',')) {
      const type = bareMediaType(part);
      if (type === undefined) continue;
      if (type === '*/*') any = true;
      types.add(type);
    }
  }
  return { any, types };
}

export type Negotiated = { kind: 'serve' } | { kind: 'platform-manifest' } | { kind: 'refuse'; message: string };

export function negotiate(storedType: string, accepted: AcceptedTypes, byTag: boolean): Negotiated {
  if (accepted.any || accepted.types.has(storedType) || storedType === MediaType.dockerManifest) return { kind: 'serve' };
  if (storedType === MediaType.ociManifest) return { kind: 'refuse', message: 'OCI manifest found, but the Accept header does not allow OCI manifests' };
  if (storedType === MediaType.ociIndex) return { kind: 'refuse', message: 'OCI index found, but the Accept header does not allow OCI indexes' };
  if (storedType === MediaType.dockerManifestList && byTag) return { kind: 'platform-manifest' };
  return { kind: 'serve' };
}

/** The linux/amd64 entry of a manifest list (the default platform of old clients), if any. */
export function defaultPlatformEntry(list: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(list.toString('utf8')) as { manifests?: { digest?: unknown; platform?: { os?: unknown; architecture?: unknown } }[] };
    const entry = parsed.manifests?.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === 'amd64');
    return typeof entry?.digest === 'string' ? entry.digest : undefined;
  } catch {
    return undefined;
  }
}
