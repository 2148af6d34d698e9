// `minato start [-a] [-i] CONTAINER...`
import { pumpAttached } from '../attach-streams.ts';
import { CliFailure, forEachArgument, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'start',
      usage: '[OPTIONS] CONTAINER [CONTAINER...]',
      description: 'Start one or more stopped containers',
      args: { min: 1 },
      configure: (command) => command.option('-a, --attach', "Attach STDOUT/STDERR and forward signals").option('-i, --interactive', "Attach container's STDIN"),
      action: async (args, options, client) => {
        if (!options.attach && !options.interactive) {
          return forEachArgument(args, async (name) => {
            await client.status('POST', `/containers/${encodeURIComponent(name)}/start`);
          });
        }
        if (args.length > 1) throw new CliFailure('you cannot start and attach multiple containers at once', 1);
        const name = args[0]!;
        const info = await client.json<{ Id: string; Config: { Tty?: boolean; OpenStdin?: boolean } }>('GET', `/containers/${encodeURIComponent(name)}/json`);
        const stdin = !!options.interactive && !!info.Config.OpenStdin;
        const conn = await client.hijack(`/containers/${info.Id}/attach`, { query: { stream: true, stdin, stdout: true, stderr: true } });
        const waited = client.json<{ StatusCode: number }>('POST', `/containers/${info.Id}/wait`, { query: { condition: 'next-exit' } });
        const pumped = pumpAttached(client, conn, { tty: !!info.Config.Tty, stdin, resizePath: `/containers/${info.Id}/resize` });
        await client.status('POST', `/containers/${info.Id}/start`);
        await pumped;
        return (await waited).StatusCode;
      },
    },
    argv,
    context,
  );
}
