import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  imagesVerb,
  listImages,
  run
} from "./chunk-GPKKXP7A.js";
import "./chunk-B4AMXNCF.js";
import "./chunk-2E4PYTVK.js";
import "./chunk-5AGIFM7I.js";
import "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";
export {
  imagesVerb,
  listImages,
  run
};
