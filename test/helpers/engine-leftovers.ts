// Whatever an in-process engine test left behind (src/cluster/agent's integration tests run an
// Engine in a temp dir with its own cgroup parent): container processes, mounts, cgroups,
// network namespaces, files — removed pass or fail.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/** Network namespaces the engine made (named after its cgroup parent). */
export function namespacesOf(cgroupParent: string): string[] {
  return spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => name.startsWith(`${cgroupParent}-`));
}

/** Whatever a failed run left: container processes, mounts, cgroups, namespaces, files. */
export function cleanupLeftovers(dir: string, cgroupParent: string): void {
  const containers = path.join(dir, 'data', 'containers');
  for (const id of existsSync(containers) ? readdirSync(containers) : []) {
    for (const file of ['pidfile', 'conmon.pid']) {
      const pidFile = path.join(containers, id, file);
      if (!existsSync(pidFile)) continue;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      if (pid > 1 && (file === 'pidfile' ? existsSync(`/proc/${pid}`) : cmdline.includes(id))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mountPoint): mountPoint is string => !!mountPoint && mountPoint.startsWith(dir))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mounts) spawnSync('umount', ['-l', mountPoint]);
  for (const root of ['/sys/fs/cgroup', ...readdirSync('/sys/fs/cgroup').map((name) => path.join('/sys/fs/cgroup', name))]) {
    const parent = path.join(root, cgroupParent);
    if (!existsSync(parent)) continue;
    for (const child of readdirSync(parent, { withFileTypes: true })) if (child.isDirectory()) rmdirQuietly(path.join(parent, child.name));
    rmdirQuietly(parent);
  }
  for (const name of namespacesOf(cgroupParent)) spawnSync('ip', ['netns', 'delete', name]);
  rmSync(dir, { recursive: true, force: true });
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // busy or gone
  }
}
