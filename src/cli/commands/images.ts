// `minato images`: REPOSITORY, TAG, IMAGE ID, CREATED, SIZE — one row per tag, as docker images.
import { humanDuration, humanSize } from '../../util/human.ts';
import type { DaemonClient } from '../client.ts';
import { collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { filtersParam } from '../filters.ts';
import { type Column, renderList } from '../format/output.ts';

interface ImageSummary {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: number;
  Size: number;
}

interface ImageRow {
  repository: string;
  tag: string;
  digest: string;
  id: string;
  created: number;
  size: number;
}

function rows(images: ImageSummary[]): ImageRow[] {
  return images.flatMap((image) => {
    const base = { id: image.Id, created: image.Created, size: image.Size, digest: image.RepoDigests[0]?.split('@')[1] ?? '<none>' };
    if (image.RepoTags.length === 0) return [{ ...base, repository: '<none>', tag: '<none>' }];
    return image.RepoTags.map((repoTag) => {
      const colon = repoTag.lastIndexOf(':');
      return { ...base, repository: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1) };
    });
  });
}

export async function listImages(client: DaemonClient, argv: { reference?: string; all?: boolean; filters: string[] }): Promise<ImageSummary[]> {
  const filters = [...argv.filters, ...(argv.reference ? [`reference=${argv.reference}`] : [])];
  return client.json<ImageSummary[]>('GET', '/images/json', { query: { all: !!argv.all, filters: filtersParam(filters) } });
}

export const imagesVerb = (name: string) => ({
  name,
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  description: 'List images',
  args: { min: 0, max: 1 },
  configure: (command: import('commander').Command) =>
    command
      .option('-a, --all', 'Show all images (default hides intermediate images)')
      .option('-q, --quiet', 'Only show image IDs')
      .option('--no-trunc', "Don't truncate output")
      .option('--digests', 'Show digests')
      .option('-f, --filter <filter>', 'Filter output based on conditions provided', collect, [])
      .option('--format <string>', 'Format output using a custom template'),
  action: async ([reference]: string[], options: Record<string, unknown>, client: DaemonClient) => {
    const images = await listImages(client, { reference, all: !!options.all, filters: options.filter as string[] });
    const trunc = options.trunc !== false;
    const shortId = (id: string) => (trunc ? id.slice(7, 19) : id);
    if (options.quiet) {
      process.stdout.write([...new Set(images.map((image) => shortId(image.Id)))].map((id) => `${id}\n`).join(''));
      return;
    }
    const columns: Column<ImageRow>[] = [
      { header: 'REPOSITORY', field: 'Repository', value: (r) => r.repository },
      { header: 'TAG', field: 'Tag', value: (r) => r.tag },
      ...(options.digests ? [{ header: 'DIGEST', field: 'Digest', value: (r: ImageRow) => r.digest }] : []),
      { header: 'IMAGE ID', field: 'ID', value: (r) => shortId(r.id) },
      { header: 'CREATED', field: 'CreatedSince', value: (r) => (r.created > 0 ? `${humanDuration(Date.now() - r.created * 1000)} ago` : 'N/A') },
      { header: 'SIZE', field: 'Size', value: (r) => humanSize(r.size) },
    ];
    process.stdout.write(renderList(rows(images), columns, options.format as string | undefined));
  },
});

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(imagesVerb('images'), argv, context);
}
