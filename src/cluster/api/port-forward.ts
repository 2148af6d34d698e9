// The port-forward protocol of `kubectl port-forward` (client-go tools/portforward, kubelet
// cri/streaming/portforward/httpstream.go), shared by the API server (which checks and relays) and
// the node agent (which serves it):
//
//   - kubectl upgrades `…/pods/NAME/portforward` to a WebSocket with subprotocol
//     `SPDY/3.1+portforward.k8s.io` and speaks SPDY inside the binary messages; when that upgrade
//     is refused (non-101) it POSTs with `Upgrade: SPDY/3.1` and `X-Stream-Protocol-Version:
//     portforward.k8s.io`, and speaks SPDY on the connection itself. The 101 names the protocol
//     back (the WebSocket subprotocol, or X-Stream-Protocol-Version).
//   - Per forwarded connection the client opens two streams with headers `streamType` (error or
//     data), `port` and `requestID`. Bytes of the connection travel on the data stream; when the
//     forwarding fails the server writes the reason on the error stream; both are then closed.
import { invalidArgument } from '../../util/errors.ts';

export const portForwardProtocolV1 = 'portforward.k8s.io';
/** The WebSocket subprotocol of SPDY tunnelled in WebSocket messages (kubectl ≥ 1.30). */
export const spdyTunnelProtocol = `SPDY/3.1+${portForwardProtocolV1}`;
/** Stream header names as they travel (SPDY header names are lower case). */
export const streamHeaders = { streamType: 'streamtype', port: 'port', requestId: 'requestid' } as const;
export type PortForwardStreamType = 'error' | 'data';

/** `ports` of PodPortForwardOptions (optional with SPDY: every stream names its port). */
export function parsePortForwardQuery(query: URLSearchParams): number[] {
  return query.getAll('ports').flatMap((value) => value.split(',')).map((value) => {
    const port = /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (!(port >= 1 && port <= 65535)) throw invalidArgument(`invalid port "${value}": want a number from 1 to 65535`);
    return port;
  });
}

/** X-Stream-Protocol-Version may repeat and hold comma-separated lists. */
export function offeredStreamProtocols(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}

/** The WebSocket subprotocols a request offers (Sec-WebSocket-Protocol, comma-separated). */
export function offeredSubprotocols(header: string | undefined): string[] {
  return (header ?? '').split(',').map((value) => value.trim()).filter(Boolean);
}

export interface PortForwardStream {
  type: PortForwardStreamType;
  port: number;
  /** Absent from very old clients: then derived from the stream id, as the kubelet does. */
  requestId: string;
}

/** A stream's headers checked as the kubelet checks them (its messages); throws InvalidArgument. */
export function parseStreamHeaders(headers: Record<string, string>, streamId: number): PortForwardStream {
  const portText = headers[streamHeaders.port] ?? '';
  if (portText === '') throw invalidArgument('"port" header is required');
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port <= 65535)) throw invalidArgument(`unable to parse "${portText}" as a port`);
  if (port < 1) throw invalidArgument(`port "${portText}" must be > 0`);
  const type = headers[streamHeaders.streamType] ?? '';
  if (type === '') throw invalidArgument('"streamType" header is required');
  if (type !== 'error' && type !== 'data') throw invalidArgument(`invalid stream type "${type}"`);
  // Old clients: an error stream and its data stream are consecutive odd ids (kubelet's best effort).
  const requestId = headers[streamHeaders.requestId] || String(type === 'error' ? streamId : streamId - 2);
  return { type, port, requestId };
}
