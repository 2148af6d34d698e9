// One Storage watch = one streaming POST /v3/watch. etcd replays from start_revision and then
// streams live events; a revision already compacted cancels the watch with compact_revision set,
// which becomes Gone.
//
// start_revision is afterRevision itself, not afterRevision + 1, and the events at afterRevision
// are dropped here. etcd accepts a start at the compacted revision C, but a deletion at C is gone
// by then and etcd skips it silently; Storage wants afterRevision < C to be Gone, which is exactly
// etcd's rule for start_revision = afterRevision. Any other end of the stream is Unavailable: the caller (the API server)
// watches again from the last revision it saw. No reconnection here, so no event is ever
// silently lost or repeated.
import { internal, messageOf, unavailable } from '../../../util/errors.ts';
import type { Watch, WatchHandlers } from '../storage.ts';
import { compacted } from '../storage-errors.ts';
import type { GatewayClient, Stream } from './gateway-client.ts';
import { type KeyCodec, revisionOf, type WireWatchResponse } from './etcd-wire.ts';

/** A stream message: a watch response, or an error the gateway reports inside the stream. */
interface WatchMessage {
  result?: WireWatchResponse;
  error?: { message?: string; grpc_code?: number };
}

export interface WatchRange {
  /** base64 etcd key and range_end. */
  key: string;
  rangeEnd: string;
}

export class EtcdWatch implements Watch {
  private readonly handlers: WatchHandlers;
  private readonly codec: KeyCodec;
  private readonly afterRevision: number;
  private readonly onEnded: (watch: EtcdWatch) => void;
  private readonly stream: Stream;
  private ended = false;

  /** `onEnded`: the store forgets the watch (it ended by itself, by cancel or by close). */
  constructor(gateway: GatewayClient, codec: KeyCodec, range: WatchRange, afterRevision: number, handlers: WatchHandlers, onEnded: (watch: EtcdWatch) => void) {
    this.handlers = handlers;
    this.codec = codec;
    this.afterRevision = afterRevision;
    this.onEnded = onEnded;
    const createRequest = {
      key: range.key,
      range_end: range.rangeEnd,
      // 0 would mean "from now" to etcd; nothing precedes revision 1.
      start_revision: String(Math.max(1, afterRevision)),
      prev_kv: true,
      progress_notify: true,
    };
    this.stream = gateway.stream('/v3/watch', { create_request: createRequest }, {
      onMessage: (message) => this.receive(message as WatchMessage),
      onEnd: (error) => this.end(error),
    });
  }

  cancel(): void {
    this.end();
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.stream.abort();
    this.onEnded(this);
    this.handlers.onClose(error);
  }

  private receive(message: WatchMessage): void {
    if (this.ended) return;
    if (message.error) return this.end(unavailable(`etcd watch failed: ${message.error.message ?? JSON.stringify(message.error)}`));
    const response = message.result;
    if (!response) return;
    if (response.canceled) {
      const compactRevision = revisionOf(response.compact_revision);
      if (compactRevision > 0) return this.end(compacted(this.afterRevision, compactRevision));
      return this.end(unavailable(`etcd canceled the watch: ${response.cancel_reason ?? 'no reason given'}`));
    }
    if (response.created) return;
    try {
      const events = (response.events ?? []).filter((event) => revisionOf(event.kv.mod_revision) > this.afterRevision);
      if (events.length > 0) {
        this.handlers.onEvents(events.map((event) => this.codec.event(event)));
      } else if (!response.events?.length) {
        this.handlers.onProgress?.(revisionOf(response.header.revision));
      }
    } catch (err) {
      // A throwing handler is the caller's bug: end this watch, loudly.
      this.end(internal(`watch handler failed: ${messageOf(err)}`, err));
    }
  }
}
