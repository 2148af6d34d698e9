import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);

// src/util/digest.ts
import { createHash } from "node:crypto";
import { Transform } from "node:stream";
var digestPattern = /^sha256:[a-f0-9]{64}$/;
function sha256(data) {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}
function isDigest(value) {
  return digestPattern.test(value);
}
function digestHex(digest) {
  return digest.slice("sha256:".length);
}
var DigestingStream = class extends Transform {
  hash = createHash("sha256");
  size = 0;
  _transform(chunk, _encoding, callback) {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }
  /** Only valid once the stream has finished. */
  digest() {
    return `sha256:${this.hash.digest("hex")}`;
  }
};

export {
  sha256,
  isDigest,
  digestHex,
  DigestingStream
};
