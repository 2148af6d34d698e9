import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-YXJJQ5AZ.js";

// src/cli/filters.ts
function filtersParam(filters) {
  if (filters.length === 0) return void 0;
  const map = {};
  for (const filter of filters) {
    const eq = filter.indexOf("=");
    if (eq <= 0) throw new UsageError(`bad format of filter (expected name=value)`);
    const key = filter.slice(0, eq).trim().toLowerCase();
    (map[key] ??= {})[filter.slice(eq + 1)] = true;
  }
  return JSON.stringify(map);
}

export {
  filtersParam
};
