import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  CliFailure,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/load.ts
import { createReadStream } from "node:fs";
function run(argv, context) {
  return runVerb(
    {
      name: "load",
      usage: "[OPTIONS]",
      description: "Load an image from a tar archive or STDIN",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("-i, --input <string>", "Read from tar archive file, instead of STDIN").option("-q, --quiet", "Suppress the load output"),
      action: async (_args, options, client) => {
        const input = options.input;
        if (!input && process.stdin.isTTY) throw new CliFailure("requested load from stdin, but stdin is empty", 1);
        const upload = input ? createReadStream(input) : process.stdin;
        upload.on("error", () => void 0);
        if (input) {
          await new Promise((resolve, reject) => {
            upload.once("open", () => resolve());
            upload.once("error", (err) => reject(new CliFailure(`open ${input}: ${err.code === "ENOENT" ? "no such file or directory" : err.message}`, 1)));
          });
        }
        const response = await client.call("POST", "/images/load", { query: { quiet: !!options.quiet }, upload, headers: { "Content-Type": "application/x-tar" } });
        await client.jsonStream(response, (message) => {
          if (typeof message.error === "string") throw new CliFailure(message.error, 1);
          if (typeof message.stream === "string" && !options.quiet) process.stdout.write(message.stream);
        });
      }
    },
    argv,
    context
  );
}
export {
  run
};
