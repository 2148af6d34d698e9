import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  errnoCode,
  invalidArgument
} from "./chunk-UU4MRRHX.js";

// src/engine/archive/decompress.ts
import { pipeline, Readable } from "node:stream";
import * as zlib from "node:zlib";
var GZIP_MAGIC = Buffer.from([31, 139]);
var ZSTD_MAGIC = Buffer.from([40, 181, 47, 253]);
var SNIFF_LENGTH = ZSTD_MAGIC.length;
function detectCompression(head) {
  if (head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) return "gzip";
  if (head.subarray(0, ZSTD_MAGIC.length).equals(ZSTD_MAGIC)) return "zstd";
  return "none";
}
async function openLayerStream(input) {
  const head = await readHead(input, SNIFF_LENGTH);
  const compression = detectCompression(head);
  let source = input;
  if (input.readableEnded) source = Readable.from(head.length > 0 ? [head] : [], { objectMode: false });
  else if (head.length > 0) input.unshift(head);
  if (compression === "none") return { stream: source, compression };
  const decompressor = compression === "gzip" ? zlib.createGunzip() : zlib.createZstdDecompress();
  pipeline(source, decompressor, () => {
  });
  return { stream: decompressor, compression };
}
function readHead(input, n) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let length = 0;
    const finish = (err) => {
      input.off("readable", onReadable);
      input.off("end", onEnd);
      input.off("error", finish);
      if (err !== void 0) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const onReadable = () => {
      let chunk;
      while (length < n && (chunk = input.read()) !== null) {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        chunks.push(bytes);
        length += bytes.length;
      }
      if (length >= n) finish();
    };
    const onEnd = () => finish();
    input.on("readable", onReadable);
    input.on("end", onEnd);
    input.on("error", finish);
  });
}
function decompressionError(err, compression) {
  const code = errnoCode(err);
  if (compression === "none" || code === void 0 || !/^(Z_|ZSTD_)/.test(code)) return void 0;
  return invalidArgument(`layer is not valid ${compression} data: ${err instanceof Error ? err.message : String(err)}`);
}

export {
  openLayerStream,
  decompressionError
};
