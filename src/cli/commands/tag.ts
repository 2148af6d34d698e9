// `minato tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export const tagVerb = (name: string) => ({
  name,
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  args: { min: 2, max: 2 },
  action: async ([source, target]: string[], _options: Record<string, unknown>, client: import('../client.ts').DaemonClient) => {
    const slash = target!.lastIndexOf('/');
    const colon = target!.lastIndexOf(':');
    const [repo, tag] = colon > slash ? [target!.slice(0, colon), target!.slice(colon + 1)] : [target!, undefined];
    await client.status('POST', `/images/${source}/tag`, { query: { repo, tag } });
  },
});

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(tagVerb('tag'), argv, context);
}
