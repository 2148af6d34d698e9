// One DNS message in, the reply out (or nothing): checks the message, answers the network's own
// names, forwards the rest, and fits UDP replies to the client's size limit.
import { decode, encode, type DecodedPacket, type OptAnswer } from 'dns-packet';
import { messageOf } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import type { Forwarder, Transport } from './forwarder.ts';
import { answerLocally, type LocalAnswerOptions, type NameLookup } from './local-answers.ts';
import { HEADER_BYTES, RCODE, errorResponse, isResponse, opcodeOf, truncateToFit } from './wire.ts';

/** Larger queries are dropped: real ones are a few hundred bytes at most (one question, EDNS options). */
export const MAX_QUERY_BYTES = 4096;
/** The UDP reply size without EDNS (RFC 1035 §2.3.4). */
const CLASSIC_UDP_LIMIT = 512;
/** The most we send over UDP whatever the client advertises: larger datagrams fragment. */
const MAX_UDP_LIMIT = 4096;
const TCP_LIMIT = 65535;

export interface QueryHandlerOptions extends LocalAnswerOptions {
  names: NameLookup;
  forwarder: Forwarder;
  log: Logger;
}

export class QueryHandler {
  private readonly options: QueryHandlerOptions;

  constructor(options: QueryHandlerOptions) {
    this.options = options;
  }

  /**
   * The reply to `msg`, or undefined to send nothing. Nothing goes back for what is not a query
   * (too short, too long, or a response: answering those could make two servers loop); a query
   * that cannot be decoded gets FORMERR, another opcode than QUERY gets NOTIMP, and a failure
   * inside gets SERVFAIL. Never throws.
   */
  async handle(msg: Buffer, transport: Transport, signal: AbortSignal): Promise<Buffer | undefined> {
    if (msg.length < HEADER_BYTES || msg.length > MAX_QUERY_BYTES || isResponse(msg)) return undefined;
    if (opcodeOf(msg) !== 0) return errorResponse(msg, RCODE.NOTIMP);
    let query: DecodedPacket;
    try {
      query = decode(msg);
    } catch {
      return errorResponse(msg, RCODE.FORMERR);
    }
    if (query.questions?.length !== 1) return errorResponse(msg, RCODE.FORMERR);
    const limit = transport === 'tcp' ? TCP_LIMIT : udpLimit(query);
    try {
      const local = answerLocally(query, this.options.names, this.options);
      if (local) return truncateToFit(encode(local), limit);
    } catch (err) {
      this.options.log.warn({ err: messageOf(err), name: query.questions[0]?.name }, 'DNS local answer failed');
      return errorResponse(msg, RCODE.SERVFAIL);
    }
    const answer = await this.options.forwarder.forward(msg, transport, signal);
    return answer ? truncateToFit(answer, limit) : errorResponse(msg, RCODE.SERVFAIL);
  }
}

/** The largest UDP reply the client takes: its EDNS payload size (RFC 6891 §6.2.5), or 512. */
function udpLimit(query: DecodedPacket): number {
  const opt = query.additionals?.find((record): record is OptAnswer => record.type === 'OPT');
  return opt ? Math.min(Math.max(opt.udpPayloadSize, CLASSIC_UDP_LIMIT), MAX_UDP_LIMIT) : CLASSIC_UDP_LIMIT;
}
