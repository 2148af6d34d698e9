import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  CliFailure,
  collect,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";

// src/cli/commands/import.ts
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
function run(argv, context) {
  return runVerb(
    {
      name: "import",
      usage: "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
      description: "Import the contents from a tarball to create a filesystem image",
      args: { min: 1, max: 2 },
      configure: (command) => command.option("-c, --change <list>", "Apply Dockerfile instruction to the created image", collect, []).option("-m, --message <string>", "Set commit message for imported image").option("--platform <string>", "Set platform if server is multi-platform capable"),
      action: async ([source, reference], options, client) => {
        if (/^https?:\/\//.test(source)) throw new CliFailure("importing from a URL is not supported: download the file and import it", 1);
        if (source !== "-") {
          await access(source).catch(() => {
            throw new CliFailure(`open ${source}: no such file or directory`, 1);
          });
        }
        const upload = source === "-" ? process.stdin : createReadStream(source);
        const response = await client.call("POST", "/images/create", {
          query: { fromSrc: "-", repo: reference, message: options.message, changes: options.change },
          upload,
          headers: { "Content-Type": "application/x-tar" }
        });
        await client.jsonStream(response, (message) => {
          if (typeof message.error === "string") throw new CliFailure(message.error, 1);
          if (typeof message.status === "string") process.stdout.write(`${message.status}
`);
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
