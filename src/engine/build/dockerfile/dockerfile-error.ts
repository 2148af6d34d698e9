// Every Dockerfile problem is a MinatoError of kind InvalidArgument whose message starts with the
// file and line ("Dockerfile:7: unknown instruction: RUNN"), so a user sees where to look without
// the builder having to add anything. The line numbers are also in `details` for API clients.
import { invalidArgument, isMinatoError, type MinatoError } from '../../../util/errors.ts';

/** Where an instruction sits in the file: 1-based, inclusive; heredoc bodies count as part of it. */
export interface SourceLocation {
  file: string;
  line: number;
  endLine: number;
}

/** An error pinned to a place in a Dockerfile. `line` 0 means "the file as a whole". */
export function dockerfileError(location: SourceLocation, reason: string): MinatoError {
  const where = location.line > 0 ? `${location.file}:${location.line}` : location.file;
  return invalidArgument(`${where}: ${reason}`, {
    file: location.file,
    line: location.line,
    endLine: location.endLine,
    reason,
  });
}

/** True when the error already names a place (so wrapping it again would repeat the location). */
export function hasLocation(err: unknown): boolean {
  return isMinatoError(err) && err.details !== undefined && typeof err.details['line'] === 'number';
}

/**
 * Runs `fn`; a MinatoError it throws without a location gets this one. Anything else is a bug and
 * is left alone so that it surfaces as one.
 */
export function atLocation<T>(location: SourceLocation, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isMinatoError(err) && !hasLocation(err)) {
      const reason = typeof err.details?.['reason'] === 'string' ? err.details['reason'] : err.message;
      throw dockerfileError(location, reason);
    }
    throw err;
  }
}
