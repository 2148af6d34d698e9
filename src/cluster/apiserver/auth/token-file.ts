// Static bearer tokens from --token-auth-file, Kubernetes' format: a CSV file with at least three
// columns, token,user,uid, and an optional fourth with the user's groups, comma-separated (so
// quoted: "group1,group2"). Read once at start, as Kubernetes does; changing it needs a restart.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { invalidArgument } from '../../../util/errors.ts';
import { parseCsv } from './csv.ts';
import type { UserInfo } from './user.ts';

export interface StaticTokens {
  /** The user of a token, or undefined when the file does not know it. */
  lookup(token: string): UserInfo | undefined;
  readonly size: number;
}

export async function loadTokenFile(file: string): Promise<StaticTokens> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw invalidArgument(`cannot read --token-auth-file ${file}: ${(err as Error).message}`);
  }
  return parseTokenFile(text, file);
}

export function parseTokenFile(text: string, source = 'token file'): StaticTokens {
  // Keyed by the token's SHA-256: lookups then compare digests, not secrets, so response timing
  // says nothing about how much of a guessed token was right.
  const users = new Map<string, UserInfo>();
  for (const { line, fields } of parseCsv(text, source)) {
    if (fields.length < 3) throw invalidArgument(`${source}:${line}: need at least 3 columns (token, user name, user uid), found ${fields.length}`);
    const [token, name, uid, groups] = fields as [string, string, string, string | undefined];
    // Kubernetes skips (with a warning) a record whose token is empty; an empty token must never match.
    if (token === '') continue;
    const user: UserInfo = { name, groups: groups ? groups.split(',') : [] };
    if (uid !== '') user.uid = uid;
    users.set(digest(token), user);
  }
  return {
    lookup: (token) => (token === '' ? undefined : users.get(digest(token))),
    size: users.size,
  };
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
