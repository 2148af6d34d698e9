// The pod end of `kubectl port-forward`: bytes of one forwarded connection copied to and from
// 127.0.0.1:PORT *inside the pod's network namespace* — Kubernetes' semantics, so a server that
// listens only on the pod's loopback is reachable (containerd dials from within the netns).
//
// Node cannot open a socket in another network namespace (no setns for one thread), so the
// connection is made by a relay process per forwarded connection:
//   nsenter --net=<the sandbox's netns> busybox nc 127.0.0.1 PORT
// (dockershim ran `nsenter -t PID -n socat - TCP4:localhost:PORT` the same way). busybox-static is
// on every node (make deps) and its nc does what a relay must: stdin's end becomes a half-close
// (shutdown SHUT_WR) of the connection, the connection's end ends stdout and the process, and a
// failed connect exits 1 with the reason on stderr. A pod on the host network is the agent's own
// namespace: dialled directly.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { findExecutable } from '../../util/which.ts';

/** Where the pod's port is: its network namespace (a path under /run/netns or /proc/PID/ns/net), or the host's. */
export interface PodNetworkTarget {
  netnsPath?: string;
}

/** "nc: can't connect to remote host (127.0.0.1): Connection refused" → "connection refused". */
export function connectFailureReason(stderr: string): string {
  const line = stderr.trim().split('\n').find((l) => l.trim() !== '') ?? '';
  const reason = line.includes(': ') ? line.slice(line.lastIndexOf(': ') + 2) : line;
  return (reason || 'the relay exited without saying why').toLowerCase();
}

function dialFailure(port: number, where: string, reason: string): Error {
  return new Error(`failed to connect to localhost:${port} inside ${where}: dial tcp4 127.0.0.1:${port}: connect: ${reason}`);
}

/** Copies between `stream` and the pod's 127.0.0.1:port until both directions are done; rejects when nothing accepts the connection. */
export function forwardToPodPort(target: PodNetworkTarget, port: number, stream: Duplex): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return Promise.reject(new Error(`invalid port ${port}`));
  return target.netnsPath ? relayInNetns(target.netnsPath, port, stream) : dialHost(port, stream);
}

function relayInNetns(netnsPath: string, port: number, stream: Duplex): Promise<void> {
  const child = spawn(findExecutable('nsenter', 'util-linux'), [`--net=${netnsPath}`, findExecutable('busybox', 'busybox-static'), 'nc', '127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let received = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString();
  });
  child.stdin.on('error', () => undefined); // nc exits when the pod closes; what the client still sends is dropped
  child.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
  stream.pipe(child.stdin);
  child.stdout.pipe(stream);
  // The client gave up (RST_STREAM, or the session died): the relay goes too.
  const onStreamClose = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  stream.once('close', onStreamClose);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      stream.off('close', onStreamClose);
      reject(new Error(`cannot start the relay into the pod's network namespace: ${err.message}`));
    });
    child.once('close', (code) => {
      stream.off('close', onStreamClose);
      stream.unpipe(child.stdin);
      if (!stream.destroyed) stream.resume(); // drain what the client still sends until it closes
      // Exit 1 with nothing received: the connect failed (nc says why), or nsenter could not enter.
      if (code === 0 || code === null || received > 0) resolve();
      else if (/can't connect/.test(stderr)) reject(dialFailure(port, `the pod's network namespace ${netnsPath}`, connectFailureReason(stderr)));
      else reject(new Error(`the relay into the pod's network namespace ${netnsPath} failed (exit ${code}): ${stderr.trim() || 'no message'}`));
    });
  });
}

function dialHost(port: number, stream: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      stream.pipe(socket);
      socket.pipe(stream);
    });
    const onStreamClose = () => socket.destroy();
    stream.once('close', onStreamClose);
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (!connected) {
        stream.off('close', onStreamClose);
        reject(dialFailure(port, 'the host network namespace', (err.code === 'ECONNREFUSED' ? 'connection refused' : err.message).toLowerCase()));
      }
    });
    socket.once('close', () => {
      stream.off('close', onStreamClose);
      if (!connected) return;
      stream.unpipe(socket);
      if (!stream.destroyed) {
        stream.resume();
        if (!stream.writableEnded) stream.end();
      }
      resolve();
    });
  });
}
