// The errors a PATCH can end in, as Kubernetes reports them. Each is a MinatoError whose
// details carry the exact meta.k8s.io Status Kubernetes answers with (`details.kubeStatus`,
// which the API server's statusOf sends as is): the HTTP code, the reason and the message
// as apiserver's handlers/patch.go words them. The MinatoError's own message is the detailed
// one (which operation failed and why) for logs and callers; where Kubernetes hides that
// detail behind a generic Status message, the Status keeps Kubernetes' wording.
import { type ErrorKind, MinatoError } from '../../../util/errors.ts';

export type PatchStatusReason = 'BadRequest' | 'Invalid' | 'Conflict' | 'UnsupportedMediaType' | 'RequestEntityTooLarge' | 'NotFound' | 'InternalError';

export interface PatchStatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface PatchStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: PatchStatusReason;
  details?: { causes: PatchStatusCause[] };
  code: number;
}

const kindByCode: Record<number, ErrorKind> = { 400: 'InvalidArgument', 404: 'NotFound', 409: 'Conflict', 422: 'Invalid', 500: 'Internal' };

/** A MinatoError that answers with its own HTTP status, including ones ErrorKind has no word for (413, 415). */
export class PatchError extends MinatoError {
  readonly status: PatchStatus;

  constructor(code: number, reason: PatchStatusReason, message: string, options: { statusMessage?: string; causes?: PatchStatusCause[] } = {}) {
    const status: PatchStatus = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: options.statusMessage ?? message,
      reason,
      ...(options.causes ? { details: { causes: options.causes } } : {}),
      code,
    };
    // 413 and 415 have no ErrorKind; they are client errors, so InvalidArgument, with the
    // real code in httpStatus and in the Status.
    super(kindByCode[code] ?? 'InvalidArgument', message, { details: { kubeStatus: status } });
    this.name = 'PatchError';
    this.status = status;
  }

  override get httpStatus(): number {
    return this.status.code;
  }
}

/** 400 BadRequest: the patch document itself is malformed. */
export const badPatch = (message: string) => new PatchError(400, 'BadRequest', message);

/**
 * 422 Invalid for a patch that is well formed but cannot be applied (a failed JSON patch
 * test, a path that does not exist). Kubernetes answers these with
 * NewGenericServerResponse(422), whose message is this fixed sentence; the detail is lost on
 * the wire, so it lives only in the MinatoError's message.
 */
export const inapplicablePatch = (message: string) =>
  new PatchError(422, 'Invalid', message, { statusMessage: 'the server rejected our request due to an error in our request' });

/** 422 Invalid with the message kept (strategic merge patch: lists of lists, retainKeys mismatches). */
export const invalidPatch = (message: string) => new PatchError(422, 'Invalid', message);

export const acceptedPatchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/** 415 for a Content-Type that is not a patch type, listing the ones accepted (apiserver negotiation/errors.go). */
export const unsupportedPatchType = (accepted: readonly string[] = acceptedPatchTypes) =>
  new PatchError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);

/** 413 for a JSON patch with more operations than the API server takes. */
export const tooManyOperations = (limit: number, got: number) =>
  new PatchError(413, 'RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${limit}, got ${got}`);
