import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  openLayerStream
} from "./chunk-BMGNHTWK.js";
import {
  DigestingStream
} from "./chunk-TJZW3NEO.js";

// src/engine/images/oci-types.ts
var MediaType = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip"
};
function isIndexMediaType(mediaType) {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
function hostArchitecture() {
  const byNodeArch = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };
  return byNodeArch[process.arch] ?? process.arch;
}

// src/engine/images/layer-blob.ts
import { pipeline } from "node:stream/promises";
async function inspectLayer(input) {
  const { stream, compression } = await openLayerStream(input);
  const hasher = new DigestingStream();
  await pipeline(stream, hasher, async function* drain(source) {
    for await (const _ of source) {
    }
  });
  return { diffId: hasher.digest(), size: hasher.size, compression };
}
function ociLayerMediaType(compression) {
  switch (compression) {
    case "gzip":
      return MediaType.ociLayerGzip;
    case "zstd":
      return MediaType.ociLayerZstd;
    case "none":
      return MediaType.ociLayer;
  }
}

export {
  MediaType,
  isIndexMediaType,
  hostArchitecture,
  inspectLayer,
  ociLayerMediaType
};
