// The distribution spec's error vocabulary. Handlers throw a MinatoError built here (the one
// error type of Minato), carrying the spec's code and status in its details; only the HTTP edge
// turns it into the spec's body {"errors":[{"code","message","detail"}]}.
import { MinatoError, type ErrorKind } from '../../../util/errors.ts';

/** The codes the spec allows for 4xx answers, plus UNKNOWN for the registry's own failures (5xx). */
export type RegistryErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  | 'UNKNOWN';

const defaults: Record<RegistryErrorCode, { status: number; message: string }> = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry' },
  BLOB_UPLOAD_INVALID: { status: 400, message: 'blob upload invalid' },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: 'blob upload unknown to registry' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content' },
  MANIFEST_BLOB_UNKNOWN: { status: 400, message: 'manifest references a manifest or blob unknown to registry' },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown to registry' },
  NAME_INVALID: { status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry' },
  SIZE_INVALID: { status: 400, message: 'provided length did not match content length' },
  UNAUTHORIZED: { status: 401, message: 'authentication required' },
  DENIED: { status: 403, message: 'requested access to the resource is denied' },
  UNSUPPORTED: { status: 405, message: 'the operation is unsupported' },
  TOOMANYREQUESTS: { status: 429, message: 'too many requests' },
  UNKNOWN: { status: 500, message: 'unknown error' },
};

function kindFor(status: number): ErrorKind {
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'NotFound';
  if (status === 429) return 'Unavailable';
  if (status >= 500) return 'Internal';
  return 'InvalidArgument';
}

export interface RegistryErrorOptions {
  /** A sentence for people; the code's standard text when absent. */
  message?: string;
  /** Structured data for clients (the digest, the name, …). */
  detail?: unknown;
  /** When the spec asks for another status than the code's usual one (416 for a range). */
  status?: number;
  cause?: unknown;
}

export function registryError(code: RegistryErrorCode, options: RegistryErrorOptions = {}): MinatoError {
  const status = options.status ?? defaults[code].status;
  const message = options.message ?? defaults[code].message;
  return new MinatoError(kindFor(status), `${code}: ${message}`, {
    cause: options.cause,
    details: { registryCode: code, registryStatus: status, registryMessage: message, registryDetail: options.detail },
  });
}

export interface ErrorResponse {
  status: number;
  body: { errors: { code: RegistryErrorCode; message: string; detail?: unknown }[] };
}

const codeByKind: Partial<Record<ErrorKind, RegistryErrorCode>> = {
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'DENIED',
  NotFound: 'NAME_UNKNOWN',
  Unavailable: 'TOOMANYREQUESTS',
};

/** The status and spec body for anything a handler threw. Unexpected failures say no more than "unknown error". */
export function errorResponse(err: unknown): ErrorResponse {
  if (err instanceof MinatoError) {
    const details = err.details ?? {};
    if (typeof details.registryCode === 'string') {
      const code = details.registryCode as RegistryErrorCode;
      const entry: ErrorResponse['body']['errors'][number] = { code, message: String(details.registryMessage) };
      if (details.registryDetail !== undefined) entry.detail = details.registryDetail;
      return { status: Number(details.registryStatus), body: { errors: [entry] } };
    }
    if (err.kind !== 'Internal') {
      const code = codeByKind[err.kind] ?? 'UNSUPPORTED';
      const status = code === 'UNSUPPORTED' ? 400 : defaults[code].status;
      return { status, body: { errors: [{ code, message: err.message }] } };
    }
  }
  return { status: 500, body: { errors: [{ code: 'UNKNOWN', message: defaults.UNKNOWN.message }] } };
}
