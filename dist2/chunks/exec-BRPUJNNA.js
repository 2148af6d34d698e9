import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  readEnvFile
} from "./chunk-2N37BUMO.js";
import "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import {
  pumpAttached
} from "./chunk-SVSPA7UD.js";
import "./chunk-AZI556CR.js";
import {
  collect,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/exec.ts
function run(argv, context) {
  return runVerb(
    {
      name: "exec",
      usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
      description: "Execute a command in a running container",
      args: { min: 2 },
      passThrough: true,
      configure: (command) => command.option("-d, --detach", "Detached mode: run command in the background").option("-i, --interactive", "Keep STDIN open even if not attached").option("-t, --tty", "Allocate a pseudo-TTY").option("-e, --env <list>", "Set environment variables", collect, []).option("--env-file <list>", "Read in a file of environment variables", collect, []).option("-w, --workdir <string>", "Working directory inside the container").option("-u, --user <string>", 'Username or UID (format: "<name|uid>[:<group|gid>]")').option("--privileged", "Give extended privileges to the command"),
      action: async ([container, ...command], options, client) => {
        const detach = !!options.detach;
        const tty = !!options.tty;
        const stdin = !!options.interactive && !detach;
        const env = [...options.envFile.flatMap(readEnvFile), ...options.env];
        const { Id } = await client.json("POST", `/containers/${encodeURIComponent(container)}/exec`, {
          body: {
            Cmd: command,
            Env: env,
            WorkingDir: options.workdir ?? "",
            User: options.user ?? "",
            Tty: tty,
            AttachStdin: stdin,
            AttachStdout: !detach,
            AttachStderr: !detach,
            Privileged: !!options.privileged,
            ConsoleSize: tty && process.stdout.isTTY ? [process.stdout.rows, process.stdout.columns] : null
          }
        });
        if (detach) {
          await client.status("POST", `/exec/${Id}/start`, { body: { Detach: true, Tty: tty } });
          return 0;
        }
        const conn = await client.hijack(`/exec/${Id}/start`, { body: { Detach: false, Tty: tty } });
        await pumpAttached(client, conn, { tty, stdin, resizePath: `/exec/${Id}/resize` });
        const inspect = await client.json("GET", `/exec/${Id}/json`);
        for (let attempt = 0; inspect.ExitCode === null && attempt < 50; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          Object.assign(inspect, await client.json("GET", `/exec/${Id}/json`));
        }
        return inspect.ExitCode ?? 126;
      }
    },
    argv,
    context
  );
}
export {
  run
};
