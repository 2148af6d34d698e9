// `docker rmi`'s rules, as a pure decision: which references go and whether the image itself
// goes, or which conflict stops it. The rules (moby daemon/images/image_delete.go):
//
// - Named by a reference (tag or repo digest): that reference is removed — unless it is the
//   image's only one and a container uses the image, which needs --force. Removing the last tag
//   of a repository also removes that repository's digest references. If references remain the
//   image stays; otherwise the image is deleted *quietly*: a container still using it (a
//   running one always, a stopped one without --force) just keeps it, now dangling.
// - Named by ID: a running container always blocks ("cannot be forced"). Without --force a
//   stopped container blocks, and so do tags in more than one repository (or more than one
//   tag). With --force every reference goes and the image is deleted.
import { conflict } from '../../util/errors.ts';
import { parseReference, repositoryName } from './reference.ts';

export interface ImageUser {
  id: string;
  running: boolean;
}

export interface DeleteRequest {
  imageId: string;
  /** Full tag references (docker.io/library/busybox:latest). */
  tags: readonly string[];
  /** Full digest references (docker.io/library/busybox@sha256:…). */
  repoDigests: readonly string[];
  /** What the user typed. */
  input: string;
  /** The full reference `input` names, when it names one of the image's references (not its ID). */
  reference: string | undefined;
  users: readonly ImageUser[];
  force: boolean;
}

export interface DeletePlan {
  /** References to remove, in the order Docker reports them. */
  untag: string[];
  deleteImage: boolean;
}

function repositoryOf(reference: string): string {
  return repositoryName(parseReference(reference));
}

/** At least one reference, at most one of them a tag, all in one repository. */
export function isSingleReference(tags: readonly string[], repoDigests: readonly string[]): boolean {
  const all = [...tags, ...repoDigests];
  if (all.length === 0 || tags.length > 1) return false;
  return new Set(all.map(repositoryOf)).size === 1;
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

function deleteConflict(imageId: string, hard: boolean, reason: string) {
  return conflict(`conflict: unable to delete ${short(imageId)} (${hard ? 'cannot be forced' : 'must be forced'}) - ${reason}`);
}

export function planImageDelete(request: DeleteRequest): DeletePlan {
  const { imageId, tags, repoDigests, users, force } = request;
  const running = users.find((user) => user.running);
  const stopped = users.find((user) => !user.running);
  const single = isSingleReference(tags, repoDigests);

  if (request.reference !== undefined) {
    const reference = request.reference;
    if (!force && single && users.length > 0) {
      throw conflict(`conflict: unable to remove repository reference "${request.input}" (must force) - container ${short(users[0]!.id)} is using its referenced image ${short(imageId)}`);
    }
    const untag = [reference];
    if (tags.includes(reference)) {
      const repository = repositoryOf(reference);
      const otherTagInRepository = tags.some((tag) => tag !== reference && repositoryOf(tag) === repository);
      if (!otherTagInRepository) untag.push(...repoDigests.filter((digest) => repositoryOf(digest) === repository));
    }
    const remaining = tags.length + repoDigests.length - untag.length;
    // Quiet deletion: a conflict keeps the (now dangling) image without an error.
    const blocked = running !== undefined || (!force && stopped !== undefined);
    return { untag, deleteImage: remaining === 0 && !blocked };
  }

  if (running) throw deleteConflict(imageId, true, `image is being used by running container ${short(running.id)}`);
  if (!force) {
    if (!single && tags.length + repoDigests.length > 0) throw deleteConflict(imageId, false, 'image is referenced in multiple repositories');
    if (stopped) throw deleteConflict(imageId, false, `image is being used by stopped container ${short(stopped.id)}`);
  }
  return { untag: [...[...tags].sort(), ...[...repoDigests].sort()], deleteImage: true };
}
