import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  forEachArgument,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/kill.ts
function run(argv, context) {
  return runVerb(
    {
      name: "kill",
      usage: "[OPTIONS] CONTAINER [CONTAINER...]",
      description: "Kill one or more running containers",
      args: { min: 1 },
      configure: (command) => command.option("-s, --signal <string>", "Signal to send to the container", "KILL"),
      action: (args, options, client) => forEachArgument(args, async (name) => {
        await client.status("POST", `/containers/${encodeURIComponent(name)}/kill`, { query: { signal: options.signal } });
      })
    },
    argv,
    context
  );
}
export {
  run
};
