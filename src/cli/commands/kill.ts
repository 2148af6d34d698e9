// `minato kill [-s SIGNAL] CONTAINER...`
import { forEachArgument, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'kill',
      usage: '[OPTIONS] CONTAINER [CONTAINER...]',
      description: 'Kill one or more running containers',
      args: { min: 1 },
      configure: (command) => command.option('-s, --signal <string>', 'Signal to send to the container', 'KILL'),
      action: (args, options, client) =>
        forEachArgument(args, async (name) => {
          await client.status('POST', `/containers/${encodeURIComponent(name)}/kill`, { query: { signal: options.signal as string } });
        }),
    },
    argv,
    context,
  );
}
