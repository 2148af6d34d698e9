// Learns of container exits from the files conmon writes into the exit directory (one per
// container, named by its ID, holding the exit code). Watching a directory works whether or
// not the daemon started the container, which is what lets a restarted daemon catch up.
import { type FSWatcher, promises as fsp, watch } from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';

export type ExitHandler = (id: string, exitCode: number) => void;

export class ExitMonitor {
  private readonly dir: string;
  private readonly onExit: ExitHandler;
  private readonly log: Logger;
  private watcher: FSWatcher | undefined;
  private readonly seen = new Set<string>();

  constructor(dir: string, onExit: ExitHandler, log: Logger) {
    this.dir = dir;
    this.onExit = onExit;
    this.log = log;
  }

  async start(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    // conmon writes "<id>.XXXXXX" and renames it to "<id>"; libuv sometimes reports only the
    // temporary name of that rename, so an event for either name means "look at <id>".
    this.watcher = watch(this.dir, (_event, filename) => {
      if (filename) void this.check(filename.toString().split('.')[0]!);
    });
    this.watcher.on('error', (err) => this.log.error({ err }, 'exit directory watch failed'));
    await this.scan();
  }

  /** Looks at every exit file now (at start-up, and as a safety net for missed events). */
  async scan(): Promise<void> {
    for (const name of await fsp.readdir(this.dir).catch(() => [] as string[])) await this.check(name);
  }

  /** Reads one exit file; the caller calls forget() once it has handled the exit. */
  private async check(name: string): Promise<void> {
    if (name === '' || name.includes('.') || this.seen.has(name)) return;
    let text: string;
    try {
      text = await fsp.readFile(path.join(this.dir, name), 'utf8');
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') this.log.warn({ err, file: name }, 'cannot read exit file');
      return;
    }
    const code = Number.parseInt(text.trim(), 10);
    if (Number.isNaN(code)) return; // conmon writes atomically; a partial file means another writer
    if (this.seen.has(name)) return;
    this.seen.add(name);
    this.onExit(name, code);
  }

  /** Removes the exit file of a handled exit so the next run of the container can be seen. */
  async forget(id: string): Promise<void> {
    await fsp.rm(path.join(this.dir, id), { force: true });
    this.seen.delete(id);
  }

  /** Whether an exit file exists for the container (i.e. it exited, handled or not). */
  async hasExited(id: string): Promise<boolean> {
    try {
      await fsp.access(path.join(this.dir, id));
      return true;
    } catch {
      return false;
    }
  }

  stop(): void {
    this.watcher?.close();
  }
}
