import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  runVerb
} from "./chunk-YXJJQ5AZ.js";

// src/cli/commands/tag.ts
var tagVerb = (name) => ({
  name,
  usage: "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
  description: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
  args: { min: 2, max: 2 },
  action: async ([source, target], _options, client) => {
    const slash = target.lastIndexOf("/");
    const colon = target.lastIndexOf(":");
    const [repo, tag] = colon > slash ? [target.slice(0, colon), target.slice(colon + 1)] : [target, void 0];
    await client.status("POST", `/images/${source}/tag`, { query: { repo, tag } });
  }
});
function run(argv, context) {
  return runVerb(tagVerb("tag"), argv, context);
}

export {
  tagVerb,
  run
};
