// Where the registry keeps things under --root:
//
//   blobs/sha256/<hex>                                    every blob and manifest, by content
//   uploads/<uuid>/{data,info.json}                       upload sessions, never visible as blobs
//   repositories/<name>/_layers/sha256/<hex>              blob linked into the repository (empty file)
//   repositories/<name>/_manifests/revisions/sha256/<hex> manifest in the repository: {"mediaType"}
//   repositories/<name>/_manifests/tags/<tag>             the digest the tag points at
//   repositories/<name>/_manifests/referrers/sha256/<subject hex>/<hex>
//                                                         manifest <hex> has subject <subject hex>
//
// Content is shared between repositories, the links say what each repository holds (as in
// distribution): a cross-repository mount is one link. Every path is built here from values
// checked again on the way in, so a name that escaped validation still cannot leave the root.
import * as path from 'node:path';
import { internal } from '../../../util/errors.ts';
import { isRepositoryName, isSha256Digest, isTag, isUploadId, type Sha256Digest } from './names.ts';

function hexOf(digest: Sha256Digest): string {
  if (!isSha256Digest(digest)) throw internal(`refusing to build a path from digest ${JSON.stringify(digest)}`);
  return digest.slice('sha256:'.length);
}

export class RegistryLayout {
  readonly root: string;
  readonly blobsDir: string;
  readonly uploadsDir: string;
  readonly repositoriesDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.blobsDir = path.join(this.root, 'blobs', 'sha256');
    this.uploadsDir = path.join(this.root, 'uploads');
    this.repositoriesDir = path.join(this.root, 'repositories');
  }

  blob(digest: Sha256Digest): string {
    return path.join(this.blobsDir, hexOf(digest));
  }

  upload(id: string): string {
    if (!isUploadId(id)) throw internal(`refusing to build a path from upload id ${JSON.stringify(id)}`);
    return path.join(this.uploadsDir, id);
  }

  repository(name: string): string {
    if (!isRepositoryName(name)) throw internal(`refusing to build a path from repository name ${JSON.stringify(name)}`);
    const dir = path.join(this.repositoriesDir, ...name.split('/'));
    if (!dir.startsWith(this.repositoriesDir + path.sep)) throw internal(`repository name ${JSON.stringify(name)} leaves the root`);
    return dir;
  }

  layerLink(name: string, digest: Sha256Digest): string {
    return path.join(this.repository(name), '_layers', 'sha256', hexOf(digest));
  }

  manifestsDir(name: string): string {
    return path.join(this.repository(name), '_manifests');
  }

  revisionLink(name: string, digest: Sha256Digest): string {
    return path.join(this.manifestsDir(name), 'revisions', 'sha256', hexOf(digest));
  }

  tagsDir(name: string): string {
    return path.join(this.manifestsDir(name), 'tags');
  }

  tag(name: string, tag: string): string {
    if (!isTag(tag)) throw internal(`refusing to build a path from tag ${JSON.stringify(tag)}`);
    return path.join(this.tagsDir(name), tag);
  }

  referrersDir(name: string, subject: Sha256Digest): string {
    return path.join(this.manifestsDir(name), 'referrers', 'sha256', hexOf(subject));
  }

  referrerLink(name: string, subject: Sha256Digest, referrer: Sha256Digest): string {
    return path.join(this.referrersDir(name, subject), hexOf(referrer));
  }
}
