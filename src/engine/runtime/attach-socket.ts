// A connection to conmon's attach socket: a SOCK_SEQPACKET unix socket (which Node's `net`
// cannot open, hence node-unix-socket). conmon sends each chunk of container output as one
// packet whose first byte names the stream (2 stdout, 3 stderr); what we write goes to the
// container's stdin (only when conmon was started with -i). Half-closing our side closes the
// container's stdin; conmon closes the socket when the container exits, after draining output.
import { EventEmitter } from 'node:events';
import type { SeqpacketSocket } from 'node-unix-socket';

export type OutputStream = 'stdout' | 'stderr';

export interface AttachSocketEvents {
  output: [stream: OutputStream, data: Buffer];
  end: [];
}

export class AttachSocket extends EventEmitter<AttachSocketEvents> {
  private readonly socket: SeqpacketSocket;
  private ended = false;

  private constructor(socket: SeqpacketSocket) {
    super();
    this.socket = socket;
    socket.on('data', (packet: Buffer) => {
      if (packet.length < 1) return;
      const stream: OutputStream = packet[0] === 3 ? 'stderr' : 'stdout';
      if (packet.length > 1) this.emit('output', stream, packet.subarray(1));
    });
    const finish = () => {
      if (this.ended) return;
      this.ended = true;
      this.emit('end');
    };
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
  }

  static async connect(socketPath: string): Promise<AttachSocket> {
    // Loaded on first use: the native addon (and the worker_threads module it pulls in) costs
    // an idle daemon ~5 MB.
    const { SeqpacketSocket: Socket } = await import('node-unix-socket');
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.once('error', reject);
      try {
        socket.connect(socketPath, () => {
          socket.off('error', reject);
          resolve(new AttachSocket(socket));
        });
      } catch (err) {
        reject(err);
      }
    });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  writeStdin(data: Buffer): void {
    if (this.ended || data.length === 0) return;
    // conmon reads at most 8 KiB per packet.
    for (let offset = 0; offset < data.length; offset += 8192) {
      this.socket.write(data.subarray(offset, Math.min(offset + 8192, data.length)));
    }
  }

  /** Closes the container's stdin (conmon closes it when our side shuts down). */
  endStdin(): void {
    if (!this.ended) this.socket.end();
  }

  close(): void {
    this.socket.destroy();
  }
}
