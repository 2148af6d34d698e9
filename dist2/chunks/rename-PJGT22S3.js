import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/rename.ts
function run(argv, context) {
  return runVerb(
    {
      name: "rename",
      usage: "CONTAINER NEW_NAME",
      description: "Rename a container",
      args: { min: 2, max: 2 },
      action: async ([container, name], _options, client) => {
        await client.status("POST", `/containers/${encodeURIComponent(container)}/rename`, { query: { name } });
      }
    },
    argv,
    context
  );
}
export {
  run
};
