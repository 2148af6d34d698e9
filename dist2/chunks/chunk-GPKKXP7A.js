import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  filtersParam
} from "./chunk-B4AMXNCF.js";
import {
  renderList
} from "./chunk-2E4PYTVK.js";
import {
  humanDuration,
  humanSize
} from "./chunk-KA3WHFZC.js";
import {
  collect,
  runVerb
} from "./chunk-YXJJQ5AZ.js";

// src/cli/commands/images.ts
function rows(images) {
  return images.flatMap((image) => {
    const base = { id: image.Id, created: image.Created, size: image.Size, digest: image.RepoDigests[0]?.split("@")[1] ?? "<none>" };
    if (image.RepoTags.length === 0) return [{ ...base, repository: "<none>", tag: "<none>" }];
    return image.RepoTags.map((repoTag) => {
      const colon = repoTag.lastIndexOf(":");
      return { ...base, repository: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1) };
    });
  });
}
async function listImages(client, argv) {
  const filters = [...argv.filters, ...argv.reference ? [`reference=${argv.reference}`] : []];
  return client.json("GET", "/images/json", { query: { all: !!argv.all, filters: filtersParam(filters) } });
}
var imagesVerb = (name) => ({
  name,
  usage: "[OPTIONS] [REPOSITORY[:TAG]]",
  description: "List images",
  args: { min: 0, max: 1 },
  configure: (command) => command.option("-a, --all", "Show all images (default hides intermediate images)").option("-q, --quiet", "Only show image IDs").option("--no-trunc", "Don't truncate output").option("--digests", "Show digests").option("-f, --filter <filter>", "Filter output based on conditions provided", collect, []).option("--format <string>", "Format output using a custom template"),
  action: async ([reference], options, client) => {
    const images = await listImages(client, { reference, all: !!options.all, filters: options.filter });
    const trunc = options.trunc !== false;
    const shortId = (id) => trunc ? id.slice(7, 19) : id;
    if (options.quiet) {
      process.stdout.write([...new Set(images.map((image) => shortId(image.Id)))].map((id) => `${id}
`).join(""));
      return;
    }
    const columns = [
      { header: "REPOSITORY", field: "Repository", value: (r) => r.repository },
      { header: "TAG", field: "Tag", value: (r) => r.tag },
      ...options.digests ? [{ header: "DIGEST", field: "Digest", value: (r) => r.digest }] : [],
      { header: "IMAGE ID", field: "ID", value: (r) => shortId(r.id) },
      { header: "CREATED", field: "CreatedSince", value: (r) => r.created > 0 ? `${humanDuration(Date.now() - r.created * 1e3)} ago` : "N/A" },
      { header: "SIZE", field: "Size", value: (r) => humanSize(r.size) }
    ];
    process.stdout.write(renderList(rows(images), columns, options.format));
  }
});
function run(argv, context) {
  return runVerb(imagesVerb("images"), argv, context);
}

export {
  listImages,
  imagesVerb,
  run
};
