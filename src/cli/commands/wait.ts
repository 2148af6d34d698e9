// `minato wait CONTAINER...`: prints each exit code.
import { DaemonError } from '../client.ts';
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'wait',
      usage: 'CONTAINER [CONTAINER...]',
      description: 'Block until one or more containers stop, then print their exit codes',
      args: { min: 1 },
      action: async (args, _options, client) => {
        let failed = false;
        for (const name of args) {
          try {
            const status = await client.json<{ StatusCode: number }>('POST', `/containers/${encodeURIComponent(name)}/wait`, { query: { condition: 'not-running' } });
            process.stdout.write(`${status.StatusCode}\n`);
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
  );
}
