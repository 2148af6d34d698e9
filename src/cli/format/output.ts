// `--format` handling shared by the listing verbs: "table" (default), "table TEMPLATE",
// "json", or a plain Go template.
import { compileTemplate } from './template.ts';
import { formatTable } from './table.ts';

export interface Column<T> {
  header: string;
  /** The field name users put in templates ({{.ID}}). */
  field: string;
  value(item: T): string;
}

export function renderList<T>(items: T[], columns: Column<T>[], format: string | undefined): string {
  const view = (item: T) => Object.fromEntries(columns.map((column) => [column.field, column.value(item)]));
  if (format === undefined || format === '' || format === 'table') {
    return formatTable(columns.map((column) => column.header), items.map((item) => columns.map((column) => column.value(item))));
  }
  if (format === 'json') return items.map((item) => `${JSON.stringify(view(item))}\n`).join('');
  if (format.startsWith('table ')) {
    const template = format.slice('table '.length);
    const used = columns.filter((column) => template.includes(`.${column.field}`));
    const headerRow = used.length > 0 ? used : columns;
    const render = compileTemplate(template);
    const rows = items.map((item) => render(view(item)).split('\t'));
    const headers = template.split('\t').map((part) => headerRow.find((column) => part.includes(`.${column.field}`))?.header ?? '');
    return formatTable(headers, rows);
  }
  const render = compileTemplate(format);
  return items.map((item) => `${render(view(item))}\n`).join('');
}
