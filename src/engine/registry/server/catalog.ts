// The repositories of the registry for GET /v2/_catalog, and the pagination that catalog and
// tag lists share: `n` entries after `last`, with a Link header (rel="next") when more follow.
import type { Dirent } from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from '../../../util/errors.ts';
import type { RegistryLayout } from './layout.ts';
import { isRepositoryName } from './names.ts';
import { registryError } from './registry-errors.ts';

/** ASCIIbetical, as the spec asks for tags (Go's sort.Strings); repositories likewise. */
export const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every repository (a directory holding "_manifests"), in ASCII order. */
export async function listRepositories(layout: RegistryLayout): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string[]): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return;
      throw err;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      if (entry.name === '_manifests' && prefix.length > 0) found.push(prefix.join('/'));
      else if (!entry.name.startsWith('_')) await walk(path.join(dir, entry.name), [...prefix, entry.name]);
    }
  };
  await walk(layout.repositoriesDir, []);
  return found.filter(isRepositoryName).sort(byCodeUnit);
}

/** `n` as a count: absent gives `fallback`, larger than `max` gives `max`. */
export function parseCount(value: string | null, fallback: number | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value)) {
    throw registryError('UNSUPPORTED', { status: 400, message: `invalid n=${JSON.stringify(value)}: want a whole number of entries`, detail: { n: value } });
  }
  return Math.min(Number(value), max);
}

export interface Page {
  items: string[];
  /** The `last` to ask for the next page with, when there is one. */
  next?: string;
}

/** The entries after `last` (exclusive), at most `limit` of them (all when undefined). */
export function paginate(sorted: string[], limit: number | undefined, last: string | null): Page {
  const after = last === null || last === '' ? sorted : sorted.filter((item) => item > last);
  if (limit === undefined || after.length <= limit) return { items: limit === 0 ? [] : after };
  const items = after.slice(0, limit);
  return limit === 0 ? { items } : { items, next: items.at(-1)! };
}

/** The RFC 5988 Link header for the next page. */
export function nextLink(pathname: string, n: number, last: string): string {
  return `<${pathname}?${new URLSearchParams({ n: String(n), last }).toString()}>; rel="next"`;
}
