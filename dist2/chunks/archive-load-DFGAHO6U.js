import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  MediaType,
  hostArchitecture,
  inspectLayer,
  isIndexMediaType,
  ociLayerMediaType
} from "./chunk-GO7LLL2X.js";
import {
  require_tar_stream
} from "./chunk-JW6AHRBS.js";
import {
  familiarString,
  formatReference,
  parseReference,
  withDefaultTag
} from "./chunk-RYK2OQ2K.js";
import "./chunk-BMGNHTWK.js";
import {
  digestHex,
  isDigest
} from "./chunk-TJZW3NEO.js";
import {
  invalidArgument
} from "./chunk-UU4MRRHX.js";
import {
  __toESM
} from "./chunk-UR4QG67B.js";

// src/engine/images/archive-load.ts
var import_tar_stream = __toESM(require_tar_stream(), 1);
import * as path from "node:path";
function normaliseEntryName(name) {
  const normalised = path.posix.normalize(name.replace(/^\.\/+/, "")).replace(/\/+$/, "");
  if (normalised.startsWith("/") || normalised === ".." || normalised.startsWith("../")) {
    throw invalidArgument(`archive entry "${name}": path leaves the archive`);
  }
  return normalised;
}
async function readArchive(images, input) {
  const contents = { files: /* @__PURE__ */ new Map(), links: /* @__PURE__ */ new Map() };
  const extract = (0, import_tar_stream.extract)();
  input.on("error", (err) => extract.destroy(err));
  input.pipe(extract);
  for await (const entry of extract) {
    const name = normaliseEntryName(entry.header.name);
    if (entry.header.type === "file" || entry.header.type === "contiguous-file") {
      contents.files.set(name, await images.content.ingest(entry));
      continue;
    }
    if (entry.header.type === "symlink" || entry.header.type === "link") {
      const target = entry.header.type === "symlink" ? path.posix.join(path.posix.dirname(name), entry.header.linkname ?? "") : entry.header.linkname ?? "";
      contents.links.set(name, normaliseEntryName(target));
    }
    entry.resume();
  }
  if (contents.files.size === 0) throw invalidArgument("the archive is empty or not a tar file");
  return contents;
}
function lookupFile(contents, name) {
  let current = normaliseEntryName(name);
  for (let hops = 0; hops < 16; hops++) {
    const file = contents.files.get(current);
    if (file) return file;
    const target = contents.links.get(current);
    if (target === void 0) break;
    current = target;
  }
  throw invalidArgument(`the archive has no file "${name}"`);
}
async function readJson(images, contents, name) {
  const info = lookupFile(contents, name);
  try {
    return JSON.parse((await images.content.read(info.digest)).toString("utf8"));
  } catch (err) {
    throw invalidArgument(`archive file "${name}" is not valid JSON: ${err.message}`);
  }
}
function layoutBlob(contents, descriptor) {
  if (!isDigest(descriptor.digest)) throw invalidArgument(`index.json: unsupported digest "${descriptor.digest}"`);
  const file = contents.files.get(`blobs/sha256/${digestHex(descriptor.digest)}`);
  if (!file) throw invalidArgument(`the archive lacks blob ${descriptor.digest}`);
  if (file.digest !== descriptor.digest) throw invalidArgument(`blob ${descriptor.digest} in the archive is corrupt: its content hashes to ${file.digest}`);
  return file;
}
async function selectManifest(images, contents, descriptor) {
  if (!isIndexMediaType(descriptor.mediaType)) return descriptor;
  const index = await images.content.readJson(layoutBlob(contents, descriptor).digest);
  const arch = hostArchitecture();
  const match = index.manifests.find((m) => m.platform?.os === "linux" && m.platform.architecture === arch) ?? (index.manifests.length === 1 ? index.manifests[0] : void 0);
  if (!match) throw invalidArgument(`image index ${descriptor.digest} has no manifest for linux/${arch}`);
  return selectManifest(images, contents, match);
}
function nameFromAnnotations(annotations) {
  for (const candidate of [annotations?.["io.containerd.image.name"], annotations?.["org.opencontainers.image.ref.name"]]) {
    if (!candidate) continue;
    try {
      const ref = parseReference(candidate);
      if (candidate.includes(":") || candidate.includes("/")) return formatReference(withDefaultTag(ref));
    } catch {
    }
  }
  return void 0;
}
async function loadOciLayout(images, contents, dockerTags) {
  const index = await readJson(images, contents, "index.json");
  if (!Array.isArray(index.manifests)) throw invalidArgument('index.json: "manifests" must be an array');
  const loaded = /* @__PURE__ */ new Map();
  for (const top of index.manifests) {
    const descriptor = await selectManifest(images, contents, top);
    const manifestBlob = layoutBlob(contents, descriptor);
    const manifest = await images.content.readJson(manifestBlob.digest);
    layoutBlob(contents, manifest.config);
    for (const layer of manifest.layers) layoutBlob(contents, layer);
    const tags = [...dockerTags.get(manifest.config.digest) ?? []];
    const annotated = nameFromAnnotations(top.annotations);
    if (annotated && !tags.includes(annotated)) tags.push(annotated);
    const image = await images.register(manifestBlob.digest, { tags });
    const previous = loaded.get(image.id);
    loaded.set(image.id, { image, tags: [.../* @__PURE__ */ new Set([...previous?.tags ?? [], ...tags])] });
  }
  return [...loaded.values()];
}
async function loadDockerArchive(images, contents, entries) {
  const loaded = [];
  for (const [index, entry] of entries.entries()) {
    if (typeof entry.Config !== "string" || !Array.isArray(entry.Layers)) throw invalidArgument(`manifest.json[${index}]: needs "Config" and "Layers"`);
    const configBlob = lookupFile(contents, entry.Config);
    const config = await images.content.readJson(configBlob.digest);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== entry.Layers.length) {
      throw invalidArgument(`manifest.json[${index}]: ${entry.Layers.length} layers, but its config lists ${diffIds.length}`);
    }
    const layers = [];
    for (const [layerIndex, layerPath] of entry.Layers.entries()) {
      const blob = lookupFile(contents, layerPath);
      const layer = await inspectLayer(images.content.openRead(blob.digest));
      if (layer.diffId !== diffIds[layerIndex]) {
        throw invalidArgument(`layer "${layerPath}" does not match the image config: its content is ${layer.diffId}, the config says ${diffIds[layerIndex]}`);
      }
      layers.push({ mediaType: ociLayerMediaType(layer.compression), digest: blob.digest, size: blob.size });
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: configBlob.digest, size: configBlob.size },
      layers
    };
    const manifestBlob = await images.content.put(JSON.stringify(manifest));
    const tags = (entry.RepoTags ?? []).map((tag) => formatReference(withDefaultTag(parseReference(tag))));
    loaded.push({ image: await images.register(manifestBlob.digest, { tags }), tags });
  }
  return loaded;
}
async function loadImages(images, input) {
  const contents = await readArchive(images, input);
  const hasDockerManifest = contents.files.has("manifest.json");
  const hasOciIndex = contents.files.has("index.json") && contents.files.has("oci-layout");
  if (!hasDockerManifest && !hasOciIndex) {
    throw invalidArgument("not an image archive: it has neither manifest.json (docker save) nor oci-layout and index.json (OCI image layout)");
  }
  const dockerEntries = hasDockerManifest ? await readJson(images, contents, "manifest.json") : [];
  if (hasDockerManifest && !Array.isArray(dockerEntries)) throw invalidArgument("manifest.json: must be a JSON array");
  if (hasOciIndex) {
    const dockerTags = /* @__PURE__ */ new Map();
    for (const entry of dockerEntries) {
      const config = lookupFile(contents, entry.Config);
      dockerTags.set(config.digest, (entry.RepoTags ?? []).map((tag) => formatReference(withDefaultTag(parseReference(tag)))));
    }
    return loadOciLayout(images, contents, dockerTags);
  }
  return loadDockerArchive(images, contents, dockerEntries);
}
function describeLoaded(loaded) {
  return loaded.flatMap(
    ({ image, tags }) => tags.length > 0 ? tags.map((tag) => `Loaded image: ${familiarString(parseReference(tag))}`) : [`Loaded image ID: ${image.id}`]
  );
}
export {
  describeLoaded,
  loadImages
};
