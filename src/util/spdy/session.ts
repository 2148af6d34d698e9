// A SPDY/3.1 session over any byte Duplex (a socket, or a WebSocket unwrapped into bytes), with
// its streams as Node Duplexes: what Kubernetes' httpstream/spdy (moby/spdystream) is to the
// kubelet and kubectl. Framing is frames.ts.
//
//   const session = new SpdySession(socket, { isServer: true, onStream: (stream) => stream.reply() });
//   stream.headers.port; stream.pipe(target).pipe(stream); stream.end() sends FIN (half-close);
//   stream.reset() sends RST_STREAM; session.close() sends GOAWAY and ends the socket.
//
// Flow control, as spdystream does it (every Kubernetes peer): windows are granted back with
// WINDOW_UPDATE as data is consumed (so a peer that honours windows keeps sending), but the
// peer's window is not enforced on what we send, because spdystream never sends WINDOW_UPDATE.
// What bounds memory is TCP: while a stream's reader is behind (its buffer full) or a header
// block is being inflated, the session stops reading its transport, and writes wait for the
// transport's 'drain'. Hostile input (bad frames, stream ids going backwards, header bombs,
// too many streams) ends the session with GOAWAY or refuses the stream; it never throws.
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import {
  encodeData,
  encodeGoaway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  type Frame,
  FrameReader,
  goawayStatus,
  HeaderCompressor,
  HeaderDecompressor,
  rstStatus,
  SpdyProtocolError,
  type SpdyHeaders,
} from './frames.ts';

/** DATA frames we send carry at most this much (spdystream sends what io.Copy read: ≤ 32 KiB). */
const maxDataChunk = 32 * 1024;
/** Granted back once this much of a window was consumed. */
const windowUpdateThreshold = 32 * 1024;

export interface SpdySessionOptions {
  isServer: boolean;
  /** A stream the peer opened: reply() to accept it or reset() to refuse it. Without it, every stream is refused. */
  onStream?(stream: SpdyStream): void;
  /** Streams open at once; more are refused (REFUSED_STREAM). Default 1000. */
  maxConcurrentStreams?: number;
  /** An inflated header block's limit. Default 64 KiB. */
  maxHeaderBytes?: number;
  /** Default frames.ts defaultMaxFrameLength (1 MiB). */
  maxFrameLength?: number;
}

/** What a stream needs from its session. */
interface StreamLink {
  send(frame: Buffer): void;
  whenWritable(callback: (err?: Error) => void): void;
  compressHeaders(headers: SpdyHeaders): Buffer;
  pauseFor(stream: SpdyStream): void;
  resumeFor(stream: SpdyStream): void;
  consumed(stream: SpdyStream, bytes: number): void;
  forget(stream: SpdyStream): void;
  alive(): boolean;
}

export class SpdyStream extends Duplex {
  readonly id: number;
  /** The SYN_STREAM's headers (lower-case names). */
  readonly headers: SpdyHeaders;
  /** The peer's RST_STREAM status, if it reset the stream. */
  resetStatus: number | undefined;
  /** Resolves with the SYN_REPLY's headers (streams we opened). */
  readonly replied: Promise<SpdyHeaders>;
  private resolveReply!: (headers: SpdyHeaders) => void;
  private rejectReply!: (err: Error) => void;
  private readonly link: StreamLink;
  private localClosed = false;
  private remoteClosed = false;
  private replySent = false;
  private resetSent = false;
  private unacked = 0;

  /** @internal — streams are made by SpdySession. */
  constructor(link: StreamLink, id: number, headers: SpdyHeaders, options: { localClosed?: boolean } = {}) {
    super({ allowHalfOpen: true, readableHighWaterMark: 256 * 1024, writableHighWaterMark: 64 * 1024 });
    this.link = link;
    this.id = id;
    this.headers = headers;
    this.localClosed = !!options.localClosed;
    this.replied = new Promise((resolve, reject) => {
      this.resolveReply = resolve;
      this.rejectReply = reject;
    });
    this.replied.catch(() => undefined);
  }

  /** Accepts a stream the peer opened (SYN_REPLY). */
  reply(headers: SpdyHeaders = {}): void {
    if (this.replySent || this.destroyed || !this.link.alive()) return;
    this.replySent = true;
    this.link.send(encodeSynReply(this.id, this.link.compressHeaders(headers)));
  }

