// The remote-command streaming protocol of `kubectl exec` (and attach) over WebSocket
// (k8s.io/apimachinery/pkg/util/remotecommand, client-go tools/remotecommand/websocket.go), and
// the query parameters of pods/log, pods/exec and pods/attach — shared by the API server (which checks them
// and relays) and the node agent (which serves them, as the kubelet does).
//
// Every binary WebSocket message is one frame: a channel byte, then the payload.
//   0 stdin (client → server)   1 stdout   2 stderr
//   3 error: a metav1.Status JSON once the process ended (v4+; plain text before)
//   4 resize: {"Width":W,"Height":H} (client → server)
//   255 close (v5 only): [255, channel] — the client closed that stream (stdin's EOF)
import { invalidArgument } from '../../util/errors.ts';

export const channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** Subprotocols served, best first (kubectl 1.32 offers only v5; 1.29-1.30 also v4). */
export const remoteCommandProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export type RemoteCommandProtocol = (typeof remoteCommandProtocols)[number];

/** The subprotocol to answer with among those the client offered; undefined: none we speak. */
export function negotiateProtocol(offered: Iterable<string>): RemoteCommandProtocol | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return remoteCommandProtocols.find((p) => set.has(p));
}

export function encodeFrame(channelId: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const frame = Buffer.allocUnsafe(data.length + 1);
  frame[0] = channelId;
  data.copy(frame, 1);
  return frame;
}

export function decodeFrame(frame: Buffer): { channel: number; payload: Buffer } | undefined {
  if (frame.length === 0) return undefined;
  return { channel: frame[0]!, payload: frame.subarray(1) };
}

/** A resize frame's {"Width","Height"}; undefined when malformed. */
export function parseResize(payload: Buffer): { width: number; height: number } | undefined {
  try {
    const size = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
    const width = Number(size.Width);
    const height = Number(size.Height);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0 || width > 65535 || height > 65535) return undefined;
    return { width, height };
  } catch {
    return undefined;
  }
}

/** What goes on the error channel when the process ended (client-go reads the exit code from it). */
export function exitStatus(exitCode: number, command: string[] = []): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** The error channel's Status for a failure that is not an exit code (the command could not start). */
export function failureStatus(message: string): Record<string, unknown> {
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 };
}

// ---- query parameters -------------------------------------------------------------------------

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === '') return false;
  if (['true', '1', 'True', 'TRUE', 't', 'T'].includes(value)) return true;
  if (['false', '0', 'False', 'FALSE', 'f', 'F'].includes(value)) return false;
  throw invalidArgument(`invalid value "${value}" for ${name}: want true or false`);
}

function integer(query: URLSearchParams, name: string, min: number): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidArgument(`invalid value "${value}" for ${name}: want an integer`);
  const n = Number(value);
  if (n < min) throw invalidArgument(`${name}: Invalid value: ${n}: must be greater than ${min === 0 ? 'or equal to 0' : min - 1}`);
  return n;
}

/** PodLogOptions (core/v1) as query parameters. */
export interface PodLogQuery {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339. */
  sinceTime?: string;
  limitBytes?: number;
}

export function parsePodLogQuery(query: URLSearchParams): PodLogQuery {
  const sinceTime = query.get('sinceTime') || undefined;
  if (sinceTime !== undefined && !Number.isFinite(Date.parse(sinceTime))) throw invalidArgument(`invalid value "${sinceTime}" for sinceTime: want RFC 3339`);
  const result: PodLogQuery = {
    follow: flag(query, 'follow'),
    previous: flag(query, 'previous'),
    timestamps: flag(query, 'timestamps'),
  };
  const container = query.get('container');
  if (container) result.container = container;
  const tailLines = integer(query, 'tailLines', 0);
  if (tailLines !== undefined) result.tailLines = tailLines;
  const sinceSeconds = integer(query, 'sinceSeconds', 1);
  if (sinceSeconds !== undefined) result.sinceSeconds = sinceSeconds;
  if (sinceTime !== undefined) result.sinceTime = sinceTime;
  if (sinceSeconds !== undefined && sinceTime !== undefined) throw invalidArgument('at most one of sinceTime or sinceSeconds may be specified');
  const limitBytes = integer(query, 'limitBytes', 1);
  if (limitBytes !== undefined) result.limitBytes = limitBytes;
  return result;
}

/** The same options as the kubelet's /containerLogs query (the container is in the path there). */
export function podLogQueryString(options: PodLogQuery): string {
  const query = new URLSearchParams();
  if (options.follow) query.set('follow', 'true');
  if (options.previous) query.set('previous', 'true');
  if (options.timestamps) query.set('timestamps', 'true');
  if (options.tailLines !== undefined) query.set('tailLines', String(options.tailLines));
  if (options.sinceSeconds !== undefined) query.set('sinceSeconds', String(options.sinceSeconds));
  if (options.sinceTime !== undefined) query.set('sinceTime', options.sinceTime);
  if (options.limitBytes !== undefined) query.set('limitBytes', String(options.limitBytes));
  return query.toString();
}

/**
 * PodAttachOptions: which of the container's streams to join, and whether the client has a
 * terminal. The API server's names (stdin/stdout/stderr), or the kubelet's (input/output/error).
 */
export interface AttachQuery {
  container?: string;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** PodExecOptions: an attach's streams and the command to run. */
export interface ExecQuery extends AttachQuery {
  command: string[];
}

/** Checked as the kubelet's remotecommand.NewOptions does: one stream at least; a TTY has no stderr. */
export function parseAttachQuery(query: URLSearchParams, names: 'apiserver' | 'kubelet'): AttachQuery {
  const [stdin, stdout, stderr] = names === 'apiserver' ? ['stdin', 'stdout', 'stderr'] : ['input', 'output', 'error'];
  const result: AttachQuery = { stdin: flag(query, stdin!), stdout: flag(query, stdout!), stderr: flag(query, stderr!), tty: flag(query, 'tty') };
  if (!result.stdin && !result.stdout && !result.stderr) throw invalidArgument('you must specify at least 1 of stdin, stdout, stderr');
  if (result.tty && result.stderr) result.stderr = false; // a terminal merges stderr into stdout
  const container = query.get('container');
  if (container) result.container = container;
  return result;
}

export function parseExecQuery(query: URLSearchParams, names: 'apiserver' | 'kubelet'): ExecQuery {
  const command = query.getAll('command');
  if (command.length === 0) throw invalidArgument('you must specify at least 1 command');
  return { command, ...parseAttachQuery(query, names) };
}

/** The kubelet's query for /exec (with the command) or /attach (without); the container is in the path. */
export function kubeletStreamQueryString(options: AttachQuery & { command?: string[] }): string {
  const query = new URLSearchParams();
  for (const arg of options.command ?? []) query.append('command', arg);
  if (options.stdin) query.set('input', '1');
  if (options.stdout) query.set('output', '1');
  if (options.stderr) query.set('error', '1');
  if (options.tty) query.set('tty', '1');
  return query.toString();
}
