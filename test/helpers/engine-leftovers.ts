// Whatever an in-process engine test left behind (src/cluster/agent's integration tests run an
// Engine in a temp dir with its own cgroup parent): container processes, mounts, cgroups,
// network namespaces, files — removed pass or fail; and the network namespace such a test runs in.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * Runs the test file at `moduleUrl` again inside a fresh network namespace (`prefix`-…), with
 * `variable` set to its name so the inner run knows; its test reports reach the runner as this
 * file's. CNI changes the namespace it runs in (bridges, veths, iptables): they stay inside and
 * go with it. Sets this process's exit code to the inner run's.
 */
export async function runInOwnNetns(moduleUrl: string, variable: string, prefix: string): Promise<void> {
  const netns = `${prefix}-${randomBytes(4).toString('hex')}`;
  const created = spawnSync('ip', ['netns', 'add', netns], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`ip netns add ${netns}: ${created.stderr}`);
  try {
    spawnSync('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    const child = spawn('nsenter', [`--net=/run/netns/${netns}`, process.execPath, ...process.execArgv, fileURLToPath(moduleUrl)], {
      stdio: 'inherit',
      env: { ...process.env, [variable]: netns },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    process.exitCode = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    process.off('SIGINT', forward).off('SIGTERM', forward);
  } finally {
    spawnSync('ip', ['netns', 'delete', netns]);
  }
}
