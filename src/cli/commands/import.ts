// `minato import FILE|- [REPOSITORY[:TAG]]`: a root filesystem tarball becomes an image.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { CliFailure, collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'import',
      usage: '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
      description: 'Import the contents from a tarball to create a filesystem image',
      args: { min: 1, max: 2 },
      configure: (command) => command.option('-c, --change <list>', 'Apply Dockerfile instruction to the created image', collect, []).option('-m, --message <string>', 'Set commit message for imported image').option('--platform <string>', 'Set platform if server is multi-platform capable'),
      action: async ([source, reference], options, client) => {
        if (/^https?:\/\//.test(source!)) throw new CliFailure('importing from a URL is not supported: download the file and import it', 1);
        if (source !== '-') {
          await access(source!).catch(() => {
            throw new CliFailure(`open ${source}: no such file or directory`, 1);
          });
        }
        const upload = source === '-' ? process.stdin : createReadStream(source!);
        const response = await client.call('POST', '/images/create', {
          query: { fromSrc: '-', repo: reference, message: options.message as string | undefined, changes: options.change as string[] },
          upload,
          headers: { 'Content-Type': 'application/x-tar' },
        });
        await client.jsonStream(response, (message) => {
          if (typeof message.error === 'string') throw new CliFailure(message.error, 1);
          if (typeof message.status === 'string') process.stdout.write(`${message.status}\n`);
        });
      },
    },
    argv,
    context,
  );
}
