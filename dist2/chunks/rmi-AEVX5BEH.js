import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  rmiVerb,
  run
} from "./chunk-AH4DAY4L.js";
import "./chunk-YXJJQ5AZ.js";
import "./chunk-UR4QG67B.js";
export {
  rmiVerb,
  run
};
