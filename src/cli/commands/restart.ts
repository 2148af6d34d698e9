// `minato restart [-t N] CONTAINER...`
import { forEachArgument, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'restart',
      usage: '[OPTIONS] CONTAINER [CONTAINER...]',
      description: 'Restart one or more containers',
      args: { min: 1 },
      configure: (command) => command.option('-t, --timeout <int>', 'Seconds to wait before killing the container').option('-s, --signal <string>', 'Signal to send to the container'),
      action: (args, options, client) =>
        forEachArgument(args, async (name) => {
          await client.status('POST', `/containers/${encodeURIComponent(name)}/restart`, { query: { t: options.timeout as string | undefined, signal: options.signal as string | undefined } });
        }),
    },
    argv,
    context,
  );
}
