// crun compiles a container's seccomp profile into BPF with libseccomp on every create — ~17 ms
// of a ~25 ms create here, for the same default profile each time. crun has a cache for this
// (keyed by the profile's checksum), but the Debian build on these machines never uses it, so
// the engine keeps the cache itself: after crun created a container it reads the BPF crun wrote
// (<state root>/<id>/seccomp.bpf) and gives it to the next containers with the same profile
// through crun's run.oci.seccomp_bpf_data annotation, which makes crun load it as is.
// The key covers the profile, the crun binary and the kernel, so a change in any of them
// compiles afresh. runc has no such annotation and always compiles.
import { createHash } from 'node:crypto';
import { promises as fsp, statSync } from 'node:fs';
import { release } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../util/fs.ts';

export const seccompBpfAnnotation = 'run.oci.seccomp_bpf_data';

export class SeccompBpfCache {
  private readonly dir: string;
  private readonly runtimeIdentity: string;
  private readonly memory = new Map<string, string>();

  constructor(dir: string, runtimePath: string) {
    this.dir = dir;
    const stat = statSync(runtimePath);
    this.runtimeIdentity = `${runtimePath}:${stat.size}:${stat.mtimeMs}:${release()}`;
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const name of await fsp.readdir(this.dir)) {
      if (name.endsWith('.b64')) this.memory.set(name.slice(0, -4), await fsp.readFile(path.join(this.dir, name), 'utf8'));
    }
  }

  key(seccomp: unknown): string {
    return createHash('sha256').update(this.runtimeIdentity).update('\0').update(JSON.stringify(seccomp)).digest('hex');
  }

  /** The compiled filter (base64) for this profile, if crun compiled it before. */
  lookup(seccomp: unknown): string | undefined {
    return this.memory.get(this.key(seccomp));
  }

  /** Keeps the filter crun compiled for a container it just created. */
  async learn(seccomp: unknown, bpfFile: string): Promise<void> {
    const key = this.key(seccomp);
    if (this.memory.has(key)) return;
    let data: Buffer;
    try {
      data = await fsp.readFile(bpfFile);
    } catch {
      return; // nothing compiled (no seccomp, or another runtime)
    }
    if (data.length === 0 || data.length % 8 !== 0) return; // not a sock_filter array
    const encoded = data.toString('base64');
    this.memory.set(key, encoded);
    await writeFileAtomic(path.join(this.dir, `${key}.b64`), encoded, 0o600);
  }
}
