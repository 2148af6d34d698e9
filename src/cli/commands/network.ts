// `minato network create|ls|inspect|rm|connect|disconnect|prune`
import { DaemonError, type DaemonClient } from '../client.ts';
import { collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { filtersParam } from '../filters.ts';
import { keyValues } from '../key-values.ts';
import { type Column, renderList } from '../format/output.ts';
import { dispatchSubcommand } from '../subcommands.ts';
import { printInspected } from './inspect.ts';

interface NetworkView {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
}


async function eachName(names: string[], action: (name: string) => Promise<void>): Promise<number> {
  let failed = false;
  for (const name of names) {
    try {
      await action(name);
    } catch (err) {
      if (!(err instanceof DaemonError)) throw err;
      failed = true;
      process.stderr.write(`Error response from daemon: ${err.message}\n`);
    }
  }
  return failed ? 1 : 0;
}

const verbs = {
  create: {
    name: 'network create',
    usage: '[OPTIONS] NETWORK',
    description: 'Create a network',
    args: { min: 1, max: 1 },
    configure: (command: import('commander').Command) =>
      command
        .option('-d, --driver <string>', 'Driver to manage the Network', 'bridge')
        .option('--subnet <strings>', 'Subnet in CIDR format that represents a network segment', collect, [])
        .option('--gateway <strings>', 'IPv4 or IPv6 Gateway for the master subnet', collect, [])
        .option('--internal', 'Restrict external access to the network')
        .option('--label <list>', 'Set metadata on a network', collect, [])
        .option('-o, --opt <map>', 'Set driver specific options', collect, []),
    action: async ([name]: string[], options: Record<string, unknown>, client: DaemonClient) => {
      const subnets = options.subnet as string[];
      const gateways = options.gateway as string[];
      const config = subnets.map((subnet, index) => ({ Subnet: subnet, ...(gateways[index] ? { Gateway: gateways[index] } : {}) }));
      if (config.length === 0 && gateways.length > 0) config.push({ Subnet: '', Gateway: gateways[0]! });
      const created = await client.json<{ Id: string }>('POST', '/networks/create', {
        body: { Name: name, Driver: options.driver, Internal: !!options.internal, Labels: keyValues(options.label as string[]), Options: keyValues(options.opt as string[]), IPAM: { Driver: 'default', Config: config } },
      });
      process.stdout.write(`${created.Id}\n`);
    },
  },
  ls: {
    name: 'network ls',
    usage: '[OPTIONS]',
    description: 'List networks',
    args: { min: 0, max: 0 },
    configure: (command: import('commander').Command) => command.option('-q, --quiet', 'Only display network IDs').option('--no-trunc', 'Do not truncate the output').option('-f, --filter <filter>', 'Provide filter values', collect, []).option('--format <string>', 'Format output using a custom template'),
    action: async (_args: string[], options: Record<string, unknown>, client: DaemonClient) => {
      const networks = await client.json<NetworkView[]>('GET', '/networks', { query: { filters: filtersParam(options.filter as string[]) } });
      const trunc = options.trunc !== false;
      const id = (network: NetworkView) => (trunc ? network.Id.slice(0, 12) : network.Id);
      if (options.quiet) {
        process.stdout.write(networks.map((network) => `${id(network)}\n`).join(''));
        return;
      }
      const columns: Column<NetworkView>[] = [
        { header: 'NETWORK ID', field: 'ID', value: id },
        { header: 'NAME', field: 'Name', value: (network) => network.Name },
        { header: 'DRIVER', field: 'Driver', value: (network) => network.Driver },
        { header: 'SCOPE', field: 'Scope', value: (network) => network.Scope },
      ];
      process.stdout.write(renderList(networks, columns, options.format as string | undefined));
    },
  },
  inspect: {
    name: 'network inspect',
    usage: '[OPTIONS] NETWORK [NETWORK...]',
    description: 'Display detailed information on one or more networks',
    args: { min: 1 },
    configure: (command: import('commander').Command) => command.option('-f, --format <string>', 'Format output using a custom template'),
    action: async (names: string[], options: Record<string, unknown>, client: DaemonClient) => {
      const found: unknown[] = [];
      const code = await eachName(names, async (name) => {
        found.push(await client.json('GET', `/networks/${encodeURIComponent(name)}`));
      });
      if (found.length > 0 || code === 0) await printInspected(found, options.format as string | undefined);
      return code;
    },
  },
  rm: {
    name: 'network rm',
    usage: 'NETWORK [NETWORK...]',
    description: 'Remove one or more networks',
    args: { min: 1 },
    action: (names: string[], _options: Record<string, unknown>, client: DaemonClient) =>
      eachName(names, async (name) => {
        await client.status('DELETE', `/networks/${encodeURIComponent(name)}`);
        process.stdout.write(`${name}\n`);
      }),
  },
  connect: {
    name: 'network connect',
    usage: '[OPTIONS] NETWORK CONTAINER',
    description: 'Connect a container to a network',
    args: { min: 2, max: 2 },
    configure: (command: import('commander').Command) => command.option('--alias <strings>', 'Add network-scoped alias for the container', collect, []),
    action: async ([network, container]: string[], options: Record<string, unknown>, client: DaemonClient) => {
      await client.status('POST', `/networks/${encodeURIComponent(network!)}/connect`, { body: { Container: container, EndpointConfig: { Aliases: options.alias } } });
    },
  },
  disconnect: {
    name: 'network disconnect',
    usage: '[OPTIONS] NETWORK CONTAINER',
    description: 'Disconnect a container from a network',
    args: { min: 2, max: 2 },
    configure: (command: import('commander').Command) => command.option('-f, --force', 'Force the container to disconnect from a network'),
    action: async ([network, container]: string[], options: Record<string, unknown>, client: DaemonClient) => {
      await client.status('POST', `/networks/${encodeURIComponent(network!)}/disconnect`, { body: { Container: container, Force: !!options.force } });
    },
  },
  prune: {
    name: 'network prune',
    usage: '[OPTIONS]',
    description: 'Remove all unused networks',
    args: { min: 0, max: 0 },
    configure: (command: import('commander').Command) => command.option('-f, --force', 'Do not prompt for confirmation').option('--filter <filter>', 'Provide filter values', collect, []),
    action: async (_args: string[], options: Record<string, unknown>, client: DaemonClient) => {
      const result = await client.json<{ NetworksDeleted: string[] | null }>('POST', '/networks/prune', { query: { filters: filtersParam(options.filter as string[]) } });
      const deleted = result.NetworksDeleted ?? [];
      if (deleted.length > 0) process.stdout.write(`Deleted Networks:\n${deleted.map((name) => `${name}\n`).join('')}`);
    },
  },
};

export function run(argv: string[], context: CliContext): Promise<number> {
  const table = Object.fromEntries(
    Object.entries({ ...verbs, list: verbs.ls, remove: verbs.rm }).map(([name, spec]) => [name, async () => ({ run: (args: string[], ctx: CliContext) => runVerb(spec, args, ctx) })]),
  );
  return dispatchSubcommand('network', 'Manage networks', table, argv, context);
}
