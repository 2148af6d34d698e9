import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  ellipsis,
  renderList
} from "./chunk-2E4PYTVK.js";
import {
  humanDuration,
  humanSize
} from "./chunk-KA3WHFZC.js";
import {
  runVerb
} from "./chunk-YXJJQ5AZ.js";

// src/cli/commands/history.ts
var historyVerb = (name) => ({
  name,
  usage: "[OPTIONS] IMAGE",
  description: "Show the history of an image",
  args: { min: 1, max: 1 },
  configure: (command) => command.option("-H, --human", "Print sizes and dates in human readable format", true).option("--no-trunc", "Don't truncate output").option("-q, --quiet", "Only show image IDs").option("--format <string>", "Format output using a custom template"),
  action: async ([image], options, client) => {
    const history = await client.json("GET", `/images/${image}/history`);
    const trunc = options.trunc !== false;
    const id = (row) => row.Id.startsWith("sha256:") && trunc ? row.Id.slice(7, 19) : row.Id;
    if (options.quiet) {
      process.stdout.write(history.map((row) => `${id(row)}
`).join(""));
      return;
    }
    process.stdout.write(
      renderList(
        history,
        [
          { header: "IMAGE", field: "ID", value: id },
          { header: "CREATED", field: "CreatedSince", value: (row) => row.Created > 0 ? `${humanDuration(Date.now() - row.Created * 1e3)} ago` : "N/A" },
          { header: "CREATED BY", field: "CreatedBy", value: (row) => trunc ? ellipsis(row.CreatedBy, 45) : row.CreatedBy },
          { header: "SIZE", field: "Size", value: (row) => humanSize(row.Size) },
          { header: "COMMENT", field: "Comment", value: (row) => row.Comment }
        ],
        options.format
      )
    );
  }
});
function run(argv, context) {
  return runVerb(historyVerb("history"), argv, context);
}

export {
  historyVerb,
  run
};
