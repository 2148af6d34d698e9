import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  internal,
  invalidArgument
} from "./chunk-UU4MRRHX.js";

// src/engine/archive/byte-string.ts
function byteStringOf(text) {
  return Buffer.from(text, "utf8").toString("latin1");
}
function bytesOf(byteString) {
  return Buffer.from(byteString, "latin1");
}
function byteStringFrom(bytes) {
  return bytes.toString("latin1");
}
function textOf(byteString) {
  return Buffer.from(byteString, "latin1").toString("utf8");
}

// src/engine/archive/tar-format.ts
var BLOCK_SIZE = 512;
var TypeFlag = {
  file: "0",
  oldFile: "\0",
  link: "1",
  symlink: "2",
  char: "3",
  block: "4",
  directory: "5",
  fifo: "6",
  contiguous: "7",
  paxHeader: "x",
  paxGlobalHeader: "g",
  gnuLongName: "L",
  gnuLongLink: "K"
};
var field = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeFlag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155]
};
function isZeroBlock(block) {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}
function paddingAfter(size) {
  return (BLOCK_SIZE - size % BLOCK_SIZE) % BLOCK_SIZE;
}
function slice(block, name) {
  const [offset, length] = field[name];
  return block.subarray(offset, offset + length);
}
function stringField(block, name) {
  const bytes = slice(block, name);
  const end = bytes.indexOf(0);
  return byteStringFrom(end === -1 ? bytes : bytes.subarray(0, end));
}
function numericField(block, name) {
  const bytes = slice(block, name);
  if (bytes[0] & 128) {
    if (bytes[0] === 255) throw invalidArgument(`invalid tar header: negative ${name}`);
    let value = bytes[0] & 127;
    for (const byte of bytes.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw invalidArgument(`invalid tar header: ${name} too large`);
    return value;
  }
  const text = /^[ \0]*([^ \0]*)/.exec(bytes.toString("latin1"))[1];
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw invalidArgument(`invalid tar header: ${name} is not an octal number`);
  return parseInt(text, 8);
}
function checksumOf(block) {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const byte = i >= 148 && i < 156 ? 32 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return { unsigned, signed };
}
function decodeHeaderBlock(block) {
  const stored = numericField(block, "checksum");
  const { unsigned, signed } = checksumOf(block);
  if (stored !== unsigned && stored !== signed) {
    throw invalidArgument("invalid tar header: checksum mismatch (is the layer corrupt, or compressed in an unknown format?)");
  }
  let name = stringField(block, "name");
  const magic = slice(block, "magic").toString("latin1");
  const version = slice(block, "version").toString("latin1");
  if (magic === "ustar\0" && version === "00") {
    const prefix = stringField(block, "prefix");
    if (prefix !== "") name = `${prefix}/${name}`;
  }
  return {
    name,
    mode: numericField(block, "mode"),
    uid: numericField(block, "uid"),
    gid: numericField(block, "gid"),
    size: numericField(block, "size"),
    mtime: numericField(block, "mtime"),
    typeFlag: String.fromCharCode(block[field.typeFlag[0]]),
    linkname: stringField(block, "linkname"),
    devmajor: numericField(block, "devmajor"),
    devminor: numericField(block, "devminor")
  };
}
function octalFieldMax(name) {
  return 8 ** (field[name][1] - 1) - 1;
}
function writeString(block, name, value) {
  const [offset, length] = field[name];
  const bytes = Buffer.from(value, "latin1");
  if (bytes.length > length) throw new RangeError(`tar ${name} field overflow`);
  bytes.copy(block, offset);
}
function writeOctal(block, name, value) {
  const [, length] = field[name];
  const text = Math.trunc(value).toString(8);
  if (value < 0 || text.length > length - 1) throw new RangeError(`tar ${name} field overflow`);
  writeString(block, name, text.padStart(length - 1, "0"));
}
function encodeHeaderBlock(header) {
  const block = Buffer.alloc(BLOCK_SIZE);
  writeString(block, "name", header.name);
  writeOctal(block, "mode", header.mode);
  writeOctal(block, "uid", header.uid);
  writeOctal(block, "gid", header.gid);
  writeOctal(block, "size", header.size);
  writeOctal(block, "mtime", header.mtime);
  writeString(block, "typeFlag", header.typeFlag);
  writeString(block, "linkname", header.linkname);
  writeString(block, "magic", "ustar\0");
  writeString(block, "version", "00");
  writeOctal(block, "devmajor", header.devmajor);
  writeOctal(block, "devminor", header.devminor);
  if (header.prefix !== void 0) writeString(block, "prefix", header.prefix);
  const { unsigned } = checksumOf(block);
  writeString(block, "checksum", `${unsigned.toString(8).padStart(6, "0")}\0 `);
  return block;
}
function decodePaxRecords(data) {
  const records = /* @__PURE__ */ new Map();
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0) break;
    const space = data.indexOf(32, offset);
    const lengthText = space === -1 ? "" : data.toString("latin1", offset, space);
    const length = /^[0-9]+$/.test(lengthText) ? parseInt(lengthText, 10) : NaN;
    const end = offset + length;
    if (!(length > 0) || end > data.length || data[end - 1] !== 10) {
      throw invalidArgument("invalid tar PAX header: malformed record");
    }
    const record = data.subarray(space + 1, end - 1);
    const equals = record.indexOf(61);
    if (equals <= 0) throw invalidArgument("invalid tar PAX header: record without a key");
    records.set(byteStringFrom(record.subarray(0, equals)), Buffer.from(record.subarray(equals + 1)));
    offset = end;
  }
  return records;
}
function encodePaxRecords(records) {
  const parts = [];
  for (const [key, value] of records) {
    const body = Buffer.concat([Buffer.from(` ${key}=`, "latin1"), value, Buffer.from("\n")]);
    let length = body.length + 1;
    while (String(length).length + body.length !== length) length = String(length).length + body.length;
    parts.push(Buffer.from(String(length), "latin1"), body);
  }
  return Buffer.concat(parts);
}

