// `minato inspect [-f FORMAT] [--type container|image|volume] NAME...`: containers first, then
// images, then volumes, as docker inspect looks them up.
import { DaemonError, type DaemonClient } from '../client.ts';
import { CliFailure, runVerb, UsageError } from '../command.ts';
import type { CliContext } from '../context.ts';
import { compileTemplate } from '../format/template.ts';

const paths: Record<string, (name: string) => string> = {
  container: (name) => `/containers/${encodeURIComponent(name)}/json`,
  image: (name) => `/images/${name}/json`,
  volume: (name) => `/volumes/${encodeURIComponent(name)}`,
};

async function lookup(client: DaemonClient, name: string, type: string | undefined): Promise<unknown> {
  const types = type ? [type] : ['container', 'image', 'volume'];
  for (const candidate of types) {
    try {
      return await client.json('GET', paths[candidate]!(name));
    } catch (err) {
      if (!(err instanceof DaemonError) || err.status !== 404) throw err;
    }
  }
  throw new CliFailure(`Error: No such ${type ?? 'object'}: ${name}`, 1);
}

export async function printInspected(objects: unknown[], format: string | undefined): Promise<void> {
  if (format) {
    const render = compileTemplate(format);
    process.stdout.write(objects.map((object) => `${render(object)}\n`).join(''));
  } else {
    process.stdout.write(`${JSON.stringify(objects, null, 4)}\n`);
  }
}

export async function inspectAll(client: DaemonClient, names: string[], type: string | undefined, format: string | undefined): Promise<number> {
  if (type && !(type in paths)) throw new UsageError(`"${type}" is not a valid value for --type`);
  const found: unknown[] = [];
  let failed = false;
  for (const name of names) {
    try {
      found.push(await lookup(client, name, type));
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err;
      failed = true;
      process.stderr.write(`${err.message}\n`);
    }
  }
  if (found.length > 0 || !failed) await printInspected(found, format);
  return failed ? 1 : 0;
}

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'inspect',
      usage: '[OPTIONS] NAME|ID [NAME|ID...]',
      description: 'Return low-level information on Minato objects',
      args: { min: 1 },
      configure: (command) => command.option('-f, --format <string>', 'Format output using a custom template').option('--type <string>', 'Only inspect objects of the given type').option('-s, --size', 'Display total file sizes if the type is container'),
      action: (args, options, client) => inspectAll(client, args, options.type as string | undefined, options.format as string | undefined),
    },
    argv,
    context,
  );
}
