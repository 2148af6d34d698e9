// Controller references (Kubernetes' ControllerRefManager): which objects a controller owns.
// An object belongs to the owner its ownerReference with controller: true names. A controller
// claims what it sees in its namespace: objects it owns and its selector still matches are its
// own; objects it owns that stopped matching are released (the reference is removed); orphans
// its selector matches are adopted (a controller reference with blockOwnerDeletion is added) —
// but only while the owner itself is not being deleted, checked once against the server
// (not the cache) before the first adoption. Objects another controller owns are left alone.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { type ClientObject, isNotFound, type LabelMatcher, type ResourceClient } from '../client/index.ts';

/** The ownerReference that is the object's controller, if any. */
export function controllerOf(object: ClientObject): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
}

/** A controller reference to `owner` (blockOwnerDeletion, as Kubernetes' NewControllerRef). */
export function controllerRefTo(owner: ClientObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

export interface ClaimOptions<T extends ClientObject> {
  owner: ClientObject;
  ownerApiVersion: string;
  ownerKind: string;
  selector: LabelMatcher;
  /** Where adoption and release patches go. */
  client: ResourceClient<T>;
  /** Throws if the owner may not adopt (it is gone, replaced, or being deleted); called at most once. */
  canAdopt(): Promise<void>;
}

/** The objects of `objects` the owner owns after adopting and releasing; objects that vanished meanwhile are left out. */
export async function claimObjects<T extends ClientObject>(objects: readonly T[], options: ClaimOptions<T>): Promise<T[]> {
  const { owner, selector } = options;
  const ownerUid = owner.metadata?.uid;
  const ownerDeleting = Boolean(owner.metadata?.deletionTimestamp);
  let adoptionChecked: Promise<void> | undefined;
  const claimed: T[] = [];
  const errors: unknown[] = [];
  for (const object of objects) {
    const reference = controllerOf(object);
    const matches = selector.matches(object.metadata?.labels);
    if (reference) {
      if (reference.uid !== ownerUid) continue;
      if (matches) {
        claimed.push(object);
        continue;
      }
      if (ownerDeleting) continue;
      try {
        await release(object, options);
      } catch (err) {
        if (!isNotFound(err)) errors.push(err);
      }
      continue;
    }
    if (ownerDeleting || !matches || object.metadata?.deletionTimestamp) continue;
    if (owner.metadata?.namespace && owner.metadata.namespace !== object.metadata?.namespace) continue;
    try {
      adoptionChecked ??= options.canAdopt();
      await adoptionChecked;
      claimed.push(await adopt(object, options));
    } catch (err) {
      if (!isNotFound(err)) errors.push(err);
    }
  }
  if (errors.length > 0) throw errors[0];
  return claimed;
}

async function adopt<T extends ClientObject>(object: T, options: ClaimOptions<T>): Promise<T> {
  const reference = controllerRefTo(options.owner, options.ownerApiVersion, options.ownerKind);
  // The uid makes the patch fail rather than touch a new object of the same name.
  const patch = { metadata: { ownerReferences: [reference], uid: object.metadata?.uid } };
  return options.client.patch(object.metadata?.namespace, object.metadata!.name!, 'strategic', patch);
}

async function release<T extends ClientObject>(object: T, options: ClaimOptions<T>): Promise<void> {
  const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: options.owner.metadata?.uid }], uid: object.metadata?.uid } };
  await options.client.patch(object.metadata?.namespace, object.metadata!.name!, 'strategic', patch);
}

/**
 * canAdopt for claimObjects: reads the owner from the server (not the cache) and refuses if it
 * is another object now (another uid) or is being deleted (Kubernetes' RecheckDeletionTimestamp).
 */
export function recheckOwner<O extends ClientObject>(client: ResourceClient<O>, owner: O): () => Promise<void> {
  return async () => {
    const fresh = await client.get(owner.metadata?.namespace, owner.metadata!.name!);
    if (fresh.metadata?.uid !== owner.metadata?.uid) {
      throw new Error(`original ${owner.kind} ${owner.metadata?.namespace}/${owner.metadata?.name} is gone: got uid ${fresh.metadata?.uid}, wanted ${owner.metadata?.uid}`);
    }
    if (fresh.metadata?.deletionTimestamp) {
      throw new Error(`${owner.kind} ${owner.metadata?.namespace}/${owner.metadata?.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
  };
}
