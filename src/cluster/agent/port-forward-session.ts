// One `kubectl port-forward` connection at the node agent: a SPDY session whose streams come in
// pairs (error + data, same requestID, see cluster/api/port-forward.ts), each pair one forwarded
// TCP connection — the kubelet's httpStreamHandler. A stream with bad headers is refused
// (RST_STREAM); a pair that does not complete within the creation timeout, or that gets a second
// stream of the same type, is told so on its error stream. A complete pair runs `forward`; if it
// fails the reason goes on the error stream, as the kubelet writes it ("error forwarding port 81
// to pod …, uid …: …"), and kubectl prints it. Both streams are closed when forwarding is over.
import type { Duplex } from 'node:stream';
import { messageOf } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { SpdySession, type SpdyStream } from '../../util/spdy/session.ts';
import { parseStreamHeaders } from '../api/port-forward.ts';

/** Copies between the stream and the pod's port; resolves once both ways are done, rejects when the port cannot be reached. */
export type Forwarder = (port: number, stream: Duplex) => Promise<void>;

export interface PortForwardSessionOptions {
  forward: Forwarder;
  /** For messages: the pod (sandbox) and its uid, as the kubelet names them. */
  pod: string;
  uid: string;
  log: Logger;
  /** How long the second stream of a pair may take; the kubelet's default is 30 s. */
  streamCreationTimeoutMs?: number;
}

interface Pair {
  requestId: string;
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** Serves port forwarding on an upgraded connection (its bytes are SPDY/3.1). */
export function startPortForwardSession(transport: Duplex, options: PortForwardSessionOptions): SpdySession {
  const pairs = new Map<string, Pair>();
  const timeoutMs = options.streamCreationTimeoutMs ?? 30_000;
  const log = options.log;

  const tell = (stream: SpdyStream | undefined, message: string) => {
    if (!stream || stream.destroyed || stream.writableEnded) return;
    stream.write(message);
  };

  const run = (pair: Pair & { error: SpdyStream; data: SpdyStream }) => {
    const port = Number(pair.data.headers.port);
    void options.forward(port, pair.data).then(
      () => undefined,
      (err: unknown) => {
        const message = `error forwarding port ${port} to pod ${options.pod}, uid ${options.uid}: ${messageOf(err)}`;
        log.debug({ port, request: pair.requestId, err }, 'port forwarding failed');
        tell(pair.error, message);
      },
    ).finally(() => {
      if (!pair.error.destroyed) pair.error.end();
      if (!pair.data.destroyed && !pair.data.writableEnded) pair.data.end();
    });
  };

  const onStream = (stream: SpdyStream) => {
    stream.on('error', (err) => log.debug({ err, stream: stream.id }, 'port-forward stream failed'));
    let parsed;
    try {
      parsed = parseStreamHeaders(stream.headers, stream.id);
    } catch (err) {
      log.debug({ err, headers: stream.headers }, 'port-forward stream refused');
      stream.reset();
      return;
    }
    let pair = pairs.get(parsed.requestId);
    if (!pair) {
      const created: Pair = {
        requestId: parsed.requestId,
        timer: setTimeout(() => {
          pairs.delete(created.requestId);
          tell(created.error, `timed out waiting for streams of request ${created.requestId}`);
          created.error?.end();
          created.data?.reset();
        }, timeoutMs),
      };
      created.timer.unref();
      pairs.set(parsed.requestId, created);
      pair = created;
    }
    if (pair[parsed.type]) {
      tell(pair.error, `error processing stream for request ${parsed.requestId}: ${parsed.type} stream already assigned`);
      stream.reset();
      return;
    }
    stream.reply();
    // Nothing is read from the error stream (kubectl closes its side at once); data is read by forward().
    if (parsed.type === 'error') stream.resume();
    pair[parsed.type] = stream;
    if (pair.error && pair.data) {
      clearTimeout(pair.timer);
      pairs.delete(pair.requestId);
      run(pair as Pair & { error: SpdyStream; data: SpdyStream });
    }
  };

  const session = new SpdySession(transport, { isServer: true, onStream });
  session.once('close', (err?: Error) => {
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
    if (err) log.debug({ err }, 'port-forward session ended by an error');
  });
  return session;
}
