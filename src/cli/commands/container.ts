// `minato container ls|run|create|start|stop|restart|kill|rm|logs|exec|attach|inspect|wait|stats|rename|commit|prune`
import { humanSize } from '../../util/human.ts';
import { collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { filtersParam } from '../filters.ts';
import { dispatchSubcommand } from '../subcommands.ts';
import { inspectAll } from './inspect.ts';

const prune = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'container prune',
        usage: '[OPTIONS]',
        description: 'Remove all stopped containers',
        args: { min: 0, max: 0 },
        configure: (command) => command.option('-f, --force', 'Do not prompt for confirmation').option('--filter <filter>', 'Provide filter values', collect, []),
        action: async (_args, options, client) => {
          const result = await client.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune', { query: { filters: filtersParam(options.filter as string[]) } });
          const deleted = result.ContainersDeleted ?? [];
          if (deleted.length > 0) process.stdout.write(`Deleted Containers:\n${deleted.map((id) => `${id}\n`).join('')}\n`);
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
        name: 'container inspect',
        usage: '[OPTIONS] CONTAINER [CONTAINER...]',
        description: 'Display detailed information on one or more containers',
        args: { min: 1 },
        configure: (command) => command.option('-f, --format <string>', 'Format output using a custom template').option('-s, --size', 'Display total file sizes'),
        action: (args, options, client) => inspectAll(client, args, 'container', options.format as string | undefined),
      },
      argv,
      context,
    ),
};

export function run(argv: string[], context: CliContext): Promise<number> {
  return dispatchSubcommand(
    'container',
    'Manage containers',
    {
      ls: () => import('./ps.ts'),
      list: () => import('./ps.ts'),
      ps: () => import('./ps.ts'),
      run: () => import('./run.ts'),
      create: () => import('./create.ts'),
      start: () => import('./start.ts'),
      stop: () => import('./stop.ts'),
      restart: () => import('./restart.ts'),
      kill: () => import('./kill.ts'),
      rm: () => import('./rm.ts'),
      remove: () => import('./rm.ts'),
      logs: () => import('./logs.ts'),
      exec: () => import('./exec.ts'),
      attach: () => import('./attach.ts'),
      inspect: async () => inspect,
      wait: () => import('./wait.ts'),
      stats: () => import('./stats.ts'),
      rename: () => import('./rename.ts'),
      commit: () => import('./commit.ts'),
      prune: async () => prune,
      port: () => import('./port.ts'),
    },
    argv,
    context,
  );
}
