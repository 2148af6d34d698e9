// How this machine's cgroups are laid out, and what that means for the OCI runtime.
//
// On "hybrid" machines (v1 controllers plus a v2 mount at /sys/fs/cgroup/unified), any
// controller that has no v1 hierarchy stays on v2, and crun 1.8 then refuses to run at all
// ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"). Seen here with
// hugetlb (machine-notes). The engine mounts such controllers as v1 hierarchies, which empties
// the v2 side and lets crun run; if it cannot, it falls back to runc — and says which it did.
import { promises as fsp, statfsSync } from 'node:fs';
import * as path from 'node:path';
import { runCommand } from '../../util/exec.ts';
import type { RuntimeName } from './oci-runtime.ts';

export type CgroupMode = 'v1' | 'hybrid' | 'v2';

const CGROUP2_SUPER_MAGIC = 0x63677270;
const cgroupRoot = '/sys/fs/cgroup';

function isCgroup2(dir: string): boolean {
  try {
    return statfsSync(dir).type === CGROUP2_SUPER_MAGIC;
  } catch {
    return false;
  }
}

export function detectCgroupMode(root = cgroupRoot): CgroupMode {
  if (isCgroup2(root)) return 'v2';
  return isCgroup2(path.join(root, 'unified')) ? 'hybrid' : 'v1';
}

export interface CgroupHost {
  mode(): CgroupMode;
  /** Controllers left on the v2 hierarchy of a hybrid layout. */
  v2Controllers(): Promise<string[]>;
  /** Mounts a controller as its own v1 hierarchy. */
  mountV1(controller: string): Promise<string>;
}

/** This machine's /sys/fs/cgroup. */
export function systemCgroupHost(root = cgroupRoot): CgroupHost {
  return {
    mode: () => detectCgroupMode(root),
    v2Controllers: async () => {
      try {
        return (await fsp.readFile(path.join(root, 'unified', 'cgroup.controllers'), 'utf8')).split(/\s+/).filter(Boolean);
      } catch {
        return [];
      }
    },
    mountV1: async (controller) => {
      const target = path.join(root, controller);
      await fsp.mkdir(target, { recursive: true });
      await runCommand('mount', ['-t', 'cgroup', '-o', controller, 'cgroup', target]);
      return target;
    },
  };
}

export interface RuntimeChoice {
  runtime: RuntimeName;
  cgroupMode: CgroupMode;
  /** What the engine did or decided, for the log and `minato info`. */
  notes: string[];
}

/**
 * Makes the machine usable for `requested` (crun by default) or picks runc instead. Only when
 * the user asked for crun explicitly does a failure to prepare become an error.
 */
export async function prepareCgroupsForRuntime(requested: RuntimeName | undefined, host: CgroupHost = systemCgroupHost()): Promise<RuntimeChoice> {
  const cgroupMode = host.mode();
  const notes: string[] = [];
  const wanted = requested ?? 'crun';
  if (wanted === 'runc' || cgroupMode !== 'hybrid') return { runtime: wanted, cgroupMode, notes };

  for (const controller of await host.v2Controllers()) {
    try {
      const target = await host.mountV1(controller);
      notes.push(`mounted the ${controller} controller as a cgroup v1 hierarchy at ${target} (it was left on cgroup v2, which crun refuses in hybrid mode)`);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (requested === 'crun') throw new Error(`crun cannot run on this machine: the ${controller} cgroup controller is on cgroup v2 in hybrid mode and mounting it as v1 failed: ${why}`);
      notes.push(`using runc instead of crun: the ${controller} controller is on cgroup v2 in hybrid mode, which crun refuses, and mounting it as v1 failed (${why})`);
      return { runtime: 'runc', cgroupMode, notes };
    }
  }
  return { runtime: 'crun', cgroupMode, notes };
}

/** The directories of one cgroup path in every hierarchy (one on v2, one per controller on v1). */
export async function cgroupDirs(cgroupPath: string, root = cgroupRoot): Promise<string[]> {
  const mode = detectCgroupMode(root);
  if (mode === 'v2') return [path.join(root, cgroupPath)];
  const dirs: string[] = [];
  for (const name of await fsp.readdir(root)) {
    const hierarchy = path.join(root, name);
    try {
      if ((await fsp.lstat(hierarchy)).isDirectory()) dirs.push(path.join(hierarchy, cgroupPath));
    } catch {
      // raced with an unmount: skip
    }
  }
  return dirs;
}

/** Removes an (empty) parent cgroup in every hierarchy; the runtimes leave them behind. */
export async function removeCgroup(cgroupPath: string, root = cgroupRoot): Promise<void> {
  for (const dir of await cgroupDirs(cgroupPath, root)) {
    await fsp.rmdir(dir).catch(() => undefined);
  }
}
