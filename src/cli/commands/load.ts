// `minato load [-i FILE]`: docker save archives and OCI image layouts.
import { createReadStream } from 'node:fs';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'load',
      usage: '[OPTIONS]',
      description: 'Load an image from a tar archive or STDIN',
      args: { min: 0, max: 0 },
      configure: (command) => command.option('-i, --input <string>', 'Read from tar archive file, instead of STDIN').option('-q, --quiet', 'Suppress the load output'),
      action: async (_args, options, client) => {
        const input = options.input as string | undefined;
        if (!input && process.stdin.isTTY) throw new CliFailure('requested load from stdin, but stdin is empty', 1);
        const upload = input ? createReadStream(input) : process.stdin;
        upload.on('error', () => undefined);
        if (input) {
          await new Promise<void>((resolve, reject) => {
            upload.once('open', () => resolve());
            upload.once('error', (err: NodeJS.ErrnoException) => reject(new CliFailure(`open ${input}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`, 1)));
          });
        }
        const response = await client.call('POST', '/images/load', { query: { quiet: !!options.quiet }, upload, headers: { 'Content-Type': 'application/x-tar' } });
        await client.jsonStream(response, (message) => {
          if (typeof message.error === 'string') throw new CliFailure(message.error, 1);
          if (typeof message.stream === 'string' && !options.quiet) process.stdout.write(message.stream);
        });
      },
    },
    argv,
    context,
  );
}
