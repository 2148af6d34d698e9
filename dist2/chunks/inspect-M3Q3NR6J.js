import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  inspectAll,
  printInspected,
  run
} from "./chunk-DNG7RU6E.js";
import "./chunk-5AGIFM7I.js";
import "./chunk-UU4MRRHX.js";
import "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";
export {
  inspectAll,
  printInspected,
  run
};
