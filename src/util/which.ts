// Finding helper programs on PATH (plus the sbin directories a non-login root shell may lack).
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { unavailable } from './errors.ts';

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program's path, or undefined when it is not installed. */
export function lookPath(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return dirs.filter(Boolean).map((dir) => path.join(dir, name)).find(isExecutable);
}

export function findExecutable(name: string, packageHint?: string): string {
  const found = lookPath(name);
  if (found) return found;
  throw unavailable(`${name} not found on PATH${packageHint ? ` (install the Debian package ${packageHint}, or run make deps)` : ''}`);
}
