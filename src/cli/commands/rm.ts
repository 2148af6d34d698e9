// `minato rm [-f] [-v] CONTAINER...`
import { forEachArgument, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'rm',
      usage: '[OPTIONS] CONTAINER [CONTAINER...]',
      description: 'Remove one or more containers',
      args: { min: 1 },
      configure: (command) => command.option('-f, --force', 'Force the removal of a running container (uses SIGKILL)').option('-v, --volumes', 'Remove anonymous volumes associated with the container'),
      action: (args, options, client) =>
        forEachArgument(args, async (name) => {
          await client.status('DELETE', `/containers/${encodeURIComponent(name)}`, { query: { force: !!options.force, v: !!options.volumes } });
        }),
    },
    argv,
    context,
  );
}
