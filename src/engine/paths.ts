// Where the engine keeps things. Two roots, as Docker has:
//   data root (/var/lib/minato): what must survive a reboot — database, blobs, layers,
//     container directories (logs, config), volumes;
//   exec root (/run/minato): what only makes sense while the machine is up — the API socket,
//     the runtime's state, conmon's exit files and attach sockets, exec sessions. Unix socket
//     paths are limited to 108 bytes, which is why these live under a short path.
import * as path from 'node:path';

export class EnginePaths {
  readonly dataRoot: string;
  readonly execRoot: string;

  constructor(dataRoot: string, execRoot: string) {
    this.dataRoot = path.resolve(dataRoot);
    this.execRoot = path.resolve(execRoot);
  }

  get database(): string {
    return path.join(this.dataRoot, 'minato.db');
  }
  get content(): string {
    return path.join(this.dataRoot, 'content');
  }
  get snapshots(): string {
    return path.join(this.dataRoot, 'snapshots');
  }
  get volumes(): string {
    return path.join(this.dataRoot, 'volumes');
  }
  get containersDir(): string {
    return path.join(this.dataRoot, 'containers');
  }
  /** The container's bundle: config.json, rootfs mount point, log, hosts files, conmon's files. */
  container(id: string): string {
    return path.join(this.containersDir, id);
  }
  runtimeState(runtime: string): string {
    return path.join(this.execRoot, runtime);
  }
  get exits(): string {
    return path.join(this.execRoot, 'exits');
  }
  get sockets(): string {
    return path.join(this.execRoot, 's');
  }
  get execs(): string {
    return path.join(this.execRoot, 'exec');
  }
  exec(execId: string): string {
    return path.join(this.execs, execId);
  }
}

/** conmon names the attach socket directory after the "cuuid"; short keeps socket paths short. */
export function attachKey(id: string): string {
  return id.slice(0, 16);
}
