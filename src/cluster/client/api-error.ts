// A request the API server refused: the Kubernetes Status it answered with (code, reason,
// message, details), as a MinatoError of the matching kind, and client-go's predicates over it
// (isNotFound, isConflict, isAlreadyExists, isGone, …) so callers need not compare numbers.
import type { Status } from 'kubernetes-types/meta/v1.js';
import { MinatoError } from '../../util/errors.ts';
import { errorKindOfStatusCode } from '../api/status-code.ts';

const reasonByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export class ApiError extends MinatoError {
  /** The Status the server answered with (or one made from the HTTP status when it sent none). */
  readonly status: Status;
  /** The HTTP status code. */
  readonly code: number;
  /** The Status reason: NotFound, AlreadyExists, Conflict, Invalid, Expired, … */
  readonly reason: string | undefined;

  constructor(status: Status, request?: { method: string; path: string }) {
    const code = status.code ?? 500;
    const message = status.message || `${request ? `${request.method} ${request.path}: ` : ''}the server answered ${code}${status.reason ? ` ${status.reason}` : ''}`;
    super(errorKindOfStatusCode(code), message, { details: { kubeStatus: status } });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.reason = status.reason;
  }
}

/** A Status for an answer that carried none (a proxy's HTML page, an empty body). */
export function statusFromHttp(code: number, body: string): Status {
  const reason = reasonByCode[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
  const text = body.trim().slice(0, 500);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: text || `the server answered ${code} ${reason}` };
}

/** Whether `value` looks like a meta.k8s.io Status (a watch ERROR event's object, an error body). */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

const knownReasons = new Set([...Object.values(reasonByCode), 'AlreadyExists', 'Expired', 'ServerTimeout']);

/** client-go's rule: a known reason decides; with none (or an unknown one), the code does. */
function matches(err: unknown, reason: string, code: number): boolean {
  if (!isApiError(err)) return false;
  if (err.reason !== undefined && knownReasons.has(err.reason)) return err.reason === reason;
  return err.code === code;
}

export const isNotFound = (err: unknown): boolean => matches(err, 'NotFound', 404);
export const isAlreadyExists = (err: unknown): boolean => matches(err, 'AlreadyExists', 409);
/** A write that lost a race: a stale resourceVersion or a failed precondition. */
export const isConflict = (err: unknown): boolean => matches(err, 'Conflict', 409);
export const isInvalid = (err: unknown): boolean => matches(err, 'Invalid', 422);
export const isForbidden = (err: unknown): boolean => matches(err, 'Forbidden', 403);
export const isUnauthorized = (err: unknown): boolean => matches(err, 'Unauthorized', 401);
export const isBadRequest = (err: unknown): boolean => matches(err, 'BadRequest', 400);
/** 410: the resourceVersion or continue token asked for is too old (reason Expired or Gone). */
export const isGone = (err: unknown): boolean => isApiError(err) && err.code === 410;
