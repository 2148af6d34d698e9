// Files that ship with Minato, found the same way whether it runs from src/ (TypeScript) or
// from the compiled dist/src/.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'bin', 'minato'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Minato project root (package.json and bin/minato)');
    dir = parent;
  }
}

export const projectRoot = findRoot();

let version: string | undefined;

export function minatoVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
