// `minato build [-t NAME:TAG]... [-f FILE] [--build-arg K=V] [--target STAGE] [--no-cache]
// [--progress plain|tty] CONTEXT|-`: sends the context to POST /build (the classic builder's
// endpoint, as `DOCKER_BUILDKIT=0 docker build` does) and shows the daemon's progress.
import { writeFileSync } from 'node:fs';
import { CliFailure, collect, runVerb, UsageError } from '../command.ts';
import type { CliContext } from '../context.ts';
import { contextTar } from '../context-tar.ts';
import { keyValues } from '../key-values.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'build',
      usage: '[OPTIONS] PATH | -',
      description: 'Build an image from a Dockerfile',
      args: { min: 1, max: 1 },
      configure: (command) =>
        command
          .option('-t, --tag <list>', 'Name and optionally a tag in the "name:tag" format', collect, [])
          .option('-f, --file <string>', "Name of the Dockerfile (default: 'PATH/Dockerfile')")
          .option('--build-arg <list>', 'Set build-time variables', collect, [])
          .option('--target <string>', 'Set the target build stage to build')
          .option('--no-cache', 'Do not use cache when building the image')
          .option('--progress <string>', 'Set type of progress output (auto, plain, tty)', 'auto')
          .option('-q, --quiet', 'Suppress the build output and print image ID on success')
          .option('--label <list>', 'Set metadata for an image', collect, [])
          .option('--network <string>', 'Set the networking mode for the RUN instructions during build', 'default')
          .option('--iidfile <string>', 'Write the image ID to the file')
          .option('--pull', 'Always attempt to pull a newer version of the image'),
      action: async ([contextDir], options, client) => {
        const progress = options.progress as string;
        if (!['auto', 'plain', 'tty'].includes(progress)) throw new UsageError(`invalid argument "${progress}" for "--progress" flag: want auto, plain or tty`);
        const buildArgs: Record<string, string> = {};
        for (const entry of options.buildArg as string[]) {
          const eq = entry.indexOf('=');
          if (eq < 0) {
            // --build-arg NAME takes the value from this shell, as docker does.
            if (process.env[entry] !== undefined) buildArgs[entry] = process.env[entry]!;
          } else buildArgs[entry.slice(0, eq)] = entry.slice(eq + 1);
        }
        let tar;
        try {
          tar = await contextTar(contextDir!, options.file as string | undefined);
        } catch (err) {
          throw new CliFailure(`ERROR: ${(err as Error).message}`, 1);
        }
        const quiet = !!options.quiet;
        const tty = progress === 'tty' || (progress === 'auto' && !!process.stderr.isTTY);
        const response = await client.call('POST', '/build', {
          query: {
            t: options.tag as string[],
            dockerfile: tar.dockerfile,
            buildargs: JSON.stringify(buildArgs),
            labels: JSON.stringify(keyValues(options.label as string[])),
            target: options.target as string | undefined,
            nocache: options.cache === false,
            networkmode: options.network as string,
            pull: !!options.pull,
            q: quiet,
            progress: tty ? 'tty' : 'plain',
            version: '1',
          },
          upload: tar.stream,
          headers: { 'Content-Type': 'application/x-tar' },
        });
        let imageId: string | undefined;
        let failure: string | undefined;
        await client.jsonStream(response, (message) => {
          if (typeof message.error === 'string') failure = message.error;
          else if (typeof message.stream === 'string' && !quiet) process.stderr.write(message.stream);
          const aux = message.aux as { ID?: string } | undefined;
          if (aux?.ID) imageId = aux.ID;
        });
        if (failure !== undefined) throw new CliFailure(`ERROR: ${failure}`, 1);
        if (!imageId) throw new CliFailure('ERROR: the build ended without an image', 1);
        if (quiet) process.stdout.write(`${imageId}\n`);
        if (options.iidfile) writeFileSync(options.iidfile as string, imageId);
      },
    },
    argv,
    context,
  );
}
