import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  pumpAttached
} from "./chunk-SVSPA7UD.js";
import "./chunk-AZI556CR.js";
import {
  CliFailure,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/attach.ts
function run(argv, context) {
  return runVerb(
    {
      name: "attach",
      usage: "[OPTIONS] CONTAINER",
      description: "Attach local standard input, output, and error streams to a running container",
      args: { min: 1, max: 1 },
      configure: (command) => command.option("--no-stdin", "Do not attach STDIN"),
      action: async ([name], options, client) => {
        const info = await client.json("GET", `/containers/${encodeURIComponent(name)}/json`);
        if (!info.State.Running) throw new CliFailure("You cannot attach to a stopped container, start it first", 1);
        const stdin = options.stdin !== false && !!info.Config.OpenStdin;
        const conn = await client.hijack(`/containers/${info.Id}/attach`, { query: { stream: true, stdin, stdout: true, stderr: true } });
        await pumpAttached(client, conn, { tty: !!info.Config.Tty, stdin, resizePath: `/containers/${info.Id}/resize` });
        const after = await client.json("GET", `/containers/${info.Id}/json`);
        return after.State.Running ? 0 : after.State.ExitCode;
      }
    },
    argv,
    context
  );
}
export {
  run
};
