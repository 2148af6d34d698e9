// conmon: the per-container monitor (as in podman and CRI-O). It runs `<runtime> create`, holds
// the container's stdio, writes its log (CRI format) and its exit code, and outlives the engine
// daemon. conmon only creates: the engine runs `<runtime> start` itself (engine-notes §1).
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { internal } from '../../util/errors.ts';
import type { OciRuntime } from './oci-runtime.ts';
import { readSyncMessages, type SyncMessage } from './sync-pipe.ts';

export interface ConmonEnvironment {
  conmonPath: string;
  runtime: OciRuntime;
  /** conmon writes <exitDir>/<container id> with the exit code when the container exits. */
  exitDir: string;
  /** conmon makes <socketDir>/<cuuid> → bundle, holding the attach socket; keep it short. */
  socketDir: string;
}

export interface ContainerMonitorOptions {
  id: string;
  /** Names the attach socket's directory (<socketDir>/<attachKey>/attach): keep it short. */
  attachKey: string;
  name: string;
  bundle: string;
  logPath: string;
  pidFile: string;
  conmonPidFile: string;
  /** conmon writes `exit` and `oom` here. */
  persistDir: string;
  stdin: boolean;
  terminal: boolean;
  leaveStdinOpen: boolean;
}

export interface ExecMonitorOptions {
  containerId: string;
  execId: string;
  execDir: string;
  processSpecPath: string;
  stdin: boolean;
  terminal: boolean;
}

function conmonEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...extra };
}

function runtimeArgs(env: ConmonEnvironment): string[] {
  return env.runtime.globalArgs().flatMap((arg) => ['--runtime-arg', arg]);
}

/** The first message: the container's PID, or the runtime's error. */
async function firstMessage(messages: AsyncGenerator<SyncMessage>, what: string): Promise<number> {
  const { value, done } = await messages.next();
  if (done) throw internal(`conmon exited before reporting the ${what}`);
  if (value.data < 0) throw new RuntimeCreateError(value.message ?? `conmon failed to create the ${what}`);
  return value.data;
}

/** The runtime refused to create a container or exec process; the message is the runtime's. */
export class RuntimeCreateError extends Error {
  constructor(message: string) {
    super(message.trim());
    this.name = 'RuntimeCreateError';
  }
}

/** Creates the container (not yet started) under a new conmon; resolves with its PID. */
export async function createContainerMonitor(env: ConmonEnvironment, options: ContainerMonitorOptions): Promise<number> {
  const args = [
    '--api-version', '1',
    '-c', options.id,
    '-u', options.attachKey,
    '-n', options.name,
    '-r', env.runtime.path,
    ...runtimeArgs(env),
    '-b', options.bundle,
    '-p', options.pidFile,
    '-P', options.conmonPidFile,
    '-l', `k8s-file:${options.logPath}`,
    '--exit-dir', env.exitDir,
    '--persist-dir', options.persistDir,
    '--socket-dir-path', env.socketDir,
    '--no-sync-log',
    ...(options.stdin ? ['-i'] : []),
    ...(options.terminal ? ['-t'] : []),
    ...(options.stdin && options.leaveStdinOpen ? ['--leave-stdin-open'] : []),
  ];
  const child = spawn(env.conmonPath, args, {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    env: conmonEnv({ _OCI_SYNCPIPE: '3', _OCI_STARTPIPE: '4' }),
    detached: true,
    // conmon 2.1 writes its "oom" marker into its working directory: keep it in the bundle.
    cwd: options.bundle,
  });
  child.on('error', () => undefined); // reported through the sync pipe closing early
  const syncPipe = child.stdio[3] as Readable;
  const startPipe = child.stdio[4] as Writable;
  try {
    startPipe.end('0');
    return await firstMessage(readSyncMessages(syncPipe), 'container');
  } finally {
    syncPipe.destroy();
    child.unref();
  }
}

export interface ExecMonitor {
  pid: number;
  /** Resolves with the process's exit code. */
  exitCode: Promise<number>;
}

/**
 * Runs a process in a running container under conmon. `beforeStart` runs once conmon's attach
 * socket exists and before the process starts, so an attached client misses no output.
 */
export async function startExecMonitor(env: ConmonEnvironment, options: ExecMonitorOptions, beforeStart: () => Promise<void>): Promise<ExecMonitor> {
  const args = [
    '--api-version', '1',
    '-c', options.containerId,
    '-u', options.execId,
    '-r', env.runtime.path,
    ...runtimeArgs(env),
    '-b', options.execDir,
    '-p', `${options.execDir}/pid`,
    '-l', `k8s-file:${options.execDir}/log`,
    '--exit-dir', `${options.execDir}/exits`,
    '--socket-dir-path', env.socketDir,
    '--no-sync-log',
    '-e', '--exec-attach', '--exec-process-spec', options.processSpecPath,
    ...(options.stdin ? ['-i'] : []),
    ...(options.terminal ? ['-t'] : []),
  ];
  const child = spawn(env.conmonPath, args, {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    env: conmonEnv({ _OCI_SYNCPIPE: '3', _OCI_STARTPIPE: '4', _OCI_ATTACHPIPE: '5' }),
    detached: true,
    cwd: options.execDir,
  });
  child.on('error', () => undefined);
  child.unref();
  const pipes = child.stdio as unknown as [null, null, null, Readable, Writable, Readable];
  const [, , , syncPipe, startPipe, attachPipe] = pipes;
  const messages = readSyncMessages(syncPipe);
  try {
    startPipe.write('0'); // first read: conmon may go on and set up the attach socket
    const attached = await firstMessage(readSyncMessages(attachPipe), 'exec attach socket');
    if (attached !== 0) throw internal(`conmon reported ${attached} for the attach socket`);
    attachPipe.destroy();
    await beforeStart();
    startPipe.end('0'); // second read: run the process
    const pid = await firstMessage(messages, 'exec process');
    const exitCode = (async () => {
      try {
        const { value, done } = await messages.next();
        if (done) throw internal('conmon exited without reporting the exec exit code');
        return value.data;
      } finally {
        syncPipe.destroy();
      }
    })();
    exitCode.catch(() => undefined);
    return { pid, exitCode };
  } catch (err) {
    syncPipe.destroy();
    startPipe.destroy();
    attachPipe.destroy();
    throw err;
  }
}
