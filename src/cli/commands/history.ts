// `minato history IMAGE`: IMAGE, CREATED, CREATED BY, SIZE, COMMENT.
import { humanDuration, humanSize } from '../../util/human.ts';
import { runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { renderList } from '../format/output.ts';
import { ellipsis } from '../format/table.ts';

interface HistoryRow {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
}

export const historyVerb = (name: string) => ({
  name,
  usage: '[OPTIONS] IMAGE',
  description: 'Show the history of an image',
  args: { min: 1, max: 1 },
  configure: (command: import('commander').Command) => command.option('-H, --human', 'Print sizes and dates in human readable format', true).option('--no-trunc', "Don't truncate output").option('-q, --quiet', 'Only show image IDs').option('--format <string>', 'Format output using a custom template'),
  action: async ([image]: string[], options: Record<string, unknown>, client: import('../client.ts').DaemonClient) => {
    const history = await client.json<HistoryRow[]>('GET', `/images/${image}/history`);
    const trunc = options.trunc !== false;
    const id = (row: HistoryRow) => (row.Id.startsWith('sha256:') && trunc ? row.Id.slice(7, 19) : row.Id);
    if (options.quiet) {
      process.stdout.write(history.map((row) => `${id(row)}\n`).join(''));
      return;
    }
    process.stdout.write(
      renderList(
        history,
        [
          { header: 'IMAGE', field: 'ID', value: id },
          { header: 'CREATED', field: 'CreatedSince', value: (row) => (row.Created > 0 ? `${humanDuration(Date.now() - row.Created * 1000)} ago` : 'N/A') },
          { header: 'CREATED BY', field: 'CreatedBy', value: (row) => (trunc ? ellipsis(row.CreatedBy, 45) : row.CreatedBy) },
          { header: 'SIZE', field: 'Size', value: (row) => humanSize(row.Size) },
          { header: 'COMMENT', field: 'Comment', value: (row) => row.Comment },
        ],
        options.format as string | undefined,
      ),
    );
  },
});

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(historyVerb('history'), argv, context);
}
