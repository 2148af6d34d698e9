// Manifests, tags and referrers of each repository. The manifest bytes are stored exactly as
// pushed (the spec requires it: their digest is their identity) in the shared blob area; the
// repository holds a revision link recording the media type to answer with, tags are files
// holding a digest (replaced atomically), and a manifest with a `subject` leaves a link under
// its subject for the referrers API.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from '../../../util/errors.ts';
import { pathExists, readFileIfExists, writeFileAtomic } from '../../../util/fs.ts';
import type { BlobStore } from './blob-store.ts';
import { byCodeUnit } from './catalog.ts';
import type { RegistryLayout } from './layout.ts';
import { type ManifestDescriptor, parseManifest, type Referenced, storedDigest } from './manifest.ts';
import { isSha256Digest, isTag, type Reference, type Sha256Digest } from './names.ts';
import { registryError } from './registry-errors.ts';

export interface StoredManifest {
  digest: Sha256Digest;
  mediaType: string;
  body: Buffer;
}

export interface PushResult {
  digest: Sha256Digest;
  subject?: string;
}

async function readdirIfExists(dir: string): Promise<string[] | undefined> {
  try {
    return await fsp.readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

async function unlinkIfExists(file: string): Promise<boolean> {
  try {
    await fsp.unlink(file);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return false;
    throw err;
  }
}

export class ManifestStore {
  private readonly layout: RegistryLayout;
  private readonly blobs: BlobStore;

  constructor(layout: RegistryLayout, blobs: BlobStore) {
    this.layout = layout;
    this.blobs = blobs;
  }

  /** A repository exists once a manifest was pushed to it (as in distribution). */
  repositoryExists(name: string): Promise<boolean> {
    return pathExists(this.layout.manifestsDir(name));
  }

  /** The digest a tag or digest reference names; MANIFEST_UNKNOWN (or NAME_UNKNOWN) when none. */
  async resolve(name: string, reference: Reference): Promise<Sha256Digest> {
    if (reference.kind === 'digest') return reference.digest;
    const unknown = await this.unknown(name, reference.kind === 'tag' ? reference.tag : reference.digest);
    if (reference.kind !== 'tag') throw unknown;
    const target = (await readFileIfExists(this.layout.tag(name, reference.tag)))?.trim();
    if (target === undefined || !isSha256Digest(target)) throw unknown;
    return target;
  }

  async get(name: string, digest: Sha256Digest): Promise<StoredManifest> {
    const link = await readFileIfExists(this.layout.revisionLink(name, digest));
    const body = link === undefined ? undefined : await this.blobs.readSmall(digest);
    if (link === undefined || body === undefined) throw await this.unknown(name, digest);
    const { mediaType } = JSON.parse(link) as { mediaType: string };
    return { digest, mediaType, body };
  }

  /**
   * Validates and stores a manifest pushed by `reference`, tagging it with the reference (when a
   * tag) and `extraTags`. Everything it refers to, except its subject, must be in the repository.
   */
  async put(name: string, reference: Reference, body: Buffer, contentType: string | undefined, extraTags: string[] = []): Promise<PushResult> {
    const digest: Sha256Digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    if (reference.kind === 'other-algorithm') {
      throw registryError('DIGEST_INVALID', { message: `unsupported digest algorithm in "${reference.digest}": this registry stores sha256 only`, detail: { digest: reference.digest } });
    }
    if (reference.kind === 'digest' && reference.digest !== digest) {
      throw registryError('DIGEST_INVALID', { message: `the manifest pushed as ${reference.digest} has digest ${digest}`, detail: { digest: reference.digest, actual: digest } });
    }
    const manifest = parseManifest(body, contentType);
    await this.checkReferences(name, manifest.blobs, 'blob', (d) => this.blobs.isLinked(name, d));
    await this.checkReferences(name, manifest.children, 'manifest', (d) => pathExists(this.layout.revisionLink(name, d)));

    await this.blobs.putSmall(body, digest);
    const revision = this.layout.revisionLink(name, digest);
    await fsp.mkdir(path.dirname(revision), { recursive: true });
    await writeFileAtomic(revision, JSON.stringify({ mediaType: manifest.mediaType }));
    const subject = manifest.subject === undefined ? undefined : storedDigest(manifest.subject);
    if (subject !== undefined) {
      const link = this.layout.referrerLink(name, subject, digest);
      await fsp.mkdir(path.dirname(link), { recursive: true });
      await fsp.writeFile(link, '');
    }
    const tags = reference.kind === 'tag' ? [reference.tag, ...extraTags] : extraTags;
    if (tags.length > 0) await fsp.mkdir(this.layout.tagsDir(name), { recursive: true });
    for (const tag of tags) await writeFileAtomic(this.layout.tag(name, tag), digest);
    return { digest, subject: manifest.subject?.digest };
  }

  async deleteTag(name: string, tag: string): Promise<void> {
    if (!(await unlinkIfExists(this.layout.tag(name, tag)))) throw await this.unknown(name, tag);
  }

  /** Removes the manifest from the repository, with every tag pointing at it and its referrer link. */
  async deleteManifest(name: string, digest: Sha256Digest): Promise<void> {
    const stored = await this.get(name, digest);
    try {
      const parsed = parseManifest(stored.body, stored.mediaType);
      const subject = parsed.subject === undefined ? undefined : storedDigest(parsed.subject);
      if (subject !== undefined) await unlinkIfExists(this.layout.referrerLink(name, subject, digest));
    } catch {
      // Stored manifests were valid when pushed; nothing to unlink if this one no longer parses.
    }
    await unlinkIfExists(this.layout.revisionLink(name, digest));
    for (const tag of (await readdirIfExists(this.layout.tagsDir(name))) ?? []) {
      if (!isTag(tag)) continue;
      const file = this.layout.tag(name, tag);
      if ((await readFileIfExists(file))?.trim() === digest) await unlinkIfExists(file);
    }
  }

  /** The repository's tags in ASCII order; undefined when there is no such repository. */
  async tags(name: string): Promise<string[] | undefined> {
    if (!(await this.repositoryExists(name))) return undefined;
    const entries = (await readdirIfExists(this.layout.tagsDir(name))) ?? [];
    return entries.filter(isTag).sort(byCodeUnit);
  }

  /** Descriptors of the repository's manifests whose subject is `subject`, for the referrers API. */
  async referrers(name: string, subject: Sha256Digest): Promise<ManifestDescriptor[]> {
    const entries = (await readdirIfExists(this.layout.referrersDir(name, subject))) ?? [];
    const found: ManifestDescriptor[] = [];
    for (const entry of entries.sort()) {
      const digest = `sha256:${entry}`;
      if (!isSha256Digest(digest)) continue;
      let stored: StoredManifest;
      try {
        stored = await this.get(name, digest);
      } catch {
        continue; // deleted meanwhile
      }
      const parsed = parseManifest(stored.body, stored.mediaType);
      const descriptor: ManifestDescriptor = { mediaType: stored.mediaType, digest, size: stored.body.length };
      if (parsed.artifactType) descriptor.artifactType = parsed.artifactType;
      if (parsed.annotations) descriptor.annotations = parsed.annotations;
      found.push(descriptor);
    }
    return found;
  }

  /** MANIFEST_BLOB_UNKNOWN naming every reference the repository does not hold. */
  private async checkReferences(name: string, references: Referenced[], kind: 'blob' | 'manifest', exists: (digest: Sha256Digest) => Promise<boolean>): Promise<void> {
    const missing: Referenced[] = [];
    for (const reference of references) {
      const digest = storedDigest(reference.descriptor);
      if (digest === undefined || !(await exists(digest)) || !(await this.blobs.hasContent(digest))) missing.push(reference);
    }
    if (missing.length === 0) return;
    const list = missing.map((m) => `${m.where} ${m.descriptor.digest}`).join(', ');
    throw registryError('MANIFEST_BLOB_UNKNOWN', {
      message: `${missing.length === 1 ? `${kind} ${list} is` : `${missing.length} ${kind}s (${list}) are`} not in repository ${name}: push ${missing.length === 1 ? 'it' : 'them'} before the manifest`,
      detail: missing.length === 1 ? { digest: missing[0]!.descriptor.digest } : { digests: missing.map((m) => m.descriptor.digest) },
    });
  }

  /** NAME_UNKNOWN for a repository that does not exist, MANIFEST_UNKNOWN otherwise. */
  private async unknown(name: string, reference: string) {
    if (!(await this.repositoryExists(name))) return registryError('NAME_UNKNOWN', { message: `no repository ${name} in this registry`, detail: { name } });
    return registryError('MANIFEST_UNKNOWN', { message: `no manifest ${reference} in repository ${name}`, detail: { name, reference } });
  }
}
