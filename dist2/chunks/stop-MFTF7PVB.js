import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  forEachArgument,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/stop.ts
function run(argv, context) {
  return runVerb(
    {
      name: "stop",
      usage: "[OPTIONS] CONTAINER [CONTAINER...]",
      description: "Stop one or more running containers",
      args: { min: 1 },
      configure: (command) => command.option("-t, --timeout <int>", "Seconds to wait before killing the container").option("-s, --signal <string>", "Signal to send to the container"),
      action: (args, options, client) => forEachArgument(args, async (name) => {
        await client.status("POST", `/containers/${encodeURIComponent(name)}/stop`, { query: { t: options.timeout, signal: options.signal } });
      })
    },
    argv,
    context
  );
}
export {
  run
};
