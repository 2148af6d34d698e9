// `minato run`: create, attach, start, and wait — the same calls, in the same order, as
// `docker run`, so the daemon sees no difference between the two clients.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { pumpAttached, startFailureExitCode } from '../attach-streams.ts';
import { DaemonError, type DaemonClient } from '../client.ts';
import { CliFailure, runVerb } from '../command.ts';
import { addContainerFlags, createRequestBody, type ContainerFlags } from '../container-flags.ts';
import type { CliContext } from '../context.ts';
import { pullThroughDaemon, referenceArgument } from '../pull-image.ts';
import { familiarString, parseReference, withDefaultTag } from '../../engine/images/reference.ts';

/** "busybox" → "busybox:latest", as docker names the image it could not find. */
function displayReference(image: string): string {
  try {
    return familiarString(withDefaultTag(parseReference(image)));
  } catch {
    return image;
  }
}

export interface CreateOptions {
  name?: string;
  /** --pull: missing (default), always or never. */
  pull?: string;
  /** --platform, for the pull and the create. */
  platform?: string;
  /** -q: no pull progress. */
  quiet?: boolean;
}

/** Pulls the image (progress on stderr, as docker run shows it). */
async function pullForRun(client: DaemonClient, image: string, verb: string, options: CreateOptions): Promise<void> {
  const ref = withDefaultTag(referenceArgument(image, 125));
  try {
    await pullThroughDaemon(client, ref, { platform: options.platform, quiet: options.quiet, out: process.stderr });
  } catch (err) {
    if (err instanceof DaemonError) throw new CliFailure(`minato: Error response from daemon: ${err.message}\nSee 'minato ${verb} --help'.`, 125);
    if (err instanceof CliFailure) throw new CliFailure(`minato: ${err.message}\nSee 'minato ${verb} --help'.`, 125);
    throw err;
  }
}

/**
 * POST /containers/create, pulling the image first with --pull=always, or when the daemon does
 * not have it (unless --pull=never), as docker run and docker create do.
 */
export async function createContainer(client: DaemonClient, body: Record<string, unknown>, verb: 'run' | 'create', options: CreateOptions = {}): Promise<string> {
  const pull = options.pull ?? 'missing';
  if (!['missing', 'always', 'never'].includes(pull)) throw new CliFailure(`minato: invalid pull option: '${pull}': must be one of "always", "missing" or "never"\nSee 'minato ${verb} --help'.`, 125);
  const image = String(body.Image);
  if (pull === 'always') await pullForRun(client, image, verb, options);
  const create = () => client.json<{ Id: string; Warnings?: string[] | null }>('POST', '/containers/create', { query: { name: options.name, platform: options.platform }, body });
  let created;
  try {
    created = await create();
  } catch (err) {
    if (!(err instanceof DaemonError)) throw err;
    const missing = err.status === 404 && err.message.startsWith('No such image');
    if (!missing || pull === 'never') throw new CliFailure(`minato: Error response from daemon: ${err.message}\nSee 'minato ${verb} --help'.`, 125);
    process.stderr.write(`Unable to find image '${displayReference(image)}' locally\n`);
    await pullForRun(client, image, verb, options);
    try {
      created = await create();
    } catch (retryErr) {
      if (retryErr instanceof DaemonError) throw new CliFailure(`minato: Error response from daemon: ${retryErr.message}\nSee 'minato ${verb} --help'.`, 125);
      throw retryErr;
    }
  }
  for (const warning of created.Warnings ?? []) process.stderr.write(`WARNING: ${warning}\n`);
  return created.Id;
}

/** The flags of run and create that steer the create call itself. */
export function createOptions(flags: { name?: string; pull?: string; platform?: string; quiet?: boolean }): CreateOptions {
  return { name: flags.name, pull: flags.pull, platform: flags.platform, quiet: flags.quiet };
}

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'run',
      usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
      description: 'Create and run a new container from an image',
      args: { min: 1 },
      passThrough: true,
      configure: (command: Command) => {
        addContainerFlags(command);
        command.option('-d, --detach', 'Run container in background and print container ID').option('--rm', 'Automatically remove the container and its associated anonymous volumes when it exits');
      },
      action: async ([image, ...command], options, client) => {
        const flags = options as unknown as ContainerFlags & { detach?: boolean; rm?: boolean; cidfile?: string };
        const detached = !!flags.detach;
        const body = createRequestBody(image!, command, flags, { detached });
        (body.HostConfig as Record<string, unknown>).AutoRemove = !!flags.rm;
        const id = await createContainer(client, body, 'run', createOptions(flags));
        if (flags.cidfile) writeFileSync(flags.cidfile, id, { flag: 'wx' });
        if (detached) {
          await startOrFail(client, id);
          process.stdout.write(`${id}\n`);
          return 0;
        }
        const tty = !!flags.tty;
        const stdin = !!flags.interactive;
        const conn = await client.hijack(`/containers/${id}/attach`, { query: { stream: true, stdin, stdout: true, stderr: true } });
        const waitResponse = await client.call('POST', `/containers/${id}/wait`, { query: { condition: flags.rm ? 'removed' : 'next-exit' } });
        const exitStatus = readWaitStatus(waitResponse);
        const pumped = pumpAttached(client, conn, { tty, stdin, resizePath: `/containers/${id}/resize` });
        try {
          await startOrFail(client, id);
        } catch (err) {
          conn.destroy();
          throw err;
        }
        const stopProxy = tty ? () => undefined : proxySignals(client, id);
        await pumped;
        stopProxy();
        return await exitStatus;
      },
    },
    argv,
    context,
  );
}

async function startOrFail(client: DaemonClient, id: string): Promise<void> {
  try {
    await client.status('POST', `/containers/${id}/start`);
  } catch (err) {
    if (err instanceof DaemonError) {
      throw new CliFailure(`minato: Error response from daemon: ${err.message}\nRun 'minato run --help' for more information`, startFailureExitCode(err.message));
    }
    throw err;
  }
}

async function readWaitStatus(response: import('node:http').IncomingMessage): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return 125;
  const status = JSON.parse(text) as { StatusCode: number; Error?: { Message?: string } | null };
  if (status.Error?.Message) process.stderr.write(`${status.Error.Message}\n`);
  return status.StatusCode;
}

/** --sig-proxy: SIGINT/SIGTERM/… received by the CLI go to the container. */
function proxySignals(client: DaemonClient, id: string): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
  const handlers = signals.map((signal) => {
    const handler = () => void client.status('POST', `/containers/${id}/kill`, { query: { signal } }).catch(() => undefined);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}
