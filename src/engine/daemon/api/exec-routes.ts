// /containers/{id}/exec and /exec/{id}/…: `docker exec`.
import { invalidArgument } from '../../../util/errors.ts';
import type { ExecConfig } from '../../containers/exec-service.ts';
import type { Engine } from '../engine.ts';
import { attachClientFor } from './attach-route.ts';
import { completeUpgrade, readUpgradeBody, refuseUpgrade } from './hijack.ts';
import { queryInt, readJson, sendEmpty, sendJson } from './http.ts';
import type { ApiRouter } from './router.ts';

interface ExecStartBody {
  Detach?: boolean;
  Tty?: boolean;
}

function parseStartBody(body: Buffer): ExecStartBody {
  const text = body.toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as ExecStartBody;
  } catch {
    throw invalidArgument('malformed JSON in exec start body');
  }
}

export function registerExecRoutes(router: ApiRouter, engine: Engine): void {
  router.on('POST', '/containers/:id/exec', async ({ req, res, params }) => {
    const config = await readJson<ExecConfig>(req, { Cmd: [] });
    sendJson(res, 201, { Id: engine.execs.create(params.id!, config) });
  });

  // Detached exec (`docker exec -d`) arrives as an ordinary request.
  router.on('POST', '/exec/:id/start', async ({ req, res, params }) => {
    const body = await readJson<ExecStartBody>(req, {});
    if (!body.Detach) throw invalidArgument('an attached exec start needs "Upgrade: tcp"');
    await engine.execs.start(params.id!, undefined);
    sendEmpty(res, 200);
  });

  router.onUpgrade('POST', '/exec/:id/start', async ({ req, socket, head, params }) => {
    try {
      const { body, rest } = await readUpgradeBody(req, socket, head);
      const start = parseStartBody(body);
      const session = engine.execs.get(params.id!);
      const tty = start.Tty ?? !!session.Config.Tty;
      const conn = completeUpgrade(socket, rest, body, tty);
      if (start.Detach) {
        conn.end();
        await engine.execs.start(params.id!, undefined);
        return;
      }
      const client = attachClientFor(conn, { tty, stdin: !!session.Config.AttachStdin, stdout: session.Config.AttachStdout !== false, stderr: session.Config.AttachStderr !== false });
      await engine.execs.start(params.id!, client).catch(() => conn.end());
    } catch (err) {
      refuseUpgrade(socket, err);
    }
  });

  router.on('POST', '/exec/:id/resize', async ({ res, params, query }) => {
    await engine.execs.resize(params.id!, queryInt(query, 'h') ?? 0, queryInt(query, 'w') ?? 0);
    sendEmpty(res, 200);
  });

  router.on('GET', '/exec/:id/json', ({ res, params }) => {
    const session = engine.execs.get(params.id!);
    sendJson(res, 200, {
      ID: session.ID,
      Running: session.Running,
      ExitCode: session.ExitCode,
      ProcessConfig: { tty: !!session.Config.Tty, entrypoint: session.Config.Cmd[0], arguments: session.Config.Cmd.slice(1), privileged: !!session.Config.Privileged, user: session.Config.User ?? '' },
      OpenStdin: !!session.Config.AttachStdin,
      OpenStderr: session.Config.AttachStderr !== false,
      OpenStdout: session.Config.AttachStdout !== false,
      CanRemove: !session.Running && session.ExitCode !== null,
      ContainerID: session.ContainerID,
      DetachKeys: '',
      Pid: session.Pid,
    });
  });
}
