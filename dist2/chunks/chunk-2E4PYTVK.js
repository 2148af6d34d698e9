import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  compileTemplate
} from "./chunk-5AGIFM7I.js";

// src/cli/format/table.ts
function formatTable(headers, rows) {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => [...row[column] ?? ""].length)));
  const lines = all.map(
    (row) => row.map((cell, column) => column === row.length - 1 ? cell : cell + " ".repeat(widths[column] - [...cell].length + 3)).join("").trimEnd()
  );
  return `${lines.join("\n")}
`;
}
function ellipsis(text, max) {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}\u2026`;
}

// src/cli/format/output.ts
function renderList(items, columns, format) {
  const view = (item) => Object.fromEntries(columns.map((column) => [column.field, column.value(item)]));
  if (format === void 0 || format === "" || format === "table") {
    return formatTable(columns.map((column) => column.header), items.map((item) => columns.map((column) => column.value(item))));
  }
  if (format === "json") return items.map((item) => `${JSON.stringify(view(item))}
`).join("");
  if (format.startsWith("table ")) {
    const template = format.slice("table ".length);
    const used = columns.filter((column) => template.includes(`.${column.field}`));
    const headerRow = used.length > 0 ? used : columns;
    const render2 = compileTemplate(template);
    const rows = items.map((item) => render2(view(item)).split("	"));
    const headers = template.split("	").map((part) => headerRow.find((column) => part.includes(`.${column.field}`))?.header ?? "");
    return formatTable(headers, rows);
  }
  const render = compileTemplate(format);
  return items.map((item) => `${render(view(item))}
`).join("");
}

export {
  ellipsis,
  renderList
};
