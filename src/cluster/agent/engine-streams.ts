// Exec, attach and logs over the engine's own machinery: an exec session is the engine's
// ExecService (each process under its own conmon), attach is conmon's attach socket, logs are the
// CRI-format log conmon writes. What comes back is plain Node streams, for the agent to bridge to
// kubectl's channels.
import { PassThrough, Readable } from 'node:stream';
import * as path from 'node:path';
import type { AttachClient } from '../../engine/containers/attach-hub.ts';
import { AttachHub } from '../../engine/containers/attach-hub.ts';
import { writeControl } from '../../engine/containers/exec-service.ts';
import type { ContainerRecord } from '../../engine/containers/types.ts';
import type { Engine } from '../../engine/daemon/engine.ts';
import { readContainerLog } from '../../engine/runtime/container-log.ts';
import { conflict, invalidArgument } from '../../util/errors.ts';
import type { ExecSyncResult, LogOptions, StreamingSession, StreamOptions, TerminalSize } from './runtime-service.ts';

/** Exec probes read little; a runaway command must not fill the agent's memory. */
export const execSyncOutputLimit = 4 * 1024 * 1024;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Output collected up to a limit (the rest is dropped, as kubelet truncates probe output). */
class Collector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  add(data: Buffer): void {
    if (this.size >= execSyncOutputLimit) return;
    const kept = data.subarray(0, execSyncOutputLimit - this.size);
    this.chunks.push(Buffer.from(kept));
    this.size += kept.length;
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function checkCommand(cmd: string[]): void {
  if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((arg) => typeof arg !== 'string')) throw invalidArgument('exec needs a command (a non-empty list of strings)');
}

/** Runs cmd to completion (or its timeout, when the process is killed) and returns its output. */
export async function execSync(engine: Engine, containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult> {
  checkCommand(cmd);
  const execId = engine.execs.create(containerId, { Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stdout = new Collector();
  const stderr = new Collector();
  let ended!: () => void;
  const outputEnded = new Promise<void>((resolve) => (ended = resolve));
  const client: AttachClient = {
    stdout: true,
    stderr: true,
    onOutput: (stream, data) => (stream === 'stderr' ? stderr : stdout).add(data),
    onEnd: () => ended(),
  };
  await engine.execs.start(execId, client);
  const session = engine.execs.get(execId);
  // The client's stream ends only once the exit code is known (ExecService gates it).
  const done = Promise.all([session.done, outputEnded]).then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const finishedInTime = timeoutSeconds > 0 ? await Promise.race([done, new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutSeconds * 1000)))]) : await done;
  clearTimeout(timer);
  if (!finishedInTime) {
    if (session.Running && session.Pid > 0 && processAlive(session.Pid)) process.kill(session.Pid, 'SIGKILL');
    return { stdout: stdout.buffer, stderr: stderr.buffer, exitCode: -1, timedOut: true };
  }
  return { stdout: stdout.buffer, stderr: stderr.buffer, exitCode: session.ExitCode ?? -1, timedOut: false };
}

interface SessionStreams {
  client: AttachClient;
  session: Omit<StreamingSession, 'exit' | 'resize'>;
}

/** The client side of an attach: PassThroughs the caller reads and writes. */
function sessionStreams(options: StreamOptions, tty: boolean): SessionStreams {
  const stdout = options.stdout === false ? undefined : new PassThrough();
  const stderr = tty || options.stderr === false ? undefined : new PassThrough();
  const stdin = options.stdin ? new PassThrough() : undefined;
  let detach: (() => void) | undefined;
  let closed = false;
  let ended!: () => void;
  const endedPromise = new Promise<void>((resolve) => (ended = resolve));
  const end = () => {
    stdout?.end();
    stderr?.end();
    ended();
  };
  const client: AttachClient = {
    stdin,
    stdout: !!stdout,
    // With a TTY there is one stream; without, stderr can still be left out.
    stderr: !!stderr,
    onOutput: (stream, data) => {
      if (closed) return;
      if (stream === 'stderr') stderr?.write(data);
      else stdout?.write(data);
    },
    onEnd: end,
    connected: (disconnect) => {
      detach = disconnect;
      if (closed) disconnect();
    },
  };
  return {
    client,
    session: {
      done: endedPromise,
      ...(stdin ? { stdin } : {}),
      ...(stdout ? { stdout } : {}),
      ...(stderr ? { stderr } : {}),
      tty,
      close: () => {
        if (closed) return;
        closed = true;
        detach?.();
        stdin?.end();
        end();
      },
    },
  };
}

