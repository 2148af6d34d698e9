// `docker exec`: extra processes in a running container, each under its own conmon (which
// gives them a log, a TTY when asked, and an exit code). Sessions live in memory, as in Docker.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { conflict, internal, invalidArgument, notFound } from '../../util/errors.ts';
import { removePath, writeFileAtomic } from '../../util/fs.ts';
import { newId } from '../../util/ids.ts';
import type { Logger } from '../../util/log.ts';
import { readFileInRoot } from '../../util/safe-path.ts';
import { attachKey, type EnginePaths } from '../paths.ts';
import { RuntimeCreateError, startExecMonitor } from '../runtime/conmon.ts';
import type { OciProcess, OciSpec } from '../runtime/oci-spec-types.ts';
import { resolveUser } from '../runtime/user.ts';
import { AttachHub, type AttachClient } from './attach-hub.ts';
import { consoleSizeOf, rootfsPath } from './bundle.ts';
import type { ContainerService } from './container-service.ts';
import { mergeEnv } from './create-config.ts';
import { explainStartFailure } from './runtime-errors.ts';

export interface ExecConfig {
  Cmd: string[];
  Env?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Privileged?: boolean;
  ConsoleSize?: [number, number] | null;
}

export interface ExecSession {
  ID: string;
  ContainerID: string;
  Config: ExecConfig;
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
  /** Set when the runtime could not start the process. */
  Error?: string;
  done: Promise<void>;
}

export class ExecService {
  private readonly sessions = new Map<string, ExecSession>();
  private readonly containers: ContainerService;
  private readonly paths: EnginePaths;
  private readonly conmonPath: string;
  private readonly log: Logger;

  constructor(containers: ContainerService, paths: EnginePaths, conmonPath: string, log: Logger) {
    this.containers = containers;
    this.paths = paths;
    this.conmonPath = conmonPath;
    this.log = log;
  }

  async init(): Promise<void> {
    await removePath(this.paths.execs); // sessions do not survive a daemon restart
    await fsp.mkdir(this.paths.execs, { recursive: true });
  }

  create(containerRef: string, config: ExecConfig): string {
    const container = this.containers.store.resolve(containerRef);
    if (!container.State.Running || container.State.Restarting) throw conflict(`container ${container.Id} is not running`);
    if (!Array.isArray(config.Cmd) || config.Cmd.length === 0) throw invalidArgument('no exec command specified');
    const id = newId();
    this.sessions.set(id, { ID: id, ContainerID: container.Id, Config: config, Running: false, ExitCode: null, Pid: 0, done: Promise.resolve() });
    return id;
  }

  get(execId: string): ExecSession {
    const session = this.sessions.get(execId);
    if (!session) throw notFound(`No such exec instance: ${execId}`);
    return session;
  }

  execIdsOf(containerId: string): string[] {
    return [...this.sessions.values()].filter((session) => session.ContainerID === containerId).map((session) => session.ID);
  }

  /** The process spec: the container's own process with the exec's command, env, dir and user. */
  private async processSpec(session: ExecSession): Promise<OciProcess> {
    const bundle = this.paths.container(session.ContainerID);
    const spec = JSON.parse(await fsp.readFile(path.join(bundle, 'config.json'), 'utf8')) as OciSpec;
    const rootfs = rootfsPath(bundle);
    const config = session.Config;
    const process: OciProcess = { ...spec.process, args: config.Cmd, terminal: !!config.Tty };
    delete process.consoleSize;
    const size = consoleSizeOf(config.ConsoleSize);
    if (config.Tty && size) process.consoleSize = size;
    process.env = mergeEnv(spec.process.env, config.Env ?? []);
    if (config.WorkingDir) process.cwd = config.WorkingDir;
    if (config.User) {
      const user = resolveUser(config.User, await readFileInRoot(rootfs, '/etc/passwd'), await readFileInRoot(rootfs, '/etc/group'));
      process.user = { uid: user.uid, gid: user.gid, ...(user.additionalGids.length ? { additionalGids: user.additionalGids } : {}) };
      const caps = user.uid === 0 ? spec.process.capabilities.bounding : [];
      process.capabilities = { ...spec.process.capabilities, effective: caps, permitted: caps };
    }
    return process;
  }