// src/engine/archive/whiteout.ts
var WHITEOUT_PREFIX = ".wh.";
var OPAQUE_MARKER = ".wh..wh..opq";
var META_PREFIX = ".wh..wh.";
var OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";
function isReservedComponent(component) {
  return component.startsWith(META_PREFIX);
}
function classifyBasename(basename) {
  if (!basename.startsWith(WHITEOUT_PREFIX)) return { kind: "none" };
  if (basename === OPAQUE_MARKER) return { kind: "opaque" };
  if (basename.startsWith(META_PREFIX)) return { kind: "meta" };
  const target = basename.slice(WHITEOUT_PREFIX.length);
  if (target === "" || target === "." || target === ".." || target.includes("/")) {
    return { kind: "invalid", reason: `whiteout names no file in its directory (${JSON.stringify(target)})` };
  }
  return { kind: "whiteout", target };
}
function isOverlayWhiteout(stat) {
  return stat.isCharacterDevice() && Number(stat.rdev) === 0;
}

// src/engine/archive/xattr-dump.ts
import { spawn as spawn2 } from "node:child_process";
import * as path from "node:path";

// src/util/exec.ts
import { spawn } from "node:child_process";
function runCommand(command, args, options = {}) {
  return new Promise((resolve2, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === void 0 ? "ignore" : "pipe", "pipe", "pipe"],
      timeout: options.timeoutMs
    });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.on("error", (err) => reject(internal(`cannot run ${command}: ${err.message}`, err)));
    child.on("close", (code, signal) => {
      const result = {
        code,
        signal,
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString()
      };
      if (code === 0 || options.allowFailure) return resolve2(result);
      const why = result.stderr.trim() || result.stdout.trim() || (signal ? `killed by ${signal}` : `exit status ${code}`);
      reject(internal(`${command} ${args.join(" ")}: ${why}`));
    });
    if (options.input !== void 0) child.stdin.end(options.input);
  });
}

