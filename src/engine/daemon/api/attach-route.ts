// POST /containers/{id}/attach (Upgrade: tcp): a client joins a container's stdio. `docker run`
// attaches before it starts the container; the engine connects the client to conmon's attach
// socket as soon as the container exists, before it runs.
import type { AttachClient } from '../../containers/attach-hub.ts';
import { AttachHub } from '../../containers/attach-hub.ts';
import { readContainerLog } from '../../runtime/container-log.ts';
import type { Engine } from '../engine.ts';
import { completeUpgrade, type HijackedConnection, readUpgradeBody, refuseUpgrade } from './hijack.ts';
import { queryBool } from './http.ts';
import type { UpgradeContext } from './router.ts';
import { frame } from './stdcopy.ts';

/** Bridges a hijacked connection to container output (framed unless TTY) and its stdin. */
export function attachClientFor(conn: HijackedConnection, options: { tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean }): AttachClient {
  return {
    stdin: options.stdin ? conn.stdin : undefined,
    stdout: options.stdout,
    stderr: options.stderr,
    onOutput: (stream, data) => conn.write(options.tty ? data : frame(stream, data)),
    onEnd: () => conn.end(),
    connected: (detach) => void conn.closed.then(detach),
  };
}

export async function attachToContainer(engine: Engine, { req, socket, head, params, query }: UpgradeContext): Promise<void> {
  let conn: HijackedConnection;
  let record;
  try {
    const { body, rest } = await readUpgradeBody(req, socket, head);
    record = engine.containers.store.resolve(params.id!);
    conn = completeUpgrade(socket, rest, body, !!record.Config.Tty);
  } catch (err) {
    refuseUpgrade(socket, err);
    return;
  }
  const tty = !!record.Config.Tty;
  const options = { tty, stdin: queryBool(query, 'stdin') && !!record.Config.OpenStdin, stdout: queryBool(query, 'stdout'), stderr: queryBool(query, 'stderr') };
  if (queryBool(query, 'logs')) {
    for await (const entry of readContainerLog(record.LogPath)) {
      if ((entry.stream === 'stdout' && options.stdout) || (entry.stream === 'stderr' && options.stderr)) conn.write(tty ? entry.content : frame(entry.stream, entry.content));
    }
  }
  if (!queryBool(query, 'stream')) {
    conn.end();
    return;
  }
  const client = attachClientFor(conn, options);
  const current = engine.containers.store.get(record.Id);
  if (current?.State.Running && !current.State.Restarting) {
    await AttachHub.connect(engine.containers.attachSocketPath(record.Id), client);
  } else {
    const cancel = engine.attachHub.wait(record.Id, client);
    void conn.closed.then(cancel);
  }
}