  /** Abandons the stream both ways (RST_STREAM). */
  reset(status: number = rstStatus.cancel): void {
    if (!this.resetSent && this.resetStatus === undefined && !(this.localClosed && this.remoteClosed) && this.link.alive()) {
      this.resetSent = true;
      this.link.send(encodeRstStream(this.id, status));
    }
    this.destroy();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.localClosed || this.resetStatus !== undefined || !this.link.alive()) return callback(new Error(`SPDY stream ${this.id} is closed for writing`));
    for (let at = 0; at < chunk.length; at += maxDataChunk) this.link.send(encodeData(this.id, chunk.subarray(at, at + maxDataChunk)));
    this.link.whenWritable(callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    if (!this.localClosed && this.resetStatus === undefined && this.link.alive()) this.link.send(encodeData(this.id, Buffer.alloc(0), true));
    this.localClosed = true;
    this.settle();
    callback();
  }

  override _read(): void {
    this.link.resumeFor(this);
    if (this.unacked > 0) this.ack(0);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    if (!this.resetSent && this.resetStatus === undefined && !(this.localClosed && this.remoteClosed) && this.link.alive()) {
      this.resetSent = true;
      this.link.send(encodeRstStream(this.id, rstStatus.cancel));
    }
    this.localClosed = this.remoteClosed = true;
    this.rejectReply(new Error(`SPDY stream ${this.id} closed before its reply`));
    this.link.forget(this);
    callback(err);
  }

  // ---- from the session --------------------------------------------------------------------------

  /** @internal */
  isRemoteClosed(): boolean {
    return this.remoteClosed;
  }

  /** @internal */
  onData(data: Buffer, fin: boolean): void {
    if (data.length > 0) {
      this.unacked += data.length;
      if (this.push(data)) this.ack(0);
      else this.link.pauseFor(this);
    }
    if (fin) this.onFin();
  }

  /** @internal */
  onFin(): void {
    if (this.remoteClosed || this.destroyed) return;
    this.remoteClosed = true;
    this.push(null);
    this.settle();
  }

  /** @internal */
  onReply(headers: SpdyHeaders, fin: boolean): void {
    this.resolveReply(headers);
    if (fin) this.onFin();
  }

  /** @internal */
  onReset(status: number): void {
    this.resetStatus = status;
    this.rejectReply(new Error(`SPDY stream ${this.id} was reset (status ${status})`));
    this.localClosed = this.remoteClosed = true;
    this.destroy();
  }

  private ack(extra: number): void {
    this.unacked += extra;
    if (this.unacked < windowUpdateThreshold || !this.link.alive() || this.remoteClosed) return;
    this.link.consumed(this, this.unacked);
    this.unacked = 0;
  }

  /** Both sides sent FIN: the stream is done (its Duplex ends on its own). */
  private settle(): void {
    if (this.localClosed && this.remoteClosed) this.link.forget(this);
  }
}

export class SpdySession extends EventEmitter {
  private readonly transport: Duplex;
  private readonly options: SpdySessionOptions;
  private readonly reader: FrameReader;
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor: HeaderDecompressor;
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pausedBy = new Set<SpdyStream>();
  private readonly pings = new Map<number, () => void>();
  private readonly queue: Frame[] = [];
  private inflating = false;
  private nextStreamId: number;
  private nextPingId: number;
  private lastPeerStreamId = 0;
  private goawaySent = false;
  private goawayReceived = false;
  private dead = false;
  private sessionUnacked = 0;
  /** Why the session ended, when it was not a clean close. */
  error: Error | undefined;

  constructor(transport: Duplex, options: SpdySessionOptions) {
    super();
    this.transport = transport;
    this.options = options;
    this.reader = new FrameReader(options.maxFrameLength);
    this.decompressor = new HeaderDecompressor(options.maxHeaderBytes);
    this.nextStreamId = options.isServer ? 2 : 1;
    this.nextPingId = options.isServer ? 2 : 1;
    transport.on('data', (chunk: Buffer) => this.onBytes(chunk));
    transport.on('end', () => this.destroy());
    transport.on('close', () => this.destroy());
    transport.on('error', (err: Error) => this.destroy(err));
  }