// src/engine/archive/xattr-dump.ts
var FILE_LINE = "# file: ";
function escapeDumpText(byteString) {
  return byteString.replace(/[\x00-\x20\x7f-\xff\\=]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`);
}
function unescapeDumpText(text) {
  return text.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8) & 255));
}
function formatXattrDump(files) {
  let text = "";
  for (const [file, xattrs] of files) {
    if (xattrs.size === 0) continue;
    text += `${FILE_LINE}${escapeDumpText(file)}
`;
    for (const [name, value] of xattrs) text += `${escapeDumpText(name)}=0x${value.toString("hex")}
`;
    text += "\n";
  }
  return Buffer.from(text, "latin1");
}
function parseXattrDump(dump) {
  const files = /* @__PURE__ */ new Map();
  let current;
  for (const line of byteStringFrom(dump).split("\n")) {
    if (line.startsWith(FILE_LINE)) {
      current = /* @__PURE__ */ new Map();
      files.set(unescapeDumpText(line.slice(FILE_LINE.length)), current);
    } else if (line === "") {
      current = void 0;
    } else if (current !== void 0) {
      const equals = line.indexOf("=");
      const name = unescapeDumpText(equals === -1 ? line : line.slice(0, equals));
      const value = equals === -1 ? "" : line.slice(equals + 1);
      if (!/^0x([0-9a-fA-F]{2})*$/.test(value) && value !== "") {
        throw internal(`getfattr printed an attribute value that is not hex: ${JSON.stringify(line)}`);
      }
      current.set(name, Buffer.from(value.slice(2), "hex"));
    }
  }
  return files;
}
async function restoreXattrs(files) {
  const dump = formatXattrDump(files);
  if (dump.length === 0) return;
  await runCommand("setfattr", ["-h", "--restore=-"], { input: dump });
}
async function readXattrTree(dir) {
  const absolute = path.resolve(dir);
  const dump = await runForStdout("getfattr", ["-R", "-h", "-d", "-m", "-", "-e", "hex", "--absolute-names", "--", absolute]);
  const base = byteStringOf(absolute);
  const byRelative = /* @__PURE__ */ new Map();
  for (const [file, xattrs] of parseXattrDump(dump)) {
    if (file === base) byRelative.set("", xattrs);
    else if (file.startsWith(`${base}/`)) byRelative.set(file.slice(base.length + 1), xattrs);
    else throw internal(`getfattr printed a path outside ${dir}: ${JSON.stringify(file)}`);
  }
  return byRelative;
}
function runForStdout(command, args) {
  return new Promise((resolve2, reject) => {
    const child = spawn2(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.on("error", (err) => reject(internal(`cannot run ${command}: ${err.message}`, err)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve2(Buffer.concat(stdout));
      const why = Buffer.concat(stderr).toString().trim() || (signal ? `killed by ${signal}` : `exit status ${code}`);
      reject(internal(`${command} ${args.join(" ")}: ${why}`));
    });
  });
}

// src/engine/archive/xattr-policy.ts
function isLayerXattr(name) {
  if (name === "security.capability") return true;
  return name.startsWith("user.") && !name.startsWith("user.overlay.");
}

export {
  byteStringOf,
  bytesOf,
  byteStringFrom,
  textOf,
  BLOCK_SIZE,
  TypeFlag,
  isZeroBlock,
  paddingAfter,
  decodeHeaderBlock,
  octalFieldMax,
  encodeHeaderBlock,
  decodePaxRecords,
  encodePaxRecords,
  WHITEOUT_PREFIX,
  OPAQUE_MARKER,
  OVERLAY_OPAQUE_XATTR,
  isReservedComponent,
  classifyBasename,
  isOverlayWhiteout,
  runCommand,
  restoreXattrs,
  readXattrTree,
  isLayerXattr
};
