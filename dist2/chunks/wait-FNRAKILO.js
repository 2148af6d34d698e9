import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  DaemonError,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/wait.ts
function run(argv, context) {
  return runVerb(
    {
      name: "wait",
      usage: "CONTAINER [CONTAINER...]",
      description: "Block until one or more containers stop, then print their exit codes",
      args: { min: 1 },
      action: async (args, _options, client) => {
        let failed = false;
        for (const name of args) {
          try {
            const status = await client.json("POST", `/containers/${encodeURIComponent(name)}/wait`, { query: { condition: "not-running" } });
            process.stdout.write(`${status.StatusCode}
`);
          } catch (err) {
            if (!(err instanceof DaemonError)) throw err;
            failed = true;
            process.stderr.write(`Error response from daemon: ${err.message}
`);
          }
        }
        return failed ? 1 : 0;
      }
    },
    argv,
    context
  );
}
export {
  run
};
