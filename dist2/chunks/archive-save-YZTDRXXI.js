import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  require_tar_stream
} from "./chunk-JW6AHRBS.js";
import {
  familiarString,
  formatReference,
  parseReference,
  withDefaultTag
} from "./chunk-RYK2OQ2K.js";
import {
  digestHex
} from "./chunk-TJZW3NEO.js";
import "./chunk-UU4MRRHX.js";
import {
  __toESM
} from "./chunk-UR4QG67B.js";

// src/engine/images/archive-save.ts
var import_tar_stream = __toESM(require_tar_stream(), 1);
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
async function saveImages(images, names) {
  const byManifest = /* @__PURE__ */ new Map();
  for (const name of names) {
    const image = images.resolve(name);
    let saved = byManifest.get(image.manifestDigest);
    if (!saved) {
      const info = await images.content.info(image.manifestDigest);
      saved = { manifestDigest: image.manifestDigest, manifestMediaType: image.manifestMediaType, manifestSize: info.size, manifest: await images.manifest(image), names: [] };
      byManifest.set(image.manifestDigest, saved);
    }
    const tag = taggedName(name, image.tags);
    if (tag && !saved.names.includes(tag)) saved.names.push(tag);
  }
  const output = new PassThrough();
  writeArchive(images, [...byManifest.values()], output).catch((err) => output.destroy(err));
  return output;
}
function taggedName(name, tags) {
  try {
    const full = formatReference(withDefaultTag(parseReference(name)));
    return tags.includes(full) ? full : void 0;
  } catch {
    return void 0;
  }
}
async function writeArchive(images, saved, output) {
  const tar = (0, import_tar_stream.pack)();
  const done = pipeline(tar, output);
  const written = /* @__PURE__ */ new Set();
  const addBuffer = (name, data) => {
    tar.entry({ name, mode: 420, mtime: /* @__PURE__ */ new Date(0) }, data);
  };
  const addBlob = async (digest) => {
    if (written.has(digest)) return;
    written.add(digest);
    const { size } = await images.content.info(digest);
    await new Promise((resolve, reject) => {
      const entry = tar.entry({ name: `blobs/sha256/${digestHex(digest)}`, size, mode: 420, mtime: /* @__PURE__ */ new Date(0) }, (err) => err ? reject(err) : resolve());
      images.content.openRead(digest).on("error", reject).pipe(entry);
    });
  };
  addBuffer("oci-layout", JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  for (const image of saved) {
    await addBlob(image.manifestDigest);
    await addBlob(image.manifest.config.digest);
    for (const layer of image.manifest.layers) await addBlob(layer.digest);
  }
  const index = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: saved.flatMap((image) => {
      const descriptor = { mediaType: image.manifestMediaType, digest: image.manifestDigest, size: image.manifestSize };
      if (image.names.length === 0) return [descriptor];
      return image.names.map((name) => ({
        ...descriptor,
        annotations: { "io.containerd.image.name": name, "org.opencontainers.image.ref.name": parseReference(name).tag ?? "latest" }
      }));
    })
  };
  addBuffer("index.json", JSON.stringify(index));
  const dockerManifest = saved.map((image) => ({
    Config: `blobs/sha256/${digestHex(image.manifest.config.digest)}`,
    RepoTags: image.names.map((name) => familiarString(parseReference(name))),
    Layers: image.manifest.layers.map((layer) => `blobs/sha256/${digestHex(layer.digest)}`)
  }));
  addBuffer("manifest.json", JSON.stringify(dockerManifest));
  tar.finalize();
  await done;
}
export {
  saveImages
};
