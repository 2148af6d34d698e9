import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  run,
  tagVerb
} from "./chunk-ABEA3U64.js";
import "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";
export {
  run,
  tagVerb
};