  /**
   * Runs the session's process. With a client, output (and stdin) flow through it; the promise
   * resolves once the process has started (or failed to), and `done` when it has exited.
   */
  async start(execId: string, client: AttachClient | undefined): Promise<void> {
    const session = this.get(execId);
    if (session.Running || session.ExitCode !== null) throw conflict(`exec instance ${execId} has already been started`);
    const container = this.containers.store.resolve(session.ContainerID);
    if (!container.State.Running || container.State.Restarting) throw conflict(`container ${container.Id} is not running`);
    session.Running = true;
    // The client's stream ends only once the exit code is known: a client that reads the
    // exit code right after its stream closes (docker exec does) must not see it still null.
    let streamEnded = false;
    let exitKnown = false;
    const endWhenDone = () => {
      if (streamEnded && exitKnown) client?.onEnd();
    };
    const gated: AttachClient | undefined = client && {
      ...client,
      onEnd: () => {
        streamEnded = true;
        endWhenDone();
      },
    };
    const markExited = () => {
      exitKnown = true;
      endWhenDone();
    };
    const execDir = this.paths.exec(execId);
    await fsp.mkdir(path.join(execDir, 'exits'), { recursive: true });
    const processSpecPath = path.join(execDir, 'process.json');
    try {
      await writeFileAtomic(processSpecPath, JSON.stringify(await this.processSpec(session)));
      const monitor = await startExecMonitor(
        { conmonPath: this.conmonPath, runtime: this.containers.runtimeOf(container), exitDir: path.join(execDir, 'exits'), socketDir: this.paths.sockets },
        { containerId: container.Id, execId: attachKey(execId), execDir, processSpecPath, stdin: !!session.Config.AttachStdin, terminal: !!session.Config.Tty },
        async () => {
          if (gated) await AttachHub.connect(path.join(this.paths.sockets, attachKey(execId), 'attach'), gated);
        },
      );
      session.Pid = monitor.pid;
      session.done = monitor.exitCode
        .then(
          (code) => this.finish(session, code),
          (err: unknown) => this.finish(session, 126, (err as Error).message),
        )
        .finally(markExited);
    } catch (err) {
      const failure = err instanceof RuntimeCreateError ? explainStartFailure(err.message, session.Config.Cmd[0]!) : undefined;
      const message = (failure?.message ?? (err as Error).message).replace('failed to create task for container: OCI runtime create failed', 'OCI runtime exec failed');
      await this.finish(session, failure?.exitCode ?? 126, message);
      client?.onOutput('stderr', Buffer.from(`${message}\n`));
      streamEnded = true;
      markExited();
      if (!failure) throw internal(message, err);
    }
  }

  private async finish(session: ExecSession, exitCode: number, error?: string): Promise<void> {
    session.Running = false;
    session.ExitCode = exitCode;
    if (error) session.Error = error;
    await removePath(this.paths.exec(session.ID));
    await removePath(path.join(this.paths.sockets, attachKey(session.ID)));
    this.log.debug({ exec: session.ID, exitCode }, 'exec finished');
    // Docker keeps finished sessions for a while so that clients can read the exit code.
    setTimeout(() => this.sessions.delete(session.ID), 5 * 60_000).unref();
  }

  /** Resizes the exec's terminal (conmon's control FIFO: "1 <rows> <cols>"). */
  async resize(execId: string, height: number, width: number): Promise<void> {
    const session = this.get(execId);
    if (!session.Config.Tty || !session.Running) return;
    await writeControl(path.join(this.paths.exec(execId), 'ctl'), height, width);
  }
}

/** conmon's control FIFO: message type 1 is a window resize. */
export async function writeControl(fifo: string, height: number, width: number): Promise<void> {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0 || height > 1000 || width > 1000) {
    throw invalidArgument(`invalid terminal size ${height}x${width}`);
  }
  // O_NONBLOCK: never hang if conmon has gone away.
  const handle = await fsp.open(fifo, fsp.constants.O_WRONLY | fsp.constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return;
  try {
    await handle.write(`1 ${height} ${width}\n`);
  } finally {
    await handle.close();
  }
}
