// Reading a pushed manifest: it must be JSON of one of the four media types the registry knows
// (OCI image manifest and index, Docker schema 2 manifest and manifest list), well formed, with
// descriptors whose digests are valid. What it refers to is listed for the existence checks,
// and what the referrers API needs (subject, artifactType, annotations) is kept.
// Errors name the field: "layers[2].digest: …".
import { MediaType } from '../../images/oci-types.ts';
import { classifyDigest, type Sha256Digest } from './names.ts';
import { registryError } from './registry-errors.ts';

export const manifestMediaTypes: readonly string[] = [MediaType.ociManifest, MediaType.ociIndex, MediaType.dockerManifest, MediaType.dockerManifestList];
export const dockerSchema1MediaTypes: readonly string[] = ['application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws'];

/** Layers clients fetch from their `urls`, not from the registry ("foreign" / non-distributable). */
const nonDistributable = /^application\/vnd\.(docker\.image\.rootfs\.foreign\.diff\.tar\.gzip|oci\.image\.layer\.nondistributable\.v1\.tar(\+gzip|\+zstd)?)$/;

export interface ManifestDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { architecture?: string; os?: string; variant?: string };
  urls?: string[];
}

/** A descriptor and where it is in the manifest ("layers[2]"), for messages. */
export interface Referenced {
  where: string;
  descriptor: ManifestDescriptor;
}

export interface ParsedManifest {
  mediaType: string;
  kind: 'image' | 'index';
  /** Blobs that must exist in the repository (config and layers, less non-distributable layers). */
  blobs: Referenced[];
  /** Manifests an index refers to; they must exist in the repository. */
  children: Referenced[];
  subject?: ManifestDescriptor;
  /** For the referrers API: the manifest's artifactType, else (image manifests) the config's media type. */
  artifactType?: string;
  annotations?: Record<string, string>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(message: string): never {
  throw registryError('MANIFEST_INVALID', { message, detail: message });
}

function stringMap(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) invalid(`${where}: want an object of strings`);
  return value as Record<string, string>;
}

function descriptor(value: unknown, where: string): ManifestDescriptor {
  if (!isObject(value)) invalid(`${where}: want a descriptor object`);
  if (typeof value.mediaType !== 'string' || value.mediaType === '') invalid(`${where}.mediaType: want a media type string`);
  const check = typeof value.digest === 'string' ? classifyDigest(value.digest) : undefined;
  if (check === undefined || (!check.ok && check.reason === 'syntax')) {
    invalid(`${where}.digest: want a digest like sha256:<64 lowercase hex digits>, got ${JSON.stringify(value.digest)}`);
  }
  if (typeof value.size !== 'number' || !Number.isSafeInteger(value.size) || value.size < 0) invalid(`${where}.size: want a non-negative integer, got ${JSON.stringify(value.size)}`);
  if (value.urls !== undefined && (!Array.isArray(value.urls) || value.urls.some((u) => typeof u !== 'string'))) invalid(`${where}.urls: want an array of strings`);
  if (value.artifactType !== undefined && typeof value.artifactType !== 'string') invalid(`${where}.artifactType: want a string`);
  if (value.platform !== undefined && !isObject(value.platform)) invalid(`${where}.platform: want an object`);
  stringMap(value.annotations, `${where}.annotations`);
  return value as unknown as ManifestDescriptor;
}

function descriptors(value: unknown, where: string): ManifestDescriptor[] {
  if (!Array.isArray(value)) invalid(`${where}: want an array of descriptors`);
  return value.map((item, index) => descriptor(item, `${where}[${index}]`));
}

/** The media type without parameters, lowercased; undefined for none. */
export function bareMediaType(header: string | undefined): string | undefined {
  const bare = header?.split(';')[0]!.trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

/**
 * The manifest's media type: its `mediaType` field, else the Content-Type it was pushed with.
 * When both are present they must agree (the spec has clients set one from the other).
 */
function mediaTypeOf(document: Json, contentType: string | undefined): string {
  const declared = document.mediaType;
  if (declared !== undefined && typeof declared !== 'string') invalid('mediaType: want a string');
  const header = bareMediaType(contentType);
  const headerKnown = header !== undefined && manifestMediaTypes.includes(header);
  if (declared !== undefined) {
    if (dockerSchema1MediaTypes.includes(declared)) invalid('Docker schema 1 manifests are not supported: push schema 2 or OCI');
    if (!manifestMediaTypes.includes(declared)) invalid(`mediaType: unknown manifest media type "${declared}": want one of ${manifestMediaTypes.join(', ')}`);
    if (headerKnown && header !== declared) invalid(`mediaType "${declared}" does not match the Content-Type "${header}" it was pushed with`);
    return declared;
  }
  if (headerKnown) return header;
  if (header !== undefined && dockerSchema1MediaTypes.includes(header)) invalid('Docker schema 1 manifests are not supported: push schema 2 or OCI');
  invalid(`no mediaType field and Content-Type ${header === undefined ? 'missing' : `"${header}"`}: cannot tell which kind of manifest this is`);
}

export function parseManifest(body: Buffer, contentType: string | undefined): ParsedManifest {
  let document: unknown;
  try {
    document = JSON.parse(body.toString('utf8'));
  } catch (err) {
    invalid(`manifest is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(document)) invalid('manifest: want a JSON object');
  if (document.schemaVersion !== 2) invalid(`schemaVersion: want 2, got ${JSON.stringify(document.schemaVersion)}`);
  const mediaType = mediaTypeOf(document, contentType);
  if (document.artifactType !== undefined && typeof document.artifactType !== 'string') invalid('artifactType: want a string');
  const annotations = stringMap(document.annotations, 'annotations');
  const subject = document.subject === undefined ? undefined : descriptor(document.subject, 'subject');
  if (mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList) {
    if (document.config !== undefined || document.layers !== undefined) invalid(`an index (${mediaType}) has no config or layers: found ${document.config !== undefined ? 'config' : 'layers'}`);
    return {
      mediaType,
      kind: 'index',
      blobs: [],
      children: descriptors(document.manifests, 'manifests').map((descriptor, index) => ({ where: `manifests[${index}]`, descriptor })),
      subject,
      artifactType: document.artifactType as string | undefined,
      annotations,
    };
  }
  if (document.manifests !== undefined) invalid(`an image manifest (${mediaType}) has no manifests list: did you mean an index?`);
  const config = descriptor(document.config, 'config');
  const layers = document.layers === undefined && mediaType === MediaType.ociManifest ? [] : descriptors(document.layers, 'layers');
  return {
    mediaType,
    kind: 'image',
    blobs: [
      { where: 'config', descriptor: config },
      ...layers.map((descriptor, index) => ({ where: `layers[${index}]`, descriptor })).filter(({ descriptor }) => !(nonDistributable.test(descriptor.mediaType) && (descriptor.urls?.length ?? 0) > 0)),
    ],
    children: [],
    subject,
    artifactType: (document.artifactType as string | undefined) || config.mediaType,
    annotations,
  };
}

/** The sha256 digest of a descriptor, or undefined for one of another algorithm (which can never exist here). */
export function storedDigest(descriptor: ManifestDescriptor): Sha256Digest | undefined {
  const check = classifyDigest(descriptor.digest);
  return check.ok ? check.digest : undefined;
}
