// Serves one DNS-over-TCP client: length-prefixed messages (RFC 1035 §4.2.2), several per
// connection and answered as they complete (RFC 7766 §6.2.1.1). Bounded in every direction, so a
// slow or hostile client costs one socket for a few seconds and a little memory, nothing more.
import type { Socket } from 'node:net';
import type { Logger } from '../../../util/log.ts';
import { messageOf } from '../../../util/errors.ts';
import { HEADER_BYTES, framed } from './wire.ts';

export interface TcpConnectionOptions {
  handle(msg: Buffer): Promise<Buffer | undefined>;
  /** Close a connection idle this long, or one that leaves a message unfinished this long. */
  idleTimeoutMs: number;
  /** Messages larger than this close the connection. */
  maxMessageBytes: number;
  log: Logger;
}

/** Queries answered at once per connection; reading pauses beyond this. */
const MAX_PENDING = 16;
/** Replies the client has not read yet; beyond this the connection is dropped. */
const MAX_UNSENT_BYTES = 256 * 1024;

export function serveTcpConnection(socket: Socket, options: TcpConnectionOptions): void {
  const { idleTimeoutMs, maxMessageBytes, log } = options;
  let buffered: Buffer = Buffer.alloc(0);
  let pending = 0;
  let clientEnded = false;
  let partialTimer: NodeJS.Timeout | undefined;

  const clearPartialTimer = () => {
    clearTimeout(partialTimer);
    partialTimer = undefined;
  };
  socket.setTimeout(idleTimeoutMs, () => {
    if (pending === 0) socket.destroy();
  });
  socket.on('error', () => socket.destroy()); // resets and the like: nothing to do but close
  socket.on('close', clearPartialTimer);
  socket.on('end', () => {
    clientEnded = true;
    if (pending === 0) socket.end();
  });

  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2) {
      const length = buffered.readUInt16BE(0);
      if (length < HEADER_BYTES || length > maxMessageBytes) {
        log.debug({ length }, 'DNS over TCP: message size out of range; closing');
        socket.destroy();
        return;
      }
      if (buffered.length < 2 + length) break;
      dispatch(Buffer.from(buffered.subarray(2, 2 + length)));
      buffered = buffered.subarray(2 + length);
    }
    // A started message must complete in time, however slowly its bytes trickle in.
    if (buffered.length === 0) clearPartialTimer();
    else partialTimer ??= setTimeout(() => socket.destroy(), idleTimeoutMs);
  });

  function dispatch(msg: Buffer): void {
    if (++pending >= MAX_PENDING) socket.pause();
    options
      .handle(msg)
      .then((reply) => {
        if (!reply || socket.destroyed || !socket.writable) return;
        socket.write(framed(reply));
        if (socket.writableLength > MAX_UNSENT_BYTES) socket.destroy();
      })
      .catch((err: unknown) => log.warn({ err: messageOf(err) }, 'DNS over TCP: query failed'))
      .finally(() => {
        pending--;
        if (socket.destroyed) return;
        if (pending < MAX_PENDING && socket.isPaused()) socket.resume();
        if (clientEnded && pending === 0) socket.end();
      });
  }
}
