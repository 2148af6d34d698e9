// Docker's tables: columns padded to their widest cell plus three spaces (Go's tabwriter with
// padding 3), the last column unpadded.
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => [...(row[column] ?? '')].length)));
  const lines = all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column]! - [...cell].length + 3)))
      .join('')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/** Docker's ellipsis truncation for COMMAND columns: 20 characters with "…". */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
