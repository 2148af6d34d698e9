import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  DaemonError,
  runVerb
} from "./chunk-YXJJQ5AZ.js";

// src/cli/commands/rmi.ts
var rmiVerb = (name) => ({
  name,
  usage: "[OPTIONS] IMAGE [IMAGE...]",
  description: "Remove one or more images",
  args: { min: 1 },
  configure: (command) => command.option("-f, --force", "Force removal of the image").option("--no-prune", "Do not delete untagged parents"),
  action: async (images, options, client) => {
    let failed = false;
    for (const image of images) {
      try {
        const items = await client.json("DELETE", `/images/${image}`, { query: { force: !!options.force, noprune: options.prune === false } });
        for (const item of items) process.stdout.write(item.Untagged ? `Untagged: ${item.Untagged}
` : `Deleted: ${item.Deleted}
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
});
function run(argv, context) {
  return runVerb(rmiVerb("rmi"), argv, context);
}

export {
  rmiVerb,
  run
};
