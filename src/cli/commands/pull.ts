// `minato pull [-a] [--platform P] [-q] NAME[:TAG|@DIGEST]`: the daemon pulls; this shows its
// progress as docker does and ends with the full reference of what was pulled.
import { formatReference, withDefaultTag } from '../../engine/images/reference.ts';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { pullThroughDaemon, referenceArgument } from '../pull-image.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'pull',
      usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
      description: 'Download an image from a registry',
      args: { min: 1, max: 1 },
      configure: (command) =>
        command
          .option('-a, --all-tags', 'Download all tagged images in the repository')
          .option('--platform <string>', 'Set platform if server is multi-platform capable (e.g. linux/arm64)')
          .option('-q, --quiet', 'Suppress verbose output'),
      action: async ([name], options, client) => {
        let ref = referenceArgument(name!);
        const all = !!options.allTags;
        const quiet = !!options.quiet;
        if (all && (ref.tag !== undefined || ref.digest !== undefined)) throw new CliFailure("tag can't be used with --all-tags/-a", 1);
        if (!all && ref.tag === undefined && ref.digest === undefined) {
          if (!quiet) process.stdout.write('Using default tag: latest\n');
          ref = withDefaultTag(ref);
        }
        await pullThroughDaemon(client, ref, { platform: options.platform as string | undefined, quiet });
        process.stdout.write(`${formatReference(ref)}\n`);
      },
    },
    argv,
    context,
  );
}
