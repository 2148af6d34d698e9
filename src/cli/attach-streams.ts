// Joining the terminal to a hijacked attach/exec connection: stdout and stderr out (demuxed
// unless TTY), stdin in, raw mode and window size for TTYs.
import type { Duplex } from 'node:stream';
import { FrameReader } from '../engine/daemon/api/stdcopy.ts';
import type { DaemonClient } from './client.ts';

export interface AttachOptions {
  tty: boolean;
  stdin: boolean;
  /** Where to send terminal size changes (POST …/resize). */
  resizePath?: string;
}

/** Pumps streams until the daemon closes the connection. */
export function pumpAttached(client: DaemonClient, conn: Duplex, options: AttachOptions): Promise<void> {
  return new Promise((resolve) => {
    const restore: (() => void)[] = [];
    if (options.tty) {
      conn.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    } else {
      const frames = new FrameReader();
      conn.on('data', (chunk: Buffer) => {
        for (const { stream, data } of frames.push(chunk)) (stream === 2 ? process.stderr : process.stdout).write(data);
      });
    }
    if (options.stdin) {
      if (options.tty && process.stdin.isTTY) {
        process.stdin.setRawMode(true);
        restore.push(() => process.stdin.setRawMode(false));
      }
      process.stdin.on('data', (chunk: Buffer) => conn.write(chunk));
      process.stdin.on('end', () => conn.end());
      process.stdin.resume();
      restore.push(() => process.stdin.pause());
    }
    if (options.tty && options.resizePath && process.stdout.isTTY) {
      const resize = () => {
        void client.status('POST', options.resizePath!, { query: { h: process.stdout.rows, w: process.stdout.columns } }).catch(() => undefined);
      };
      resize();
      process.stdout.on('resize', resize);
      restore.push(() => process.stdout.off('resize', resize));
    }
    const finish = () => {
      for (const undo of restore) undo();
      resolve();
    };
    conn.once('end', finish);
    conn.once('close', finish);
    conn.once('error', finish);
  });
}

/** The docker CLI's mapping of a failed start to run's exit code. */
export function startFailureExitCode(message: string): number {
  if (message.includes('executable file not found') || message.includes('no such file or directory')) return 127;
  if (message.includes('permission denied')) return 126;
  return 125;
}
