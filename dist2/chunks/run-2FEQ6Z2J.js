import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  createContainer,
  run
} from "./chunk-ID54QBLO.js";
import "./chunk-2N37BUMO.js";
import "./chunk-KA3WHFZC.js";
import "./chunk-UU4MRRHX.js";
import "./chunk-SVSPA7UD.js";
import "./chunk-AZI556CR.js";
import "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";
export {
  createContainer,
  run
};
