// `minato builder prune [-a] [-f]` (and `builder build`): forgets the build cache. The step
// images it pointed at are dangling from then on, and go with it (as `docker builder prune`
// reclaims the classic builder's cache).
import { humanSize } from '../../util/human.ts';
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { dispatchSubcommand } from '../subcommands.ts';

const prune = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'builder prune',
        usage: '[OPTIONS]',
        description: 'Remove build cache',
        args: { min: 0, max: 0 },
        configure: (command) => command.option('-a, --all', 'Remove all unused build cache, not just dangling ones').option('-f, --force', 'Do not prompt for confirmation'),
        action: async (_args, _options, client) => {
          const result = await client.json<{ SpaceReclaimed: number }>('POST', '/build/prune');
          process.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}\n`);
        },
      },
      argv,
      context,
    ),
};

export function run(argv: string[], context: CliContext): Promise<number> {
  return dispatchSubcommand('builder', 'Manage builds', { prune: async () => prune, build: () => import('./build.ts') }, argv, context);
}
