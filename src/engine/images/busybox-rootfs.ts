// A small root filesystem built from this machine's busybox-static: /bin/busybox, a symlink
// per applet, /etc/passwd and /etc/group, a /www/index.html, and the usual empty directories.
// No public registry is reachable from these machines: tests, the README's tour and `minato up`
// (which imports it as busybox:latest when no busybox image is there) use it instead.
import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';

const busyboxPath = '/usr/bin/busybox';

export function busyboxApplets(): string[] {
  return execFileSync(busyboxPath, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => name && name !== 'busybox');
}

export interface RootfsExtras {
  /** Extra files: path (no leading slash) → content. */
  files?: Record<string, string>;
}

export async function writeBusyboxRootfs(file: string, extras: RootfsExtras = {}): Promise<void> {
  await pipeline(busyboxRootfs(extras), createWriteStream(file));
}

/** The root filesystem as a tar stream. */
export function busyboxRootfs(extras: RootfsExtras = {}): Readable {
  const tar = pack();
  const mtime = new Date('2026-01-01T00:00:00Z');
  const dir = (name: string, mode = 0o755) => tar.entry({ name: `${name}/`, type: 'directory', mode, mtime, uid: 0, gid: 0 });
  const text = (name: string, content: string, mode = 0o644) => tar.entry({ name, mode, mtime, uid: 0, gid: 0 }, content);
  for (const name of ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'usr', 'usr/bin', 'usr/sbin', 'sbin', 'var', 'var/www', 'www']) dir(name, name === 'root' ? 0o700 : 0o755);
  dir('tmp', 0o1777);
  const binary = readFileSync(busyboxPath);
  tar.entry({ name: 'bin/busybox', mode: statSync(busyboxPath).mode & 0o7777, mtime, uid: 0, gid: 0, size: binary.length }, binary);
  for (const applet of busyboxApplets()) tar.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mode: 0o777, mtime, uid: 0, gid: 0 });
  text('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\nwww:x:33:33:www:/www:/bin/sh\n');
  text('etc/group', 'root:x:0:\nwww:x:33:\nnogroup:x:65534:\n');
  text('www/index.html', '<h1>hello from minato</h1>\n');
  for (const [name, content] of Object.entries(extras.files ?? {})) text(name, content);
  tar.finalize();
  return Readable.from(tar);
}

