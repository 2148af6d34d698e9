// Basic authentication against an Apache htpasswd file, as distribution's htpasswd auth does:
// bcrypt entries only ("htpasswd -B"; other formats are reported and skipped), the file read
// again whenever it changes so users can be added without a restart.
//
// bcrypt is slow by design (cost 10 is ~70 ms in JavaScript) and clients send their credentials
// with every request, so a successful check is remembered for a few minutes, keyed by an HMAC
// under a per-process random key: the cache never holds a password or anything a password
// could be recovered from without that key.
import { createHmac, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import bcrypt from 'bcryptjs';
import { errnoCode, invalidArgument } from '../../../util/errors.ts';

export interface HtpasswdFile {
  /** user → bcrypt hash; the first line for a user wins, as with Apache. */
  users: Map<string, string>;
  /** Lines that were not bcrypt entries, for a warning. */
  skipped: { line: number; user: string; reason: string }[];
}

const bcryptHash = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export function parseHtpasswd(text: string): HtpasswdFile {
  const users = new Map<string, string>();
  const skipped: HtpasswdFile['skipped'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      skipped.push({ line: index + 1, user: '', reason: 'not "user:hash"' });
      return;
    }
    const user = line.slice(0, colon);
    const hash = line.slice(colon + 1).trim();
    if (!bcryptHash.test(hash)) {
      skipped.push({ line: index + 1, user, reason: 'not a bcrypt hash (create entries with htpasswd -B)' });
      return;
    }
    if (!users.has(user)) users.set(user, hash);
  });
  return { users, skipped };
}

/** The user and password of an "Authorization: Basic …" header, or undefined. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const match = header === undefined ? null : /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const cacheTtlMs = 5 * 60 * 1000;
const cacheMax = 1024;
/**
 * Compared against when the user is unknown, so that timing does not tell which users exist:
 * the hash of a random password nobody knows, at the cost "htpasswd -B" uses by default.
 */
const decoyHash = '$2b$05$tMOdjy36sIAfnKEYpWzQK.Kti3UXjtO1Q/qxhs8WimedJgfpsExPq';

export interface HtpasswdAuthOptions {
  /** Called when the file is (re)loaded with entries it could not use. */
  onSkipped?: (skipped: HtpasswdFile['skipped']) => void;
}

export class HtpasswdAuth {
  readonly file: string;
  private readonly options: HtpasswdAuthOptions;
  private users = new Map<string, string>();
  private stamp = '';
  private readonly cacheKey = randomBytes(32);
  private readonly verified = new Map<string, number>();

  constructor(file: string, options: HtpasswdAuthOptions = {}) {
    this.file = file;
    this.options = options;
  }

  /** Reads the file once up front so that a missing or unreadable file stops the start. */
  async load(): Promise<void> {
    try {
      await this.refresh();
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw invalidArgument(`htpasswd file ${this.file} does not exist`);
      throw err;
    }
  }

  private async refresh(): Promise<void> {
    const stat = await fsp.stat(this.file);
    const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (stamp === this.stamp) return;
    const parsed = parseHtpasswd(await fsp.readFile(this.file, 'utf8'));
    this.users = parsed.users;
    this.stamp = stamp;
    this.verified.clear();
    if (parsed.skipped.length > 0) this.options.onSkipped?.(parsed.skipped);
  }

  /** Whether the Authorization header proves a user; `user` names who tried, when anyone did. */
  async authenticate(header: string | undefined): Promise<{ ok: boolean; user?: string }> {
    const credentials = parseBasicAuth(header);
    if (!credentials) return { ok: false };
    const { user, password } = credentials;
    await this.refresh();
    const key = createHmac('sha256', this.cacheKey).update(`${user}\0${password}`).digest('base64');
    const now = Date.now();
    const until = this.verified.get(key);
    if (until !== undefined && until > now) return { ok: true, user };
    const hash = this.users.get(user);
    const ok = await bcrypt.compare(password, hash ?? decoyHash);
    if (!ok || hash === undefined) return { ok: false, user };
    if (this.verified.size >= cacheMax) this.verified.clear();
    this.verified.set(key, now + cacheTtlMs);
    return { ok: true, user };
  }
}
