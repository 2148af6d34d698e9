// The sources of a COPY/ADD: paths (with wildcards) in the build context or in another stage's
// or image's file system, resolved without ever leaving that root, minus what .dockerignore
// excludes; and a digest of exactly what would be copied, which is what the cache keys on.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { invalidArgument } from '../../util/errors.ts';
import { resolveInRoot } from '../../util/safe-path.ts';

export interface SourceEntry {
  /** Path on the host. */
  hostPath: string;
  /** The name the source was given as, for messages and for the destination's basename. */
  name: string;
  isDirectory: boolean;
  /** Downloaded by ADD from a URL (never unpacked, as in Docker). */
  downloaded?: boolean;
}

export type Excluded = (relativePath: string, isDirectory: boolean) => boolean;

/** Go's filepath.Match for one path segment: *, ?, [class], \\ escapes. */
export function segmentMatches(pattern: string, name: string): boolean {
  let regex = '^';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') regex += '[^/]*';
    else if (char === '?') regex += '[^/]';
    else if (char === '\\' && i + 1 < pattern.length) regex += `\\${pattern[++i]}`;
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw invalidArgument(`syntax error in pattern "${pattern}"`);
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1)}`;
      regex += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else regex += char.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`${regex}$`).test(name);
}

const hasWildcard = (segment: string) => /[*?[]/.test(segment);

/** Cleans a source path (relative to its root, a leading / allowed); refuses one that climbs out. */
export function cleanSourcePath(source: string): string {
  const normalized = path.posix.normalize(source.replace(/^\/+/, ''));
  if (normalized === '..' || normalized.startsWith('../')) throw invalidArgument(`forbidden path outside the build context: ${source}`);
  return normalized === '' ? '.' : normalized;
}

/**
 * Resolves one source (maybe a wildcard) under `root`. Links are followed as the root's own
 * (an absolute target means inside the root), never out of it.
 */
export async function resolveSources(root: string, source: string, excluded: Excluded): Promise<SourceEntry[]> {
  const cleaned = cleanSourcePath(source);
  const segments = cleaned === '.' ? [] : cleaned.split('/');
  let candidates = [''];
  for (const segment of segments) {
    const next: string[] = [];
    for (const base of candidates) {
      if (!hasWildcard(segment)) {
        next.push(base ? `${base}/${segment}` : segment);
        continue;
      }
      const entries = await fsp.readdir(await resolveInRoot(root, base)).catch(() => [] as string[]);
      for (const entry of entries.sort()) if (segmentMatches(segment, entry)) next.push(base ? `${base}/${entry}` : entry);
    }
    candidates = next;
  }
  const found: SourceEntry[] = [];
  for (const relative of candidates) {
    const hostPath = await resolveInRoot(root, relative);
    const stat = await fsp.stat(hostPath).catch(() => undefined);
    if (!stat) continue;
    if (relative !== '' && excluded(relative, stat.isDirectory())) continue;
    found.push({ hostPath, name: relative === '' ? '.' : relative, isDirectory: stat.isDirectory() });
  }
  return found;
}

/**
 * A digest of what copying these sources would produce: each file's relative path, type,
 * mode and content (or link target), in a stable order; excluded files do not count.
 */
export async function digestSources(sources: SourceEntry[], excluded: Excluded): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (hostPath: string, relative: string): Promise<void> => {
    const stat = await fsp.lstat(hostPath);
    if (relative !== '.' && excluded(relative, stat.isDirectory())) return;
    hash.update(`${relative}\0${stat.mode.toString(8)}\0`);
    if (stat.isSymbolicLink()) hash.update(`link:${await fsp.readlink(hostPath)}\0`);
    else if (stat.isFile()) {
      for await (const chunk of createReadStream(hostPath)) hash.update(chunk as Buffer);
      hash.update('\0');
    } else if (stat.isDirectory()) {
      for (const entry of (await fsp.readdir(hostPath)).sort()) await visit(path.join(hostPath, entry), relative === '.' ? entry : `${relative}/${entry}`);
    }
  };
  for (const source of sources) {
    hash.update(`source:${source.name}\0`);
    await visit(source.hostPath, source.name);
  }
  return hash.digest('hex');
}
