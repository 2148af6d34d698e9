import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);

// src/util/project.ts
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
function findRoot() {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (; ; ) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "bin", "minato"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the Minato project root (package.json and bin/minato)");
    dir = parent;
  }
}
var projectRoot = findRoot();
var version;
function minatoVersion() {
  version ??= JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")).version;
  return version;
}

export {
  minatoVersion
};
