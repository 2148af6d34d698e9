// Finding helper programs on PATH (plus the sbin directories a non-login root shell may lack).
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { unavailable } from './errors.ts';

export function findExecutable(name: string, packageHint?: string): string {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw unavailable(`${name} not found on PATH${packageHint ? ` (install the Debian package ${packageHint}, or run make deps)` : ''}`);
}
