import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  collect,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/commit.ts
function run(argv, context) {
  return runVerb(
    {
      name: "commit",
      usage: "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
      description: "Create a new image from a container's changes",
      args: { min: 1, max: 2 },
      configure: (command) => command.option("-a, --author <string>", 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")').option("-m, --message <string>", "Commit message").option("-c, --change <list>", "Apply Dockerfile instruction to the created image", collect, []).option("-p, --pause", "Pause container during commit", true).option("--no-pause", "Do not pause the container during commit"),
      action: async ([container, reference], options, client) => {
        let repo;
        let tag;
        if (reference) {
          const colon = reference.lastIndexOf(":");
          if (colon > reference.lastIndexOf("/")) {
            repo = reference.slice(0, colon);
            tag = reference.slice(colon + 1);
          } else repo = reference;
        }
        const result = await client.json("POST", "/commit", {
          query: { container, repo, tag, author: options.author, comment: options.message, changes: options.change, pause: options.pause !== false },
          body: {}
        });
        process.stdout.write(`${result.Id}
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
