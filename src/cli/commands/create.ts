// `minato create`: a container, not started.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runVerb } from '../command.ts';
import { addContainerFlags, createRequestBody, type ContainerFlags } from '../container-flags.ts';
import type { CliContext } from '../context.ts';
import { createContainer, createOptions } from './run.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'create',
      usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
      description: 'Create a new container',
      args: { min: 1 },
      passThrough: true,
      configure: (command: Command) => addContainerFlags(command),
      action: async ([image, ...command], options, client) => {
        const flags = options as unknown as ContainerFlags & { cidfile?: string };
        const body = createRequestBody(image!, command, flags, { detached: true });
        const id = await createContainer(client, body, 'create', createOptions(flags));
        if (flags.cidfile) writeFileSync(flags.cidfile, id, { flag: 'wx' });
        process.stdout.write(`${id}\n`);
      },
    },
    argv,
    context,
  );
}
