// The errors storage.ts promises, built one way for both backends so that the API server can
// rely on kinds and details (not messages).
import { invalidArgument, MinatoError } from '../../util/errors.ts';

export function alreadyExists(key: string): MinatoError {
  return new MinatoError('Conflict', `key ${JSON.stringify(key)} already exists`, { details: { reason: 'AlreadyExists' } });
}

export function keyNotFound(key: string): MinatoError {
  return new MinatoError('NotFound', `key ${JSON.stringify(key)} not found`);
}

export function preconditionFailed(key: string, expected: number, actual: number): MinatoError {
  return new MinatoError('Conflict', `key ${JSON.stringify(key)} was modified at revision ${actual}, not ${expected}`, {
    details: { reason: 'Conflict', modRevision: actual },
  });
}

/** details.compactedRevision when the backend knows it. */
export function compacted(revision: number, compactedRevision?: number): MinatoError {
  const known = compactedRevision === undefined ? '' : ` (compacted revision ${compactedRevision})`;
  return new MinatoError('Gone', `revision ${revision} has been compacted${known}`, {
    details: compactedRevision === undefined ? undefined : { compactedRevision },
  });
}

export function futureRevision(revision: number, current?: number): MinatoError {
  const known = current === undefined ? '' : ` (current revision ${current})`;
  return invalidArgument(`revision ${revision} is newer than the store${known}`);
}

export function storeClosed(): MinatoError {
  return new MinatoError('Unavailable', 'the cluster store is closed');
}

/** limit: none or 0 means all (as in etcd and Kubernetes). */
export function validateLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw invalidArgument(`list limit ${limit} is not a non-negative integer`);
}

export function validateRevision(name: string, revision: number | undefined): void {
  if (revision !== undefined && (!Number.isSafeInteger(revision) || revision < 0)) throw invalidArgument(`${name} ${revision} is not a non-negative integer`);
}
