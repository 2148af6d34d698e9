// `minato rename CONTAINER NEW_NAME`
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'rename',
      usage: 'CONTAINER NEW_NAME',
      description: 'Rename a container',
      args: { min: 2, max: 2 },
      action: async ([container, name], _options, client) => {
        await client.status('POST', `/containers/${encodeURIComponent(container!)}/rename`, { query: { name } });
      },
    },
    argv,
    context,
  );
}