/** `kubectl exec`: the process runs under its own conmon; its streams are the session's. */
export async function execStreaming(engine: Engine, containerId: string, cmd: string[], options: StreamOptions = {}): Promise<StreamingSession> {
  checkCommand(cmd);
  const tty = !!options.tty;
  const streams = sessionStreams(options, tty);
  const execId = engine.execs.create(containerId, {
    Cmd: cmd,
    Tty: tty,
    AttachStdin: !!streams.session.stdin,
    AttachStdout: !!streams.session.stdout,
    AttachStderr: !!streams.session.stderr,
    ConsoleSize: options.size ? [options.size.height, options.size.width] : null,
  });
  await engine.execs.start(execId, streams.client);
  const session = engine.execs.get(execId);
  return {
    ...streams.session,
    exit: session.done.then(() => session.ExitCode ?? -1),
    resize: (size: TerminalSize) => engine.execs.resize(execId, size.height, size.width),
  } as StreamingSession;
}

/**
 * `kubectl attach`: the container's own stdio, through conmon's attach socket, as CRI runtimes
 * attach (containerd's ContainerIO.Attach): the terminal is the container's own, whatever the
 * caller asked; stdin is joined only if the container keeps one open (else it is ignored); when
 * the caller's stdin ends, a StdinOnce container without a terminal has its stdin closed and the
 * session goes on until it exits, and any other container is left running and the session ends.
 */
export async function attachStreaming(engine: Engine, record: ContainerRecord, options: StreamOptions = {}): Promise<StreamingSession> {
  if (!record.State.Running || record.State.Restarting) throw conflict(`container ${record.Id} is not running`);
  const tty = !!record.Config.Tty;
  const streams = sessionStreams({ ...options, stdin: !!options.stdin && !!record.Config.OpenStdin }, tty);
  const exit = engine.containers.waitFor(record.Id, 'not-running');
  await AttachHub.connect(engine.containers.attachSocketPath(record.Id), streams.client);
  // After the hub's own 'end' listener, which half-closes the socket (conmon closes a StdinOnce container's stdin).
  const detachOnStdinEnd = !(record.Config.StdinOnce && !tty);
  if (detachOnStdinEnd) streams.session.stdin?.once('end', () => streams.session.close());
  const control = path.join(engine.paths.container(record.Id), 'ctl');
  if (tty && options.size) await writeControl(control, options.size.height, options.size.width);
  return {
    ...streams.session,
    exit,
    resize: async (size: TerminalSize) => {
      if (tty) await writeControl(control, size.height, size.width);
    },
  } as StreamingSession;
}

function sinceSeconds(since: string | Date | undefined): number | undefined {
  if (since === undefined) return undefined;
  const ms = since instanceof Date ? since.getTime() : Date.parse(since);
  if (!Number.isFinite(ms)) throw invalidArgument(`invalid sinceTime "${String(since)}": want RFC 3339`);
  return ms / 1000;
}

/**
 * The container's log as bytes: each line's content, prefixed with its timestamp when asked.
 * With follow, the stream goes on until the container stops (or the stream is destroyed).
 */
export function logStream(engine: Engine, record: ContainerRecord, options: LogOptions = {}): Readable {
  const tail = options.tail;
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw invalidArgument(`invalid tail ${tail}: want a non-negative integer`);
  if (options.limitBytes !== undefined && !(options.limitBytes > 0)) throw invalidArgument(`invalid limitBytes ${options.limitBytes}: want a positive number`);
  const since = sinceSeconds(options.sinceTime);
  const which = options.stream ?? 'all';
  const follow = !!options.follow && record.State.Running;
  const controller = new AbortController();
  const entries = readContainerLog(record.LogPath, {
    since,
    tail,
    follow,
    stopped: follow ? engine.containers.waitFor(record.Id, 'not-running') : undefined,
    signal: controller.signal,
  });
  async function* lines(): AsyncGenerator<Buffer> {
    let remaining = options.limitBytes ?? Number.POSITIVE_INFINITY;
    for await (const entry of entries) {
      if (which !== 'all' && entry.stream !== which) continue;
      let data = options.timestamps ? Buffer.concat([Buffer.from(`${entry.timestamp} `), entry.content]) : entry.content;
      if (data.length > remaining) data = data.subarray(0, remaining);
      remaining -= data.length;
      yield data;
      if (remaining <= 0) return;
    }
  }
  const stream = Readable.from(lines(), { objectMode: false });
  stream.once('close', () => controller.abort());
  return stream;
}
