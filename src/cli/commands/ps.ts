// `minato ps`: CONTAINER ID, IMAGE, COMMAND, CREATED, STATUS, PORTS, NAMES — as docker ps.
import type { ContainerSummary } from '../../engine/containers/container-views.ts';
import { humanDuration } from '../../util/human.ts';
import { collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { filtersParam } from '../filters.ts';
import { type Column, renderList } from '../format/output.ts';
import { ellipsis } from '../format/table.ts';

export function portsText(ports: ContainerSummary['Ports']): string {
  return ports
    .map((port) => (port.PublicPort ? `${port.IP ?? '0.0.0.0'}:${port.PublicPort}->${port.PrivatePort}/${port.Type}` : `${port.PrivatePort}/${port.Type}`))
    .join(', ');
}

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'ps',
      usage: '[OPTIONS]',
      description: 'List containers',
      args: { min: 0, max: 0 },
      configure: (command) =>
        command
          .option('-a, --all', 'Show all containers (default shows just running)')
          .option('-q, --quiet', 'Only display container IDs')
          .option('--no-trunc', "Don't truncate output")
          .option('-n, --last <int>', 'Show n last created containers (includes all states)')
          .option('-l, --latest', 'Show the latest created container (includes all states)')
          .option('-f, --filter <filter>', 'Filter output based on conditions provided', collect, [])
          .option('--format <string>', 'Format output using a custom template'),
      action: async (_args, options, client) => {
        const last = options.latest ? 1 : options.last ? Number(options.last) : undefined;
        const containers = await client.json<ContainerSummary[]>('GET', '/containers/json', {
          query: { all: !!options.all || last !== undefined, limit: last, filters: filtersParam(options.filter as string[]) },
        });
        const trunc = options.trunc !== false;
        if (options.quiet) {
          process.stdout.write(containers.map((c) => `${trunc ? c.Id.slice(0, 12) : c.Id}\n`).join(''));
          return;
        }
        const columns: Column<ContainerSummary>[] = [
          { header: 'CONTAINER ID', field: 'ID', value: (c) => (trunc ? c.Id.slice(0, 12) : c.Id) },
          { header: 'IMAGE', field: 'Image', value: (c) => (trunc && c.Image.startsWith('sha256:') ? c.Image.slice(7, 19) : c.Image) },
          { header: 'COMMAND', field: 'Command', value: (c) => `"${trunc ? ellipsis(c.Command, 20) : c.Command}"` },
          { header: 'CREATED', field: 'RunningFor', value: (c) => `${humanDuration(Date.now() - c.Created * 1000)} ago` },
          { header: 'STATUS', field: 'Status', value: (c) => c.Status },
          { header: 'PORTS', field: 'Ports', value: (c) => portsText(c.Ports) },
          { header: 'NAMES', field: 'Names', value: (c) => c.Names.map((name) => name.slice(1)).join(',') },
          { header: 'STATE', field: 'State', value: (c) => c.State },
          { header: 'LABELS', field: 'Labels', value: (c) => Object.entries(c.Labels).map(([k, v]) => `${k}=${v}`).join(',') },
          { header: 'CREATED AT', field: 'CreatedAt', value: (c) => new Date(c.Created * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000 UTC') },
        ];
        const format = options.format as string | undefined;
        process.stdout.write(renderList(containers, format ? columns : columns.slice(0, 7), format));
      },
    },
    argv,
    context,
  );
}
