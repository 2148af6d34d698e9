import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);

// src/util/errors.ts
var httpStatusByKind = {
  InvalidArgument: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  Gone: 410,
  Invalid: 422,
  NotModified: 304,
  Unavailable: 503,
  Internal: 500
};
var MinatoError = class extends Error {
  kind;
  details;
  constructor(kind, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "MinatoError";
    this.kind = kind;
    this.details = options.details;
  }
  get httpStatus() {
    return httpStatusByKind[this.kind];
  }
};
var invalidArgument = (message, details) => new MinatoError("InvalidArgument", message, { details });
var notFound = (message) => new MinatoError("NotFound", message);
var conflict = (message) => new MinatoError("Conflict", message);
var notModified = (message) => new MinatoError("NotModified", message);
var internal = (message, cause) => new MinatoError("Internal", message, { cause });
var unavailable = (message, cause) => new MinatoError("Unavailable", message, { cause });
function isMinatoError(err, kind) {
  return err instanceof MinatoError && (kind === void 0 || err.kind === kind);
}
function httpStatusOf(err) {
  return err instanceof MinatoError ? err.httpStatus : 500;
}
function errnoCode(err) {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : void 0;
}
function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  MinatoError,
  invalidArgument,
  notFound,
  conflict,
  notModified,
  internal,
  unavailable,
  isMinatoError,
  httpStatusOf,
  errnoCode,
  messageOf
};
