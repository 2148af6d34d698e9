import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  createContainer
} from "./chunk-ID54QBLO.js";
import {
  addContainerFlags,
  createRequestBody
} from "./chunk-2N37BUMO.js";
import "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import "./chunk-SVSPA7UD.js";
import "./chunk-AZI556CR.js";
import {
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/create.ts
import { writeFileSync } from "node:fs";
function run(argv, context) {
  return runVerb(
    {
      name: "create",
      usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
      description: "Create a new container",
      args: { min: 1 },
      passThrough: true,
      configure: (command) => addContainerFlags(command),
      action: async ([image, ...command], options, client) => {
        const flags = options;
        const body = createRequestBody(image, command, flags, { detached: true });
        const id = await createContainer(client, flags.name, body);
        if (flags.cidfile) writeFileSync(flags.cidfile, id, { flag: "wx" });
        process.stdout.write(`${id}
`);
      }
    },
    argv,
    context
  );
}
export {
  run
};
