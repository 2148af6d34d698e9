import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  dispatchSubcommand
} from "./chunk-LPJ2DHJR.js";
import {
  filtersParam
} from "./chunk-B4AMXNCF.js";
import {
  inspectAll
} from "./chunk-DNG7RU6E.js";
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

// src/cli/commands/container.ts
var prune = {
  run: (argv, context) => runVerb(
    {
      name: "container prune",
      usage: "[OPTIONS]",
      description: "Remove all stopped containers",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("-f, --force", "Do not prompt for confirmation").option("--filter <filter>", "Provide filter values", collect, []),
      action: async (_args, options, client) => {
        const result = await client.json("POST", "/containers/prune", { query: { filters: filtersParam(options.filter) } });
        const deleted = result.ContainersDeleted ?? [];
        if (deleted.length > 0) process.stdout.write(`Deleted Containers:
${deleted.map((id) => `${id}
`).join("")}
`);
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
      name: "container inspect",
      usage: "[OPTIONS] CONTAINER [CONTAINER...]",
      description: "Display detailed information on one or more containers",
      args: { min: 1 },
      configure: (command) => command.option("-f, --format <string>", "Format output using a custom template").option("-s, --size", "Display total file sizes"),
      action: (args, options, client) => inspectAll(client, args, "container", options.format)
    },
    argv,
    context
  )
};
function run(argv, context) {
  return dispatchSubcommand(
    "container",
    "Manage containers",
    {
      ls: () => import("./ps-NQBRWLZ5.js"),
      list: () => import("./ps-NQBRWLZ5.js"),
      ps: () => import("./ps-NQBRWLZ5.js"),
      run: () => import("./run-2FEQ6Z2J.js"),
      create: () => import("./create-JK7YY37D.js"),
      start: () => import("./start-P4YNENTM.js"),
      stop: () => import("./stop-MFTF7PVB.js"),
      restart: () => import("./restart-PJ3PWQJE.js"),
      kill: () => import("./kill-NE6SNS2I.js"),
      rm: () => import("./rm-RAPBIPTS.js"),
      remove: () => import("./rm-RAPBIPTS.js"),
      logs: () => import("./logs-OI3SH7L2.js"),
      exec: () => import("./exec-BRPUJNNA.js"),
      attach: () => import("./attach-CPEYZ4TF.js"),
      inspect: async () => inspect,
      wait: () => import("./wait-FNRAKILO.js"),
      stats: () => import("./stats-CD4UEYYG.js"),
      rename: () => import("./rename-PJGT22S3.js"),
      commit: () => import("./commit-UVQS27B2.js"),
      prune: async () => prune
    },
    argv,
    context
  );
}
export {
  run
};
