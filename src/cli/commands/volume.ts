// `minato volume create|ls|inspect|rm|prune`
import { humanSize } from '../../util/human.ts';
import { DaemonError } from '../client.ts';
import { collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { filtersParam } from '../filters.ts';
import { keyValues } from '../key-values.ts';
import { type Column, renderList } from '../format/output.ts';
import { dispatchSubcommand } from '../subcommands.ts';
import { printInspected } from './inspect.ts';

interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
}


const create = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'volume create',
        usage: '[OPTIONS] [VOLUME]',
        description: 'Create a volume',
        args: { min: 0, max: 1 },
        configure: (command) => command.option('-d, --driver <string>', 'Specify volume driver name', 'local').option('--label <list>', 'Set metadata for a volume', collect, []).option('-o, --opt <map>', 'Set driver specific options', collect, []).option('--name <string>', 'Specify volume name'),
        action: async ([name], options, client) => {
          const volume = await client.json<Volume>('POST', '/volumes/create', {
            body: { Name: name ?? (options.name as string | undefined) ?? '', Driver: options.driver, DriverOpts: keyValues(options.opt as string[]), Labels: keyValues(options.label as string[]) },
          });
          process.stdout.write(`${volume.Name}\n`);
        },
      },
      argv,
      context,
    ),
};

const list = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'volume ls',
        usage: '[OPTIONS]',
        description: 'List volumes',
        args: { min: 0, max: 0 },
        configure: (command) => command.option('-q, --quiet', 'Only display volume names').option('-f, --filter <filter>', 'Provide filter values', collect, []).option('--format <string>', 'Format output using a custom template'),
        action: async (_args, options, client) => {
          const { Volumes } = await client.json<{ Volumes: Volume[] | null }>('GET', '/volumes', { query: { filters: filtersParam(options.filter as string[]) } });
          const volumes = Volumes ?? [];
          if (options.quiet) {
            process.stdout.write(volumes.map((volume) => `${volume.Name}\n`).join(''));
            return;
          }
          const columns: Column<Volume>[] = [
            { header: 'DRIVER', field: 'Driver', value: (v) => v.Driver },
            { header: 'VOLUME NAME', field: 'Name', value: (v) => v.Name },
            { header: 'MOUNTPOINT', field: 'Mountpoint', value: (v) => v.Mountpoint },
          ];
          process.stdout.write(renderList(volumes, columns.slice(0, options.format ? 3 : 2), options.format as string | undefined));
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
        name: 'volume inspect',
        usage: '[OPTIONS] VOLUME [VOLUME...]',
        description: 'Display detailed information on one or more volumes',
        args: { min: 1 },
        configure: (command) => command.option('-f, --format <string>', 'Format output using a custom template'),
        action: async (names, options, client) => {
          const found: unknown[] = [];
          let failed = false;
          for (const name of names) {
            try {
              found.push(await client.json('GET', `/volumes/${encodeURIComponent(name)}`));
            } catch (err) {
              if (!(err instanceof DaemonError)) throw err;
              failed = true;
              process.stderr.write(`Error response from daemon: ${err.message}\n`);
            }
          }
          if (found.length > 0 || !failed) await printInspected(found, options.format as string | undefined);
          return failed ? 1 : 0;
        },
      },
      argv,
      context,
    ),
};

const remove = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'volume rm',
        usage: '[OPTIONS] VOLUME [VOLUME...]',
        description: 'Remove one or more volumes',
        args: { min: 1 },
        configure: (command) => command.option('-f, --force', 'Force the removal of one or more volumes'),
        action: async (names, options, client) => {
          let failed = false;
          for (const name of names) {
            try {
              await client.status('DELETE', `/volumes/${encodeURIComponent(name)}`, { query: { force: !!options.force } });
              process.stdout.write(`${name}\n`);
            } catch (err) {
              if (!(err instanceof DaemonError)) throw err;
              failed = true;
              process.stderr.write(`Error response from daemon: ${err.message}\n`);
            }
          }
          return failed ? 1 : 0;
        },
      },
      argv,
      context,
    ),
};

const prune = {
  run: (argv: string[], context: CliContext) =>
    runVerb(
      {
        name: 'volume prune',
        usage: '[OPTIONS]',
        description: 'Remove unused local volumes',
        args: { min: 0, max: 0 },
        configure: (command) => command.option('-a, --all', 'Remove all unused volumes, not just anonymous ones').option('-f, --force', 'Do not prompt for confirmation').option('--filter <filter>', 'Provide filter values', collect, []),
        action: async (_args, options, client) => {
          const filters = [...(options.filter as string[]), ...(options.all ? ['all=true'] : [])];
          const result = await client.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune', { query: { filters: filtersParam(filters) } });
          const deleted = result.VolumesDeleted ?? [];
          if (deleted.length > 0) process.stdout.write(`Deleted Volumes:\n${deleted.map((name) => `${name}\n`).join('')}\n`);
          process.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}\n`);
        },
      },
      argv,
      context,
    ),
};

export function run(argv: string[], context: CliContext): Promise<number> {
  return dispatchSubcommand('volume', 'Manage volumes', { create: async () => create, ls: async () => list, list: async () => list, inspect: async () => inspect, rm: async () => remove, remove: async () => remove, prune: async () => prune }, argv, context);
}