  get alive(): boolean {
    return !this.dead;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** Opens a stream (SYN_STREAM); `fin`: we will send nothing on it. */
  openStream(headers: SpdyHeaders, options: { fin?: boolean } = {}): SpdyStream {
    if (this.dead || this.goawayReceived) throw new Error('the SPDY session is closed');
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(this.link, id, headers, { localClosed: !!options.fin });
    this.streams.set(id, stream);
    this.send(encodeSynStream(id, this.compressor.compress(headers), { fin: !!options.fin }));
    return stream;
  }

  /** Round-trip time of a PING, in milliseconds. */
  ping(): Promise<number> {
    if (this.dead) return Promise.reject(new Error('the SPDY session is closed'));
    const id = this.nextPingId;
    this.nextPingId = this.nextPingId + 2 > 0x7fffffff ? (this.options.isServer ? 2 : 1) : this.nextPingId + 2;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const onClose = () => reject(new Error('the SPDY session closed before the PING came back'));
      this.pings.set(id, () => {
        this.off('close', onClose);
        resolve(performance.now() - started);
      });
      this.once('close', onClose);
      this.send(encodePing(id));
    });
  }

  /** GOAWAY, then the transport ends; open streams are abandoned. */
  close(): void {
    if (this.dead) return;
    this.sendGoaway(goawayStatus.ok);
    this.destroy();
  }

  /** Ends the session at once: every stream is destroyed, the transport closed. */
  destroy(err?: Error): void {
    if (this.dead) return;
    this.dead = true;
    if (err) this.error ??= err;
    for (const stream of [...this.streams.values()]) stream.destroy();
    this.streams.clear();
    this.pausedBy.clear();
    this.queue.length = 0;
    this.decompressor.close();
    if (!this.transport.destroyed) {
      this.transport.end();
      setTimeout(() => this.transport.destroy(), 2000).unref();
    }
    this.emit('close', this.error);
  }

  // ---- inbound -------------------------------------------------------------------------------------

  private onBytes(chunk: Buffer): void {
    if (this.dead) return;
    try {
      this.queue.push(...this.reader.push(chunk));
    } catch (err) {
      return this.fail(err);
    }
    this.pump();
  }

  /** Handles queued frames in order; a header block is inflated (async) before what follows it. */
  private pump(): void {
    while (!this.dead && !this.inflating && this.queue.length > 0) {
      const frame = this.queue.shift()!;
      if (frame.type !== 'syn_stream' && frame.type !== 'syn_reply' && frame.type !== 'headers') {
        try {
          this.handle(frame);
        } catch (err) {
          return this.fail(err);
        }
        continue;
      }
      this.inflating = true;
      this.updateFlow();
      this.decompressor.decompress(frame.headerBlock).then(
        (headers) => {
          this.inflating = false;
          if (this.dead) return;
          try {
            this.handleWithHeaders(frame, headers);
          } catch (err) {
            return this.fail(err);
          }
          this.updateFlow();
          this.pump();
        },
        (err: unknown) => this.fail(err),
      );
    }
  }

  private handleWithHeaders(frame: Frame & { type: 'syn_stream' | 'syn_reply' | 'headers' }, headers: SpdyHeaders): void {
    if (frame.type === 'syn_stream') return this.onSynStream(frame, headers);
    const stream = this.streams.get(frame.streamId);
    if (!stream) return this.refuseUnknown(frame.streamId);
    if (frame.type === 'syn_reply') stream.onReply(headers, frame.fin);
    else {
      Object.assign(stream.headers, headers);
      if (frame.fin) stream.onFin();
    }
  }

  private onSynStream(frame: Frame & { type: 'syn_stream' }, headers: SpdyHeaders): void {
    const id = frame.streamId;
    if (id % 2 !== (this.options.isServer ? 1 : 0)) throw new SpdyProtocolError(`stream ${id} has the parity of our own stream ids`);
    if (id <= this.lastPeerStreamId) throw new SpdyProtocolError(`stream id ${id} is not greater than the last one (${this.lastPeerStreamId})`);
    this.lastPeerStreamId = id;
    if (this.goawaySent || this.goawayReceived || !this.options.onStream || this.streams.size >= (this.options.maxConcurrentStreams ?? 1000)) {
      this.send(encodeRstStream(id, rstStatus.refusedStream));
      return;
    }
    const stream = new SpdyStream(this.link, id, headers, { localClosed: frame.unidirectional });
    this.streams.set(id, stream);
    if (frame.fin) stream.onFin();
    try {
      this.options.onStream(stream);
    } catch {
      stream.reset(rstStatus.internalError);
    }
  }

  private handle(frame: Frame): void {
    switch (frame.type) {
      case 'data': {
        const stream = this.streams.get(frame.streamId);
        if (!stream) return this.refuseUnknown(frame.streamId);
        if (stream.isRemoteClosed()) {
          stream.reset(rstStatus.streamAlreadyClosed);
          return;
        }
        this.sessionUnacked += frame.data.length;
        stream.onData(frame.data, frame.fin);
        return;
      }
      case 'rst_stream':
        this.streams.get(frame.streamId)?.onReset(frame.status);
        return;
      case 'ping':
        if (frame.id % 2 === (this.options.isServer ? 1 : 0)) this.send(encodePing(frame.id));
        else {
          this.pings.get(frame.id)?.();
          this.pings.delete(frame.id);
        }
        return;
      case 'goaway':
        this.goawayReceived = true;
        for (const [id, stream] of this.streams) if (id % 2 === (this.options.isServer ? 0 : 1) && id > frame.lastGoodStreamId) stream.destroy();
        if (this.streams.size === 0) this.destroy();
        return;
      case 'settings': // SETTINGS_INITIAL_WINDOW_SIZE would size our send windows, which are not enforced (see the top)
      case 'window_update':
      case 'unknown':
        return;
      default:
        return; // syn_stream, syn_reply and headers go through pump()'s inflation
    }
  }

  /** Frames for a stream that is not open: one never opened is an error (INVALID_STREAM); a closed one's stragglers are dropped. */
  private refuseUnknown(id: number): void {
    const known = id % 2 === (this.options.isServer ? 1 : 0) ? id <= this.lastPeerStreamId : id < this.nextStreamId;
    if (!known) this.send(encodeRstStream(id, rstStatus.invalidStream));
  }

  private fail(err: unknown): void {
    if (this.dead) return;
    const error = err instanceof Error ? err : new Error(String(err));
    this.sendGoaway(error instanceof SpdyProtocolError ? goawayStatus.protocolError : goawayStatus.internalError);
    this.destroy(error);
  }

  // ---- outbound and flow ---------------------------------------------------------------------------

  private send(frame: Buffer): void {
    if (this.dead || this.transport.destroyed || this.transport.writableEnded) return;
    this.transport.write(frame);
  }

  private sendGoaway(status: number): void {
    if (this.goawaySent) return;
    this.goawaySent = true;
    this.send(encodeGoaway(this.lastPeerStreamId, status));
  }

  /** Reading stops while a header block inflates or a stream's reader is behind. */
  private updateFlow(): void {
    if (this.dead) return;
    const hold = this.inflating || this.pausedBy.size > 0;
    if (hold && !this.transport.isPaused()) this.transport.pause();
    else if (!hold && this.transport.isPaused()) this.transport.resume();
  }

  private readonly link: StreamLink = {
    send: (frame) => this.send(frame),
    whenWritable: (callback) => {
      if (this.dead) return callback(new Error('the SPDY session is closed'));
      if (!this.transport.writableNeedDrain) return callback();
      const done = (err?: Error) => {
        this.transport.off('drain', onDrain);
        this.off('close', onClose);
        callback(err);
      };
      const onDrain = () => done();
      const onClose = () => done(new Error('the SPDY session is closed'));
      this.transport.once('drain', onDrain);
      this.once('close', onClose);
    },
    compressHeaders: (headers) => this.compressor.compress(headers),
    pauseFor: (stream) => {
      this.pausedBy.add(stream);
      this.updateFlow();
    },
    resumeFor: (stream) => {
      if (this.pausedBy.delete(stream)) this.updateFlow();
    },
    consumed: (stream, bytes) => {
      this.send(encodeWindowUpdate(stream.id, bytes));
      if (this.sessionUnacked >= windowUpdateThreshold) {
        this.send(encodeWindowUpdate(0, this.sessionUnacked));
        this.sessionUnacked = 0;
      }
    },
    forget: (stream) => {
      if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id);
      if (this.pausedBy.delete(stream)) this.updateFlow();
      if (this.goawayReceived && this.streams.size === 0) this.destroy();
    },
    alive: () => !this.dead,
  };
}
