// `minato push [-a] [-q] NAME[:TAG]`: the daemon pushes a local image (all local tags of the
// repository with -a); this shows its progress as docker does.
import { formatReference, withDefaultTag } from '../../engine/images/reference.ts';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { referenceArgument } from '../pull-image.ts';
import { registryAuthHeader, renderProgress } from '../registry-credentials.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'push',
      usage: '[OPTIONS] NAME[:TAG]',
      description: 'Upload an image to a registry',
      args: { min: 1, max: 1 },
      configure: (command) => command.option('-a, --all-tags', 'Push all tags of an image to the repository').option('-q, --quiet', 'Suppress verbose output'),
      action: async ([name], options, client) => {
        let ref = referenceArgument(name!);
        const all = !!options.allTags;
        const quiet = !!options.quiet;
        if (ref.digest !== undefined) throw new CliFailure(`cannot push a digest reference: ${name}`, 1);
        if (all && ref.tag !== undefined) throw new CliFailure("tag can't be used with --all-tags/-a", 1);
        if (!all && ref.tag === undefined) {
          if (!quiet) process.stdout.write('Using default tag: latest\n');
          ref = withDefaultTag(ref);
        }
        const response = await client.call('POST', `/images/${formatReference({ domain: ref.domain, path: ref.path })}/push`, {
          query: { tag: ref.tag },
          headers: { 'X-Registry-Auth': await registryAuthHeader(ref.domain) },
        });
        await renderProgress(client, response, quiet);
        if (quiet) process.stdout.write(`${formatReference(ref)}\n`);
      },
    },
    argv,
    context,
  );
}
