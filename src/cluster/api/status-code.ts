// Which of Minato's error kinds an HTTP status code of the Kubernetes API stands for: one table
// for the API server (a Status it answers with) and the client (a Status it was answered with).
import type { ErrorKind } from '../../util/errors.ts';

const kindByCode: Record<number, ErrorKind> = {
  400: 'InvalidArgument',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  422: 'Invalid',
  503: 'Unavailable',
};

export function errorKindOfStatusCode(code: number): ErrorKind {
  return kindByCode[code] ?? (code >= 500 ? 'Internal' : 'InvalidArgument');
}
