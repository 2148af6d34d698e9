// `minato rmi [-f] IMAGE...`: prints Untagged:/Deleted: lines as docker does.
import { DaemonError } from '../client.ts';
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export const rmiVerb = (name: string) => ({
  name,
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Remove one or more images',
  args: { min: 1 },
  configure: (command: import('commander').Command) => command.option('-f, --force', 'Force removal of the image').option('--no-prune', 'Do not delete untagged parents'),
  action: async (images: string[], options: Record<string, unknown>, client: import('../client.ts').DaemonClient) => {
    let failed = false;
    for (const image of images) {
      try {
        const items = await client.json<{ Untagged?: string; Deleted?: string }[]>('DELETE', `/images/${image}`, { query: { force: !!options.force, noprune: options.prune === false } });
        for (const item of items) process.stdout.write(item.Untagged ? `Untagged: ${item.Untagged}\n` : `Deleted: ${item.Deleted}\n`);
      } catch (err) {
        if (!(err instanceof DaemonError)) throw err;
        failed = true;
        process.stderr.write(`Error response from daemon: ${err.message}\n`);
      }
    }
    return failed ? 1 : 0;
  },
});

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(rmiVerb('rmi'), argv, context);
}
