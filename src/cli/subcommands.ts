// Docker's management commands (`minato image ls`, `minato container rm`, …): a subcommand
// either reuses a top-level verb's module or has its own.
import type { CliContext, CommandModule } from './context.ts';

export type Subcommands = Record<string, () => Promise<CommandModule>>;

export async function dispatchSubcommand(group: string, description: string, table: Subcommands, argv: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    const lines = [`Usage:  minato ${group} COMMAND`, '', description, '', 'Commands:', ...Object.keys(table).map((sub) => `  ${sub}`), '', `Run 'minato ${group} COMMAND --help' for more information on a command.`];
    (name ? process.stdout : process.stderr).write(`${lines.join('\n')}\n`);
    return name ? 0 : 1;
  }
  const load = table[name];
  if (!load) {
    process.stderr.write(`minato ${group}: '${name}' is not a minato ${group} command.\nSee 'minato ${group} --help'\n`);
    return 1;
  }
  const module = await load();
  return module.run(rest, { ...context, verb: `${group} ${name}` });
}
