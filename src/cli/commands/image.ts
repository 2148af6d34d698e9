// `minato image ls|inspect|rm|tag|prune|history|import|load|save|build|pull|push`
import { humanSize } from '../../util/human.ts';
import { collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { filtersParam } from '../filters.ts';
import { dispatchSubcommand } from '../subcommands.ts';
import { historyVerb } from './history.ts';
import { imagesVerb } from './images.ts';
import { inspectAll } from './inspect.ts';
import { rmiVerb } from './rmi.ts';
import { tagVerb } from './tag.ts';

const prune = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'image prune',
        usage: '[OPTIONS]',
        description: 'Remove unused images',
        args: { min: 0, max: 0 },
        configure: (command) => command.option('-a, --all', 'Remove all unused images, not just dangling ones').option('-f, --force', 'Do not prompt for confirmation').option('--filter <filter>', 'Provide filter values', collect, []),
        action: async (_args, options, client) => {
          const filters = [...(options.filter as string[]), ...(options.all ? ['dangling=false'] : [])];
          const result = await client.json<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }>('POST', '/images/prune', { query: { filters: filtersParam(filters) } });
          const deleted = result.ImagesDeleted ?? [];
          if (deleted.length > 0) {
            process.stdout.write('Deleted Images:\n');
            for (const item of deleted) process.stdout.write(item.Untagged ? `untagged: ${item.Untagged}\n` : `deleted: ${item.Deleted}\n`);
            process.stdout.write('\n');
          }
          process.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}\n`);
        },
      },
      argv,
      context,
    ),
};

const inspect = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'image inspect',
        usage: '[OPTIONS] IMAGE [IMAGE...]',
        description: 'Display detailed information on one or more images',
        args: { min: 1 },
        configure: (command) => command.option('-f, --format <string>', 'Format output using a custom template'),
        action: (args, options, client) => inspectAll(client, args, 'image', options.format as string | undefined),
      },
      argv,
      context,
    ),
};

export function run(argv: string[], context: CliContext): Promise<number> {
  return dispatchSubcommand(
    'image',
    'Manage images',
    {
      ls: async () => ({ run: (a, c) => runVerb(imagesVerb('image ls'), a, c) }),
      list: async () => ({ run: (a, c) => runVerb(imagesVerb('image ls'), a, c) }),
      inspect: async () => inspect,
      rm: async () => ({ run: (a, c) => runVerb(rmiVerb('image rm'), a, c) }),
      remove: async () => ({ run: (a, c) => runVerb(rmiVerb('image rm'), a, c) }),
      tag: async () => ({ run: (a, c) => runVerb(tagVerb('image tag'), a, c) }),
      history: async () => ({ run: (a, c) => runVerb(historyVerb('image history'), a, c) }),
      prune: async () => prune,
      import: () => import('./import.ts'),
      load: () => import('./load.ts'),
      save: () => import('./save.ts'),
      build: () => import('./build.ts'),
      pull: () => import('./pull.ts'),
      push: () => import('./push.ts'),
    },
    argv,
    context,
  );
}
