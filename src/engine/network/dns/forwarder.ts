// Forwards the queries the responder does not answer itself to the host's resolvers, trying each
// in turn, as a stub resolver would. The query leaves under a fresh random ID (the client's ID is
// put back on the answer), so a spoofed reply must guess the ID as well as the source port.
import { randomInt } from 'node:crypto';
import { messageOf } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import { formatUpstream, tcpExchange, udpExchange, type Upstream } from './upstream.ts';
import { RCODE, isTruncated, messageId, rcodeOf, withId } from './wire.ts';

export type Transport = 'udp' | 'tcp';

export interface ForwarderOptions {
  upstreams: readonly Upstream[];
  /** How long to wait for one upstream (per transport attempt) before trying the next. */
  timeoutMs: number;
  /** Forwarded queries in flight at once; beyond this, queries fail at once instead of queueing. */
  maxInFlight: number;
  log: Logger;
}

export class Forwarder {
  private readonly options: ForwarderOptions;
  private inFlight = 0;

  constructor(options: ForwarderOptions) {
    this.options = options;
  }

  /**
   * The upstream answer to `query` (carrying the query's ID), or undefined when no upstream gave
   * one. A UDP answer with TC set is asked again over TCP, whose answer may then be larger than
   * the client's UDP limit: the caller cuts it to size. An upstream that answers SERVFAIL or
   * REFUSED is passed over for the next one; its answer is returned only if no other does better.
   */
  async forward(query: Buffer, transport: Transport, signal: AbortSignal): Promise<Buffer | undefined> {
    const { upstreams, timeoutMs, maxInFlight, log } = this.options;
    if (this.inFlight >= maxInFlight) {
      log.debug({ inFlight: this.inFlight }, 'DNS forwarding limit reached; failing query');
      return undefined;
    }
    this.inFlight++;
    try {
      const outgoing = withId(query, randomInt(0x10000));
      let fallback: Buffer | undefined;
      for (const upstream of upstreams) {
        if (signal.aborted) return undefined;
        try {
          let answer = await (transport === 'tcp' ? tcpExchange : udpExchange)(outgoing, upstream, timeoutMs, signal);
          if (transport === 'udp' && isTruncated(answer)) {
            // Keep the truncated answer if TCP fails: the client can still retry over TCP itself.
            answer = await tcpExchange(outgoing, upstream, timeoutMs, signal).catch(() => answer);
          }
          const rcode = rcodeOf(answer);
          if (rcode === RCODE.SERVFAIL || rcode === RCODE.REFUSED) {
            fallback ??= answer;
            continue;
          }
          return withId(answer, messageId(query));
        } catch (err) {
          if (!signal.aborted) log.debug({ upstream: formatUpstream(upstream), transport, err: messageOf(err) }, 'DNS upstream failed');
        }
      }
      return fallback && withId(fallback, messageId(query));
    } finally {
      this.inFlight--;
    }
  }
}
