// Shape checks for the image documents the engine reads from outside (archives, registries):
// a malformed manifest or config is rejected with the field that is wrong, instead of failing
// later with a TypeError deep inside the engine.
import { isDigest } from '../../util/digest.ts';
import { invalidArgument } from '../../util/errors.ts';
import { type Descriptor, type ImageConfig, type ImageManifest, isIndexMediaType } from './oci-types.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw invalidArgument(`${where}: want a descriptor object`);
  if (typeof value.digest !== 'string' || !isDigest(value.digest)) {
    throw invalidArgument(`${where}.digest: want sha256:<64 lowercase hex digits>, got ${JSON.stringify(value.digest)}`);
  }
  if (value.mediaType !== undefined && typeof value.mediaType !== 'string') throw invalidArgument(`${where}.mediaType: want a string`);
  if (value.size !== undefined && (typeof value.size !== 'number' || !Number.isSafeInteger(value.size) || value.size < 0)) {
    throw invalidArgument(`${where}.size: want a non-negative integer, got ${JSON.stringify(value.size)}`);
  }
  return value as unknown as Descriptor;
}

/** `where` names the document in errors, e.g. "manifest sha256:…". */
export function checkImageManifest(value: unknown, where: string): ImageManifest {
  if (!isObject(value)) throw invalidArgument(`${where}: want a JSON object`);
  if (isIndexMediaType(value.mediaType as string | undefined) || Array.isArray(value.manifests)) {
    throw invalidArgument(`${where}: is an image index, not an image manifest`);
  }
  if (value.schemaVersion !== 2) throw invalidArgument(`${where}.schemaVersion: want 2, got ${JSON.stringify(value.schemaVersion)}`);
  checkDescriptor(value.config, `${where}: config`);
  if (!Array.isArray(value.layers)) throw invalidArgument(`${where}: layers: want an array`);
  value.layers.forEach((layer, index) => checkDescriptor(layer, `${where}: layers[${index}]`));
  return value as unknown as ImageManifest;
}

export function checkImageConfig(value: unknown, where: string): ImageConfig {
  if (!isObject(value)) throw invalidArgument(`${where}: want a JSON object`);
  const rootfs = value.rootfs;
  if (!isObject(rootfs) || !Array.isArray(rootfs.diff_ids)) throw invalidArgument(`${where}: rootfs.diff_ids: want an array of layer digests`);
  rootfs.diff_ids.forEach((diffId, index) => {
    if (typeof diffId !== 'string' || !isDigest(diffId)) throw invalidArgument(`${where}: rootfs.diff_ids[${index}]: want sha256:<64 lowercase hex digits>, got ${JSON.stringify(diffId)}`);
  });
  if (value.config !== undefined && value.config !== null && !isObject(value.config)) throw invalidArgument(`${where}: config: want an object`);
  return value as unknown as ImageConfig;
}
