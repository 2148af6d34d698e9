import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  forEachArgument,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/rm.ts
function run(argv, context) {
  return runVerb(
    {
      name: "rm",
      usage: "[OPTIONS] CONTAINER [CONTAINER...]",
      description: "Remove one or more containers",
      args: { min: 1 },
      configure: (command) => command.option("-f, --force", "Force the removal of a running container (uses SIGKILL)").option("-v, --volumes", "Remove anonymous volumes associated with the container"),
      action: (args, options, client) => forEachArgument(args, async (name) => {
        await client.status("DELETE", `/containers/${encodeURIComponent(name)}`, { query: { force: !!options.force, v: !!options.volumes } });
      })
    },
    argv,
    context
  );
}
export {
  run
};
