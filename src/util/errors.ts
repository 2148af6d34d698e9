// One error vocabulary for all of Minato. Code throws MinatoError with a kind; only the edges
// (the Docker API, the Kubernetes API, the CLI) turn a kind into an HTTP status, a Docker error
// body or a Kubernetes Status.

export type ErrorKind =
  | 'InvalidArgument' // the caller sent something wrong: 400
  | 'Unauthorized' // no or bad credentials: 401
  | 'Forbidden' // authenticated but not allowed: 403
  | 'NotFound' // 404
  | 'Conflict' // the thing exists or is in the way (name in use, container running): 409
  | 'Gone' // e.g. a compacted revision: 410
  | 'Invalid' // a well-formed object that fails validation: 422
  | 'NotModified' // nothing to do (container already stopped): 304
  | 'Unavailable' // a dependency is down: 503
  | 'Internal'; // a bug or an unexpected failure of the system: 500

const httpStatusByKind: Record<ErrorKind, number> = {
  InvalidArgument: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  Gone: 410,
  Invalid: 422,
  NotModified: 304,
  Unavailable: 503,
  Internal: 500,
};

export class MinatoError extends Error {
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MinatoError';
    this.kind = kind;
    this.details = options.details;
  }

  get httpStatus(): number {
    return httpStatusByKind[this.kind];
  }
}

export const invalidArgument = (message: string, details?: Record<string, unknown>) =>
  new MinatoError('InvalidArgument', message, { details });
export const notFound = (message: string) => new MinatoError('NotFound', message);
export const conflict = (message: string) => new MinatoError('Conflict', message);
export const notModified = (message: string) => new MinatoError('NotModified', message);
export const internal = (message: string, cause?: unknown) => new MinatoError('Internal', message, { cause });
export const unavailable = (message: string, cause?: unknown) => new MinatoError('Unavailable', message, { cause });

export function isMinatoError(err: unknown, kind?: ErrorKind): err is MinatoError {
  return err instanceof MinatoError && (kind === undefined || err.kind === kind);
}

/** The HTTP status for any thrown value: a MinatoError's own, 500 for everything else. */
export function httpStatusOf(err: unknown): number {
  return err instanceof MinatoError ? err.httpStatus : 500;
}

/** A Node.js system error code (ENOENT, EEXIST, ...) or undefined. */
export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
