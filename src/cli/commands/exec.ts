// `minato exec [-d] [-i] [-t] [-e] [-w] [-u] CONTAINER COMMAND [ARG...]`
import { pumpAttached } from '../attach-streams.ts';
import { collect, runVerb } from '../command.ts';
import { readEnvFile } from '../container-flags.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'exec',
      usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
      description: 'Execute a command in a running container',
      args: { min: 2 },
      passThrough: true,
      configure: (command) =>
        command
          .option('-d, --detach', 'Detached mode: run command in the background')
          .option('-i, --interactive', 'Keep STDIN open even if not attached')
          .option('-t, --tty', 'Allocate a pseudo-TTY')
          .option('-e, --env <list>', 'Set environment variables', collect, [])
          .option('--env-file <list>', 'Read in a file of environment variables', collect, [])
          .option('-w, --workdir <string>', 'Working directory inside the container')
          .option('-u, --user <string>', 'Username or UID (format: "<name|uid>[:<group|gid>]")')
          .option('--privileged', 'Give extended privileges to the command'),
      action: async ([container, ...command], options, client) => {
        const detach = !!options.detach;
        const tty = !!options.tty;
        const stdin = !!options.interactive && !detach;
        const env = [...(options.envFile as string[]).flatMap(readEnvFile), ...(options.env as string[])];
        const { Id } = await client.json<{ Id: string }>('POST', `/containers/${encodeURIComponent(container!)}/exec`, {
          body: {
            Cmd: command,
            Env: env,
            WorkingDir: (options.workdir as string | undefined) ?? '',
            User: (options.user as string | undefined) ?? '',
            Tty: tty,
            AttachStdin: stdin,
            AttachStdout: !detach,
            AttachStderr: !detach,
            Privileged: !!options.privileged,
            ConsoleSize: tty && process.stdout.isTTY ? [process.stdout.rows, process.stdout.columns] : null,
          },
        });
        if (detach) {
          await client.status('POST', `/exec/${Id}/start`, { body: { Detach: true, Tty: tty } });
          return 0;
        }
        const conn = await client.hijack(`/exec/${Id}/start`, { body: { Detach: false, Tty: tty } });
        await pumpAttached(client, conn, { tty, stdin, resizePath: `/exec/${Id}/resize` });
        const inspect = await client.json<{ ExitCode: number | null; Running: boolean }>('GET', `/exec/${Id}/json`);
        for (let attempt = 0; inspect.ExitCode === null && attempt < 50; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          Object.assign(inspect, await client.json<{ ExitCode: number | null }>('GET', `/exec/${Id}/json`));
        }
        return inspect.ExitCode ?? 126;
      },
    },
    argv,
    context,
  );
}
