import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  CliFailure,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/save.ts
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
function run(argv, context) {
  return runVerb(
    {
      name: "save",
      usage: "[OPTIONS] IMAGE [IMAGE...]",
      description: "Save one or more images to a tar archive (streamed to STDOUT by default)",
      args: { min: 1 },
      configure: (command) => command.option("-o, --output <string>", "Write to a file, instead of STDOUT"),
      action: async (images, options, client) => {
        const output = options.output;
        if (!output && process.stdout.isTTY) throw new CliFailure("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
        const response = await client.call("GET", "/images/get", { query: { names: images } });
        if (!output) {
          await pipeline(response, process.stdout);
          return;
        }
        const partial = `${output}.partial`;
        try {
          await pipeline(response, createWriteStream(partial));
          await rename(partial, output);
        } catch (err) {
          await rm(partial, { force: true });
          throw err;
        }
      }
    },
    argv,
    context
  );
}
export {
  run
};
