// `minato attach CONTAINER`: join a running container's stdio.
import { pumpAttached } from '../attach-streams.ts';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'attach',
      usage: '[OPTIONS] CONTAINER',
      description: 'Attach local standard input, output, and error streams to a running container',
      args: { min: 1, max: 1 },
      configure: (command) => command.option('--no-stdin', 'Do not attach STDIN'),
      action: async ([name], options, client) => {
        const info = await client.json<{ Id: string; State: { Running: boolean }; Config: { Tty?: boolean; OpenStdin?: boolean } }>('GET', `/containers/${encodeURIComponent(name!)}/json`);
        if (!info.State.Running) throw new CliFailure('You cannot attach to a stopped container, start it first', 1);
        const stdin = options.stdin !== false && !!info.Config.OpenStdin;
        const conn = await client.hijack(`/containers/${info.Id}/attach`, { query: { stream: true, stdin, stdout: true, stderr: true } });
        await pumpAttached(client, conn, { tty: !!info.Config.Tty, stdin, resizePath: `/containers/${info.Id}/resize` });
        const after = await client.json<{ State: { Running: boolean; ExitCode: number } }>('GET', `/containers/${info.Id}/json`);
        return after.State.Running ? 0 : after.State.ExitCode;
      },
    },
    argv,
    context,
  );
}
