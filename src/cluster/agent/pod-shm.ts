// A pod's shared /dev/shm. The engine gives every container its own /dev/shm tmpfs, even when it
// joins another container's IPC namespace, so POSIX shared memory would not be shared within a
// pod. As containerd's CRI plugin does, the runtime mounts one tmpfs per sandbox on the host
// (under its state directory) and binds it into each of the pod's containers at /dev/shm.
// Mounted on first use, so a sandbox found after an agent restart or a reboot gets it back.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { isMountPoint } from '../../engine/containers/mountinfo.ts';
import { runCommand } from '../../util/exec.ts';

export const defaultShmBytes = 64 * 1024 * 1024;

export class PodShm {
  readonly root: string;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  dir(sandboxId: string): string {
    if (!/^[a-f0-9]{64}$/.test(sandboxId)) throw new Error(`not a sandbox ID: ${sandboxId}`);
    return path.join(this.root, sandboxId, 'shm');
  }

  /** The mounted directory (mounted now if it is not). */
  ensure(sandboxId: string, sizeBytes = defaultShmBytes): Promise<string> {
    let work = this.pending.get(sandboxId);
    if (!work) {
      work = this.mount(sandboxId, sizeBytes).finally(() => this.pending.delete(sandboxId));
      this.pending.set(sandboxId, work);
    }
    return work;
  }

  private async mount(sandboxId: string, sizeBytes: number): Promise<string> {
    const dir = this.dir(sandboxId);
    if (await isMountPoint(dir)) return dir;
    await fsp.mkdir(dir, { recursive: true, mode: 0o711 });
    await runCommand('mount', ['-t', 'tmpfs', '-o', `nosuid,nodev,noexec,mode=1777,size=${sizeBytes}`, 'shm', dir]);
    return dir;
  }

  /** Unmounts and removes the sandbox's directory (the containers' bind mounts keep their own reference). */
  async remove(sandboxId: string): Promise<void> {
    const dir = this.dir(sandboxId);
    await this.pending.get(sandboxId)?.catch(() => undefined);
    if (await isMountPoint(dir)) await runCommand('umount', [dir]).catch(() => runCommand('umount', ['-l', dir]));
    await fsp.rm(path.join(this.root, sandboxId), { recursive: true, force: true });
  }

  /** Whether a host path is one of these directories (not a mount the agent asked for). */
  owns(hostPath: string): boolean {
    return hostPath.startsWith(`${this.root}/`);
  }
}
