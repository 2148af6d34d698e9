// Clients attached to containers' stdio (`docker run` in the foreground, `docker attach`).
// A client may attach before the container starts (docker run does: attach, then start); it is
// connected to conmon's attach socket after conmon has created the container and before the
// runtime starts it, so not a byte of output is missed.
import type { Readable } from 'node:stream';
import { AttachSocket, type OutputStream } from '../runtime/attach-socket.ts';

export interface AttachClient {
  stdin?: Readable;
  stdout: boolean;
  stderr: boolean;
  onOutput(stream: OutputStream, data: Buffer): void;
  /** The container's output ended (it exited), or the connection failed. */
  onEnd(error?: Error): void;
  /** Called once connected, with the function that disconnects (when the client goes away). */
  connected?(detach: () => void): void;
}

export class AttachHub {
  private readonly waiting = new Map<string, Set<AttachClient>>();

  /** Registers a client for a container that has not started yet. Returns a detach function. */
  wait(containerId: string, client: AttachClient): () => void {
    let set = this.waiting.get(containerId);
    if (!set) this.waiting.set(containerId, (set = new Set()));
    set.add(client);
    return () => set.delete(client);
  }

  hasWaiting(containerId: string): boolean {
    return (this.waiting.get(containerId)?.size ?? 0) > 0;
  }

  /** Connects every waiting client of the container (called between create and start). */
  async connectWaiting(containerId: string, socketPath: string): Promise<void> {
    const clients = this.waiting.get(containerId);
    this.waiting.delete(containerId);
    if (!clients) return;
    await Promise.all([...clients].map((client) => AttachHub.connect(socketPath, client)));
  }

  /** Ends waiting clients of a container that will not start (failed start, removal). */
  cancelWaiting(containerId: string, error?: Error): void {
    const clients = this.waiting.get(containerId);
    this.waiting.delete(containerId);
    for (const client of clients ?? []) client.onEnd(error);
  }

  /** Connects a client to a running container's (or exec session's) attach socket. */
  static async connect(socketPath: string, client: AttachClient): Promise<void> {
    let socket: AttachSocket;
    try {
      socket = await AttachSocket.connect(socketPath);
    } catch (err) {
      client.onEnd(err as Error);
      return;
    }
    socket.on('output', (stream, data) => {
      if ((stream === 'stdout' && client.stdout) || (stream === 'stderr' && client.stderr)) client.onOutput(stream, data);
    });
    socket.on('end', () => client.onEnd());
    if (client.stdin) {
      client.stdin.on('data', (chunk: Buffer) => socket.writeStdin(chunk));
      client.stdin.on('end', () => socket.endStdin());
      client.stdin.on('error', () => socket.endStdin());
    }
    client.connected?.(() => socket.close());
  }
}
