// `minato commit [-a] [-m] [-c] [-p] CONTAINER [REPOSITORY[:TAG]]`
import { collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'commit',
      usage: '[OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
      description: "Create a new image from a container's changes",
      args: { min: 1, max: 2 },
      configure: (command) =>
        command
          .option('-a, --author <string>', 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")')
          .option('-m, --message <string>', 'Commit message')
          .option('-c, --change <list>', 'Apply Dockerfile instruction to the created image', collect, [])
          .option('-p, --pause', 'Pause container during commit', true)
          .option('--no-pause', 'Do not pause the container during commit'),
      action: async ([container, reference], options, client) => {
        let repo: string | undefined;
        let tag: string | undefined;
        if (reference) {
          const colon = reference.lastIndexOf(':');
          if (colon > reference.lastIndexOf('/')) {
            repo = reference.slice(0, colon);
            tag = reference.slice(colon + 1);
          } else repo = reference;
        }
        const result = await client.json<{ Id: string }>('POST', '/commit', {
          query: { container, repo, tag, author: options.author as string | undefined, comment: options.message as string | undefined, changes: options.change as string[], pause: options.pause !== false },
          body: {},
        });
        process.stdout.write(`${result.Id}\n`);
      },
    },
    argv,
    context,
  );
}
