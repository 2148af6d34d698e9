import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  dispatchSubcommand
} from "./chunk-LPJ2DHJR.js";
import {
  imagesVerb
} from "./chunk-GPKKXP7A.js";
import {
  tagVerb
} from "./chunk-ABEA3U64.js";
import {
  rmiVerb
} from "./chunk-AH4DAY4L.js";
import {
  historyVerb
} from "./chunk-CA7W5YHC.js";
import {
  filtersParam
} from "./chunk-B4AMXNCF.js";
import {
  inspectAll
} from "./chunk-DNG7RU6E.js";
import "./chunk-2E4PYTVK.js";
import "./chunk-5AGIFM7I.js";
import {
  humanSize
} from "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import {
  collect,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/image.ts
var prune = {
  run: (argv, context) => runVerb(
    {
      name: "image prune",
      usage: "[OPTIONS]",
      description: "Remove unused images",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("-a, --all", "Remove all unused images, not just dangling ones").option("-f, --force", "Do not prompt for confirmation").option("--filter <filter>", "Provide filter values", collect, []),
      action: async (_args, options, client) => {
        const filters = [...options.filter, ...options.all ? ["dangling=false"] : []];
        const result = await client.json("POST", "/images/prune", { query: { filters: filtersParam(filters) } });
        const deleted = result.ImagesDeleted ?? [];
        if (deleted.length > 0) {
          process.stdout.write("Deleted Images:\n");
          for (const item of deleted) process.stdout.write(item.Untagged ? `untagged: ${item.Untagged}
` : `deleted: ${item.Deleted}
`);
          process.stdout.write("\n");
        }
        process.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}
`);
      }
    },
    argv,
    context
  )
};
var inspect = {
  run: (argv, context) => runVerb(
    {
      name: "image inspect",
      usage: "[OPTIONS] IMAGE [IMAGE...]",
      description: "Display detailed information on one or more images",
      args: { min: 1 },
      configure: (command) => command.option("-f, --format <string>", "Format output using a custom template"),
      action: (args, options, client) => inspectAll(client, args, "image", options.format)
    },
    argv,
    context
  )
};
function run(argv, context) {
  return dispatchSubcommand(
    "image",
    "Manage images",
    {
      ls: async () => ({ run: (a, c) => runVerb(imagesVerb("image ls"), a, c) }),
      list: async () => ({ run: (a, c) => runVerb(imagesVerb("image ls"), a, c) }),
      inspect: async () => inspect,
      rm: async () => ({ run: (a, c) => runVerb(rmiVerb("image rm"), a, c) }),
      remove: async () => ({ run: (a, c) => runVerb(rmiVerb("image rm"), a, c) }),
      tag: async () => ({ run: (a, c) => runVerb(tagVerb("image tag"), a, c) }),
      history: async () => ({ run: (a, c) => runVerb(historyVerb("image history"), a, c) }),
      prune: async () => prune,
      import: () => import("./import-WTTVP2PF.js"),
      load: () => import("./load-53ZL2NA7.js"),
      save: () => import("./save-IYR7SWGK.js")
    },
    argv,
    context
  );
}
export {
  run
};
