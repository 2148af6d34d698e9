// The low-level OCI runtime (crun, or runc as the alternative), driven through its CLI with
// its own state directory (--root) so that several engines on one machine never mix state.
// conmon runs `create`; the engine runs start, kill, delete and state itself.
import { errnoCode } from '../../util/errors.ts';
import { runCommand } from '../../util/exec.ts';

export type RuntimeName = 'crun' | 'runc';

export interface RuntimeState {
  status: 'creating' | 'created' | 'running' | 'stopped' | 'paused';
  pid: number;
}

export class OciRuntime {
  readonly name: RuntimeName;
  readonly path: string;
  readonly stateRoot: string;

  constructor(name: RuntimeName, path: string, stateRoot: string) {
    this.name = name;
    this.path = path;
    this.stateRoot = stateRoot;
  }

  /** Global options every invocation needs; conmon gets them as --runtime-arg. */
  globalArgs(): string[] {
    return ['--root', this.stateRoot];
  }

  private run(args: string[], allowFailure = false) {
    return runCommand(this.path, [...this.globalArgs(), ...args], { allowFailure });
  }

  async start(id: string): Promise<void> {
    await this.run(['start', id]);
  }

  /** Sends a signal; `all` signals every process of the container, not just its init. */
  async kill(id: string, signal: string, all = false): Promise<void> {
    await this.run(['kill', ...(all ? ['--all'] : []), id, signal]);
  }

  async pause(id: string): Promise<void> {
    await this.run(['pause', id]);
  }

  async resume(id: string): Promise<void> {
    await this.run(['resume', id]);
  }

  /**
   * Removes the runtime's record of a stopped container. Tolerates a container the runtime no
   * longer knows, and retries: right after the exit file appears, delete occasionally fails
   * with "not in created or stopped state" (engine-notes §1).
   */
  async delete(id: string, force = false): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.run(['delete', ...(force ? ['--force'] : []), id], true);
      if (result.code === 0 || /does not exist|not found|no such/i.test(result.stderr)) return;
      if (attempt >= 5) throw new Error(`${this.name} delete ${id}: ${result.stderr.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    const result = await this.run(['state', id], true);
    if (result.code !== 0) return undefined;
    try {
      return JSON.parse(result.stdout) as RuntimeState;
    } catch (err) {
      if (errnoCode(err)) throw err;
      return undefined;
    }
  }
}
