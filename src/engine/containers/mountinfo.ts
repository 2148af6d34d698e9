// Whether a path is a mount point, from /proc/self/mountinfo (no process to spawn).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** mountinfo escapes space, tab, newline and backslash in paths as octal. */
function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export async function mountPoints(): Promise<Set<string>> {
  const text = await fsp.readFile('/proc/self/mountinfo', 'utf8');
  const points = new Set<string>();
  for (const line of text.split('\n')) {
    const field = line.split(' ')[4];
    if (field) points.add(unescapeMountPath(field));
  }
  return points;
}

export async function isMountPoint(dir: string): Promise<boolean> {
  return (await mountPoints()).has(path.resolve(dir));
}
