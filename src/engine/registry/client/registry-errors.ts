// What a registry's refusal means. The distribution API answers errors with
//   {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown", "detail": …}]}
// and a token-protected registry may say more in its WWW-Authenticate header
// (error="insufficient_scope": the token lacks access, which for a pull usually means the
// repository does not exist or is private). These become MinatoErrors with the kind the
// Docker API edge maps to a status, and a message in the registry's words.
import { type ErrorKind, MinatoError } from '../../../util/errors.ts';
import { type HttpResponse, readBody } from './http-transport.ts';
import { parseWwwAuthenticate } from './www-authenticate.ts';

export interface RegistryErrorEntry {
  code: string;
  message: string;
}

export class RegistryError extends MinatoError {
  readonly status: number;
  readonly errors: RegistryErrorEntry[];

  constructor(kind: ErrorKind, status: number, errors: RegistryErrorEntry[]) {
    super(kind, describeEntries(errors));
    this.status = status;
    this.errors = errors;
  }

  /** The first error code ("MANIFEST_UNKNOWN"), as the decisions in pull and push look at it. */
  get code(): string {
    return this.errors[0]?.code ?? '';
  }
}

/** "MANIFEST_UNKNOWN" → "manifest unknown" */
function codeText(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

/** "manifest unknown", or "denied: requested access to the resource is denied". */
export function describeEntries(errors: readonly RegistryErrorEntry[]): string {
  return errors
    .map(({ code, message }) => {
      const text = codeText(code);
      return !message || message.toLowerCase() === text ? text : `${text}: ${message}`;
    })
    .join('; ');
}

const kindByCode: Record<string, ErrorKind> = {
  UNAUTHORIZED: 'Unauthorized',
  DENIED: 'Forbidden',
  NAME_UNKNOWN: 'NotFound',
  MANIFEST_UNKNOWN: 'NotFound',
  BLOB_UNKNOWN: 'NotFound',
  BLOB_UPLOAD_UNKNOWN: 'NotFound',
  NOT_FOUND: 'NotFound',
  TOOMANYREQUESTS: 'Unavailable',
  UNAVAILABLE: 'Unavailable',
};

const defaultByStatus: Record<number, RegistryErrorEntry> = {
  401: { code: 'UNAUTHORIZED', message: 'authentication required' },
  403: { code: 'DENIED', message: 'requested access to the resource is denied' },
  404: { code: 'NOT_FOUND', message: 'not found' },
  429: { code: 'TOOMANYREQUESTS', message: 'too many requests' },
};

function kindOf(code: string, status: number): ErrorKind {
  const byCode = kindByCode[code];
  if (byCode) return byCode;
  if (status >= 500) return 'Unavailable';
  if (status === 404) return 'NotFound';
  return 'InvalidArgument';
}

/** Reads an error response (its body is consumed) into a RegistryError. */
export async function registryError(response: HttpResponse): Promise<RegistryError> {
  const body = response.headers['content-length'] === '0' ? Buffer.alloc(0) : await readBody(response, 64 * 1024, 'error response').catch(() => Buffer.alloc(0));
  const entries: RegistryErrorEntry[] = [];
  // RFC 6750: a bearer challenge's error parameter says why a token was not enough.
  if (response.status === 401) {
    const bearer = parseWwwAuthenticate(response.headers['www-authenticate']).find((challenge) => challenge.scheme === 'bearer');
    const reason = bearer?.params.error;
    if (reason === 'insufficient_scope') entries.push({ code: 'DENIED', message: bearer?.params.error_description || 'requested access to the resource is denied' });
    else if (reason === 'invalid_token') entries.push({ code: 'UNAUTHORIZED', message: bearer?.params.error_description || 'authentication required' });
  }
  if (entries.length === 0) entries.push(...parseErrorBody(body));
  if (entries.length === 0) {
    const text = body.toString('utf8').trim().slice(0, 200);
    entries.push(defaultByStatus[response.status] ?? { code: 'UNKNOWN', message: `unexpected HTTP status ${response.status} from ${response.url.origin}${text ? `: ${text}` : ''}` });
  }
  return new RegistryError(kindOf(entries[0]!.code, response.status), response.status, entries);
}

function parseErrorBody(body: Buffer): RegistryErrorEntry[] {
  if (body.length === 0) return [];
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown; details?: unknown; message?: unknown };
    if (Array.isArray(parsed.errors)) {
      return parsed.errors
        .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
        .map((entry) => ({ code: typeof entry.code === 'string' ? entry.code : 'UNKNOWN', message: typeof entry.message === 'string' ? entry.message : '' }));
    }
  } catch {
    // not JSON: the caller falls back to the status
  }
  return [];
}
