// `minato save [-o FILE] IMAGE...`: one archive readable by docker load and skopeo.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'save',
      usage: '[OPTIONS] IMAGE [IMAGE...]',
      description: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
      args: { min: 1 },
      configure: (command) => command.option('-o, --output <string>', 'Write to a file, instead of STDOUT'),
      action: async (images, options, client) => {
        const output = options.output as string | undefined;
        if (!output && process.stdout.isTTY) throw new CliFailure('cowardly refusing to save to a terminal. Use the -o flag or redirect', 1);
        const response = await client.call('GET', '/images/get', { query: { names: images } });
        if (!output) {
          await pipeline(response, process.stdout);
          return;
        }
        // Written beside the target and renamed, so a failed save leaves no half archive.
        const partial = `${output}.partial`;
        try {
          await pipeline(response, createWriteStream(partial));
          await rename(partial, output);
        } catch (err) {
          await rm(partial, { force: true });
          throw err;
        }
      },
    },
    argv,
    context,
  );
}
