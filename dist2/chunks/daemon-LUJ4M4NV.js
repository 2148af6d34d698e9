import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  minatoVersion
} from "./chunk-X43TCM6R.js";
import {
  MediaType,
  hostArchitecture,
  inspectLayer,
  ociLayerMediaType
} from "./chunk-GO7LLL2X.js";
import {
  familiarString,
  formatReference,
  imageIdPrefix,
  parseReference,
  repositoryName,
  withDefaultTag
} from "./chunk-RYK2OQ2K.js";
import {
  BLOCK_SIZE,
  OPAQUE_MARKER,
  OVERLAY_OPAQUE_XATTR,
  TypeFlag,
  WHITEOUT_PREFIX,
  byteStringFrom,
  byteStringOf,
  bytesOf,
  encodeHeaderBlock,
  encodePaxRecords,
  isLayerXattr,
  isOverlayWhiteout,
  octalFieldMax,
  paddingAfter,
  readXattrTree,
  runCommand,
  textOf
} from "./chunk-ORDO5DXG.js";
import "./chunk-BMGNHTWK.js";
import {
  DigestingStream,
  digestHex,
  isDigest,
  sha256
} from "./chunk-TJZW3NEO.js";
import {
  humanDuration
} from "./chunk-KA3WHFZC.js";
import {
  MinatoError,
  conflict,
  errnoCode,
  httpStatusOf,
  internal,
  invalidArgument,
  isMinatoError,
  messageOf,
  notFound,
  notModified,
  unavailable
} from "./chunk-UU4MRRHX.js";
import {
  frame
} from "./chunk-AZI556CR.js";
import {
  CliFailure,
  http,
  runVerb
} from "./chunk-YXJJQ5AZ.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-UR4QG67B.js";

// node_modules/pino-std-serializers/lib/err-helpers.js
var require_err_helpers = __commonJS({
  "node_modules/pino-std-serializers/lib/err-helpers.js"(exports, module) {
    "use strict";
    var isErrorLike = (err) => {
      return err && typeof err.message === "string";
    };
    var getErrorCause = (err) => {
      if (!err) return;
      const cause = err.cause;
      if (typeof cause === "function") {
        const causeResult = err.cause();
        return isErrorLike(causeResult) ? causeResult : void 0;
      } else {
        return isErrorLike(cause) ? cause : void 0;
      }
    };
    var _stackWithCauses = (err, seen) => {
      if (!isErrorLike(err)) return "";
      const stack = err.stack || "";
      if (seen.has(err)) {
        return stack + "\ncauses have become circular...";
      }
      const cause = getErrorCause(err);
      if (cause) {
        seen.add(err);
        return stack + "\ncaused by: " + _stackWithCauses(cause, seen);
      } else {
        return stack;
      }
    };
    var stackWithCauses = (err) => _stackWithCauses(err, /* @__PURE__ */ new Set());
    var _messageWithCauses = (err, seen, skip) => {
      if (!isErrorLike(err)) return "";
      const message = skip ? "" : err.message || "";
      if (seen.has(err)) {
        return message + ": ...";
      }
      const cause = getErrorCause(err);
      if (cause) {
        seen.add(err);
        const skipIfVErrorStyleCause = typeof err.cause === "function";
        return message + (skipIfVErrorStyleCause ? "" : ": ") + _messageWithCauses(cause, seen, skipIfVErrorStyleCause);
      } else {
        return message;
      }
    };
    var messageWithCauses = (err) => _messageWithCauses(err, /* @__PURE__ */ new Set());
    module.exports = {
      isErrorLike,
      getErrorCause,
      stackWithCauses,
      messageWithCauses
    };
  }
});

// node_modules/pino-std-serializers/lib/err-proto.js
var require_err_proto = __commonJS({
  "node_modules/pino-std-serializers/lib/err-proto.js"(exports, module) {
    "use strict";
    var seen = Symbol("circular-ref-tag");
    var rawSymbol = Symbol("pino-raw-err-ref");
    var pinoErrProto = Object.create({}, {
      type: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      message: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      stack: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      aggregateErrors: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      raw: {
        enumerable: false,
        get: function() {
          return this[rawSymbol];
        },
        set: function(val) {
          this[rawSymbol] = val;
        }
      }
    });
    Object.defineProperty(pinoErrProto, rawSymbol, {
      writable: true,
      value: {}
    });
    module.exports = {
      pinoErrProto,
      pinoErrorSymbols: {
        seen,
        rawSymbol
      }
    };
  }
});

// node_modules/pino-std-serializers/lib/err.js
var require_err = __commonJS({
  "node_modules/pino-std-serializers/lib/err.js"(exports, module) {
    "use strict";
    module.exports = errSerializer;
    var { messageWithCauses, stackWithCauses, isErrorLike } = require_err_helpers();
    var { pinoErrProto, pinoErrorSymbols } = require_err_proto();
    var { seen } = pinoErrorSymbols;
    var { toString } = Object.prototype;
    function errSerializer(err) {
      if (!isErrorLike(err)) {
        return err;
      }
      err[seen] = void 0;
      const _err = Object.create(pinoErrProto);
      _err.type = toString.call(err.constructor) === "[object Function]" ? err.constructor.name : err.name;
      _err.message = messageWithCauses(err);
      _err.stack = stackWithCauses(err);
      if (Array.isArray(err.errors)) {
        _err.aggregateErrors = err.errors.map((err2) => errSerializer(err2));
      }
      for (const key in err) {
        if (_err[key] === void 0) {
          const val = err[key];
          if (isErrorLike(val)) {
            if (key !== "cause" && !Object.prototype.hasOwnProperty.call(val, seen)) {
              _err[key] = errSerializer(val);
            }
          } else {
            _err[key] = val;
          }
        }
      }
      delete err[seen];
      _err.raw = err;
      return _err;
    }
  }
});

// node_modules/pino-std-serializers/lib/err-with-cause.js
var require_err_with_cause = __commonJS({
  "node_modules/pino-std-serializers/lib/err-with-cause.js"(exports, module) {
    "use strict";
    module.exports = errWithCauseSerializer;
    var { isErrorLike } = require_err_helpers();
    var { pinoErrProto, pinoErrorSymbols } = require_err_proto();
    var { seen } = pinoErrorSymbols;
    var { toString } = Object.prototype;
    function errWithCauseSerializer(err) {
      if (!isErrorLike(err)) {
        return err;
      }
      err[seen] = void 0;
      const _err = Object.create(pinoErrProto);
      _err.type = toString.call(err.constructor) === "[object Function]" ? err.constructor.name : err.name;
      _err.message = err.message;
      _err.stack = err.stack;
      if (Array.isArray(err.errors)) {
        _err.aggregateErrors = err.errors.map((err2) => errWithCauseSerializer(err2));
      }
      if (isErrorLike(err.cause) && !Object.prototype.hasOwnProperty.call(err.cause, seen)) {
        _err.cause = errWithCauseSerializer(err.cause);
      }
      for (const key in err) {
        if (_err[key] === void 0) {
          const val = err[key];
          if (isErrorLike(val)) {
            if (!Object.prototype.hasOwnProperty.call(val, seen)) {
              _err[key] = errWithCauseSerializer(val);
            }
          } else {
            _err[key] = val;
          }
        }
      }
      delete err[seen];
      _err.raw = err;
      return _err;
    }
  }
});

// node_modules/pino-std-serializers/lib/req.js
var require_req = __commonJS({
  "node_modules/pino-std-serializers/lib/req.js"(exports, module) {
    "use strict";
    module.exports = {
      mapHttpRequest,
      reqSerializer
    };
    var rawSymbol = Symbol("pino-raw-req-ref");
    var pinoReqProto = Object.create({}, {
      id: {
        enumerable: true,
        writable: true,
        value: ""
      },
      method: {
        enumerable: true,
        writable: true,
        value: ""
      },
      url: {
        enumerable: true,
        writable: true,
        value: ""
      },
      query: {
        enumerable: true,
        writable: true,
        value: ""
      },
      params: {
        enumerable: true,
        writable: true,
        value: ""
      },
      headers: {
        enumerable: true,
        writable: true,
        value: {}
      },
      remoteAddress: {
        enumerable: true,
        writable: true,
        value: ""
      },
      remotePort: {
        enumerable: true,
        writable: true,
        value: ""
      },
      raw: {
        enumerable: false,
        get: function() {
          return this[rawSymbol];
        },
        set: function(val) {
          this[rawSymbol] = val;
        }
      }
    });
    Object.defineProperty(pinoReqProto, rawSymbol, {
      writable: true,
      value: {}
    });
    function reqSerializer(req) {
      const connection = req.info || req.socket;
      const _req = Object.create(pinoReqProto);
      _req.id = typeof req.id === "function" ? req.id() : req.id || (req.info ? req.info.id : void 0);
      _req.method = req.method;
      if (req.originalUrl) {
        _req.url = req.originalUrl;
      } else {
        const path21 = req.path;
        _req.url = typeof path21 === "string" ? path21 : req.url ? req.url.path || req.url : void 0;
      }
      if (req.query) {
        _req.query = req.query;
      }
      if (req.params) {
        _req.params = req.params;
      }
      _req.headers = req.headers;
      _req.remoteAddress = connection && connection.remoteAddress;
      _req.remotePort = connection && connection.remotePort;
      _req.raw = req.raw || req;
      return _req;
    }
    function mapHttpRequest(req) {
      return {
        req: reqSerializer(req)
      };
    }
  }
});

// node_modules/pino-std-serializers/lib/res.js
var require_res = __commonJS({
  "node_modules/pino-std-serializers/lib/res.js"(exports, module) {
    "use strict";
    module.exports = {
      mapHttpResponse,
      resSerializer
    };
    var rawSymbol = Symbol("pino-raw-res-ref");
    var pinoResProto = Object.create({}, {
      statusCode: {
        enumerable: true,
        writable: true,
        value: 0
      },
      headers: {
        enumerable: true,
        writable: true,
        value: ""
      },
      raw: {
        enumerable: false,
        get: function() {
          return this[rawSymbol];
        },
        set: function(val) {
          this[rawSymbol] = val;
        }
      }
    });
    Object.defineProperty(pinoResProto, rawSymbol, {
      writable: true,
      value: {}
    });
    function resSerializer(res) {
      const _res = Object.create(pinoResProto);
      _res.statusCode = res.headersSent ? res.statusCode : null;
      _res.headers = res.getHeaders ? res.getHeaders() : res._headers;
      _res.raw = res;
      return _res;
    }
    function mapHttpResponse(res) {
      return {
        res: resSerializer(res)
      };
    }
  }
});

// node_modules/pino-std-serializers/index.js
var require_pino_std_serializers = __commonJS({
  "node_modules/pino-std-serializers/index.js"(exports, module) {
    "use strict";
    var errSerializer = require_err();
    var errWithCauseSerializer = require_err_with_cause();
    var reqSerializers = require_req();
    var resSerializers = require_res();
    module.exports = {
      err: errSerializer,
      errWithCause: errWithCauseSerializer,
      mapHttpRequest: reqSerializers.mapHttpRequest,
      mapHttpResponse: resSerializers.mapHttpResponse,
      req: reqSerializers.reqSerializer,
      res: resSerializers.resSerializer,
      wrapErrorSerializer: function wrapErrorSerializer(customSerializer) {
        if (customSerializer === errSerializer) return customSerializer;
        return function wrapErrSerializer(err) {
          return customSerializer(errSerializer(err));
        };
      },
      wrapRequestSerializer: function wrapRequestSerializer(customSerializer) {
        if (customSerializer === reqSerializers.reqSerializer) return customSerializer;
        return function wrappedReqSerializer(req) {
          return customSerializer(reqSerializers.reqSerializer(req));
        };
      },
      wrapResponseSerializer: function wrapResponseSerializer(customSerializer) {
        if (customSerializer === resSerializers.resSerializer) return customSerializer;
        return function wrappedResSerializer(res) {
          return customSerializer(resSerializers.resSerializer(res));
        };
      }
    };
  }
});

// node_modules/pino/lib/caller.js
var require_caller = __commonJS({
  "node_modules/pino/lib/caller.js"(exports, module) {
    "use strict";
    var util = __require("node:util");
    var getCallSites = util.getCallSites ?? util.getCallSite;
    function noOpPrepareStackTrace(_, stack) {
      return stack;
    }
    module.exports = function getCallers() {
      if (getCallSites) {
        return getCallSites().slice(2).map((callSite) => callSite.scriptName);
      }
      const originalPrepare = Error.prepareStackTrace;
      Error.prepareStackTrace = noOpPrepareStackTrace;
      const stack = new Error().stack;
      Error.prepareStackTrace = originalPrepare;
      if (!Array.isArray(stack)) {
        return void 0;
      }
      const entries = stack.slice(2);
      const fileNames = [];
      for (const entry of entries) {
        if (!entry) {
          continue;
        }
        fileNames.push(entry.getFileName());
      }
      return fileNames;
    };
  }
});

// node_modules/@pinojs/redact/index.js
var require_redact = __commonJS({
  "node_modules/@pinojs/redact/index.js"(exports, module) {
    "use strict";
    function deepClone(obj) {
      if (obj === null || typeof obj !== "object") {
        return obj;
      }
      if (obj instanceof Date) {
        return new Date(obj.getTime());
      }
      if (obj instanceof Array) {
        const cloned = [];
        for (let i = 0; i < obj.length; i++) {
          cloned[i] = deepClone(obj[i]);
        }
        return cloned;
      }
      if (typeof obj === "object") {
        const cloned = Object.create(Object.getPrototypeOf(obj));
        for (const key in obj) {
          if (Object.prototype.hasOwnProperty.call(obj, key)) {
            cloned[key] = deepClone(obj[key]);
          }
        }
        return cloned;
      }
      return obj;
    }
    function parsePath(path21) {
      const parts = [];
      let current = "";
      let inBrackets = false;
      let inQuotes = false;
      let quoteChar = "";
      for (let i = 0; i < path21.length; i++) {
        const char = path21[i];
        if (!inBrackets && char === ".") {
          if (current) {
            parts.push(current);
            current = "";
          }
        } else if (char === "[") {
          if (current) {
            parts.push(current);
            current = "";
          }
          inBrackets = true;
        } else if (char === "]" && inBrackets) {
          parts.push(current);
          current = "";
          inBrackets = false;
          inQuotes = false;
        } else if ((char === '"' || char === "'") && inBrackets) {
          if (!inQuotes) {
            inQuotes = true;
            quoteChar = char;
          } else if (char === quoteChar) {
            inQuotes = false;
            quoteChar = "";
          } else {
            current += char;
          }
        } else {
          current += char;
        }
      }
      if (current) {
        parts.push(current);
      }
      return parts;
    }
    function setValue(obj, parts, value) {
      let current = obj;
      for (let i = 0; i < parts.length - 1; i++) {
        const key = parts[i];
        if (typeof current !== "object" || current === null || !(key in current)) {
          return false;
        }
        if (typeof current[key] !== "object" || current[key] === null) {
          return false;
        }
        current = current[key];
      }
      const lastKey = parts[parts.length - 1];
      if (lastKey === "*") {
        if (Array.isArray(current)) {
          for (let i = 0; i < current.length; i++) {
            current[i] = value;
          }
        } else if (typeof current === "object" && current !== null) {
          for (const key in current) {
            if (Object.prototype.hasOwnProperty.call(current, key)) {
              current[key] = value;
            }
          }
        }
      } else {
        if (typeof current === "object" && current !== null && lastKey in current && Object.prototype.hasOwnProperty.call(current, lastKey)) {
          current[lastKey] = value;
        }
      }
      return true;
    }
    function removeKey(obj, parts) {
      let current = obj;
      for (let i = 0; i < parts.length - 1; i++) {
        const key = parts[i];
        if (typeof current !== "object" || current === null || !(key in current)) {
          return false;
        }
        if (typeof current[key] !== "object" || current[key] === null) {
          return false;
        }
        current = current[key];
      }
      const lastKey = parts[parts.length - 1];
      if (lastKey === "*") {
        if (Array.isArray(current)) {
          for (let i = 0; i < current.length; i++) {
            current[i] = void 0;
          }
        } else if (typeof current === "object" && current !== null) {
          for (const key in current) {
            if (Object.prototype.hasOwnProperty.call(current, key)) {
              delete current[key];
            }
          }
        }
      } else {
        if (typeof current === "object" && current !== null && lastKey in current && Object.prototype.hasOwnProperty.call(current, lastKey)) {
          delete current[lastKey];
        }
      }
      return true;
    }
    var PATH_NOT_FOUND = Symbol("PATH_NOT_FOUND");
    function getValueIfExists(obj, parts) {
      let current = obj;
      for (const part of parts) {
        if (current === null || current === void 0) {
          return PATH_NOT_FOUND;
        }
        if (typeof current !== "object" || current === null) {
          return PATH_NOT_FOUND;
        }
        if (!(part in current)) {
          return PATH_NOT_FOUND;
        }
        current = current[part];
      }
      return current;
    }
    function getValue(obj, parts) {
      let current = obj;
      for (const part of parts) {
        if (current === null || current === void 0) {
          return void 0;
        }
        if (typeof current !== "object" || current === null) {
          return void 0;
        }
        current = current[part];
      }
      return current;
    }
    function redactPaths(obj, paths, censor, remove = false) {
      for (const path21 of paths) {
        const parts = parsePath(path21);
        if (parts.includes("*")) {
          redactWildcardPath(obj, parts, censor, path21, remove);
        } else {
          if (remove) {
            removeKey(obj, parts);
          } else {
            const value = getValueIfExists(obj, parts);
            if (value === PATH_NOT_FOUND) {
              continue;
            }
            const actualCensor = typeof censor === "function" ? censor(value, parts) : censor;
            setValue(obj, parts, actualCensor);
          }
        }
      }
    }
    function redactWildcardPath(obj, parts, censor, originalPath, remove = false) {
      const wildcardIndex = parts.indexOf("*");
      if (wildcardIndex === parts.length - 1) {
        const parentParts = parts.slice(0, -1);
        let current = obj;
        for (const part of parentParts) {
          if (current === null || current === void 0) return;
          if (typeof current !== "object" || current === null) return;
          current = current[part];
        }
        if (Array.isArray(current)) {
          if (remove) {
            for (let i = 0; i < current.length; i++) {
              current[i] = void 0;
            }
          } else {
            for (let i = 0; i < current.length; i++) {
              const indexPath = [...parentParts, i.toString()];
              const actualCensor = typeof censor === "function" ? censor(current[i], indexPath) : censor;
              current[i] = actualCensor;
            }
          }
        } else if (typeof current === "object" && current !== null) {
          if (remove) {
            const keysToDelete = [];
            for (const key in current) {
              if (Object.prototype.hasOwnProperty.call(current, key)) {
                keysToDelete.push(key);
              }
            }
            for (const key of keysToDelete) {
              delete current[key];
            }
          } else {
            for (const key in current) {
              const keyPath = [...parentParts, key];
              const actualCensor = typeof censor === "function" ? censor(current[key], keyPath) : censor;
              current[key] = actualCensor;
            }
          }
        }
      } else {
        redactIntermediateWildcard(obj, parts, censor, wildcardIndex, originalPath, remove);
      }
    }
    function redactIntermediateWildcard(obj, parts, censor, wildcardIndex, originalPath, remove = false) {
      const beforeWildcard = parts.slice(0, wildcardIndex);
      const afterWildcard = parts.slice(wildcardIndex + 1);
      const pathArray = [];
      function traverse(current, pathLength) {
        if (pathLength === beforeWildcard.length) {
          if (Array.isArray(current)) {
            for (let i = 0; i < current.length; i++) {
              pathArray[pathLength] = i.toString();
              traverse(current[i], pathLength + 1);
            }
          } else if (typeof current === "object" && current !== null) {
            for (const key in current) {
              pathArray[pathLength] = key;
              traverse(current[key], pathLength + 1);
            }
          }
        } else if (pathLength < beforeWildcard.length) {
          const nextKey = beforeWildcard[pathLength];
          if (current && typeof current === "object" && current !== null && nextKey in current) {
            pathArray[pathLength] = nextKey;
            traverse(current[nextKey], pathLength + 1);
          }
        } else {
          if (afterWildcard.includes("*")) {
            const wrappedCensor = typeof censor === "function" ? (value, path21) => {
              const fullPath = [...pathArray.slice(0, pathLength), ...path21];
              return censor(value, fullPath);
            } : censor;
            redactWildcardPath(current, afterWildcard, wrappedCensor, originalPath, remove);
          } else {
            if (remove) {
              removeKey(current, afterWildcard);
            } else {
              const actualCensor = typeof censor === "function" ? censor(getValue(current, afterWildcard), [...pathArray.slice(0, pathLength), ...afterWildcard]) : censor;
              setValue(current, afterWildcard, actualCensor);
            }
          }
        }
      }
      if (beforeWildcard.length === 0) {
        traverse(obj, 0);
      } else {
        let current = obj;
        for (let i = 0; i < beforeWildcard.length; i++) {
          const part = beforeWildcard[i];
          if (current === null || current === void 0) return;
          if (typeof current !== "object" || current === null) return;
          current = current[part];
          pathArray[i] = part;
        }
        if (current !== null && current !== void 0) {
          traverse(current, beforeWildcard.length);
        }
      }
    }
    function buildPathStructure(pathsToClone) {
      if (pathsToClone.length === 0) {
        return null;
      }
      const pathStructure = /* @__PURE__ */ new Map();
      for (const path21 of pathsToClone) {
        const parts = parsePath(path21);
        let current = pathStructure;
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i];
          if (!current.has(part)) {
            current.set(part, /* @__PURE__ */ new Map());
          }
          current = current.get(part);
        }
      }
      return pathStructure;
    }
    function selectiveClone(obj, pathStructure) {
      if (!pathStructure) {
        return obj;
      }
      function cloneSelectively(source, pathMap, depth = 0) {
        if (!pathMap || pathMap.size === 0) {
          return source;
        }
        if (source === null || typeof source !== "object") {
          return source;
        }
        if (source instanceof Date) {
          return new Date(source.getTime());
        }
        if (Array.isArray(source)) {
          const cloned2 = [];
          for (let i = 0; i < source.length; i++) {
            const indexStr = i.toString();
            if (pathMap.has(indexStr) || pathMap.has("*")) {
              cloned2[i] = cloneSelectively(source[i], pathMap.get(indexStr) || pathMap.get("*"));
            } else {
              cloned2[i] = source[i];
            }
          }
          return cloned2;
        }
        const cloned = Object.create(Object.getPrototypeOf(source));
        for (const key in source) {
          if (Object.prototype.hasOwnProperty.call(source, key)) {
            if (pathMap.has(key) || pathMap.has("*")) {
              cloned[key] = cloneSelectively(source[key], pathMap.get(key) || pathMap.get("*"));
            } else {
              cloned[key] = source[key];
            }
          }
        }
        return cloned;
      }
      return cloneSelectively(obj, pathStructure);
    }
    function validatePath(path21) {
      if (typeof path21 !== "string") {
        throw new Error("Paths must be (non-empty) strings");
      }
      if (path21 === "") {
        throw new Error("Invalid redaction path ()");
      }
      if (path21.includes("..")) {
        throw new Error(`Invalid redaction path (${path21})`);
      }
      if (path21.includes(",")) {
        throw new Error(`Invalid redaction path (${path21})`);
      }
      let bracketCount = 0;
      let inQuotes = false;
      let quoteChar = "";
      for (let i = 0; i < path21.length; i++) {
        const char = path21[i];
        if ((char === '"' || char === "'") && bracketCount > 0) {
          if (!inQuotes) {
            inQuotes = true;
            quoteChar = char;
          } else if (char === quoteChar) {
            inQuotes = false;
            quoteChar = "";
          }
        } else if (char === "[" && !inQuotes) {
          bracketCount++;
        } else if (char === "]" && !inQuotes) {
          bracketCount--;
          if (bracketCount < 0) {
            throw new Error(`Invalid redaction path (${path21})`);
          }
        }
      }
      if (bracketCount !== 0) {
        throw new Error(`Invalid redaction path (${path21})`);
      }
    }
    function validatePaths(paths) {
      if (!Array.isArray(paths)) {
        throw new TypeError("paths must be an array");
      }
      for (const path21 of paths) {
        validatePath(path21);
      }
    }
    function slowRedact(options = {}) {
      const {
        paths = [],
        censor = "[REDACTED]",
        serialize = JSON.stringify,
        strict = true,
        remove = false
      } = options;
      validatePaths(paths);
      const pathStructure = buildPathStructure(paths);
      return function redact(obj) {
        if (strict && (obj === null || typeof obj !== "object")) {
          if (obj === null || obj === void 0) {
            return serialize ? serialize(obj) : obj;
          }
          if (typeof obj !== "object") {
            return serialize ? serialize(obj) : obj;
          }
        }
        const cloned = selectiveClone(obj, pathStructure);
        const original = obj;
        let actualCensor = censor;
        if (typeof censor === "function") {
          actualCensor = censor;
        }
        redactPaths(cloned, paths, actualCensor, remove);
        if (serialize === false) {
          cloned.restore = function() {
            return deepClone(original);
          };
          return cloned;
        }
        if (typeof serialize === "function") {
          return serialize(cloned);
        }
        return JSON.stringify(cloned);
      };
    }
    module.exports = slowRedact;
  }
});

// node_modules/pino/lib/symbols.js
var require_symbols = __commonJS({
  "node_modules/pino/lib/symbols.js"(exports, module) {
    "use strict";
    var setLevelSym = Symbol("pino.setLevel");
    var getLevelSym = Symbol("pino.getLevel");
    var levelValSym = Symbol("pino.levelVal");
    var levelCompSym = Symbol("pino.levelComp");
    var useLevelLabelsSym = Symbol("pino.useLevelLabels");
    var useOnlyCustomLevelsSym = Symbol("pino.useOnlyCustomLevels");
    var mixinSym = Symbol("pino.mixin");
    var lsCacheSym = Symbol("pino.lsCache");
    var chindingsSym = Symbol("pino.chindings");
    var asJsonSym = Symbol("pino.asJson");
    var writeSym = Symbol("pino.write");
    var redactFmtSym = Symbol("pino.redactFmt");
    var timeSym = Symbol("pino.time");
    var timeSliceIndexSym = Symbol("pino.timeSliceIndex");
    var streamSym = Symbol("pino.stream");
    var stringifySym = Symbol("pino.stringify");
    var stringifySafeSym = Symbol("pino.stringifySafe");
    var stringifiersSym = Symbol("pino.stringifiers");
    var endSym = Symbol("pino.end");
    var formatOptsSym = Symbol("pino.formatOpts");
    var messageKeySym = Symbol("pino.messageKey");
    var errorKeySym = Symbol("pino.errorKey");
    var nestedKeySym = Symbol("pino.nestedKey");
    var nestedKeyStrSym = Symbol("pino.nestedKeyStr");
    var mixinMergeStrategySym = Symbol("pino.mixinMergeStrategy");
    var msgPrefixSym = Symbol("pino.msgPrefix");
    var wildcardFirstSym = Symbol("pino.wildcardFirst");
    var serializersSym = Symbol.for("pino.serializers");
    var formattersSym = Symbol.for("pino.formatters");
    var hooksSym = Symbol.for("pino.hooks");
    var needsMetadataGsym = Symbol.for("pino.metadata");
    var transportUsesMultistreamSym = Symbol.for("pino.transport.usesMultistream");
    module.exports = {
      setLevelSym,
      getLevelSym,
      levelValSym,
      levelCompSym,
      useLevelLabelsSym,
      mixinSym,
      lsCacheSym,
      chindingsSym,
      asJsonSym,
      writeSym,
      serializersSym,
      redactFmtSym,
      timeSym,
      timeSliceIndexSym,
      streamSym,
      stringifySym,
      stringifySafeSym,
      stringifiersSym,
      endSym,
      formatOptsSym,
      messageKeySym,
      errorKeySym,
      nestedKeySym,
      wildcardFirstSym,
      needsMetadataGsym,
      useOnlyCustomLevelsSym,
      formattersSym,
      hooksSym,
      nestedKeyStrSym,
      mixinMergeStrategySym,
      msgPrefixSym,
      transportUsesMultistreamSym
    };
  }
});

// node_modules/pino/lib/redaction.js
var require_redaction = __commonJS({
  "node_modules/pino/lib/redaction.js"(exports, module) {
    "use strict";
    var Redact = require_redact();
    var { redactFmtSym, wildcardFirstSym } = require_symbols();
    var rx = /[^.[\]]+|\[([^[\]]*?)\]/g;
    var CENSOR = "[Redacted]";
    var strict = false;
    function redaction(opts, serialize) {
      const { paths, censor, remove } = handle(opts);
      const shape = paths.reduce((o, str) => {
        rx.lastIndex = 0;
        const first = rx.exec(str);
        const next = rx.exec(str);
        let ns = first[1] !== void 0 ? first[1].replace(/^(?:"|'|`)(.*)(?:"|'|`)$/, "$1") : first[0];
        if (ns === "*") {
          ns = wildcardFirstSym;
        }
        if (next === null) {
          o[ns] = null;
          return o;
        }
        if (o[ns] === null) {
          return o;
        }
        const { index } = next;
        const nextPath = `${str.substr(index, str.length - 1)}`;
        o[ns] = o[ns] || [];
        if (ns !== wildcardFirstSym && o[ns].length === 0) {
          o[ns].push(...o[wildcardFirstSym] || []);
        }
        if (ns === wildcardFirstSym) {
          Object.keys(o).forEach(function(k) {
            if (o[k]) {
              o[k].push(nextPath);
            }
          });
        }
        o[ns].push(nextPath);
        return o;
      }, /* @__PURE__ */ Object.create(null));
      const result = Object.assign(/* @__PURE__ */ Object.create(null), {
        [redactFmtSym]: Redact({ paths, censor, serialize, strict, remove })
      });
      const topCensor = (...args) => {
        return typeof censor === "function" ? serialize(censor(...args)) : serialize(censor);
      };
      return [...Object.keys(shape), ...Object.getOwnPropertySymbols(shape)].reduce((o, k) => {
        if (shape[k] === null) {
          o[k] = (value) => topCensor(value, [k]);
        } else {
          const wrappedCensor = typeof censor === "function" ? (value, path21) => {
            return censor(value, [k, ...path21]);
          } : censor;
          o[k] = Redact({
            paths: shape[k],
            censor: wrappedCensor,
            serialize,
            strict,
            remove
          });
        }
        return o;
      }, result);
    }
    function handle(opts) {
      if (Array.isArray(opts)) {
        opts = { paths: opts, censor: CENSOR };
        return opts;
      }
      let { paths, censor = CENSOR, remove } = opts;
      if (Array.isArray(paths) === false) {
        throw Error("pino \u2013 redact must contain an array of strings");
      }
      if (remove === true) censor = void 0;
      return { paths, censor, remove };
    }
    module.exports = redaction;
  }
});

// node_modules/pino/lib/time.js
var require_time = __commonJS({
  "node_modules/pino/lib/time.js"(exports, module) {
    "use strict";
    var nullTime = () => "";
    var epochTime = () => `,"time":${Date.now()}`;
    var unixTime = () => `,"time":${Math.round(Date.now() / 1e3)}`;
    var isoTime = () => `,"time":"${new Date(Date.now()).toISOString()}"`;
    var NS_PER_MS = 1000000n;
    var NS_PER_SEC = 1000000000n;
    var startWallTimeNs = BigInt(Date.now()) * NS_PER_MS;
    var startHrTime = process.hrtime.bigint();
    var isoTimeNano = () => {
      const elapsedNs = process.hrtime.bigint() - startHrTime;
      const currentTimeNs = startWallTimeNs + elapsedNs;
      const secondsSinceEpoch = currentTimeNs / NS_PER_SEC;
      const nanosWithinSecond = currentTimeNs % NS_PER_SEC;
      const msSinceEpoch = Number(secondsSinceEpoch * 1000n + nanosWithinSecond / 1000000n);
      const date = new Date(msSinceEpoch);
      const year = date.getUTCFullYear();
      const month = (date.getUTCMonth() + 1).toString().padStart(2, "0");
      const day = date.getUTCDate().toString().padStart(2, "0");
      const hours = date.getUTCHours().toString().padStart(2, "0");
      const minutes = date.getUTCMinutes().toString().padStart(2, "0");
      const seconds = date.getUTCSeconds().toString().padStart(2, "0");
      return `,"time":"${year}-${month}-${day}T${hours}:${minutes}:${seconds}.${nanosWithinSecond.toString().padStart(9, "0")}Z"`;
    };
    module.exports = { nullTime, epochTime, unixTime, isoTime, isoTimeNano };
  }
});

// node_modules/quick-format-unescaped/index.js
var require_quick_format_unescaped = __commonJS({
  "node_modules/quick-format-unescaped/index.js"(exports, module) {
    "use strict";
    function tryStringify(o) {
      try {
        return JSON.stringify(o);
      } catch (e) {
        return '"[Circular]"';
      }
    }
    module.exports = format;
    function format(f, args, opts) {
      var ss = opts && opts.stringify || tryStringify;
      var offset = 1;
      if (typeof f === "object" && f !== null) {
        var len = args.length + offset;
        if (len === 1) return f;
        var objects = new Array(len);
        objects[0] = ss(f);
        for (var index = 1; index < len; index++) {
          objects[index] = ss(args[index]);
        }
        return objects.join(" ");
      }
      if (typeof f !== "string") {
        return f;
      }
      var argLen = args.length;
      if (argLen === 0) return f;
      var str = "";
      var a = 1 - offset;
      var lastPos = -1;
      var flen = f && f.length || 0;
      for (var i = 0; i < flen; ) {
        if (f.charCodeAt(i) === 37 && i + 1 < flen) {
          lastPos = lastPos > -1 ? lastPos : 0;
          switch (f.charCodeAt(i + 1)) {
            case 100:
            // 'd'
            case 102:
              if (a >= argLen)
                break;
              if (args[a] == null) break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += Number(args[a]);
              lastPos = i + 2;
              i++;
              break;
            case 105:
              if (a >= argLen)
                break;
              if (args[a] == null) break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += Math.floor(Number(args[a]));
              lastPos = i + 2;
              i++;
              break;
            case 79:
            // 'O'
            case 111:
            // 'o'
            case 106:
              if (a >= argLen)
                break;
              if (args[a] === void 0) break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              var type = typeof args[a];
              if (type === "string") {
                str += "'" + args[a] + "'";
                lastPos = i + 2;
                i++;
                break;
              }
              if (type === "function") {
                str += args[a].name || "<anonymous>";
                lastPos = i + 2;
                i++;
                break;
              }
              str += ss(args[a]);
              lastPos = i + 2;
              i++;
              break;
            case 115:
              if (a >= argLen)
                break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += String(args[a]);
              lastPos = i + 2;
              i++;
              break;
            case 37:
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += "%";
              lastPos = i + 2;
              i++;
              a--;
              break;
          }
          ++a;
        }
        ++i;
      }
      if (lastPos === -1)
        return f;
      else if (lastPos < flen) {
        str += f.slice(lastPos);
      }
      return str;
    }
  }
});

// node_modules/atomic-sleep/index.js
var require_atomic_sleep = __commonJS({
  "node_modules/atomic-sleep/index.js"(exports, module) {
    "use strict";
    if (typeof SharedArrayBuffer !== "undefined" && typeof Atomics !== "undefined") {
      let sleep = function(ms) {
        const valid = ms > 0 && ms < Infinity;
        if (valid === false) {
          if (typeof ms !== "number" && typeof ms !== "bigint") {
            throw TypeError("sleep: ms must be a number");
          }
          throw RangeError("sleep: ms must be a number that is greater than 0 but less than Infinity");
        }
        Atomics.wait(nil, 0, 0, Number(ms));
      };
      const nil = new Int32Array(new SharedArrayBuffer(4));
      module.exports = sleep;
    } else {
      let sleep = function(ms) {
        const valid = ms > 0 && ms < Infinity;
        if (valid === false) {
          if (typeof ms !== "number" && typeof ms !== "bigint") {
            throw TypeError("sleep: ms must be a number");
          }
          throw RangeError("sleep: ms must be a number that is greater than 0 but less than Infinity");
        }
        const target = Date.now() + Number(ms);
        while (target > Date.now()) {
        }
      };
      module.exports = sleep;
    }
  }
});

// node_modules/sonic-boom/index.js
var require_sonic_boom = __commonJS({
  "node_modules/sonic-boom/index.js"(exports, module) {
    "use strict";
    var fs = __require("fs");
    var EventEmitter3 = __require("events");
    var inherits = __require("util").inherits;
    var path21 = __require("path");
    var sleep = require_atomic_sleep();
    var assert = __require("assert");
    var BUSY_WRITE_TIMEOUT = 100;
    var kEmptyBuffer = Buffer.allocUnsafe(0);
    var MAX_WRITE = 16 * 1024;
    var kContentModeBuffer = "buffer";
    var kContentModeUtf8 = "utf8";
    var [major, minor] = (process.versions.node || "0.0").split(".").map(Number);
    var kCopyBuffer = major >= 22 && minor >= 7;
    function openFile(file, sonic) {
      sonic._opening = true;
      sonic._writing = true;
      sonic._asyncDrainScheduled = false;
      function fileOpened(err, fd) {
        if (err) {
          sonic._reopening = false;
          sonic._writing = false;
          sonic._opening = false;
          if (sonic.sync) {
            process.nextTick(() => {
              if (sonic.listenerCount("error") > 0) {
                sonic.emit("error", err);
              }
            });
          } else {
            sonic.emit("error", err);
          }
          return;
        }
        const reopening = sonic._reopening;
        sonic.fd = fd;
        sonic.file = file;
        sonic._reopening = false;
        sonic._opening = false;
        sonic._writing = false;
        if (sonic.sync) {
          process.nextTick(() => sonic.emit("ready"));
        } else {
          sonic.emit("ready");
        }
        if (sonic.destroyed) {
          return;
        }
        if (!sonic._writing && sonic._len > sonic.minLength || sonic._flushPending) {
          sonic._actualWrite();
        } else if (reopening) {
          process.nextTick(() => sonic.emit("drain"));
        }
      }
      const flags = sonic.append ? "a" : "w";
      const mode = sonic.mode;
      if (sonic.sync) {
        try {
          if (sonic.mkdir) fs.mkdirSync(path21.dirname(file), { recursive: true });
          const fd = fs.openSync(file, flags, mode);
          fileOpened(null, fd);
        } catch (err) {
          fileOpened(err);
          throw err;
        }
      } else if (sonic.mkdir) {
        fs.mkdir(path21.dirname(file), { recursive: true }, (err) => {
          if (err) return fileOpened(err);
          fs.open(file, flags, mode, fileOpened);
        });
      } else {
        fs.open(file, flags, mode, fileOpened);
      }
    }
    function SonicBoom(opts) {
      if (!(this instanceof SonicBoom)) {
        return new SonicBoom(opts);
      }
      let { fd, dest, minLength, maxLength, maxWrite, periodicFlush, sync, append = true, mkdir, retryEAGAIN, fsync, contentMode, mode } = opts || {};
      fd = fd || dest;
      this._len = 0;
      this.fd = -1;
      this._bufs = [];
      this._lens = [];
      this._writing = false;
      this._ending = false;
      this._reopening = false;
      this._asyncDrainScheduled = false;
      this._flushPending = false;
      this._hwm = Math.max(minLength || 0, 16387);
      this.file = null;
      this.destroyed = false;
      this.minLength = minLength || 0;
      this.maxLength = maxLength || 0;
      this.maxWrite = maxWrite || MAX_WRITE;
      this._periodicFlush = periodicFlush || 0;
      this._periodicFlushTimer = void 0;
      this.sync = sync || false;
      this.writable = true;
      this._fsync = fsync || false;
      this.append = append || false;
      this.mode = mode;
      this.retryEAGAIN = retryEAGAIN || (() => true);
      this.mkdir = mkdir || false;
      let fsWriteSync;
      let fsWrite;
      if (contentMode === kContentModeBuffer) {
        this._writingBuf = kEmptyBuffer;
        this.write = writeBuffer;
        this.flush = flushBuffer;
        this.flushSync = flushBufferSync;
        this._actualWrite = actualWriteBuffer;
        fsWriteSync = () => fs.writeSync(this.fd, this._writingBuf);
        fsWrite = () => fs.write(this.fd, this._writingBuf, this.release);
      } else if (contentMode === void 0 || contentMode === kContentModeUtf8) {
        this._writingBuf = "";
        this.write = write;
        this.flush = flush;
        this.flushSync = flushSync;
        this._actualWrite = actualWrite;
        fsWriteSync = () => {
          if (Buffer.isBuffer(this._writingBuf)) {
            return fs.writeSync(this.fd, this._writingBuf);
          }
          return fs.writeSync(this.fd, this._writingBuf, "utf8");
        };
        fsWrite = () => {
          if (Buffer.isBuffer(this._writingBuf)) {
            return fs.write(this.fd, this._writingBuf, this.release);
          }
          return fs.write(this.fd, this._writingBuf, "utf8", this.release);
        };
      } else {
        throw new Error(`SonicBoom supports "${kContentModeUtf8}" and "${kContentModeBuffer}", but passed ${contentMode}`);
      }
      if (typeof fd === "number") {
        this.fd = fd;
        process.nextTick(() => this.emit("ready"));
      } else if (typeof fd === "string") {
        openFile(fd, this);
      } else {
        throw new Error("SonicBoom supports only file descriptors and files");
      }
      if (this.minLength >= this.maxWrite) {
        throw new Error(`minLength should be smaller than maxWrite (${this.maxWrite})`);
      }
      this.release = (err, n) => {
        if (err) {
          if ((err.code === "EAGAIN" || err.code === "EBUSY") && this.retryEAGAIN(err, this._writingBuf.length, this._len - this._writingBuf.length)) {
            if (this.sync) {
              try {
                sleep(BUSY_WRITE_TIMEOUT);
                this.release(void 0, 0);
              } catch (err2) {
                this.release(err2);
              }
            } else {
              setTimeout(fsWrite, BUSY_WRITE_TIMEOUT);
            }
          } else {
            this._writing = false;
            this.emit("error", err);
          }
          return;
        }
        this.emit("write", n);
        const releasedBufObj = releaseWritingBuf(this._writingBuf, this._len, n);
        this._len = releasedBufObj.len;
        this._writingBuf = releasedBufObj.writingBuf;
        if (this._writingBuf.length) {
          if (!this.sync) {
            fsWrite();
            return;
          }
          try {
            do {
              const n2 = fsWriteSync();
              const releasedBufObj2 = releaseWritingBuf(this._writingBuf, this._len, n2);
              this._len = releasedBufObj2.len;
              this._writingBuf = releasedBufObj2.writingBuf;
            } while (this._writingBuf.length);
          } catch (err2) {
            this.release(err2);
            return;
          }
        }
        if (this._fsync) {
          fs.fsyncSync(this.fd);
        }
        const len = this._len;
        if (this._reopening) {
          this._writing = false;
          this._reopening = false;
          this.reopen();
        } else if (len > this.minLength) {
          this._actualWrite();
        } else if (this._ending) {
          if (len > 0) {
            this._actualWrite();
          } else {
            this._writing = false;
            actualClose(this);
          }
        } else {
          this._writing = false;
          if (this.sync) {
            if (!this._asyncDrainScheduled) {
              this._asyncDrainScheduled = true;
              process.nextTick(emitDrain, this);
            }
          } else {
            this.emit("drain");
          }
        }
      };
      this.on("newListener", function(name) {
        if (name === "drain") {
          this._asyncDrainScheduled = false;
        }
      });
      if (this._periodicFlush !== 0) {
        this._periodicFlushTimer = setInterval(() => this.flush(null), this._periodicFlush);
        this._periodicFlushTimer.unref();
      }
    }
    function releaseWritingBuf(writingBuf, len, n) {
      if (typeof writingBuf === "string") {
        writingBuf = Buffer.from(writingBuf);
      }
      len = Math.max(len - n, 0);
      writingBuf = writingBuf.subarray(n);
      return { writingBuf, len };
    }
    function emitDrain(sonic) {
      const hasListeners = sonic.listenerCount("drain") > 0;
      if (!hasListeners) return;
      sonic._asyncDrainScheduled = false;
      sonic.emit("drain");
    }
    inherits(SonicBoom, EventEmitter3);
    function mergeBuf(bufs, len) {
      if (bufs.length === 0) {
        return kEmptyBuffer;
      }
      if (bufs.length === 1) {
        return bufs[0];
      }
      return Buffer.concat(bufs, len);
    }
    function write(data) {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      data = "" + data;
      const dataLen = Buffer.byteLength(data);
      const len = this._len + dataLen;
      const bufs = this._bufs;
      if (this.maxLength && len > this.maxLength) {
        this.emit("drop", data);
        return this._len < this._hwm;
      }
      if (bufs.length === 0 || Buffer.byteLength(bufs[bufs.length - 1]) + dataLen > this.maxWrite) {
        bufs.push(data);
      } else {
        bufs[bufs.length - 1] += data;
      }
      this._len = len;
      if (!this._writing && this._len >= this.minLength) {
        this._actualWrite();
      }
      return this._len < this._hwm;
    }
    function writeBuffer(data) {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      const len = this._len + data.length;
      const bufs = this._bufs;
      const lens = this._lens;
      if (this.maxLength && len > this.maxLength) {
        this.emit("drop", data);
        return this._len < this._hwm;
      }
      if (bufs.length === 0 || lens[lens.length - 1] + data.length > this.maxWrite) {
        bufs.push([data]);
        lens.push(data.length);
      } else {
        bufs[bufs.length - 1].push(data);
        lens[lens.length - 1] += data.length;
      }
      this._len = len;
      if (!this._writing && this._len >= this.minLength) {
        this._actualWrite();
      }
      return this._len < this._hwm;
    }
    function callFlushCallbackOnDrain(cb) {
      this._flushPending = true;
      const onDrain = () => {
        if (!this._fsync) {
          try {
            fs.fsync(this.fd, (err) => {
              this._flushPending = false;
              cb(err);
            });
          } catch (err) {
            cb(err);
          }
        } else {
          this._flushPending = false;
          cb();
        }
        this.off("error", onError);
      };
      const onError = (err) => {
        this._flushPending = false;
        cb(err);
        this.off("drain", onDrain);
      };
      this.once("drain", onDrain);
      this.once("error", onError);
    }
    function flush(cb) {
      if (cb != null && typeof cb !== "function") {
        throw new Error("flush cb must be a function");
      }
      if (this.destroyed) {
        const error = new Error("SonicBoom destroyed");
        if (cb) {
          cb(error);
          return;
        }
        throw error;
      }
      if (this.minLength <= 0) {
        cb?.();
        return;
      }
      if (cb) {
        callFlushCallbackOnDrain.call(this, cb);
      }
      if (this._writing) {
        return;
      }
      if (this._bufs.length === 0) {
        this._bufs.push("");
      }
      this._actualWrite();
    }
    function flushBuffer(cb) {
      if (cb != null && typeof cb !== "function") {
        throw new Error("flush cb must be a function");
      }
      if (this.destroyed) {
        const error = new Error("SonicBoom destroyed");
        if (cb) {
          cb(error);
          return;
        }
        throw error;
      }
      if (this.minLength <= 0) {
        cb?.();
        return;
      }
      if (cb) {
        callFlushCallbackOnDrain.call(this, cb);
      }
      if (this._writing) {
        return;
      }
      if (this._bufs.length === 0) {
        this._bufs.push([]);
        this._lens.push(0);
      }
      this._actualWrite();
    }
    SonicBoom.prototype.reopen = function(file) {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this._opening) {
        this.once("ready", () => {
          this.reopen(file);
        });
        return;
      }
      if (this._ending) {
        return;
      }
      if (!this.file) {
        throw new Error("Unable to reopen a file descriptor, you must pass a file to SonicBoom");
      }
      if (file) {
        this.file = file;
      }
      this._reopening = true;
      if (this._writing) {
        return;
      }
      const fd = this.fd;
      this.once("ready", () => {
        if (fd !== this.fd) {
          fs.close(fd, (err) => {
            if (err) {
              return this.emit("error", err);
            }
          });
        }
      });
      openFile(this.file, this);
    };
    SonicBoom.prototype.end = function() {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this._opening) {
        this.once("ready", () => {
          this.end();
        });
        return;
      }
      if (this._ending) {
        return;
      }
      this._ending = true;
      if (this._writing) {
        return;
      }
      if (this._len > 0 && this.fd >= 0) {
        this._actualWrite();
      } else {
        actualClose(this);
      }
    };
    function flushSync() {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this.fd < 0) {
        throw new Error("sonic boom is not ready yet");
      }
      if (!this._writing && this._writingBuf.length > 0) {
        this._bufs.unshift(this._writingBuf);
        this._writingBuf = "";
      }
      let buf = "";
      while (this._bufs.length || buf.length) {
        if (buf.length <= 0) {
          buf = this._bufs[0];
        }
        try {
          const n = Buffer.isBuffer(buf) ? fs.writeSync(this.fd, buf) : fs.writeSync(this.fd, buf, "utf8");
          const releasedBufObj = releaseWritingBuf(buf, this._len, n);
          buf = releasedBufObj.writingBuf;
          this._len = releasedBufObj.len;
          if (buf.length <= 0) {
            this._bufs.shift();
          }
        } catch (err) {
          const shouldRetry = err.code === "EAGAIN" || err.code === "EBUSY";
          if (shouldRetry && !this.retryEAGAIN(err, buf.length, this._len - buf.length)) {
            throw err;
          }
          sleep(BUSY_WRITE_TIMEOUT);
        }
      }
      try {
        fs.fsyncSync(this.fd);
      } catch {
      }
    }
    function flushBufferSync() {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this.fd < 0) {
        throw new Error("sonic boom is not ready yet");
      }
      if (!this._writing && this._writingBuf.length > 0) {
        this._bufs.unshift([this._writingBuf]);
        this._writingBuf = kEmptyBuffer;
      }
      let buf = kEmptyBuffer;
      while (this._bufs.length || buf.length) {
        if (buf.length <= 0) {
          buf = mergeBuf(this._bufs[0], this._lens[0]);
        }
        try {
          const n = fs.writeSync(this.fd, buf);
          buf = buf.subarray(n);
          this._len = Math.max(this._len - n, 0);
          if (buf.length <= 0) {
            this._bufs.shift();
            this._lens.shift();
          }
        } catch (err) {
          const shouldRetry = err.code === "EAGAIN" || err.code === "EBUSY";
          if (shouldRetry && !this.retryEAGAIN(err, buf.length, this._len - buf.length)) {
            throw err;
          }
          sleep(BUSY_WRITE_TIMEOUT);
        }
      }
    }
    SonicBoom.prototype.destroy = function() {
      if (this.destroyed) {
        return;
      }
      actualClose(this);
    };
    function actualWrite() {
      const release3 = this.release;
      this._writing = true;
      this._writingBuf = this._writingBuf.length ? this._writingBuf : this._bufs.shift() || "";
      if (this.sync) {
        try {
          const written = Buffer.isBuffer(this._writingBuf) ? fs.writeSync(this.fd, this._writingBuf) : fs.writeSync(this.fd, this._writingBuf, "utf8");
          release3(null, written);
        } catch (err) {
          release3(err);
        }
      } else {
        fs.write(this.fd, this._writingBuf, release3);
      }
    }
    function actualWriteBuffer() {
      const release3 = this.release;
      this._writing = true;
      this._writingBuf = this._writingBuf.length ? this._writingBuf : mergeBuf(this._bufs.shift(), this._lens.shift());
      if (this.sync) {
        try {
          const written = fs.writeSync(this.fd, this._writingBuf);
          release3(null, written);
        } catch (err) {
          release3(err);
        }
      } else {
        if (kCopyBuffer) {
          this._writingBuf = Buffer.from(this._writingBuf);
        }
        fs.write(this.fd, this._writingBuf, release3);
      }
    }
    function actualClose(sonic) {
      if (sonic.fd === -1) {
        sonic.once("ready", actualClose.bind(null, sonic));
        return;
      }
      if (sonic._periodicFlushTimer !== void 0) {
        clearInterval(sonic._periodicFlushTimer);
      }
      sonic.destroyed = true;
      sonic._bufs = [];
      sonic._lens = [];
      assert(typeof sonic.fd === "number", `sonic.fd must be a number, got ${typeof sonic.fd}`);
      try {
        fs.fsync(sonic.fd, closeWrapped);
      } catch {
      }
      function closeWrapped() {
        if (sonic.fd !== 1 && sonic.fd !== 2) {
          fs.close(sonic.fd, done);
        } else {
          done();
        }
      }
      function done(err) {
        if (err) {
          sonic.emit("error", err);
          return;
        }
        if (sonic._ending && !sonic._writing) {
          sonic.emit("finish");
        }
        sonic.emit("close");
      }
    }
    SonicBoom.SonicBoom = SonicBoom;
    SonicBoom.default = SonicBoom;
    module.exports = SonicBoom;
  }
});

// node_modules/on-exit-leak-free/index.js
var require_on_exit_leak_free = __commonJS({
  "node_modules/on-exit-leak-free/index.js"(exports, module) {
    "use strict";
    var refs = {
      exit: [],
      beforeExit: []
    };
    var functions = {
      exit: onExit,
      beforeExit: onBeforeExit
    };
    var registry;
    function ensureRegistry() {
      if (registry === void 0) {
        registry = new FinalizationRegistry(clear);
      }
    }
    function install(event) {
      if (refs[event].length > 0) {
        return;
      }
      process.on(event, functions[event]);
    }
    function uninstall(event) {
      if (refs[event].length > 0) {
        return;
      }
      process.removeListener(event, functions[event]);
      if (refs.exit.length === 0 && refs.beforeExit.length === 0) {
        registry = void 0;
      }
    }
    function onExit() {
      callRefs("exit");
    }
    function onBeforeExit() {
      callRefs("beforeExit");
    }
    function callRefs(event) {
      for (const ref of refs[event]) {
        const obj = ref.deref();
        const fn = ref.fn;
        if (obj !== void 0) {
          fn(obj, event);
        }
      }
      refs[event] = [];
    }
    function clear(ref) {
      for (const event of ["exit", "beforeExit"]) {
        const index = refs[event].indexOf(ref);
        refs[event].splice(index, index + 1);
        uninstall(event);
      }
    }
    function _register(event, obj, fn) {
      if (obj === void 0) {
        throw new Error("the object can't be undefined");
      }
      install(event);
      const ref = new WeakRef(obj);
      ref.fn = fn;
      ensureRegistry();
      registry.register(obj, ref);
      refs[event].push(ref);
    }
    function register(obj, fn) {
      _register("exit", obj, fn);
    }
    function registerBeforeExit(obj, fn) {
      _register("beforeExit", obj, fn);
    }
    function unregister(obj) {
      if (registry === void 0) {
        return;
      }
      registry.unregister(obj);
      for (const event of ["exit", "beforeExit"]) {
        refs[event] = refs[event].filter((ref) => {
          const _obj = ref.deref();
          return _obj && _obj !== obj;
        });
        uninstall(event);
      }
    }
    module.exports = {
      register,
      registerBeforeExit,
      unregister
    };
  }
});

// node_modules/thread-stream/package.json
var require_package = __commonJS({
  "node_modules/thread-stream/package.json"(exports, module) {
    module.exports = {
      name: "thread-stream",
      version: "4.2.1",
      description: "A streaming way to send data to a Node.js Worker Thread",
      main: "index.js",
      types: "index.d.ts",
      engines: {
        node: ">=20"
      },
      dependencies: {
        "real-require": "^1.0.0"
      },
      devDependencies: {
        "@types/node": "^26.1.1",
        "@yao-pkg/pkg": "^6.0.0",
        borp: "^1.0.0",
        desm: "^1.3.0",
        eslint: "^9.39.1",
        fastbench: "^1.0.1",
        neostandard: "^0.13.0",
        "pino-elasticsearch": "^9.0.0",
        "sonic-boom": "^5.0.0",
        "ts-node": "^10.8.0",
        tsd: "^0.33.0",
        typescript: "~5.7.3"
      },
      scripts: {
        build: "tsc --noEmit",
        lint: "eslint",
        test: 'npm run lint && npm run build && npm run test:types && npm run transpile && borp --expose-gc --pattern "test/*.test.{js,mjs}"',
        "test:ci": 'npm run lint && npm run test:types && npm run transpile && borp --expose-gc --pattern "test/*.test.{js,mjs}"',
        "test:types": "tsd",
        "test:yarn": 'npm run transpile && borp --expose-gc --pattern "test/*.test.js"',
        transpile: "sh ./test/ts/transpile.sh"
      },
      tsd: {
        directory: "test/types"
      },
      repository: {
        type: "git",
        url: "git+https://github.com/mcollina/thread-stream.git"
      },
      keywords: [
        "worker",
        "thread",
        "threads",
        "stream"
      ],
      author: "Matteo Collina <hello@matteocollina.com>",
      license: "MIT",
      bugs: {
        url: "https://github.com/mcollina/thread-stream/issues"
      },
      homepage: "https://github.com/mcollina/thread-stream#readme"
    };
  }
});

// node_modules/thread-stream/lib/wait.js
var require_wait = __commonJS({
  "node_modules/thread-stream/lib/wait.js"(exports, module) {
    "use strict";
    var WAIT_MS = 1e4;
    function wait(state, index, expected, timeout, done) {
      const max = timeout === Infinity ? Infinity : Date.now() + timeout;
      const check = (previous) => {
        const current = Atomics.load(state, index);
        if (current >= expected) {
          done(null, "ok");
          return;
        }
        if (previous !== void 0 && current !== previous) {
          done(null, "not-equal");
          return;
        }
        if (max !== Infinity && Date.now() > max) {
          done(null, "timed-out");
          return;
        }
        const remaining = max === Infinity ? WAIT_MS : Math.min(WAIT_MS, Math.max(1, max - Date.now()));
        const result = Atomics.waitAsync(state, index, current, remaining);
        if (result.async) {
          result.value.then((res) => {
            if (res === "ok") {
              const latest = Atomics.load(state, index);
              done(null, latest >= expected ? "ok" : "not-equal");
              return;
            }
            check(current);
          });
        } else {
          setImmediate(done, null, "not-equal");
        }
      };
      check();
    }
    function waitDiff(state, index, expected, timeout, done) {
      const max = timeout === Infinity ? Infinity : Date.now() + timeout;
      const check = () => {
        const current = Atomics.load(state, index);
        if (current !== expected) {
          done(null, "ok");
          return;
        }
        if (max !== Infinity && Date.now() > max) {
          done(null, "timed-out");
          return;
        }
        const remaining = max === Infinity ? WAIT_MS : Math.min(WAIT_MS, Math.max(1, max - Date.now()));
        const result = Atomics.waitAsync(state, index, expected, remaining);
        if (result.async) {
          result.value.then((res) => {
            if (res === "ok") {
              done(null, "ok");
              return;
            }
            check();
          });
        } else {
          setImmediate(check);
        }
      };
      check();
    }
    module.exports = { wait, waitDiff };
  }
});

// node_modules/thread-stream/lib/indexes.js
var require_indexes = __commonJS({
  "node_modules/thread-stream/lib/indexes.js"(exports, module) {
    "use strict";
    var SEQ_INDEX = 2;
    var WRITE_INDEX = 4;
    var READ_INDEX = 8;
    module.exports = {
      WRITE_INDEX,
      READ_INDEX,
      SEQ_INDEX
    };
  }
});

// node_modules/thread-stream/index.js
var require_thread_stream = __commonJS({
  "node_modules/thread-stream/index.js"(exports, module) {
    "use strict";
    var { version } = require_package();
    var { EventEmitter: EventEmitter3 } = __require("events");
    var { Worker } = __require("worker_threads");
    var { join: join18 } = __require("path");
    var { pathToFileURL } = __require("url");
    var { wait } = require_wait();
    var {
      WRITE_INDEX,
      READ_INDEX,
      SEQ_INDEX
    } = require_indexes();
    var buffer = __require("buffer");
    var assert = __require("assert");
    var kImpl = Symbol("kImpl");
    var MAX_STRING = buffer.constants.MAX_STRING_LENGTH;
    function noop() {
    }
    function updateState(stream, fn) {
      Atomics.add(stream[kImpl].state, SEQ_INDEX, 1);
      fn();
      Atomics.add(stream[kImpl].state, SEQ_INDEX, 1);
      Atomics.notify(stream[kImpl].state, SEQ_INDEX);
    }
    function resetIndexes(stream) {
      updateState(stream, () => {
        Atomics.store(stream[kImpl].state, READ_INDEX, 0);
        Atomics.store(stream[kImpl].state, WRITE_INDEX, 0);
      });
      Atomics.notify(stream[kImpl].state, READ_INDEX);
    }
    var FakeWeakRef = class {
      constructor(value) {
        this._value = value;
      }
      deref() {
        return this._value;
      }
    };
    var FakeFinalizationRegistry = class {
      register() {
      }
      unregister() {
      }
    };
    var FinalizationRegistry2 = process.env.NODE_V8_COVERAGE ? FakeFinalizationRegistry : global.FinalizationRegistry || FakeFinalizationRegistry;
    var WeakRef2 = process.env.NODE_V8_COVERAGE ? FakeWeakRef : global.WeakRef || FakeWeakRef;
    var registry = new FinalizationRegistry2((worker) => {
      if (worker.exited) {
        return;
      }
      worker.terminate();
    });
    function createWorker(stream, opts) {
      const { filename, workerData } = opts;
      const bundlerOverrides = "__bundlerPathsOverrides" in globalThis ? globalThis.__bundlerPathsOverrides : {};
      const toExecute = bundlerOverrides["thread-stream-worker"] || join18(__dirname, "lib", "worker.js");
      const worker = new Worker(toExecute, {
        ...opts.workerOpts,
        name: opts.workerOpts?.name || "thread-stream",
        trackUnmanagedFds: false,
        workerData: {
          filename: filename.indexOf("file://") === 0 ? filename : pathToFileURL(filename).href,
          dataBuf: stream[kImpl].dataBuf,
          stateBuf: stream[kImpl].stateBuf,
          workerData: {
            $context: {
              threadStreamVersion: version
            },
            ...workerData
          }
        }
      });
      worker.stream = new FakeWeakRef(stream);
      worker.on("message", onWorkerMessage);
      worker.on("exit", onWorkerExit);
      registry.register(stream, worker);
      return worker;
    }
    function drain(stream) {
      assert(!stream[kImpl].sync);
      if (stream[kImpl].needDrain) {
        stream[kImpl].needDrain = false;
        stream.emit("drain");
      }
    }
    function nextFlush(stream) {
      while (true) {
        const writeIndex = Atomics.load(stream[kImpl].state, WRITE_INDEX);
        if (stream.destroyed || writeIndex < 0) {
          return;
        }
        const leftover = stream[kImpl].data.length - writeIndex;
        if (leftover > 0) {
          if (stream[kImpl].bufLen === 0) {
            stream[kImpl].flushing = false;
            if (stream[kImpl].ending) {
              end(stream);
            } else if (stream[kImpl].needDrain) {
              process.nextTick(drain, stream);
            }
            return;
          }
          write(stream, leftover, noop);
          continue;
        }
        if (leftover === 0) {
          if (writeIndex === 0 && stream[kImpl].bufLen === 0) {
            return;
          }
          waitForRead(stream, () => {
            if (stream.destroyed) {
              return;
            }
            resetIndexes(stream);
            nextFlush(stream);
          });
          return;
        }
        destroy(stream, new Error("overwritten"));
        return;
      }
    }
    function onWorkerMessage(msg) {
      const stream = this.stream.deref();
      if (stream === void 0) {
        this.exited = true;
        this.terminate();
        return;
      }
      if (msg?.code == null) {
        return;
      }
      switch (msg.code) {
        case "READY":
          if (!stream[kImpl].ending) {
            this.stream = new WeakRef2(stream);
          }
          waitForRead(stream, () => {
            stream[kImpl].ready = true;
            stream.emit("ready");
          });
          break;
        case "ERROR":
          destroy(stream, msg.err);
          break;
        case "EVENT":
          if (Array.isArray(msg.args)) {
            stream.emit(msg.name, ...msg.args);
          } else {
            stream.emit(msg.name, msg.args);
          }
          break;
        case "FLUSHED": {
          if (msg.context !== "thread-stream") {
            destroy(stream, new Error("this should not happen: " + msg.code));
            break;
          }
          const cb = stream[kImpl].flushCallbacks.get(msg.id);
          if (cb) {
            stream[kImpl].flushCallbacks.delete(msg.id);
            process.nextTick(cb);
          }
          break;
        }
        case "WARNING":
          process.emitWarning(msg.err);
          break;
        default:
          destroy(stream, new Error("this should not happen: " + msg.code));
      }
    }
    function onWorkerExit(code) {
      const stream = this.stream.deref();
      if (stream === void 0) {
        return;
      }
      registry.unregister(stream);
      stream.worker.exited = true;
      stream.worker.off("exit", onWorkerExit);
      destroy(stream, code !== 0 ? new Error("the worker thread exited") : null);
    }
    var ThreadStream = class extends EventEmitter3 {
      constructor(opts = {}) {
        super();
        if (opts.bufferSize < 4) {
          throw new Error("bufferSize must at least fit a 4-byte utf-8 char");
        }
        this[kImpl] = {};
        this[kImpl].stateBuf = new SharedArrayBuffer(128);
        this[kImpl].state = new Int32Array(this[kImpl].stateBuf);
        this[kImpl].dataBuf = new SharedArrayBuffer(opts.bufferSize || 4 * 1024 * 1024);
        this[kImpl].data = Buffer.from(this[kImpl].dataBuf);
        this[kImpl].sync = opts.sync || false;
        this[kImpl].ending = false;
        this[kImpl].ended = false;
        this[kImpl].needDrain = false;
        this[kImpl].destroyed = false;
        this[kImpl].flushing = false;
        this[kImpl].ready = false;
        this[kImpl].finished = false;
        this[kImpl].errored = null;
        this[kImpl].closed = false;
        this[kImpl].buf = [];
        this[kImpl].bufHead = 0;
        this[kImpl].bufLen = 0;
        this[kImpl].flushCallbacks = /* @__PURE__ */ new Map();
        this[kImpl].nextFlushId = 0;
        this[kImpl].flushRetainCount = 0;
        this[kImpl].userRef = true;
        this.worker = createWorker(this, opts);
        this.on("message", (message, transferList) => {
          this.worker.postMessage(message, transferList);
        });
      }
      write(data) {
        const dataBuf = Buffer.isBuffer(data) ? data : Buffer.from(data);
        if (this[kImpl].destroyed) {
          error(this, new Error("the worker has exited"));
          return false;
        }
        if (this[kImpl].ending) {
          error(this, new Error("the worker is ending"));
          return false;
        }
        if (this[kImpl].flushing && this[kImpl].bufLen + dataBuf.length >= MAX_STRING) {
          try {
            writeSync(this);
            this[kImpl].flushing = true;
          } catch (err) {
            destroy(this, err);
            return false;
          }
        }
        this[kImpl].buf.push(dataBuf);
        this[kImpl].bufLen += dataBuf.length;
        if (this[kImpl].sync) {
          try {
            writeSync(this);
            return true;
          } catch (err) {
            destroy(this, err);
            return false;
          }
        }
        if (!this[kImpl].flushing) {
          this[kImpl].flushing = true;
          setImmediate(nextFlush, this);
        }
        this[kImpl].needDrain = this[kImpl].data.length - this[kImpl].bufLen - Atomics.load(this[kImpl].state, WRITE_INDEX) <= 0;
        return !this[kImpl].needDrain;
      }
      end() {
        if (this[kImpl].destroyed) {
          return;
        }
        this[kImpl].ending = true;
        this.worker.stream = new FakeWeakRef(this);
        end(this);
      }
      flush(cb) {
        const userCb = typeof cb === "function" ? cb : null;
        cb = userCb || noop;
        if (userCb) {
          retainWorkerForPendingFlush(this);
        }
        let finished = false;
        const done = (err) => {
          if (finished) {
            return;
          }
          finished = true;
          if (userCb) {
            releaseWorkerForPendingFlush(this);
          }
          cb(err);
        };
        flushBuffer(this, (err) => {
          if (err) {
            process.nextTick(done, err);
            return;
          }
          requestWorkerFlush(this, done);
        });
      }
      flushSync() {
        if (this[kImpl].destroyed) {
          return;
        }
        writeSync(this);
        flushSync(this);
      }
      unref() {
        this[kImpl].userRef = false;
        if (this[kImpl].flushRetainCount === 0) {
          this.worker.unref();
        }
      }
      ref() {
        this[kImpl].userRef = true;
        this.worker.ref();
      }
      get ready() {
        return this[kImpl].ready;
      }
      get destroyed() {
        return this[kImpl].destroyed;
      }
      get closed() {
        return this[kImpl].closed;
      }
      get writable() {
        return !this[kImpl].destroyed && !this[kImpl].ending;
      }
      get writableEnded() {
        return this[kImpl].ending;
      }
      get writableFinished() {
        return this[kImpl].finished;
      }
      get writableNeedDrain() {
        return this[kImpl].needDrain;
      }
      get writableObjectMode() {
        return false;
      }
      get writableErrored() {
        return this[kImpl].errored;
      }
    };
    function flushBuffer(stream, cb) {
      if (stream[kImpl].destroyed) {
        process.nextTick(cb, new Error("the worker has exited"));
        return;
      }
      if (!stream[kImpl].sync && (stream[kImpl].flushing || stream[kImpl].bufLen > 0)) {
        setImmediate(flushBuffer, stream, cb);
        return;
      }
      waitForRead(stream, cb);
    }
    function waitForRead(stream, cb) {
      const writeIndex = Atomics.load(stream[kImpl].state, WRITE_INDEX);
      wait(stream[kImpl].state, READ_INDEX, writeIndex, Infinity, (err, res) => {
        if (err) {
          destroy(stream, err);
          cb(err);
          return;
        }
        if (res !== "ok") {
          waitForRead(stream, cb);
          return;
        }
        cb();
      });
    }
    function retainWorkerForPendingFlush(stream) {
      if (stream[kImpl].flushRetainCount === 0) {
        stream.worker.ref();
      }
      stream[kImpl].flushRetainCount++;
    }
    function releaseWorkerForPendingFlush(stream) {
      if (stream[kImpl].flushRetainCount === 0) {
        return;
      }
      stream[kImpl].flushRetainCount--;
      if (stream[kImpl].flushRetainCount === 0 && !stream[kImpl].userRef) {
        stream.worker.unref();
      }
    }
    function requestWorkerFlush(stream, cb) {
      if (stream[kImpl].destroyed) {
        process.nextTick(cb, new Error("the worker has exited"));
        return;
      }
      if (!stream[kImpl].ready) {
        const onReady = () => {
          cleanup();
          requestWorkerFlush(stream, cb);
        };
        const onClose = () => {
          cleanup();
          process.nextTick(cb, new Error("the worker has exited"));
        };
        const cleanup = () => {
          stream.off("ready", onReady);
          stream.off("close", onClose);
        };
        stream.once("ready", onReady);
        stream.once("close", onClose);
        return;
      }
      const id = ++stream[kImpl].nextFlushId;
      stream[kImpl].flushCallbacks.set(id, cb);
      try {
        stream.worker.postMessage({
          code: "FLUSH",
          context: "thread-stream",
          id
        });
      } catch (err) {
        stream[kImpl].flushCallbacks.delete(id);
        destroy(stream, err);
        process.nextTick(cb, err);
      }
    }
    function failPendingFlushCallbacks(stream, err) {
      const callbacks = stream[kImpl].flushCallbacks;
      if (callbacks.size === 0) {
        return;
      }
      const flushErr = err || new Error("the worker has exited");
      for (const cb of callbacks.values()) {
        process.nextTick(cb, flushErr);
      }
      callbacks.clear();
    }
    function error(stream, err) {
      setImmediate(() => {
        stream.emit("error", err);
      });
    }
    function destroy(stream, err) {
      if (stream[kImpl].destroyed) {
        return;
      }
      stream[kImpl].destroyed = true;
      failPendingFlushCallbacks(stream, err);
      if (err) {
        stream[kImpl].errored = err;
        error(stream, err);
      }
      if (!stream.worker.exited) {
        stream.worker.terminate().catch(() => {
        }).then(() => {
          stream[kImpl].closed = true;
          stream.emit("close");
        });
      } else {
        setImmediate(() => {
          stream[kImpl].closed = true;
          stream.emit("close");
        });
      }
    }
    function write(stream, maxBytes, cb) {
      const current = Atomics.load(stream[kImpl].state, WRITE_INDEX);
      let offset = current;
      let remaining = maxBytes;
      while (remaining > 0 && stream[kImpl].bufLen !== 0) {
        const head = stream[kImpl].bufHead;
        const buf = stream[kImpl].buf[head];
        if (buf.length <= remaining) {
          buf.copy(stream[kImpl].data, offset);
          offset += buf.length;
          remaining -= buf.length;
          stream[kImpl].bufLen -= buf.length;
          stream[kImpl].bufHead = head + 1;
          if (stream[kImpl].bufHead === stream[kImpl].buf.length) {
            stream[kImpl].buf.length = 0;
            stream[kImpl].bufHead = 0;
          } else if (stream[kImpl].bufHead >= 1024 && stream[kImpl].bufHead * 2 >= stream[kImpl].buf.length) {
            stream[kImpl].buf.splice(0, stream[kImpl].bufHead);
            stream[kImpl].bufHead = 0;
          }
          continue;
        }
        buf.copy(stream[kImpl].data, offset, 0, remaining);
        stream[kImpl].buf[head] = buf.subarray(remaining);
        stream[kImpl].bufLen -= remaining;
        offset += remaining;
        remaining = 0;
      }
      updateState(stream, () => {
        Atomics.store(stream[kImpl].state, WRITE_INDEX, offset);
      });
      cb();
      return true;
    }
    function end(stream) {
      if (stream[kImpl].ended || !stream[kImpl].ending || stream[kImpl].flushing) {
        return;
      }
      stream[kImpl].ended = true;
      try {
        stream.flushSync();
        let readIndex = Atomics.load(stream[kImpl].state, READ_INDEX);
        updateState(stream, () => {
          Atomics.store(stream[kImpl].state, WRITE_INDEX, -1);
        });
        let spins = 0;
        while (readIndex !== -1) {
          Atomics.wait(stream[kImpl].state, READ_INDEX, readIndex, 1e3);
          readIndex = Atomics.load(stream[kImpl].state, READ_INDEX);
          if (readIndex === -2) {
            destroy(stream, new Error("end() failed"));
            return;
          }
          if (++spins === 10) {
            destroy(stream, new Error("end() took too long (10s)"));
            return;
          }
        }
        process.nextTick(() => {
          stream[kImpl].finished = true;
          stream.emit("finish");
        });
      } catch (err) {
        destroy(stream, err);
      }
    }
    function writeSync(stream) {
      const cb = () => {
        if (stream[kImpl].ending) {
          end(stream);
        } else if (stream[kImpl].needDrain) {
          process.nextTick(drain, stream);
        }
      };
      stream[kImpl].flushing = false;
      while (stream[kImpl].bufLen !== 0) {
        const writeIndex = Atomics.load(stream[kImpl].state, WRITE_INDEX);
        if (writeIndex < 0) {
          throw new Error("_writeSync failed");
        }
        const leftover = stream[kImpl].data.length - writeIndex;
        if (leftover === 0) {
          flushSync(stream);
          resetIndexes(stream);
          continue;
        } else if (leftover < 0) {
          throw new Error("overwritten");
        }
        write(stream, leftover, cb);
      }
    }
    function flushSync(stream) {
      if (stream[kImpl].flushing) {
        throw new Error("unable to flush while flushing");
      }
      const writeIndex = Atomics.load(stream[kImpl].state, WRITE_INDEX);
      let spins = 0;
      while (true) {
        const readIndex = Atomics.load(stream[kImpl].state, READ_INDEX);
        if (readIndex === -2) {
          throw Error("_flushSync failed");
        }
        if (readIndex !== writeIndex) {
          Atomics.wait(stream[kImpl].state, READ_INDEX, readIndex, 1e3);
        } else {
          break;
        }
        if (++spins === 10) {
          throw new Error("_flushSync took too long (10s)");
        }
      }
    }
    module.exports = ThreadStream;
  }
});

// node_modules/pino/lib/transport.js
var require_transport = __commonJS({
  "node_modules/pino/lib/transport.js"(exports, module) {
    "use strict";
    var { createRequire } = __require("module");
    var { existsSync } = __require("node:fs");
    var getCallers = require_caller();
    var { join: join18, isAbsolute, sep } = __require("node:path");
    var { fileURLToPath } = __require("node:url");
    var sleep = require_atomic_sleep();
    var onExit = require_on_exit_leak_free();
    var ThreadStream = require_thread_stream();
    var { transportUsesMultistreamSym } = require_symbols();
    function setupOnExit(stream) {
      onExit.register(stream, autoEnd);
      onExit.registerBeforeExit(stream, flush);
      stream.on("close", function() {
        onExit.unregister(stream);
      });
    }
    function hasPreloadFlags() {
      const execArgv = process.execArgv;
      for (let i = 0; i < execArgv.length; i++) {
        const arg = execArgv[i];
        if (arg === "--import" || arg === "--require" || arg === "-r") {
          return true;
        }
        if (arg.startsWith("--import=") || arg.startsWith("--require=") || arg.startsWith("-r=")) {
          return true;
        }
      }
      return false;
    }
    function sanitizeNodeOptions(nodeOptions) {
      const tokens = nodeOptions.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g);
      if (!tokens) {
        return nodeOptions;
      }
      const sanitized = [];
      let changed = false;
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        if (token === "--require" || token === "-r" || token === "--import") {
          const next = tokens[i + 1];
          if (next && shouldDropPreload(next)) {
            changed = true;
            i++;
            continue;
          }
          sanitized.push(token);
          if (next) {
            sanitized.push(next);
            i++;
          }
          continue;
        }
        if (token.startsWith("--require=") || token.startsWith("-r=") || token.startsWith("--import=")) {
          const value = token.slice(token.indexOf("=") + 1);
          if (shouldDropPreload(value)) {
            changed = true;
            continue;
          }
        }
        sanitized.push(token);
      }
      return changed ? sanitized.join(" ") : nodeOptions;
    }
    function shouldDropPreload(value) {
      const unquoted = stripQuotes(value);
      if (!unquoted) {
        return false;
      }
      let path21 = unquoted;
      if (path21.startsWith("file://")) {
        try {
          path21 = fileURLToPath(path21);
        } catch {
          return false;
        }
      }
      return isAbsolute(path21) && !existsSync(path21);
    }
    function stripQuotes(value) {
      const first = value[0];
      const last = value[value.length - 1];
      if (first === '"' && last === '"' || first === "'" && last === "'") {
        return value.slice(1, -1);
      }
      return value;
    }
    function buildStream(filename, workerData, workerOpts, sync, name) {
      if (!workerOpts.execArgv && hasPreloadFlags() && __require.main === void 0) {
        workerOpts = {
          ...workerOpts,
          execArgv: []
        };
      }
      if (!workerOpts.env && process.env.NODE_OPTIONS) {
        const nodeOptions = sanitizeNodeOptions(process.env.NODE_OPTIONS);
        if (nodeOptions !== process.env.NODE_OPTIONS) {
          workerOpts = {
            ...workerOpts,
            env: {
              ...process.env,
              NODE_OPTIONS: nodeOptions
            }
          };
        }
      }
      workerOpts = { ...workerOpts, name };
      const stream = new ThreadStream({
        filename,
        workerData,
        workerOpts,
        sync
      });
      stream.on("ready", onReady);
      stream.on("close", function() {
        process.removeListener("exit", onExit2);
      });
      process.on("exit", onExit2);
      function onReady() {
        process.removeListener("exit", onExit2);
        stream.unref();
        if (workerOpts.autoEnd !== false) {
          setupOnExit(stream);
        }
      }
      function onExit2() {
        if (stream.closed) {
          return;
        }
        stream.flushSync();
        sleep(100);
        stream.end();
      }
      return stream;
    }
    function autoEnd(stream) {
      stream.ref();
      stream.flushSync();
      stream.end();
      stream.once("close", function() {
        stream.unref();
      });
    }
    function flush(stream) {
      stream.flushSync();
    }
    function transport(fullOptions) {
      const { pipeline: pipeline3, targets, levels, dedupe, worker = {}, caller = getCallers(), sync = false } = fullOptions;
      const options = {
        ...fullOptions.options
      };
      let usesMultistream = false;
      const callers = typeof caller === "string" ? [caller] : caller;
      const bundlerOverrides = typeof globalThis === "object" && Object.prototype.hasOwnProperty.call(globalThis, "__bundlerPathsOverrides") && globalThis.__bundlerPathsOverrides && typeof globalThis.__bundlerPathsOverrides === "object" ? globalThis.__bundlerPathsOverrides : /* @__PURE__ */ Object.create(null);
      let target = fullOptions.target;
      if (target && targets) {
        throw new Error("only one of target or targets can be specified");
      }
      if (targets) {
        target = bundlerOverrides["pino-worker"] || join18(__dirname, "worker.js");
        options.targets = targets.filter((dest) => dest.target).map((dest) => {
          return {
            ...dest,
            target: fixTarget(dest.target)
          };
        });
        options.pipelines = targets.filter((dest) => dest.pipeline).map((dest) => {
          return dest.pipeline.map((t) => {
            return {
              ...t,
              level: dest.level,
              // duplicate the pipeline `level` property defined in the upper level
              target: fixTarget(t.target)
            };
          });
        });
        const targetsHaveLevel = options.targets.some((t) => t.level != null);
        const pipelinesHaveLevel = options.pipelines.some((p) => p.some((t) => t.level != null));
        usesMultistream = options.targets.length + options.pipelines.length > 1 || targetsHaveLevel || pipelinesHaveLevel;
      } else if (pipeline3) {
        target = bundlerOverrides["pino-worker"] || join18(__dirname, "worker.js");
        options.pipelines = [pipeline3.map((dest) => {
          return {
            ...dest,
            target: fixTarget(dest.target)
          };
        })];
      }
      if (levels) {
        options.levels = levels;
      }
      if (dedupe) {
        options.dedupe = dedupe;
      }
      options.pinoWillSendConfig = true;
      const name = targets || pipeline3 ? "pino.transport" : target;
      const stream = buildStream(fixTarget(target), options, worker, sync, name);
      if (usesMultistream) {
        stream[transportUsesMultistreamSym] = true;
      }
      return stream;
      function fixTarget(origin) {
        origin = bundlerOverrides[origin] || origin;
        if (isAbsolute(origin) || origin.indexOf("file://") === 0) {
          return origin;
        }
        if (origin === "pino/file") {
          return join18(__dirname, "..", "file.js");
        }
        let fixTarget2;
        for (const filePath of callers) {
          try {
            const context = filePath === "node:repl" ? process.cwd() + sep : filePath;
            fixTarget2 = createRequire(context).resolve(origin);
            break;
          } catch (err) {
            continue;
          }
        }
        if (!fixTarget2) {
          throw new Error(`unable to determine transport target for "${origin}"`);
        }
        return fixTarget2;
      }
    }
    module.exports = transport;
  }
});

// node_modules/pino/lib/tools.js
var require_tools = __commonJS({
  "node_modules/pino/lib/tools.js"(exports, module) {
    "use strict";
    var diagChan = __require("node:diagnostics_channel");
    var format = require_quick_format_unescaped();
    var { mapHttpRequest, mapHttpResponse } = require_pino_std_serializers();
    var SonicBoom = require_sonic_boom();
    var onExit = require_on_exit_leak_free();
    var {
      lsCacheSym,
      chindingsSym,
      writeSym,
      serializersSym,
      formatOptsSym,
      endSym,
      stringifiersSym,
      stringifySym,
      stringifySafeSym,
      wildcardFirstSym,
      nestedKeySym,
      formattersSym,
      messageKeySym,
      errorKeySym,
      nestedKeyStrSym,
      msgPrefixSym
    } = require_symbols();
    var { isMainThread } = __require("worker_threads");
    var transport = require_transport();
    var [nodeMajor] = process.versions.node.split(".").map((v) => Number(v));
    var asJsonChan = diagChan.tracingChannel("pino_asJson");
    var asString = nodeMajor >= 25 ? (str) => JSON.stringify(str) : _asString;
    function noop() {
    }
    function genLog(level, hook) {
      if (!hook) return LOG;
      return function hookWrappedLog(...args) {
        hook.call(this, args, LOG, level);
      };
      function LOG(o, ...n) {
        if (typeof o === "object") {
          let msg = o;
          if (o !== null) {
            if (o.method && o.headers && o.socket) {
              o = mapHttpRequest(o);
            } else if (typeof o.setHeader === "function") {
              o = mapHttpResponse(o);
            }
          }
          let formatParams;
          if (msg === null && n.length === 0) {
            formatParams = [null];
          } else {
            msg = n.shift();
            formatParams = n;
          }
          if (typeof this[msgPrefixSym] === "string" && msg !== void 0 && msg !== null) {
            msg = this[msgPrefixSym] + msg;
          }
          this[writeSym](o, format(msg, formatParams, this[formatOptsSym]), level);
        } else {
          let msg = o === void 0 ? n.shift() : o;
          if (typeof this[msgPrefixSym] === "string" && msg !== void 0 && msg !== null) {
            msg = this[msgPrefixSym] + msg;
          }
          this[writeSym](null, format(msg, n, this[formatOptsSym]), level);
        }
      }
    }
    function _asString(str) {
      let result = "";
      let last = 0;
      let found = false;
      let point = 255;
      const l = str.length;
      if (l > 100) {
        return JSON.stringify(str);
      }
      for (var i = 0; i < l && point >= 32; i++) {
        point = str.charCodeAt(i);
        if (point === 34 || point === 92) {
          result += str.slice(last, i) + "\\";
          last = i;
          found = true;
        }
      }
      if (!found) {
        result = str;
      } else {
        result += str.slice(last);
      }
      return point < 32 ? JSON.stringify(str) : '"' + result + '"';
    }
    function asJson(obj, msg, num, time) {
      if (asJsonChan.hasSubscribers === false) {
        return _asJson.call(this, obj, msg, num, time);
      }
      const store = { instance: this, arguments };
      return asJsonChan.traceSync(_asJson, store, this, obj, msg, num, time);
    }
    function _asJson(obj, msg, num, time) {
      const stringify2 = this[stringifySym];
      const stringifySafe = this[stringifySafeSym];
      const stringifiers = this[stringifiersSym];
      const end = this[endSym];
      const chindings = this[chindingsSym];
      const serializers = this[serializersSym];
      const formatters = this[formattersSym];
      const messageKey = this[messageKeySym];
      const errorKey = this[errorKeySym];
      let data = this[lsCacheSym][num] + time;
      data = data + chindings;
      let value;
      if (formatters.log) {
        obj = formatters.log(obj);
      }
      const wildcardStringifier = stringifiers[wildcardFirstSym];
      let propStr = "";
      for (const key in obj) {
        value = obj[key];
        if (Object.prototype.hasOwnProperty.call(obj, key) && value !== void 0) {
          if (serializers[key]) {
            value = serializers[key](value);
          } else if (key === errorKey && serializers.err) {
            value = serializers.err(value);
          }
          const stringifier = stringifiers[key] || wildcardStringifier;
          switch (typeof value) {
            case "undefined":
            case "function":
              continue;
            case "number":
              if (Number.isFinite(value) === false) {
                value = null;
              }
            // this case explicitly falls through to the next one
            case "boolean":
              if (stringifier) value = stringifier(value);
              break;
            case "string":
              value = (stringifier || asString)(value);
              break;
            default:
              value = (stringifier || stringify2)(value, stringifySafe);
          }
          if (value === void 0) continue;
          const strKey = asString(key);
          propStr += "," + strKey + ":" + value;
        }
      }
      let msgStr = "";
      if (msg !== void 0) {
        value = serializers[messageKey] ? serializers[messageKey](msg) : msg;
        const stringifier = stringifiers[messageKey] || wildcardStringifier;
        switch (typeof value) {
          case "function":
            break;
          case "number":
            if (Number.isFinite(value) === false) {
              value = null;
            }
          // this case explicitly falls through to the next one
          case "boolean":
            if (stringifier) value = stringifier(value);
            msgStr = ',"' + messageKey + '":' + value;
            break;
          case "string":
            value = (stringifier || asString)(value);
            msgStr = ',"' + messageKey + '":' + value;
            break;
          default:
            value = (stringifier || stringify2)(value, stringifySafe);
            msgStr = ',"' + messageKey + '":' + value;
        }
      }
      if (this[nestedKeySym] && propStr) {
        return data + this[nestedKeyStrSym] + propStr.slice(1) + "}" + msgStr + end;
      } else {
        return data + propStr + msgStr + end;
      }
    }
    function asChindings(instance, bindings) {
      let value;
      let data = instance[chindingsSym];
      const stringify2 = instance[stringifySym];
      const stringifySafe = instance[stringifySafeSym];
      const stringifiers = instance[stringifiersSym];
      const wildcardStringifier = stringifiers[wildcardFirstSym];
      const serializers = instance[serializersSym];
      const formatter = instance[formattersSym].bindings;
      bindings = formatter(bindings);
      for (const key in bindings) {
        value = bindings[key];
        const valid = (key.length < 5 || key !== "level" && key !== "serializers" && key !== "formatters" && key !== "customLevels") && bindings.hasOwnProperty(key) && value !== void 0;
        if (valid === true) {
          value = serializers[key] ? serializers[key](value) : value;
          value = (stringifiers[key] || wildcardStringifier || stringify2)(value, stringifySafe);
          if (value === void 0) continue;
          data += "," + asString(key) + ":" + value;
        }
      }
      return data;
    }
    function hasBeenTampered(stream) {
      return stream.write !== stream.constructor.prototype.write;
    }
    function buildSafeSonicBoom(opts) {
      const stream = new SonicBoom(opts);
      stream.on("error", filterBrokenPipe);
      if (!opts.sync && isMainThread) {
        onExit.register(stream, autoEnd);
        stream.on("close", function() {
          onExit.unregister(stream);
        });
      }
      return stream;
      function filterBrokenPipe(err) {
        if (err.code === "EPIPE") {
          stream.write = noop;
          stream.end = noop;
          stream.flushSync = noop;
          stream.destroy = noop;
          return;
        }
        stream.removeListener("error", filterBrokenPipe);
        stream.emit("error", err);
      }
    }
    function autoEnd(stream, eventName) {
      if (stream.destroyed) {
        return;
      }
      if (eventName === "beforeExit") {
        stream.flush();
        stream.on("drain", function() {
          stream.end();
        });
      } else {
        stream.flushSync();
      }
    }
    function createArgsNormalizer(defaultOptions) {
      return function normalizeArgs(instance, caller, opts = {}, stream) {
        if (typeof opts === "string") {
          stream = buildSafeSonicBoom({ dest: opts });
          opts = {};
        } else if (typeof stream === "string") {
          if (opts && opts.transport) {
            throw Error("only one of option.transport or stream can be specified");
          }
          stream = buildSafeSonicBoom({ dest: stream });
        } else if (opts instanceof SonicBoom || opts.writable || opts._writableState) {
          stream = opts;
          opts = {};
        } else if (opts.transport) {
          if (opts.transport instanceof SonicBoom || opts.transport.writable || opts.transport._writableState) {
            throw Error("option.transport do not allow stream, please pass to option directly. e.g. pino(transport)");
          }
          if (opts.transport.targets && opts.transport.targets.length && opts.formatters && typeof opts.formatters.level === "function") {
            throw Error("option.transport.targets do not allow custom level formatters");
          }
          let customLevels;
          if (opts.customLevels) {
            customLevels = opts.useOnlyCustomLevels ? opts.customLevels : Object.assign({}, opts.levels, opts.customLevels);
          }
          stream = transport({ caller, ...opts.transport, levels: customLevels });
        }
        opts = Object.assign({}, defaultOptions, opts);
        opts.serializers = Object.assign(/* @__PURE__ */ Object.create(null), defaultOptions.serializers, opts.serializers);
        opts.formatters = Object.assign({}, defaultOptions.formatters, opts.formatters);
        if (opts.prettyPrint) {
          throw new Error("prettyPrint option is no longer supported, see the pino-pretty package (https://github.com/pinojs/pino-pretty)");
        }
        const { enabled, onChild } = opts;
        if (enabled === false) opts.level = "silent";
        if (!onChild) opts.onChild = noop;
        if (!stream) {
          if (!hasBeenTampered(process.stdout)) {
            stream = buildSafeSonicBoom({ fd: process.stdout.fd || 1 });
          } else {
            stream = process.stdout;
          }
        }
        return { opts, stream };
      };
    }
    function stringify(obj, stringifySafeFn) {
      try {
        return JSON.stringify(obj);
      } catch (_) {
        try {
          const stringify2 = stringifySafeFn || this[stringifySafeSym];
          return stringify2(obj);
        } catch (_2) {
          return '"[unable to serialize, circular reference is too complex to analyze]"';
        }
      }
    }
    function buildFormatters(level, bindings, log) {
      return {
        level,
        bindings,
        log
      };
    }
    function normalizeDestFileDescriptor(destination) {
      const fd = Number(destination);
      if (typeof destination === "string" && Number.isFinite(fd)) {
        return fd;
      }
      if (destination === void 0) {
        return 1;
      }
      return destination;
    }
    module.exports = {
      noop,
      buildSafeSonicBoom,
      asChindings,
      asJson,
      genLog,
      createArgsNormalizer,
      stringify,
      buildFormatters,
      normalizeDestFileDescriptor
    };
  }
});

// node_modules/pino/lib/constants.js
var require_constants = __commonJS({
  "node_modules/pino/lib/constants.js"(exports, module) {
    var DEFAULT_LEVELS = {
      trace: 10,
      debug: 20,
      info: 30,
      warn: 40,
      error: 50,
      fatal: 60
    };
    var SORTING_ORDER = {
      ASC: "ASC",
      DESC: "DESC"
    };
    module.exports = {
      DEFAULT_LEVELS,
      SORTING_ORDER
    };
  }
});

// node_modules/pino/lib/levels.js
var require_levels = __commonJS({
  "node_modules/pino/lib/levels.js"(exports, module) {
    "use strict";
    var {
      lsCacheSym,
      levelValSym,
      useOnlyCustomLevelsSym,
      streamSym,
      formattersSym,
      hooksSym,
      levelCompSym
    } = require_symbols();
    var { noop, genLog } = require_tools();
    var { DEFAULT_LEVELS, SORTING_ORDER } = require_constants();
    var levelMethods = {
      fatal: (hook) => {
        const logFatal = genLog(DEFAULT_LEVELS.fatal, hook);
        return function(...args) {
          const stream = this[streamSym];
          logFatal.call(this, ...args);
          if (typeof stream.flushSync === "function") {
            try {
              stream.flushSync();
            } catch (e) {
            }
          }
        };
      },
      error: (hook) => genLog(DEFAULT_LEVELS.error, hook),
      warn: (hook) => genLog(DEFAULT_LEVELS.warn, hook),
      info: (hook) => genLog(DEFAULT_LEVELS.info, hook),
      debug: (hook) => genLog(DEFAULT_LEVELS.debug, hook),
      trace: (hook) => genLog(DEFAULT_LEVELS.trace, hook)
    };
    var nums = Object.keys(DEFAULT_LEVELS).reduce((o, k) => {
      o[DEFAULT_LEVELS[k]] = k;
      return o;
    }, {});
    var initialLsCache = Object.keys(nums).reduce((o, k) => {
      o[k] = '{"level":' + Number(k);
      return o;
    }, {});
    function genLsCache(instance) {
      const formatter = instance[formattersSym].level;
      const { labels } = instance.levels;
      const cache = {};
      for (const label in labels) {
        const level = formatter(labels[label], Number(label));
        cache[label] = JSON.stringify(level).slice(0, -1);
      }
      instance[lsCacheSym] = cache;
      return instance;
    }
    function isStandardLevel(level, useOnlyCustomLevels) {
      if (useOnlyCustomLevels) {
        return false;
      }
      switch (level) {
        case "fatal":
        case "error":
        case "warn":
        case "info":
        case "debug":
        case "trace":
          return true;
        default:
          return false;
      }
    }
    function setLevel(level) {
      const { labels, values } = this.levels;
      if (typeof level === "number") {
        if (labels[level] === void 0) throw Error("unknown level value" + level);
        level = labels[level];
      }
      if (values[level] === void 0) throw Error("unknown level " + level);
      const preLevelVal = this[levelValSym];
      const levelVal = this[levelValSym] = values[level];
      const useOnlyCustomLevelsVal = this[useOnlyCustomLevelsSym];
      const levelComparison = this[levelCompSym];
      const hook = this[hooksSym].logMethod;
      for (const key in values) {
        if (levelComparison(values[key], levelVal) === false) {
          this[key] = noop;
          continue;
        }
        this[key] = isStandardLevel(key, useOnlyCustomLevelsVal) ? levelMethods[key](hook) : genLog(values[key], hook);
      }
      this.emit(
        "level-change",
        level,
        levelVal,
        labels[preLevelVal],
        preLevelVal,
        this
      );
    }
    function getLevel(level) {
      const { levels, levelVal } = this;
      return levels && levels.labels ? levels.labels[levelVal] : "";
    }
    function isLevelEnabled(logLevel) {
      const { values } = this.levels;
      const logLevelVal = values[logLevel];
      return logLevelVal !== void 0 && this[levelCompSym](logLevelVal, this[levelValSym]);
    }
    function compareLevel(direction, current, expected) {
      if (direction === SORTING_ORDER.DESC) {
        return current <= expected;
      }
      return current >= expected;
    }
    function genLevelComparison(levelComparison) {
      if (typeof levelComparison === "string") {
        return compareLevel.bind(null, levelComparison);
      }
      return levelComparison;
    }
    function mappings(customLevels = null, useOnlyCustomLevels = false) {
      const customNums = customLevels ? Object.keys(customLevels).reduce((o, k) => {
        o[customLevels[k]] = k;
        return o;
      }, {}) : null;
      const labels = Object.assign(
        Object.create(Object.prototype, { Infinity: { value: "silent" } }),
        useOnlyCustomLevels ? null : nums,
        customNums
      );
      const values = Object.assign(
        Object.create(Object.prototype, { silent: { value: Infinity } }),
        useOnlyCustomLevels ? null : DEFAULT_LEVELS,
        customLevels
      );
      return { labels, values };
    }
    function assertDefaultLevelFound(defaultLevel, customLevels, useOnlyCustomLevels) {
      if (typeof defaultLevel === "number") {
        const values = [].concat(
          Object.keys(customLevels || {}).map((key) => customLevels[key]),
          useOnlyCustomLevels ? [] : Object.keys(nums).map((level) => +level),
          Infinity
        );
        if (!values.includes(defaultLevel)) {
          throw Error(`default level:${defaultLevel} must be included in custom levels`);
        }
        return;
      }
      const labels = Object.assign(
        Object.create(Object.prototype, { silent: { value: Infinity } }),
        useOnlyCustomLevels ? null : DEFAULT_LEVELS,
        customLevels
      );
      if (!(defaultLevel in labels)) {
        throw Error(`default level:${defaultLevel} must be included in custom levels`);
      }
    }
    function assertNoLevelCollisions(levels, customLevels) {
      const { labels, values } = levels;
      for (const k in customLevels) {
        if (k in values) {
          throw Error("levels cannot be overridden");
        }
        if (customLevels[k] in labels) {
          throw Error("pre-existing level values cannot be used for new levels");
        }
      }
    }
    function assertLevelComparison(levelComparison) {
      if (typeof levelComparison === "function") {
        return;
      }
      if (typeof levelComparison === "string" && Object.values(SORTING_ORDER).includes(levelComparison)) {
        return;
      }
      throw new Error('Levels comparison should be one of "ASC", "DESC" or "function" type');
    }
    module.exports = {
      initialLsCache,
      genLsCache,
      levelMethods,
      getLevel,
      setLevel,
      isLevelEnabled,
      mappings,
      assertNoLevelCollisions,
      assertDefaultLevelFound,
      genLevelComparison,
      assertLevelComparison
    };
  }
});

// node_modules/pino/lib/meta.js
var require_meta = __commonJS({
  "node_modules/pino/lib/meta.js"(exports, module) {
    "use strict";
    module.exports = { version: "10.4.0" };
  }
});

// node_modules/pino/lib/proto.js
var require_proto = __commonJS({
  "node_modules/pino/lib/proto.js"(exports, module) {
    "use strict";
    var { EventEmitter: EventEmitter3 } = __require("node:events");
    var {
      lsCacheSym,
      levelValSym,
      setLevelSym,
      getLevelSym,
      chindingsSym,
      mixinSym,
      asJsonSym,
      writeSym,
      mixinMergeStrategySym,
      timeSym,
      timeSliceIndexSym,
      streamSym,
      serializersSym,
      formattersSym,
      errorKeySym,
      messageKeySym,
      useOnlyCustomLevelsSym,
      needsMetadataGsym,
      redactFmtSym,
      stringifySym,
      formatOptsSym,
      stringifiersSym,
      msgPrefixSym,
      hooksSym
    } = require_symbols();
    var {
      getLevel,
      setLevel,
      isLevelEnabled,
      mappings,
      initialLsCache,
      genLsCache,
      assertNoLevelCollisions
    } = require_levels();
    var {
      asChindings,
      asJson,
      buildFormatters,
      stringify,
      noop
    } = require_tools();
    var {
      version
    } = require_meta();
    var redaction = require_redaction();
    var constructor = class Pino {
    };
    var prototype = {
      constructor,
      child,
      bindings,
      setBindings,
      flush,
      isLevelEnabled,
      version,
      get level() {
        return this[getLevelSym]();
      },
      set level(lvl) {
        this[setLevelSym](lvl);
      },
      get levelVal() {
        return this[levelValSym];
      },
      set levelVal(n) {
        throw Error("levelVal is read-only");
      },
      get msgPrefix() {
        return this[msgPrefixSym];
      },
      get [Symbol.toStringTag]() {
        return "Pino";
      },
      [lsCacheSym]: initialLsCache,
      [writeSym]: write,
      [asJsonSym]: asJson,
      [getLevelSym]: getLevel,
      [setLevelSym]: setLevel
    };
    Object.setPrototypeOf(prototype, EventEmitter3.prototype);
    module.exports = function() {
      return Object.create(prototype);
    };
    var resetChildingsFormatter = (bindings2) => bindings2;
    function child(bindings2, options) {
      if (!bindings2) {
        throw Error("missing bindings for child Pino");
      }
      const serializers = this[serializersSym];
      const formatters = this[formattersSym];
      const instance = Object.create(this);
      if (options == null) {
        if (instance[formattersSym].bindings !== resetChildingsFormatter) {
          instance[formattersSym] = buildFormatters(
            formatters.level,
            resetChildingsFormatter,
            formatters.log
          );
        }
        instance[chindingsSym] = asChindings(instance, bindings2);
        if (this.onChild !== noop) {
          this.onChild(instance);
        }
        return instance;
      }
      if (options.hasOwnProperty("serializers") === true) {
        instance[serializersSym] = /* @__PURE__ */ Object.create(null);
        for (const k in serializers) {
          instance[serializersSym][k] = serializers[k];
        }
        const parentSymbols = Object.getOwnPropertySymbols(serializers);
        for (var i = 0; i < parentSymbols.length; i++) {
          const ks = parentSymbols[i];
          instance[serializersSym][ks] = serializers[ks];
        }
        for (const bk in options.serializers) {
          instance[serializersSym][bk] = options.serializers[bk];
        }
        const bindingsSymbols = Object.getOwnPropertySymbols(options.serializers);
        for (var bi = 0; bi < bindingsSymbols.length; bi++) {
          const bks = bindingsSymbols[bi];
          instance[serializersSym][bks] = options.serializers[bks];
        }
      } else instance[serializersSym] = serializers;
      if (options.hasOwnProperty("formatters")) {
        const { level, bindings: chindings, log } = options.formatters;
        instance[formattersSym] = buildFormatters(
          level || formatters.level,
          chindings || resetChildingsFormatter,
          log || formatters.log
        );
      } else {
        instance[formattersSym] = buildFormatters(
          formatters.level,
          resetChildingsFormatter,
          formatters.log
        );
      }
      if (options.hasOwnProperty("customLevels") === true) {
        assertNoLevelCollisions(this.levels, options.customLevels);
        instance.levels = mappings(options.customLevels, instance[useOnlyCustomLevelsSym]);
        genLsCache(instance);
      }
      if (typeof options.redact === "object" && options.redact !== null || Array.isArray(options.redact)) {
        instance.redact = options.redact;
        const stringifiers = redaction(instance.redact, stringify);
        const formatOpts = { stringify: stringifiers[redactFmtSym] };
        instance[stringifySym] = stringify;
        instance[stringifiersSym] = stringifiers;
        instance[formatOptsSym] = formatOpts;
      }
      if (typeof options.msgPrefix === "string") {
        instance[msgPrefixSym] = (this[msgPrefixSym] || "") + options.msgPrefix;
      }
      instance[chindingsSym] = asChindings(instance, bindings2);
      if (options.level !== void 0 && options.level !== this.level || options.hasOwnProperty("customLevels")) {
        const childLevel = options.level || this.level;
        instance[setLevelSym](childLevel);
      }
      this.onChild(instance);
      return instance;
    }
    function bindings() {
      const chindings = this[chindingsSym];
      const chindingsJson = `{${chindings.substr(1)}}`;
      const bindingsFromJson = JSON.parse(chindingsJson);
      delete bindingsFromJson.pid;
      delete bindingsFromJson.hostname;
      return bindingsFromJson;
    }
    function setBindings(newBindings) {
      const chindings = asChindings(this, newBindings);
      this[chindingsSym] = chindings;
    }
    function defaultMixinMergeStrategy(mergeObject, mixinObject) {
      return Object.assign(mixinObject, mergeObject);
    }
    function write(_obj, msg, num) {
      const t = this[timeSym]();
      const mixin = this[mixinSym];
      const errorKey = this[errorKeySym];
      const messageKey = this[messageKeySym];
      const mixinMergeStrategy = this[mixinMergeStrategySym] || defaultMixinMergeStrategy;
      let obj;
      const streamWriteHook = this[hooksSym].streamWrite;
      if (_obj === void 0 || _obj === null) {
        obj = {};
      } else if (_obj instanceof Error) {
        obj = { [errorKey]: _obj };
        if (msg === void 0) {
          msg = _obj.message;
        }
      } else {
        obj = _obj;
        if (msg === void 0 && _obj[messageKey] === void 0 && _obj[errorKey]) {
          msg = _obj[errorKey].message;
        }
      }
      if (mixin) {
        obj = mixinMergeStrategy(obj, mixin(obj, num, this));
      }
      const s = this[asJsonSym](obj, msg, num, t);
      const stream = this[streamSym];
      if (stream[needsMetadataGsym] === true) {
        stream.lastLevel = num;
        stream.lastObj = obj;
        stream.lastMsg = msg;
        stream.lastTime = t.slice(this[timeSliceIndexSym]);
        stream.lastLogger = this;
      }
      stream.write(streamWriteHook ? streamWriteHook(s) : s);
    }
    function flush(cb) {
      if (cb != null && typeof cb !== "function") {
        throw Error("callback must be a function");
      }
      const stream = this[streamSym];
      if (typeof stream.flush === "function") {
        stream.flush(cb || noop);
      } else if (cb) cb();
    }
  }
});

// node_modules/safe-stable-stringify/index.js
var require_safe_stable_stringify = __commonJS({
  "node_modules/safe-stable-stringify/index.js"(exports, module) {
    "use strict";
    var { hasOwnProperty } = Object.prototype;
    var stringify = configure();
    stringify.configure = configure;
    stringify.stringify = stringify;
    stringify.default = stringify;
    exports.stringify = stringify;
    exports.configure = configure;
    module.exports = stringify;
    var strEscapeSequencesRegExp = /[\u0000-\u001f\u0022\u005c\ud800-\udfff]/;
    function strEscape(str) {
      if (str.length < 5e3 && !strEscapeSequencesRegExp.test(str)) {
        return `"${str}"`;
      }
      return JSON.stringify(str);
    }
    function sort(array, comparator) {
      if (array.length > 200 || comparator) {
        return array.sort(comparator);
      }
      for (let i = 1; i < array.length; i++) {
        const currentValue = array[i];
        let position = i;
        while (position !== 0 && array[position - 1] > currentValue) {
          array[position] = array[position - 1];
          position--;
        }
        array[position] = currentValue;
      }
      return array;
    }
    var typedArrayPrototypeGetSymbolToStringTag = Object.getOwnPropertyDescriptor(
      Object.getPrototypeOf(
        Object.getPrototypeOf(
          new Int8Array()
        )
      ),
      Symbol.toStringTag
    ).get;
    function isTypedArrayWithEntries(value) {
      return typedArrayPrototypeGetSymbolToStringTag.call(value) !== void 0 && value.length !== 0;
    }
    function stringifyTypedArray(array, separator, maximumBreadth) {
      if (array.length < maximumBreadth) {
        maximumBreadth = array.length;
      }
      const whitespace = separator === "," ? "" : " ";
      let res = `"0":${whitespace}${array[0]}`;
      for (let i = 1; i < maximumBreadth; i++) {
        res += `${separator}"${i}":${whitespace}${array[i]}`;
      }
      return res;
    }
    function getCircularValueOption(options) {
      if (hasOwnProperty.call(options, "circularValue")) {
        const circularValue = options.circularValue;
        if (typeof circularValue === "string") {
          return `"${circularValue}"`;
        }
        if (circularValue == null) {
          return circularValue;
        }
        if (circularValue === Error || circularValue === TypeError) {
          return {
            toString() {
              throw new TypeError("Converting circular structure to JSON");
            }
          };
        }
        throw new TypeError('The "circularValue" argument must be of type string or the value null or undefined');
      }
      return '"[Circular]"';
    }
    function getDeterministicOption(options) {
      let value;
      if (hasOwnProperty.call(options, "deterministic")) {
        value = options.deterministic;
        if (typeof value !== "boolean" && typeof value !== "function") {
          throw new TypeError('The "deterministic" argument must be of type boolean or comparator function');
        }
      }
      return value === void 0 ? true : value;
    }
    function getBooleanOption(options, key) {
      let value;
      if (hasOwnProperty.call(options, key)) {
        value = options[key];
        if (typeof value !== "boolean") {
          throw new TypeError(`The "${key}" argument must be of type boolean`);
        }
      }
      return value === void 0 ? true : value;
    }
    function getPositiveIntegerOption(options, key) {
      let value;
      if (hasOwnProperty.call(options, key)) {
        value = options[key];
        if (typeof value !== "number") {
          throw new TypeError(`The "${key}" argument must be of type number`);
        }
        if (!Number.isInteger(value)) {
          throw new TypeError(`The "${key}" argument must be an integer`);
        }
        if (value < 1) {
          throw new RangeError(`The "${key}" argument must be >= 1`);
        }
      }
      return value === void 0 ? Infinity : value;
    }
    function getItemCount(number) {
      if (number === 1) {
        return "1 item";
      }
      return `${number} items`;
    }
    function getUniqueReplacerSet(replacerArray) {
      const replacerSet = /* @__PURE__ */ new Set();
      for (const value of replacerArray) {
        if (typeof value === "string" || typeof value === "number") {
          replacerSet.add(String(value));
        }
      }
      return replacerSet;
    }
    function getStrictOption(options) {
      if (hasOwnProperty.call(options, "strict")) {
        const value = options.strict;
        if (typeof value !== "boolean") {
          throw new TypeError('The "strict" argument must be of type boolean');
        }
        if (value) {
          return (value2) => {
            let message = `Object can not safely be stringified. Received type ${typeof value2}`;
            if (typeof value2 !== "function") message += ` (${value2.toString()})`;
            throw new Error(message);
          };
        }
      }
    }
    function configure(options) {
      options = { ...options };
      const fail = getStrictOption(options);
      if (fail) {
        if (options.bigint === void 0) {
          options.bigint = false;
        }
        if (!("circularValue" in options)) {
          options.circularValue = Error;
        }
      }
      const circularValue = getCircularValueOption(options);
      const bigint = getBooleanOption(options, "bigint");
      const deterministic = getDeterministicOption(options);
      const comparator = typeof deterministic === "function" ? deterministic : void 0;
      const maximumDepth = getPositiveIntegerOption(options, "maximumDepth");
      const maximumBreadth = getPositiveIntegerOption(options, "maximumBreadth");
      function stringifyFnReplacer(key, parent, stack, replacer, spacer, indentation) {
        let value = parent[key];
        if (typeof value === "object" && value !== null && typeof value.toJSON === "function") {
          value = value.toJSON(key);
        }
        value = replacer.call(parent, key, value);
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            let res = "";
            let join18 = ",";
            const originalIndentation = indentation;
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              if (spacer !== "") {
                indentation += spacer;
                res += `
${indentation}`;
                join18 = `,
${indentation}`;
              }
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyFnReplacer(String(i), value, stack, replacer, spacer, indentation);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += join18;
              }
              const tmp = stringifyFnReplacer(String(i), value, stack, replacer, spacer, indentation);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `${join18}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              if (spacer !== "") {
                res += `
${originalIndentation}`;
              }
              stack.pop();
              return `[${res}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            let whitespace = "";
            let separator = "";
            if (spacer !== "") {
              indentation += spacer;
              join18 = `,
${indentation}`;
              whitespace = " ";
            }
            const maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (deterministic && !isTypedArrayWithEntries(value)) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifyFnReplacer(key2, value, stack, replacer, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${whitespace}${tmp}`;
                separator = join18;
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...":${whitespace}"${getItemCount(removedKeys)} not stringified"`;
              separator = join18;
            }
            if (spacer !== "" && separator.length > 1) {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifyArrayReplacer(key, value, stack, replacer, spacer, indentation) {
        if (typeof value === "object" && value !== null && typeof value.toJSON === "function") {
          value = value.toJSON(key);
        }
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            const originalIndentation = indentation;
            let res = "";
            let join18 = ",";
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              if (spacer !== "") {
                indentation += spacer;
                res += `
${indentation}`;
                join18 = `,
${indentation}`;
              }
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyArrayReplacer(String(i), value[i], stack, replacer, spacer, indentation);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += join18;
              }
              const tmp = stringifyArrayReplacer(String(i), value[i], stack, replacer, spacer, indentation);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `${join18}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              if (spacer !== "") {
                res += `
${originalIndentation}`;
              }
              stack.pop();
              return `[${res}]`;
            }
            stack.push(value);
            let whitespace = "";
            if (spacer !== "") {
              indentation += spacer;
              join18 = `,
${indentation}`;
              whitespace = " ";
            }
            let separator = "";
            for (const key2 of replacer) {
              const tmp = stringifyArrayReplacer(key2, value[key2], stack, replacer, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${whitespace}${tmp}`;
                separator = join18;
              }
            }
            if (spacer !== "" && separator.length > 1) {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifyIndent(key, value, stack, spacer, indentation) {
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (typeof value.toJSON === "function") {
              value = value.toJSON(key);
              if (typeof value !== "object") {
                return stringifyIndent(key, value, stack, spacer, indentation);
              }
              if (value === null) {
                return "null";
              }
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            const originalIndentation = indentation;
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              indentation += spacer;
              let res2 = `
${indentation}`;
              const join19 = `,
${indentation}`;
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyIndent(String(i), value[i], stack, spacer, indentation);
                res2 += tmp2 !== void 0 ? tmp2 : "null";
                res2 += join19;
              }
              const tmp = stringifyIndent(String(i), value[i], stack, spacer, indentation);
              res2 += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res2 += `${join19}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              res2 += `
${originalIndentation}`;
              stack.pop();
              return `[${res2}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            indentation += spacer;
            const join18 = `,
${indentation}`;
            let res = "";
            let separator = "";
            let maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (isTypedArrayWithEntries(value)) {
              res += stringifyTypedArray(value, join18, maximumBreadth);
              keys = keys.slice(value.length);
              maximumPropertiesToStringify -= value.length;
              separator = join18;
            }
            if (deterministic) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifyIndent(key2, value[key2], stack, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}: ${tmp}`;
                separator = join18;
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...": "${getItemCount(removedKeys)} not stringified"`;
              separator = join18;
            }
            if (separator !== "") {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifySimple(key, value, stack) {
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (typeof value.toJSON === "function") {
              value = value.toJSON(key);
              if (typeof value !== "object") {
                return stringifySimple(key, value, stack);
              }
              if (value === null) {
                return "null";
              }
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            let res = "";
            const hasLength = value.length !== void 0;
            if (hasLength && Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifySimple(String(i), value[i], stack);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += ",";
              }
              const tmp = stringifySimple(String(i), value[i], stack);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `,"... ${getItemCount(removedKeys)} not stringified"`;
              }
              stack.pop();
              return `[${res}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            let separator = "";
            let maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (hasLength && isTypedArrayWithEntries(value)) {
              res += stringifyTypedArray(value, ",", maximumBreadth);
              keys = keys.slice(value.length);
              maximumPropertiesToStringify -= value.length;
              separator = ",";
            }
            if (deterministic) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifySimple(key2, value[key2], stack);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${tmp}`;
                separator = ",";
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...":"${getItemCount(removedKeys)} not stringified"`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringify2(value, replacer, space) {
        if (arguments.length > 1) {
          let spacer = "";
          if (typeof space === "number") {
            spacer = " ".repeat(Math.min(space, 10));
          } else if (typeof space === "string") {
            spacer = space.slice(0, 10);
          }
          if (replacer != null) {
            if (typeof replacer === "function") {
              return stringifyFnReplacer("", { "": value }, [], replacer, spacer, "");
            }
            if (Array.isArray(replacer)) {
              return stringifyArrayReplacer("", value, [], getUniqueReplacerSet(replacer), spacer, "");
            }
          }
          if (spacer.length !== 0) {
            return stringifyIndent("", value, [], spacer, "");
          }
        }
        return stringifySimple("", value, []);
      }
      return stringify2;
    }
  }
});

// node_modules/pino/lib/multistream.js
var require_multistream = __commonJS({
  "node_modules/pino/lib/multistream.js"(exports, module) {
    "use strict";
    var metadata = Symbol.for("pino.metadata");
    var { DEFAULT_LEVELS } = require_constants();
    var DEFAULT_INFO_LEVEL = DEFAULT_LEVELS.info;
    function multistream(streamsArray, opts) {
      streamsArray = streamsArray || [];
      opts = opts || { dedupe: false };
      const streamLevels = Object.create(DEFAULT_LEVELS);
      streamLevels.silent = Infinity;
      if (opts.levels && typeof opts.levels === "object") {
        Object.keys(opts.levels).forEach((i) => {
          streamLevels[i] = opts.levels[i];
        });
      }
      const res = {
        write,
        add,
        remove,
        emit,
        flushSync,
        end,
        minLevel: 0,
        lastId: 0,
        streams: [],
        clone,
        [metadata]: true,
        streamLevels
      };
      if (Array.isArray(streamsArray)) {
        streamsArray.forEach(add, res);
      } else {
        add.call(res, streamsArray);
      }
      streamsArray = null;
      return res;
      function write(data) {
        let dest;
        const level = typeof this.lastLevel === "string" ? (this.streamLevels || streamLevels)[this.lastLevel] : this.lastLevel;
        const { streams } = this;
        let recordedLevel = 0;
        let stream;
        for (let i = initLoopVar(streams.length, opts.dedupe); checkLoopVar(i, streams.length, opts.dedupe); i = adjustLoopVar(i, opts.dedupe)) {
          dest = streams[i];
          if (dest.level <= level) {
            if (recordedLevel !== 0 && recordedLevel !== dest.level) {
              break;
            }
            stream = dest.stream;
            if (stream[metadata]) {
              const { lastTime, lastMsg, lastObj, lastLogger } = this;
              stream.lastLevel = level;
              stream.lastTime = lastTime;
              stream.lastMsg = lastMsg;
              stream.lastObj = lastObj;
              stream.lastLogger = lastLogger;
            }
            stream.write(data);
            if (opts.dedupe) {
              recordedLevel = dest.level;
            }
          } else if (!opts.dedupe) {
            break;
          }
        }
      }
      function emit(...args) {
        for (const { stream } of this.streams) {
          if (typeof stream.emit === "function") {
            stream.emit(...args);
          }
        }
      }
      function flushSync() {
        for (const { stream } of this.streams) {
          if (typeof stream.flushSync === "function") {
            stream.flushSync();
          }
        }
      }
      function add(dest) {
        if (!dest) {
          return this;
        }
        const isStream = typeof dest.write === "function" || dest.stream;
        const stream_ = dest.write ? dest : dest.stream;
        if (!isStream) {
          throw Error("stream object needs to implement either StreamEntry or DestinationStream interface");
        }
        const { streams, streamLevels: streamLevels2 } = this;
        let level;
        if (typeof dest.levelVal === "number") {
          level = dest.levelVal;
        } else if (typeof dest.level === "string") {
          level = streamLevels2[dest.level];
        } else if (typeof dest.level === "number") {
          level = dest.level;
        } else {
          level = DEFAULT_INFO_LEVEL;
        }
        const dest_ = {
          stream: stream_,
          level,
          levelVal: void 0,
          id: ++res.lastId
        };
        streams.unshift(dest_);
        streams.sort(compareByLevel);
        this.minLevel = streams[0].level;
        return this;
      }
      function remove(id) {
        const { streams } = this;
        const index = streams.findIndex((s) => s.id === id);
        if (index >= 0) {
          streams.splice(index, 1);
          streams.sort(compareByLevel);
          this.minLevel = streams.length > 0 ? streams[0].level : -1;
        }
        return this;
      }
      function end() {
        for (const { stream } of this.streams) {
          if (typeof stream.flushSync === "function") {
            stream.flushSync();
          }
          stream.end();
        }
      }
      function clone(level) {
        const streams = new Array(this.streams.length);
        for (let i = 0; i < streams.length; i++) {
          streams[i] = {
            level,
            stream: this.streams[i].stream
          };
        }
        return {
          write,
          add,
          remove,
          emit,
          flushSync,
          end,
          minLevel: level,
          streams,
          clone,
          [metadata]: true,
          streamLevels
        };
      }
    }
    function compareByLevel(a, b) {
      return a.level - b.level;
    }
    function initLoopVar(length, dedupe) {
      return dedupe ? length - 1 : 0;
    }
    function adjustLoopVar(i, dedupe) {
      return dedupe ? i - 1 : i + 1;
    }
    function checkLoopVar(i, length, dedupe) {
      return dedupe ? i >= 0 : i < length;
    }
    module.exports = multistream;
  }
});

// node_modules/pino/pino.js
var require_pino = __commonJS({
  "node_modules/pino/pino.js"(exports, module) {
    "use strict";
    var os3 = __require("node:os");
    var stdSerializers = require_pino_std_serializers();
    var caller = require_caller();
    var redaction = require_redaction();
    var time = require_time();
    var proto = require_proto();
    var symbols = require_symbols();
    var { configure } = require_safe_stable_stringify();
    var { assertDefaultLevelFound, mappings, genLsCache, genLevelComparison, assertLevelComparison } = require_levels();
    var { DEFAULT_LEVELS, SORTING_ORDER } = require_constants();
    var {
      createArgsNormalizer,
      asChindings,
      buildSafeSonicBoom,
      buildFormatters,
      stringify,
      normalizeDestFileDescriptor,
      noop
    } = require_tools();
    var { version } = require_meta();
    var {
      chindingsSym,
      redactFmtSym,
      serializersSym,
      timeSym,
      timeSliceIndexSym,
      streamSym,
      stringifySym,
      stringifySafeSym,
      stringifiersSym,
      setLevelSym,
      endSym,
      formatOptsSym,
      messageKeySym,
      errorKeySym,
      nestedKeySym,
      mixinSym,
      levelCompSym,
      useOnlyCustomLevelsSym,
      formattersSym,
      hooksSym,
      nestedKeyStrSym,
      mixinMergeStrategySym,
      msgPrefixSym,
      transportUsesMultistreamSym
    } = symbols;
    var { epochTime, nullTime } = time;
    var { pid } = process;
    var hostname3 = os3.hostname();
    var defaultErrorSerializer = stdSerializers.err;
    var defaultOptions = {
      level: "info",
      levelComparison: SORTING_ORDER.ASC,
      levels: DEFAULT_LEVELS,
      messageKey: "msg",
      errorKey: "err",
      nestedKey: null,
      enabled: true,
      base: { pid, hostname: hostname3 },
      serializers: Object.assign(/* @__PURE__ */ Object.create(null), {
        err: defaultErrorSerializer
      }),
      formatters: Object.assign(/* @__PURE__ */ Object.create(null), {
        bindings(bindings) {
          return bindings;
        },
        level(label, number) {
          return { level: number };
        }
      }),
      hooks: {
        logMethod: void 0,
        streamWrite: void 0
      },
      timestamp: epochTime,
      name: void 0,
      redact: null,
      customLevels: null,
      useOnlyCustomLevels: false,
      depthLimit: 5,
      edgeLimit: 100
    };
    var normalize = createArgsNormalizer(defaultOptions);
    var serializers = Object.assign(/* @__PURE__ */ Object.create(null), stdSerializers);
    function pino2(...args) {
      const instance = {};
      const { opts, stream } = normalize(instance, caller(), ...args);
      if (opts.level && typeof opts.level === "string" && DEFAULT_LEVELS[opts.level.toLowerCase()] !== void 0) opts.level = opts.level.toLowerCase();
      const {
        redact,
        crlf,
        serializers: serializers2,
        timestamp,
        messageKey,
        errorKey,
        nestedKey,
        base,
        name,
        level,
        customLevels,
        levelComparison,
        mixin,
        mixinMergeStrategy,
        useOnlyCustomLevels,
        formatters,
        hooks,
        depthLimit,
        edgeLimit,
        onChild,
        msgPrefix
      } = opts;
      const stringifySafe = configure({
        maximumDepth: depthLimit,
        maximumBreadth: edgeLimit
      });
      const allFormatters = buildFormatters(
        formatters.level,
        formatters.bindings,
        formatters.log
      );
      const stringifyFn = stringify.bind({
        [stringifySafeSym]: stringifySafe
      });
      const stringifiers = redact ? Object.assign(/* @__PURE__ */ Object.create(null), redaction(redact, stringifyFn)) : /* @__PURE__ */ Object.create(null);
      const formatOpts = redact ? { stringify: stringifiers[redactFmtSym] } : { stringify: stringifyFn };
      const end = "}" + (crlf ? "\r\n" : "\n");
      const coreChindings = asChindings.bind(null, {
        [chindingsSym]: "",
        [serializersSym]: serializers2,
        [stringifiersSym]: stringifiers,
        [stringifySym]: stringify,
        [stringifySafeSym]: stringifySafe,
        [formattersSym]: allFormatters
      });
      let chindings = "";
      if (base !== null) {
        if (name === void 0) {
          chindings = coreChindings(base);
        } else {
          chindings = coreChindings(Object.assign({}, base, { name }));
        }
      }
      const time2 = timestamp instanceof Function ? timestamp : timestamp ? epochTime : nullTime;
      const timeSliceIndex = time2().indexOf(":") + 1;
      if (useOnlyCustomLevels && !customLevels) throw Error("customLevels is required if useOnlyCustomLevels is set true");
      if (mixin && typeof mixin !== "function") throw Error(`Unknown mixin type "${typeof mixin}" - expected "function"`);
      if (msgPrefix && typeof msgPrefix !== "string") throw Error(`Unknown msgPrefix type "${typeof msgPrefix}" - expected "string"`);
      assertDefaultLevelFound(level, customLevels, useOnlyCustomLevels);
      const levels = mappings(customLevels, useOnlyCustomLevels);
      if (stream && stream[transportUsesMultistreamSym] === true) {
        let sampleLabel = typeof level === "string" ? level : void 0;
        if (!sampleLabel || levels[sampleLabel] === void 0) {
          sampleLabel = Object.keys(levels)[0];
        }
        const sampleNumber = levels[sampleLabel];
        let ok = false;
        try {
          const formatted = formatters.level(sampleLabel, sampleNumber);
          ok = formatted && typeof formatted === "object" && formatted.level === sampleNumber;
        } catch {
          ok = false;
        }
        if (!ok) {
          process.emitWarning(
            'custom formatters.level detected with multiple transport targets/pipelines; ensure logs include a numeric "level" field or they may be dropped',
            { code: "PINO_TRANSPORT_MULTI_TARGETS_LEVEL_FORMATTER" }
          );
        }
      }
      if (typeof stream.emit === "function") {
        stream.emit("message", { code: "PINO_CONFIG", config: { levels, messageKey, errorKey } });
      }
      assertLevelComparison(levelComparison);
      const levelCompFunc = genLevelComparison(levelComparison);
      Object.assign(instance, {
        levels,
        [levelCompSym]: levelCompFunc,
        [useOnlyCustomLevelsSym]: useOnlyCustomLevels,
        [streamSym]: stream,
        [timeSym]: time2,
        [timeSliceIndexSym]: timeSliceIndex,
        [stringifySym]: stringify,
        [stringifySafeSym]: stringifySafe,
        [stringifiersSym]: stringifiers,
        [endSym]: end,
        [formatOptsSym]: formatOpts,
        [messageKeySym]: messageKey,
        [errorKeySym]: errorKey,
        [nestedKeySym]: nestedKey,
        // protect against injection
        [nestedKeyStrSym]: nestedKey ? `,${JSON.stringify(nestedKey)}:{` : "",
        [serializersSym]: serializers2,
        [mixinSym]: mixin,
        [mixinMergeStrategySym]: mixinMergeStrategy,
        [chindingsSym]: chindings,
        [formattersSym]: allFormatters,
        [hooksSym]: hooks,
        silent: noop,
        onChild,
        [msgPrefixSym]: msgPrefix
      });
      Object.setPrototypeOf(instance, proto());
      genLsCache(instance);
      instance[setLevelSym](level);
      return instance;
    }
    module.exports = pino2;
    module.exports.destination = (dest = process.stdout.fd) => {
      if (typeof dest === "object") {
        dest.dest = normalizeDestFileDescriptor(dest.dest || process.stdout.fd);
        return buildSafeSonicBoom(dest);
      } else {
        return buildSafeSonicBoom({ dest: normalizeDestFileDescriptor(dest), minLength: 0 });
      }
    };
    module.exports.transport = require_transport();
    module.exports.multistream = require_multistream();
    module.exports.levels = mappings();
    module.exports.stdSerializers = serializers;
    module.exports.stdTimeFunctions = Object.assign({}, time);
    module.exports.symbols = symbols;
    module.exports.version = version;
    module.exports.default = pino2;
    module.exports.pino = pino2;
  }
});

// node_modules/fast-decode-uri-component/index.js
var require_fast_decode_uri_component = __commonJS({
  "node_modules/fast-decode-uri-component/index.js"(exports, module) {
    "use strict";
    var UTF8_ACCEPT = 12;
    var UTF8_REJECT = 0;
    var UTF8_DATA = [
      // The first part of the table maps bytes to character to a transition.
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      4,
      4,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      5,
      6,
      7,
      7,
      7,
      7,
      7,
      7,
      7,
      7,
      7,
      7,
      7,
      7,
      8,
      7,
      7,
      10,
      9,
      9,
      9,
      11,
      4,
      4,
      4,
      4,
      4,
      4,
      4,
      4,
      4,
      4,
      4,
      // The second part of the table maps a state to a new state when adding a
      // transition.
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      12,
      0,
      0,
      0,
      0,
      24,
      36,
      48,
      60,
      72,
      84,
      96,
      0,
      12,
      12,
      12,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      24,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      24,
      24,
      24,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      24,
      24,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      48,
      48,
      48,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      48,
      48,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      48,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      // The third part maps the current transition to a mask that needs to apply
      // to the byte.
      127,
      63,
      63,
      63,
      0,
      31,
      15,
      15,
      15,
      7,
      7,
      7
    ];
    function decodeURIComponent(uri) {
      var percentPosition = uri.indexOf("%");
      if (percentPosition === -1) return uri;
      var length = uri.length;
      var decoded = "";
      var last = 0;
      var codepoint = 0;
      var startOfOctets = percentPosition;
      var state = UTF8_ACCEPT;
      while (percentPosition > -1 && percentPosition < length) {
        var high = hexCodeToInt(uri[percentPosition + 1], 4);
        var low = hexCodeToInt(uri[percentPosition + 2], 0);
        var byte = high | low;
        var type = UTF8_DATA[byte];
        state = UTF8_DATA[256 + state + type];
        codepoint = codepoint << 6 | byte & UTF8_DATA[364 + type];
        if (state === UTF8_ACCEPT) {
          decoded += uri.slice(last, startOfOctets);
          decoded += codepoint <= 65535 ? String.fromCharCode(codepoint) : String.fromCharCode(
            55232 + (codepoint >> 10),
            56320 + (codepoint & 1023)
          );
          codepoint = 0;
          last = percentPosition + 3;
          percentPosition = startOfOctets = uri.indexOf("%", last);
        } else if (state === UTF8_REJECT) {
          return null;
        } else {
          percentPosition += 3;
          if (percentPosition < length && uri.charCodeAt(percentPosition) === 37) continue;
          return null;
        }
      }
      return decoded + uri.slice(last);
    }
    var HEX = {
      "0": 0,
      "1": 1,
      "2": 2,
      "3": 3,
      "4": 4,
      "5": 5,
      "6": 6,
      "7": 7,
      "8": 8,
      "9": 9,
      "a": 10,
      "A": 10,
      "b": 11,
      "B": 11,
      "c": 12,
      "C": 12,
      "d": 13,
      "D": 13,
      "e": 14,
      "E": 14,
      "f": 15,
      "F": 15
    };
    function hexCodeToInt(c, shift) {
      var i = HEX[c];
      return i === void 0 ? 255 : i << shift;
    }
    module.exports = decodeURIComponent;
  }
});

// node_modules/fast-querystring/lib/parse.js
var require_parse = __commonJS({
  "node_modules/fast-querystring/lib/parse.js"(exports, module) {
    "use strict";
    var fastDecode = require_fast_decode_uri_component();
    var plusRegex = /\+/g;
    var Empty = function() {
    };
    Empty.prototype = /* @__PURE__ */ Object.create(null);
    function parse(input) {
      const result = new Empty();
      if (typeof input !== "string") {
        return result;
      }
      let inputLength = input.length;
      let key = "";
      let value = "";
      let startingIndex = -1;
      let equalityIndex = -1;
      let shouldDecodeKey = false;
      let shouldDecodeValue = false;
      let keyHasPlus = false;
      let valueHasPlus = false;
      let hasBothKeyValuePair = false;
      let c = 0;
      for (let i = 0; i < inputLength + 1; i++) {
        c = i !== inputLength ? input.charCodeAt(i) : 38;
        if (c === 38) {
          hasBothKeyValuePair = equalityIndex > startingIndex;
          if (!hasBothKeyValuePair) {
            equalityIndex = i;
          }
          key = input.slice(startingIndex + 1, equalityIndex);
          if (hasBothKeyValuePair || key.length > 0) {
            if (keyHasPlus) {
              key = key.replace(plusRegex, " ");
            }
            if (shouldDecodeKey) {
              key = fastDecode(key) || key;
            }
            if (hasBothKeyValuePair) {
              value = input.slice(equalityIndex + 1, i);
              if (valueHasPlus) {
                value = value.replace(plusRegex, " ");
              }
              if (shouldDecodeValue) {
                value = fastDecode(value) || value;
              }
            }
            const currentValue = result[key];
            if (currentValue === void 0) {
              result[key] = value;
            } else {
              if (currentValue.pop) {
                currentValue.push(value);
              } else {
                result[key] = [currentValue, value];
              }
            }
          }
          value = "";
          startingIndex = i;
          equalityIndex = i;
          shouldDecodeKey = false;
          shouldDecodeValue = false;
          keyHasPlus = false;
          valueHasPlus = false;
        } else if (c === 61) {
          if (equalityIndex <= startingIndex) {
            equalityIndex = i;
          } else {
            shouldDecodeValue = true;
          }
        } else if (c === 43) {
          if (equalityIndex > startingIndex) {
            valueHasPlus = true;
          } else {
            keyHasPlus = true;
          }
        } else if (c === 37) {
          if (equalityIndex > startingIndex) {
            shouldDecodeValue = true;
          } else {
            shouldDecodeKey = true;
          }
        }
      }
      return result;
    }
    module.exports = parse;
  }
});

// node_modules/fast-querystring/lib/internals/querystring.js
var require_querystring = __commonJS({
  "node_modules/fast-querystring/lib/internals/querystring.js"(exports, module) {
    var hexTable = Array.from(
      { length: 256 },
      (_, i) => "%" + ((i < 16 ? "0" : "") + i.toString(16)).toUpperCase()
    );
    var noEscape = new Int8Array([
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      // 0 - 15
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      // 16 - 31
      0,
      1,
      0,
      0,
      0,
      0,
      0,
      1,
      1,
      1,
      1,
      0,
      0,
      1,
      1,
      0,
      // 32 - 47
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
      // 48 - 63
      0,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      // 64 - 79
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      0,
      0,
      0,
      0,
      1,
      // 80 - 95
      0,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      // 96 - 111
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      0,
      0,
      0,
      1,
      0
      // 112 - 127
    ]);
    function encodeString(str) {
      const len = str.length;
      if (len === 0) return "";
      let out = "";
      let lastPos = 0;
      let i = 0;
      outer: for (; i < len; i++) {
        let c = str.charCodeAt(i);
        while (c < 128) {
          if (noEscape[c] !== 1) {
            if (lastPos < i) out += str.slice(lastPos, i);
            lastPos = i + 1;
            out += hexTable[c];
          }
          if (++i === len) break outer;
          c = str.charCodeAt(i);
        }
        if (lastPos < i) out += str.slice(lastPos, i);
        if (c < 2048) {
          lastPos = i + 1;
          out += hexTable[192 | c >> 6] + hexTable[128 | c & 63];
          continue;
        }
        if (c < 55296 || c >= 57344) {
          lastPos = i + 1;
          out += hexTable[224 | c >> 12] + hexTable[128 | c >> 6 & 63] + hexTable[128 | c & 63];
          continue;
        }
        ++i;
        if (i >= len) {
          throw new Error("URI malformed");
        }
        const c2 = str.charCodeAt(i) & 1023;
        lastPos = i + 1;
        c = 65536 + ((c & 1023) << 10 | c2);
        out += hexTable[240 | c >> 18] + hexTable[128 | c >> 12 & 63] + hexTable[128 | c >> 6 & 63] + hexTable[128 | c & 63];
      }
      if (lastPos === 0) return str;
      if (lastPos < len) return out + str.slice(lastPos);
      return out;
    }
    module.exports = { encodeString };
  }
});

// node_modules/fast-querystring/lib/stringify.js
var require_stringify = __commonJS({
  "node_modules/fast-querystring/lib/stringify.js"(exports, module) {
    "use strict";
    var { encodeString } = require_querystring();
    function getAsPrimitive(value) {
      const type = typeof value;
      if (type === "string") {
        return encodeString(value);
      } else if (type === "bigint") {
        return value.toString();
      } else if (type === "boolean") {
        return value ? "true" : "false";
      } else if (type === "number" && Number.isFinite(value)) {
        return value < 1e21 ? "" + value : encodeString("" + value);
      }
      return "";
    }
    function stringify(input) {
      let result = "";
      if (input === null || typeof input !== "object") {
        return result;
      }
      const separator = "&";
      const keys = Object.keys(input);
      const keyLength = keys.length;
      let valueLength = 0;
      for (let i = 0; i < keyLength; i++) {
        const key = keys[i];
        const value = input[key];
        const encodedKey = encodeString(key) + "=";
        if (i) {
          result += separator;
        }
        if (Array.isArray(value)) {
          valueLength = value.length;
          for (let j = 0; j < valueLength; j++) {
            if (j) {
              result += separator;
            }
            result += encodedKey;
            result += getAsPrimitive(value[j]);
          }
        } else {
          result += encodedKey;
          result += getAsPrimitive(value);
        }
      }
      return result;
    }
    module.exports = stringify;
  }
});

// node_modules/fast-querystring/lib/index.js
var require_lib = __commonJS({
  "node_modules/fast-querystring/lib/index.js"(exports, module) {
    "use strict";
    var parse = require_parse();
    var stringify = require_stringify();
    var fastQuerystring = {
      parse,
      stringify
    };
    module.exports = fastQuerystring;
    module.exports.default = fastQuerystring;
    module.exports.parse = parse;
    module.exports.stringify = stringify;
  }
});

// node_modules/ret/dist/types/tokens.js
var require_tokens = __commonJS({
  "node_modules/ret/dist/types/tokens.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
  }
});

// node_modules/ret/dist/types/types.js
var require_types = __commonJS({
  "node_modules/ret/dist/types/types.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.types = void 0;
    var types;
    (function(types2) {
      types2[types2["ROOT"] = 0] = "ROOT";
      types2[types2["GROUP"] = 1] = "GROUP";
      types2[types2["POSITION"] = 2] = "POSITION";
      types2[types2["SET"] = 3] = "SET";
      types2[types2["RANGE"] = 4] = "RANGE";
      types2[types2["REPETITION"] = 5] = "REPETITION";
      types2[types2["REFERENCE"] = 6] = "REFERENCE";
      types2[types2["CHAR"] = 7] = "CHAR";
    })(types || (exports.types = types = {}));
  }
});

// node_modules/ret/dist/types/set-lookup.js
var require_set_lookup = __commonJS({
  "node_modules/ret/dist/types/set-lookup.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
  }
});

// node_modules/ret/dist/types/index.js
var require_types2 = __commonJS({
  "node_modules/ret/dist/types/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    __exportStar(require_tokens(), exports);
    __exportStar(require_types(), exports);
    __exportStar(require_set_lookup(), exports);
  }
});

// node_modules/ret/dist/sets.js
var require_sets = __commonJS({
  "node_modules/ret/dist/sets.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.anyChar = exports.notWhitespace = exports.whitespace = exports.notInts = exports.ints = exports.notWords = exports.words = void 0;
    var types_1 = require_types2();
    var INTS = () => [{ type: types_1.types.RANGE, from: 48, to: 57 }];
    var WORDS = () => [
      { type: types_1.types.CHAR, value: 95 },
      { type: types_1.types.RANGE, from: 97, to: 122 },
      { type: types_1.types.RANGE, from: 65, to: 90 },
      { type: types_1.types.RANGE, from: 48, to: 57 }
    ];
    var WHITESPACE = () => [
      { type: types_1.types.CHAR, value: 9 },
      { type: types_1.types.CHAR, value: 10 },
      { type: types_1.types.CHAR, value: 11 },
      { type: types_1.types.CHAR, value: 12 },
      { type: types_1.types.CHAR, value: 13 },
      { type: types_1.types.CHAR, value: 32 },
      { type: types_1.types.CHAR, value: 160 },
      { type: types_1.types.CHAR, value: 5760 },
      { type: types_1.types.RANGE, from: 8192, to: 8202 },
      { type: types_1.types.CHAR, value: 8232 },
      { type: types_1.types.CHAR, value: 8233 },
      { type: types_1.types.CHAR, value: 8239 },
      { type: types_1.types.CHAR, value: 8287 },
      { type: types_1.types.CHAR, value: 12288 },
      { type: types_1.types.CHAR, value: 65279 }
    ];
    var NOTANYCHAR = () => [
      { type: types_1.types.CHAR, value: 10 },
      { type: types_1.types.CHAR, value: 13 },
      { type: types_1.types.CHAR, value: 8232 },
      { type: types_1.types.CHAR, value: 8233 }
    ];
    var words = () => ({ type: types_1.types.SET, set: WORDS(), not: false });
    exports.words = words;
    var notWords = () => ({ type: types_1.types.SET, set: WORDS(), not: true });
    exports.notWords = notWords;
    var ints = () => ({ type: types_1.types.SET, set: INTS(), not: false });
    exports.ints = ints;
    var notInts = () => ({ type: types_1.types.SET, set: INTS(), not: true });
    exports.notInts = notInts;
    var whitespace = () => ({ type: types_1.types.SET, set: WHITESPACE(), not: false });
    exports.whitespace = whitespace;
    var notWhitespace = () => ({ type: types_1.types.SET, set: WHITESPACE(), not: true });
    exports.notWhitespace = notWhitespace;
    var anyChar = () => ({ type: types_1.types.SET, set: NOTANYCHAR(), not: true });
    exports.anyChar = anyChar;
  }
});

// node_modules/ret/dist/util.js
var require_util = __commonJS({
  "node_modules/ret/dist/util.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      };
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.tokenizeClass = exports.strToChars = void 0;
    var types_1 = require_types2();
    var sets = __importStar(require_sets());
    var CTRL = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^ ?";
    var strToChars = (str) => {
      const charsRegex = /(\[\\b\])|(\\)?\\(?:u([A-F0-9]{4})|x([A-F0-9]{2})|c([@A-Z[\\\]^?])|([0tnvfr]))/g;
      return str.replace(charsRegex, (s, b, lbs, a16, b16, dctrl, eslsh) => {
        if (lbs) {
          return s;
        }
        let code = b ? 8 : a16 ? parseInt(a16, 16) : b16 ? parseInt(b16, 16) : dctrl ? CTRL.indexOf(dctrl) : {
          0: 0,
          t: 9,
          n: 10,
          v: 11,
          f: 12,
          r: 13
        }[eslsh];
        let c = String.fromCharCode(code);
        return /[[\]{}^$.|?*+()]/.test(c) ? `\\${c}` : c;
      });
    };
    exports.strToChars = strToChars;
    var tokenizeClass = (str, regexpStr = "") => {
      var _a, _b, _c, _d, _e, _f, _g;
      let tokens = [], rs, c;
      const regexp = /\\(?:(w)|(d)|(s)|(W)|(D)|(S))|((?:(?:\\)(.)|([^\]\\]))-(((?:\\)])|(((?:\\)?([^\]])))))|(\])|(?:\\)?([^])/g;
      while ((rs = regexp.exec(str)) !== null) {
        const p = (_g = (_f = (_e = (_d = (_c = (_b = (_a = rs[1] && sets.words()) !== null && _a !== void 0 ? _a : rs[2] && sets.ints()) !== null && _b !== void 0 ? _b : rs[3] && sets.whitespace()) !== null && _c !== void 0 ? _c : rs[4] && sets.notWords()) !== null && _d !== void 0 ? _d : rs[5] && sets.notInts()) !== null && _e !== void 0 ? _e : rs[6] && sets.notWhitespace()) !== null && _f !== void 0 ? _f : rs[7] && {
          type: types_1.types.RANGE,
          from: (rs[8] || rs[9]).charCodeAt(0),
          to: (c = rs[10]).charCodeAt(c.length - 1)
        }) !== null && _g !== void 0 ? _g : (c = rs[16]) && { type: types_1.types.CHAR, value: c.charCodeAt(0) };
        if (p) {
          tokens.push(p);
        } else {
          return [tokens, regexp.lastIndex];
        }
      }
      throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: Unterminated character class`);
    };
    exports.tokenizeClass = tokenizeClass;
  }
});

// node_modules/ret/dist/tokenizer.js
var require_tokenizer = __commonJS({
  "node_modules/ret/dist/tokenizer.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      };
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.tokenizer = void 0;
    var util = __importStar(require_util());
    var types_1 = require_types2();
    var sets = __importStar(require_sets());
    var captureGroupFirstChar = /^[a-zA-Z_$]$/i;
    var captureGroupChars = /^[a-zA-Z0-9_$]$/i;
    var digit = /\d/;
    var tokenizer = (regexpStr) => {
      let i = 0, c;
      let start = { type: types_1.types.ROOT, stack: [] };
      let lastGroup = start;
      let last = start.stack;
      let groupStack = [];
      let referenceQueue = [];
      let groupCount = 0;
      const repeatErr = (col) => {
        throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: Nothing to repeat at column ${col - 1}`);
      };
      let str = util.strToChars(regexpStr);
      while (i < str.length) {
        switch (c = str[i++]) {
          // Handle escaped characters, inclues a few sets.
          case "\\":
            if (i === str.length) {
              throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: \\ at end of pattern`);
            }
            switch (c = str[i++]) {
              case "b":
                last.push({ type: types_1.types.POSITION, value: "b" });
                break;
              case "B":
                last.push({ type: types_1.types.POSITION, value: "B" });
                break;
              case "w":
                last.push(sets.words());
                break;
              case "W":
                last.push(sets.notWords());
                break;
              case "d":
                last.push(sets.ints());
                break;
              case "D":
                last.push(sets.notInts());
                break;
              case "s":
                last.push(sets.whitespace());
                break;
              case "S":
                last.push(sets.notWhitespace());
                break;
              default:
                if (digit.test(c)) {
                  let digits = c;
                  while (i < str.length && digit.test(str[i])) {
                    digits += str[i++];
                  }
                  let value = parseInt(digits, 10);
                  const reference = { type: types_1.types.REFERENCE, value };
                  last.push(reference);
                  referenceQueue.push({ reference, stack: last, index: last.length - 1 });
                } else {
                  last.push({ type: types_1.types.CHAR, value: c.charCodeAt(0) });
                }
            }
            break;
          // Positionals.
          case "^":
            last.push({ type: types_1.types.POSITION, value: "^" });
            break;
          case "$":
            last.push({ type: types_1.types.POSITION, value: "$" });
            break;
          // Handle custom sets.
          case "[": {
            let not;
            if (str[i] === "^") {
              not = true;
              i++;
            } else {
              not = false;
            }
            let classTokens = util.tokenizeClass(str.slice(i), regexpStr);
            i += classTokens[1];
            last.push({
              type: types_1.types.SET,
              set: classTokens[0],
              not
            });
            break;
          }
          // Class of any character except \n.
          case ".":
            last.push(sets.anyChar());
            break;
          // Push group onto stack.
          case "(": {
            let group = {
              type: types_1.types.GROUP,
              stack: [],
              remember: true
            };
            if (str[i] === "?") {
              c = str[i + 1];
              i += 2;
              if (c === "=") {
                group.followedBy = true;
                group.remember = false;
              } else if (c === "!") {
                group.notFollowedBy = true;
                group.remember = false;
              } else if (c === "<") {
                let name = "";
                if (captureGroupFirstChar.test(str[i])) {
                  name += str[i];
                  i++;
                } else {
                  throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: Invalid capture group name, character '${str[i]}' after '<' at column ${i + 1}`);
                }
                while (i < str.length && captureGroupChars.test(str[i])) {
                  name += str[i];
                  i++;
                }
                if (str[i] !== ">") {
                  throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: Unclosed capture group name, expected '>', found '${str[i]}' at column ${i + 1}`);
                }
                group.name = name;
                i++;
              } else if (c === ":") {
                group.remember = false;
              } else {
                throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: Invalid group, character '${c}' after '?' at column ${i - 1}`);
              }
            } else {
              groupCount += 1;
            }
            last.push(group);
            groupStack.push(lastGroup);
            lastGroup = group;
            last = group.stack;
            break;
          }
          // Pop group out of stack.
          case ")":
            if (groupStack.length === 0) {
              throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: Unmatched ) at column ${i - 1}`);
            }
            lastGroup = groupStack.pop();
            last = lastGroup.options ? lastGroup.options[lastGroup.options.length - 1] : lastGroup.stack;
            break;
          // Use pipe character to give more choices.
          case "|": {
            if (!lastGroup.options) {
              lastGroup.options = [lastGroup.stack];
              delete lastGroup.stack;
            }
            let stack = [];
            lastGroup.options.push(stack);
            last = stack;
            break;
          }
          // Repetition.
          // For every repetition, remove last element from last stack
          // then insert back a RANGE object.
          // This design is chosen because there could be more than
          // one repetition symbols in a regex i.e. `a?+{2,3}`.
          case "{": {
            let rs = /^(\d+)(,(\d+)?)?\}/.exec(str.slice(i)), min, max;
            if (rs !== null) {
              if (last.length === 0) {
                repeatErr(i);
              }
              min = parseInt(rs[1], 10);
              max = rs[2] ? rs[3] ? parseInt(rs[3], 10) : Infinity : min;
              i += rs[0].length;
              last.push({
                type: types_1.types.REPETITION,
                min,
                max,
                value: last.pop()
              });
            } else {
              last.push({
                type: types_1.types.CHAR,
                value: 123
              });
            }
            break;
          }
          case "?":
            if (last.length === 0) {
              repeatErr(i);
            }
            last.push({
              type: types_1.types.REPETITION,
              min: 0,
              max: 1,
              value: last.pop()
            });
            break;
          case "+":
            if (last.length === 0) {
              repeatErr(i);
            }
            last.push({
              type: types_1.types.REPETITION,
              min: 1,
              max: Infinity,
              value: last.pop()
            });
            break;
          case "*":
            if (last.length === 0) {
              repeatErr(i);
            }
            last.push({
              type: types_1.types.REPETITION,
              min: 0,
              max: Infinity,
              value: last.pop()
            });
            break;
          // Default is a character that is not `\[](){}?+*^$`.
          default:
            last.push({
              type: types_1.types.CHAR,
              value: c.charCodeAt(0)
            });
        }
      }
      if (groupStack.length !== 0) {
        throw new SyntaxError(`Invalid regular expression: /${regexpStr}/: Unterminated group`);
      }
      updateReferences(referenceQueue, groupCount);
      return start;
    };
    exports.tokenizer = tokenizer;
    function updateReferences(referenceQueue, groupCount) {
      for (const elem of referenceQueue.reverse()) {
        if (groupCount < elem.reference.value) {
          elem.reference.type = types_1.types.CHAR;
          const valueString = elem.reference.value.toString();
          elem.reference.value = parseInt(valueString, 8);
          if (!/^[0-7]+$/.test(valueString)) {
            let i = 0;
            while (valueString[i] !== "8" && valueString[i] !== "9") {
              i += 1;
            }
            if (i === 0) {
              elem.reference.value = valueString.charCodeAt(0);
              i += 1;
            } else {
              elem.reference.value = parseInt(valueString.slice(0, i), 8);
            }
            if (valueString.length > i) {
              const tail = elem.stack.splice(elem.index + 1);
              for (const char of valueString.slice(i)) {
                elem.stack.push({
                  type: types_1.types.CHAR,
                  value: char.charCodeAt(0)
                });
              }
              elem.stack.push(...tail);
            }
          }
        }
      }
    }
  }
});

// node_modules/ret/dist/sets-lookup.js
var require_sets_lookup = __commonJS({
  "node_modules/ret/dist/sets-lookup.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      };
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NOTANYCHAR = exports.WHITESPACE = exports.WORDS = exports.INTS = void 0;
    var Sets = __importStar(require_sets());
    var types_1 = require_types2();
    function setToLookup(tokens) {
      let lookup = {};
      let len = 0;
      for (const token of tokens) {
        if (token.type === types_1.types.CHAR) {
          lookup[token.value] = true;
        }
        if (token.type === types_1.types.RANGE) {
          lookup[`${token.from}-${token.to}`] = true;
        }
        len += 1;
      }
      return {
        lookup: () => Object.assign({}, lookup),
        len
      };
    }
    exports.INTS = setToLookup(Sets.ints().set);
    exports.WORDS = setToLookup(Sets.words().set);
    exports.WHITESPACE = setToLookup(Sets.whitespace().set);
    exports.NOTANYCHAR = setToLookup(Sets.anyChar().set);
  }
});

// node_modules/ret/dist/write-set-tokens.js
var require_write_set_tokens = __commonJS({
  "node_modules/ret/dist/write-set-tokens.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      };
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.setChar = setChar;
    exports.writeSetTokens = writeSetTokens;
    var types_1 = require_types2();
    var sets = __importStar(require_sets_lookup());
    function setChar(charCode) {
      return charCode === 94 ? "\\^" : charCode === 92 ? "\\\\" : charCode === 93 ? "\\]" : charCode === 45 ? "\\-" : String.fromCharCode(charCode);
    }
    function isSameSet(set, { lookup, len }) {
      if (len !== set.length) {
        return false;
      }
      const map = lookup();
      for (const elem of set) {
        if (elem.type === types_1.types.SET) {
          return false;
        }
        const key = elem.type === types_1.types.CHAR ? elem.value : `${elem.from}-${elem.to}`;
        if (map[key]) {
          map[key] = false;
        } else {
          return false;
        }
      }
      return true;
    }
    function writeSetTokens(set, isNested = false) {
      if (isSameSet(set.set, sets.INTS)) {
        return set.not ? "\\D" : "\\d";
      }
      if (isSameSet(set.set, sets.WORDS)) {
        return set.not ? "\\W" : "\\w";
      }
      if (set.not && isSameSet(set.set, sets.NOTANYCHAR)) {
        return ".";
      }
      if (isSameSet(set.set, sets.WHITESPACE)) {
        return set.not ? "\\S" : "\\s";
      }
      let tokenString = "";
      for (let i = 0; i < set.set.length; i++) {
        const subset = set.set[i];
        tokenString += writeSetToken(subset);
      }
      const contents = `${set.not ? "^" : ""}${tokenString}`;
      return isNested ? contents : `[${contents}]`;
    }
    function writeSetToken(set) {
      if (set.type === types_1.types.CHAR) {
        return setChar(set.value);
      } else if (set.type === types_1.types.RANGE) {
        return `${setChar(set.from)}-${setChar(set.to)}`;
      }
      return writeSetTokens(set, true);
    }
  }
});

// node_modules/ret/dist/reconstruct.js
var require_reconstruct = __commonJS({
  "node_modules/ret/dist/reconstruct.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.reconstruct = void 0;
    var types_1 = require_types2();
    var write_set_tokens_1 = require_write_set_tokens();
    var reduceStack = (stack) => stack.map(exports.reconstruct).join("");
    var createAlternate = (token) => {
      if ("options" in token) {
        return token.options.map(reduceStack).join("|");
      } else if ("stack" in token) {
        return reduceStack(token.stack);
      } else {
        throw new Error(`options or stack must be Root or Group token`);
      }
    };
    var reconstruct = (token) => {
      switch (token.type) {
        case types_1.types.ROOT:
          return createAlternate(token);
        case types_1.types.CHAR: {
          const c = String.fromCharCode(token.value);
          return (/[[\\{}$^.|?*+()]/.test(c) ? "\\" : "") + c;
        }
        case types_1.types.POSITION:
          if (token.value === "^" || token.value === "$") {
            return token.value;
          } else {
            return `\\${token.value}`;
          }
        case types_1.types.REFERENCE:
          return `\\${token.value}`;
        case types_1.types.SET:
          return (0, write_set_tokens_1.writeSetTokens)(token);
        case types_1.types.GROUP: {
          const prefix = token.name ? `?<${token.name}>` : token.remember ? "" : token.followedBy ? "?=" : token.notFollowedBy ? "?!" : "?:";
          return `(${prefix}${createAlternate(token)})`;
        }
        case types_1.types.REPETITION: {
          const { min, max } = token;
          let endWith;
          if (min === 0 && max === 1) {
            endWith = "?";
          } else if (min === 1 && max === Infinity) {
            endWith = "+";
          } else if (min === 0 && max === Infinity) {
            endWith = "*";
          } else if (max === Infinity) {
            endWith = `{${min},}`;
          } else if (min === max) {
            endWith = `{${min}}`;
          } else {
            endWith = `{${min},${max}}`;
          }
          return `${(0, exports.reconstruct)(token.value)}${endWith}`;
        }
        case types_1.types.RANGE:
          return `${(0, write_set_tokens_1.setChar)(token.from)}-${(0, write_set_tokens_1.setChar)(token.to)}`;
        default:
          throw new Error(`Invalid token type ${token}`);
      }
    };
    exports.reconstruct = reconstruct;
  }
});

// node_modules/ret/dist/index.js
var require_dist = __commonJS({
  "node_modules/ret/dist/index.js"(exports, module) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.types = void 0;
    var types_1 = require_types2();
    Object.defineProperty(exports, "types", { enumerable: true, get: function() {
      return types_1.types;
    } });
    __exportStar(require_tokenizer(), exports);
    __exportStar(require_reconstruct(), exports);
    var tokenizer_1 = require_tokenizer();
    var reconstruct_1 = require_reconstruct();
    __exportStar(require_types2(), exports);
    exports.default = tokenizer_1.tokenizer;
    module.exports = tokenizer_1.tokenizer;
    module.exports.types = types_1.types;
    module.exports.reconstruct = reconstruct_1.reconstruct;
  }
});

// node_modules/safe-regex2/index.js
var require_safe_regex2 = __commonJS({
  "node_modules/safe-regex2/index.js"(exports, module) {
    "use strict";
    var parse = require_dist();
    var { types } = require_dist();
    function walk2(node, opts, starHeight) {
      let i;
      let ok;
      let len;
      if (node.type === types.REPETITION) {
        starHeight++;
        opts.reps++;
        if (starHeight > 1) return false;
        if (opts.reps > opts.limit) return false;
      }
      const options = node.options || node.value?.options;
      if (options) {
        for (i = 0, len = options.length; i < len; i++) {
          ok = walk2({ stack: options[i] }, opts, starHeight);
          if (!ok) return false;
        }
      }
      const stack = node.stack || node.value?.stack;
      if (!stack) return true;
      for (i = 0, len = stack.length; i < len; i++) {
        ok = walk2(stack[i], opts, starHeight);
        if (!ok) return false;
      }
      return true;
    }
    function safeRegex(re, options) {
      const opts = {
        reps: 0,
        limit: options?.limit ?? 25
      };
      if (isRegExp(re)) re = re.source;
      else if (typeof re !== "string") re = String(re);
      try {
        return walk2(parse(re), opts, 0);
      } catch {
        return false;
      }
    }
    function isRegExp(x) {
      return Object.prototype.toString.call(x) === "[object RegExp]";
    }
    module.exports = safeRegex;
    module.exports.default = safeRegex;
    module.exports.safeRegex = safeRegex;
  }
});

// node_modules/fast-deep-equal/index.js
var require_fast_deep_equal = __commonJS({
  "node_modules/fast-deep-equal/index.js"(exports, module) {
    "use strict";
    module.exports = function equal(a, b) {
      if (a === b) return true;
      if (a && b && typeof a == "object" && typeof b == "object") {
        if (a.constructor !== b.constructor) return false;
        var length, i, keys;
        if (Array.isArray(a)) {
          length = a.length;
          if (length != b.length) return false;
          for (i = length; i-- !== 0; )
            if (!equal(a[i], b[i])) return false;
          return true;
        }
        if (a.constructor === RegExp) return a.source === b.source && a.flags === b.flags;
        if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
        if (a.toString !== Object.prototype.toString) return a.toString() === b.toString();
        keys = Object.keys(a);
        length = keys.length;
        if (length !== Object.keys(b).length) return false;
        for (i = length; i-- !== 0; )
          if (!Object.prototype.hasOwnProperty.call(b, keys[i])) return false;
        for (i = length; i-- !== 0; ) {
          var key = keys[i];
          if (!equal(a[key], b[key])) return false;
        }
        return true;
      }
      return a !== a && b !== b;
    };
  }
});

// node_modules/find-my-way/lib/strategies/http-method.js
var require_http_method = __commonJS({
  "node_modules/find-my-way/lib/strategies/http-method.js"(exports, module) {
    "use strict";
    module.exports = {
      name: "__fmw_internal_strategy_merged_tree_http_method__",
      storage: function() {
        const handlers = /* @__PURE__ */ new Map();
        return {
          get: (type) => {
            return handlers.get(type) || null;
          },
          set: (type, store) => {
            handlers.set(type, store);
          }
        };
      },
      /* c8 ignore next 1 */
      deriveConstraint: (req) => req.method,
      mustMatchWhenDerived: true
    };
  }
});

// node_modules/find-my-way/lib/pretty-print.js
var require_pretty_print = __commonJS({
  "node_modules/find-my-way/lib/pretty-print.js"(exports, module) {
    "use strict";
    var deepEqual = require_fast_deep_equal();
    var httpMethodStrategy = require_http_method();
    var treeDataSymbol = Symbol("treeData");
    function printObjectTree(obj, parentPrefix = "") {
      let tree = "";
      const keys = Object.keys(obj);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const value = obj[key];
        const isLast = i === keys.length - 1;
        const nodePrefix = isLast ? "\u2514\u2500\u2500 " : "\u251C\u2500\u2500 ";
        const childPrefix = isLast ? "    " : "\u2502   ";
        const nodeData = value[treeDataSymbol] || "";
        const prefixedNodeData = nodeData.replaceAll("\n", "\n" + parentPrefix + childPrefix);
        tree += parentPrefix + nodePrefix + key + prefixedNodeData + "\n";
        tree += printObjectTree(value, parentPrefix + childPrefix);
      }
      return tree;
    }
    function parseFunctionName(fn) {
      let fName = fn.name || "";
      fName = fName.replace("bound", "").trim();
      fName = (fName || "anonymous") + "()";
      return fName;
    }
    function parseMeta(meta) {
      if (Array.isArray(meta)) return meta.map((m) => parseMeta(m));
      if (typeof meta === "symbol") return meta.toString();
      if (typeof meta === "function") return parseFunctionName(meta);
      if (meta instanceof RegExp) return meta.toString();
      return meta;
    }
    function getRouteMetaData(route, options) {
      if (!options.includeMeta) return {};
      const metaDataObject = options.buildPrettyMeta(route);
      const filteredMetaData = {};
      let includeMetaKeys = options.includeMeta;
      if (!Array.isArray(includeMetaKeys)) {
        includeMetaKeys = Reflect.ownKeys(metaDataObject);
      }
      for (const metaKey of includeMetaKeys) {
        if (!Object.prototype.hasOwnProperty.call(metaDataObject, metaKey)) continue;
        const serializedKey = metaKey.toString();
        const metaValue = metaDataObject[metaKey];
        if (metaValue !== void 0 && metaValue !== null) {
          const serializedValue = JSON.stringify(parseMeta(metaValue));
          filteredMetaData[serializedKey] = serializedValue;
        }
      }
      return filteredMetaData;
    }
    function serializeMetaData(metaData) {
      let serializedMetaData = "";
      for (const [key, value] of Object.entries(metaData)) {
        serializedMetaData += `
\u2022 (${key}) ${value}`;
      }
      return serializedMetaData;
    }
    function normalizeRoute(route) {
      const constraints = { ...route.opts.constraints };
      const method = constraints[httpMethodStrategy.name];
      delete constraints[httpMethodStrategy.name];
      return { ...route, method, opts: { constraints } };
    }
    function serializeConstraints(constraints) {
      return JSON.stringify(constraints, (_key, value) => {
        if (value instanceof RegExp) return value.toString();
        return value;
      });
    }
    function serializeRoute(route) {
      let serializedRoute = ` (${route.method})`;
      const constraints = route.opts.constraints || {};
      if (Object.keys(constraints).length !== 0) {
        serializedRoute += " " + serializeConstraints(constraints);
      }
      serializedRoute += serializeMetaData(route.metaData);
      return serializedRoute;
    }
    function mergeSimilarRoutes(routes) {
      return routes.reduce((mergedRoutes, route) => {
        for (const nodeRoute of mergedRoutes) {
          if (deepEqual(route.opts.constraints, nodeRoute.opts.constraints) && deepEqual(route.metaData, nodeRoute.metaData)) {
            nodeRoute.method += ", " + route.method;
            return mergedRoutes;
          }
        }
        mergedRoutes.push(route);
        return mergedRoutes;
      }, []);
    }
    function serializeNode(node, prefix, options) {
      let routes = node.routes;
      if (options.method === void 0) {
        routes = routes.map(normalizeRoute);
      }
      routes = routes.map((route) => {
        route.metaData = getRouteMetaData(route, options);
        return route;
      });
      if (options.method === void 0) {
        routes = mergeSimilarRoutes(routes);
      }
      return routes.map(serializeRoute).join(`
${prefix}`);
    }
    function buildObjectTree(node, tree, prefix, options) {
      if (node.isLeafNode || options.commonPrefix !== false) {
        prefix = prefix || "(empty root node)";
        tree = tree[prefix] = {};
        if (node.isLeafNode) {
          tree[treeDataSymbol] = serializeNode(node, prefix, options);
        }
        prefix = "";
      }
      if (node.staticChildrenNodes) {
        for (const child of node.staticChildrenNodes) {
          buildObjectTree(child, tree, prefix + child.prefix, options);
        }
      }
      if (node.parametricChildren) {
        for (const child of Object.values(node.parametricChildren)) {
          const childPrefix = Array.from(child.nodePaths).join("|");
          buildObjectTree(child, tree, prefix + childPrefix, options);
        }
      }
      if (node.wildcardChild) {
        buildObjectTree(node.wildcardChild, tree, "*", options);
      }
    }
    function prettyPrintTree(root, options) {
      const objectTree = {};
      buildObjectTree(root, objectTree, root.prefix, options);
      return printObjectTree(objectTree);
    }
    module.exports = { prettyPrintTree };
  }
});

// node_modules/find-my-way/lib/null-object.js
var require_null_object = __commonJS({
  "node_modules/find-my-way/lib/null-object.js"(exports, module) {
    "use strict";
    var NullObject = function() {
    };
    NullObject.prototype = /* @__PURE__ */ Object.create(null);
    module.exports = {
      NullObject
    };
  }
});

// node_modules/find-my-way/lib/handler-storage.js
var require_handler_storage = __commonJS({
  "node_modules/find-my-way/lib/handler-storage.js"(exports, module) {
    "use strict";
    var { NullObject } = require_null_object();
    var httpMethodStrategy = require_http_method();
    var HandlerStorage = class {
      constructor() {
        this.unconstrainedHandler = null;
        this.constraints = [];
        this.handlers = [];
        this.constrainedHandlerStores = null;
      }
      // This is the hot path for node handler finding -- change with care!
      getMatchingHandler(derivedConstraints) {
        if (derivedConstraints === void 0) {
          return this.unconstrainedHandler;
        }
        return this._getHandlerMatchingConstraints(derivedConstraints);
      }
      addHandler(constrainer, route) {
        const params = route.params;
        const constraints = route.opts.constraints || {};
        const handlerObject = {
          params,
          constraints,
          handler: route.handler,
          store: route.store || null,
          _createParamsObject: this._compileCreateParamsObject(params)
        };
        const constraintsNames = Object.keys(constraints);
        if (constraintsNames.length === 0) {
          this.unconstrainedHandler = handlerObject;
        }
        for (const constraint of constraintsNames) {
          if (!this.constraints.includes(constraint)) {
            if (constraint === "version") {
              this.constraints.unshift(constraint);
            } else {
              this.constraints.push(constraint);
            }
          }
        }
        const isMergedTree = constraintsNames.includes(httpMethodStrategy.name);
        if (!isMergedTree && this.handlers.length >= 31) {
          throw new Error("find-my-way supports a maximum of 31 route handlers per node when there are constraints, limit reached");
        }
        this.handlers.push(handlerObject);
        this.handlers.sort((a, b) => Object.keys(a.constraints).length - Object.keys(b.constraints).length);
        if (!isMergedTree) {
          this._compileGetHandlerMatchingConstraints(constrainer, constraints);
        }
      }
      _compileCreateParamsObject(params) {
        const fnBody = ["'use strict'"];
        fnBody.push("const fn = function _createParamsObject (param0, param1, param2, param3, extraParams) {");
        fnBody.push("const params = new NullObject()");
        for (let i = 0; i < params.length; i++) {
          const value = i < 4 ? `param${i}` : `extraParams[${i - 4}]`;
          fnBody.push(`params[${JSON.stringify(params[i])}] = ${value}`);
        }
        fnBody.push("return params");
        fnBody.push("}");
        fnBody.push("return fn");
        return new Function("NullObject", fnBody.join("\n"))(NullObject);
      }
      _getHandlerMatchingConstraints() {
        return null;
      }
      // Builds a store object that maps from constraint values to a bitmap of handler indexes which pass the constraint for a value
      // So for a host constraint, this might look like { "fastify.io": 0b0010, "google.ca": 0b0101 }, meaning the 3rd handler is constrainted to fastify.io, and the 2nd and 4th handlers are constrained to google.ca.
      // The store's implementation comes from the strategies provided to the Router.
      _buildConstraintStore(store, constraint) {
        for (let i = 0; i < this.handlers.length; i++) {
          const handler = this.handlers[i];
          const constraintValue = handler.constraints[constraint];
          if (constraintValue !== void 0) {
            let indexes = store.get(constraintValue) || 0;
            indexes |= 1 << i;
            store.set(constraintValue, indexes);
          }
        }
      }
      // Builds a bitmask for a given constraint that has a bit for each handler index that is 0 when that handler *is* constrained and 1 when the handler *isnt* constrainted. This is opposite to what might be obvious, but is just for convienience when doing the bitwise operations.
      _constrainedIndexBitmask(constraint) {
        let mask = 0;
        for (let i = 0; i < this.handlers.length; i++) {
          const handler = this.handlers[i];
          const constraintValue = handler.constraints[constraint];
          if (constraintValue !== void 0) {
            mask |= 1 << i;
          }
        }
        return ~mask;
      }
      // Compile a fast function to match the handlers for this node
      // The function implements a general case multi-constraint matching algorithm.
      // The general idea is this: we have a bunch of handlers, each with a potentially different set of constraints, and sometimes none at all. We're given a list of constraint values and we have to use the constraint-value-comparison strategies to see which handlers match the constraint values passed in.
      // We do this by asking each constraint store which handler indexes match the given constraint value for each store. Trickily, the handlers that a store says match are the handlers constrained by that store, but handlers that aren't constrained at all by that store could still match just fine. So, each constraint store can only describe matches for it, and it won't have any bearing on the handlers it doesn't care about. For this reason, we have to ask each stores which handlers match and track which have been matched (or not cared about) by all of them.
      // We use bitmaps to represent these lists of matches so we can use bitwise operations to implement this efficiently. Bitmaps are cheap to allocate, let us implement this masking behaviour in one CPU instruction, and are quite compact in memory. We start with a bitmap set to all 1s representing every handler that is a match candidate, and then for each constraint, see which handlers match using the store, and then mask the result by the mask of handlers that that store applies to, and bitwise AND with the candidate list. Phew.
      // We consider all this compiling function complexity to be worth it, because the naive implementation that just loops over the handlers asking which stores match is quite a bit slower.
      _compileGetHandlerMatchingConstraints(constrainer) {
        this.constrainedHandlerStores = {};
        for (const constraint of this.constraints) {
          const store = constrainer.newStoreForConstraint(constraint);
          this.constrainedHandlerStores[constraint] = store;
          this._buildConstraintStore(store, constraint);
        }
        const lines = ["'use strict'"];
        lines.push(`
    let candidates = ${(1 << this.handlers.length) - 1}
    let mask, matches, value
    `);
        for (const constraint of this.constraints) {
          lines.push(`
      mask = ${this._constrainedIndexBitmask(constraint)}
      value = derivedConstraints.${constraint}
      `);
          const strategy = constrainer.strategies[constraint];
          const matchMask = strategy.mustMatchWhenDerived ? "matches" : "(matches | mask)";
          lines.push(`
      if (value === undefined) {
        candidates &= mask
      } else {
        matches = this.constrainedHandlerStores.${constraint}.get(value) || 0
        candidates &= ${matchMask}
      }
      if (candidates === 0) return null;
      `);
        }
        for (const constraint in constrainer.strategies) {
          if (!Object.hasOwn(constrainer.strategies, constraint)) continue;
          const strategy = constrainer.strategies[constraint];
          if (strategy.mustMatchWhenDerived && !this.constraints.includes(constraint)) {
            lines.push(`if (derivedConstraints.${constraint} !== undefined) return null`);
          }
        }
        lines.push("return this.handlers[31 - Math.clz32(candidates)]");
        this._getHandlerMatchingConstraints = new Function("derivedConstraints", lines.join("\n"));
      }
    };
    module.exports = HandlerStorage;
  }
});

// node_modules/find-my-way/lib/node.js
var require_node = __commonJS({
  "node_modules/find-my-way/lib/node.js"(exports, module) {
    "use strict";
    var HandlerStorage = require_handler_storage();
    var NODE_TYPES = {
      STATIC: 0,
      PARAMETRIC: 1,
      WILDCARD: 2
    };
    var LONG_PREFIX_MIN_LENGTH = 16;
    function matchSingleCharPrefix() {
      return true;
    }
    function compilePrefixMatch(prefix) {
      if (prefix.length === 1) {
        return matchSingleCharPrefix;
      }
      if (prefix.length >= LONG_PREFIX_MIN_LENGTH) {
        return function matchLongPrefix(path21, i) {
          return path21.indexOf(prefix, i) === i;
        };
      }
      const lines = [];
      for (let i = 1; i < prefix.length; i++) {
        const charCode = prefix.charCodeAt(i);
        lines.push(`path.charCodeAt(i + ${i}) === ${charCode}`);
      }
      return new Function("path", "i", `'use strict'
return ${lines.join(" && ")}`);
    }
    var Node = class {
      constructor(kind, prefix, regex, staticSuffix, nodePath) {
        this.kind = kind;
        this.prefix = prefix;
        this.isLeafNode = false;
        this.routes = null;
        this.handlerStorage = null;
        this.staticChildrenCharCodes = [];
        this.staticChildrenNodes = [];
        this.parametricChildren = [];
        this.wildcardChild = null;
        this.matchPrefix = kind === NODE_TYPES.STATIC ? compilePrefixMatch(prefix) : null;
        this.isRegex = regex != null;
        this.regex = regex || null;
        this.staticSuffix = staticSuffix || null;
        this.nodePaths = kind === NODE_TYPES.PARAMETRIC ? /* @__PURE__ */ new Set([nodePath]) : null;
        this.regexParamCount = 0;
        this.regexStaticLength = 0;
      }
      addRoute(route, constrainer) {
        if (this.routes === null) {
          this.routes = [];
        }
        if (this.handlerStorage === null) {
          this.handlerStorage = new HandlerStorage();
        }
        this.isLeafNode = true;
        this.routes.push(route);
        this.handlerStorage.addHandler(constrainer, route);
      }
      setStaticChild(label, node) {
        const charCode = label.charCodeAt(0);
        const index = this.staticChildrenCharCodes.indexOf(charCode);
        if (index === -1) {
          this.staticChildrenCharCodes.push(charCode);
          this.staticChildrenNodes.push(node);
        } else {
          this.staticChildrenNodes[index] = node;
        }
      }
      findStaticMatchingChild(path21, pathIndex) {
        const charCode = path21.charCodeAt(pathIndex);
        const charCodes = this.staticChildrenCharCodes;
        for (let i = 0; i < charCodes.length; i++) {
          if (charCodes[i] === charCode) {
            const staticChild = this.staticChildrenNodes[i];
            if (staticChild.matchPrefix(path21, pathIndex)) {
              return staticChild;
            }
            return null;
          }
        }
        return null;
      }
      getStaticChild(path21, pathIndex = 0) {
        if (path21.length === pathIndex) {
          return this;
        }
        const staticChild = this.findStaticMatchingChild(path21, pathIndex);
        if (staticChild) {
          return staticChild.getStaticChild(path21, pathIndex + staticChild.prefix.length);
        }
        return null;
      }
      createStaticChild(path21) {
        if (path21.length === 0) {
          return this;
        }
        const childIndex = this.staticChildrenCharCodes.indexOf(path21.charCodeAt(0));
        let staticChild = childIndex === -1 ? void 0 : this.staticChildrenNodes[childIndex];
        if (staticChild) {
          let i = 1;
          for (; i < staticChild.prefix.length; i++) {
            if (path21.charCodeAt(i) !== staticChild.prefix.charCodeAt(i)) {
              staticChild = staticChild.split(this, i);
              break;
            }
          }
          return staticChild.createStaticChild(path21.slice(i));
        }
        const node = createStaticNode(path21);
        this.setStaticChild(path21.charAt(0), node);
        return node;
      }
      getParametricChild(regex) {
        const regexpSource = regex && regex.source;
        const parametricChild = this.parametricChildren.find((child) => {
          const childRegexSource = child.regex && child.regex.source;
          return childRegexSource === regexpSource;
        });
        if (parametricChild) {
          return parametricChild;
        }
        return null;
      }
      createParametricChild(regex, staticSuffix, nodePath, regexParamCount, regexStaticLength) {
        let parametricChild = this.getParametricChild(regex);
        if (parametricChild) {
          parametricChild.nodePaths.add(nodePath);
          parametricChild.regexParamCount = Math.max(parametricChild.regexParamCount, regexParamCount);
          parametricChild.regexStaticLength = Math.max(parametricChild.regexStaticLength, regexStaticLength);
          return parametricChild;
        }
        parametricChild = createParametricNode(regex, staticSuffix, nodePath);
        parametricChild.regexParamCount = regexParamCount;
        parametricChild.regexStaticLength = regexStaticLength;
        this.parametricChildren.push(parametricChild);
        this.parametricChildren.sort((child1, child2) => {
          if (!child1.isRegex) return 1;
          if (!child2.isRegex) return -1;
          if (child1.staticSuffix === null) return 1;
          if (child2.staticSuffix === null) return -1;
          if (child2.staticSuffix.endsWith(child1.staticSuffix)) return 1;
          if (child1.staticSuffix.endsWith(child2.staticSuffix)) return -1;
          return 0;
        });
        return parametricChild;
      }
      getWildcardChild() {
        return this.wildcardChild;
      }
      createWildcardChild() {
        this.wildcardChild = this.getWildcardChild() || createWildcardNode();
        return this.wildcardChild;
      }
      // Returns the next node to visit for the path at pathIndex, preferring a
      // static child, then the first parametric child, then the wildcard. Every
      // sibling that is skipped over is pushed on nodeStack as a flat triple
      // (node, pathIndex, paramsCount) so lookup can backtrack to it later.
      getNextNode(path21, pathIndex, nodeStack, paramsCount) {
        let node = this.findStaticMatchingChild(path21, pathIndex);
        let parametricBrotherNodeIndex = 0;
        if (node === null) {
          if (this.parametricChildren.length === 0) {
            return this.wildcardChild;
          }
          node = this.parametricChildren[0];
          parametricBrotherNodeIndex = 1;
        }
        if (this.wildcardChild !== null) {
          nodeStack.push(this.wildcardChild, pathIndex, paramsCount);
        }
        for (let i = this.parametricChildren.length - 1; i >= parametricBrotherNodeIndex; i--) {
          nodeStack.push(this.parametricChildren[i], pathIndex, paramsCount);
        }
        return node;
      }
      split(parentNode, length) {
        const parentPrefix = this.prefix.slice(0, length);
        const childPrefix = this.prefix.slice(length);
        this.prefix = childPrefix;
        this.matchPrefix = compilePrefixMatch(childPrefix);
        const staticNode = createStaticNode(parentPrefix);
        staticNode.setStaticChild(childPrefix.charAt(0), this);
        parentNode.setStaticChild(parentPrefix.charAt(0), staticNode);
        return staticNode;
      }
    };
    function createStaticNode(prefix) {
      return new Node(NODE_TYPES.STATIC, prefix, null, null, null);
    }
    function createParametricNode(regex, staticSuffix, nodePath) {
      return new Node(NODE_TYPES.PARAMETRIC, "", regex, staticSuffix, nodePath);
    }
    function createWildcardNode() {
      return new Node(NODE_TYPES.WILDCARD, "", null, null, null);
    }
    module.exports = { Node, createStaticNode, createParametricNode, createWildcardNode, NODE_TYPES };
  }
});

// node_modules/find-my-way/lib/url-sanitizer.js
var require_url_sanitizer = __commonJS({
  "node_modules/find-my-way/lib/url-sanitizer.js"(exports, module) {
    "use strict";
    var DECODE_COMPONENT_TABLE = new Uint8Array(768);
    for (const [encoded, char] of [
      ["%23", "#"],
      ["%24", "$"],
      ["%25", "%"],
      ["%26", "&"],
      ["%2B", "+"],
      ["%2b", "+"],
      ["%2C", ","],
      ["%2c", ","],
      ["%2F", "/"],
      ["%2f", "/"],
      ["%3A", ":"],
      ["%3a", ":"],
      ["%3B", ";"],
      ["%3b", ";"],
      ["%3D", "="],
      ["%3d", "="],
      ["%3F", "?"],
      ["%3f", "?"],
      ["%40", "@"]
    ]) {
      DECODE_COMPONENT_TABLE[encoded.charCodeAt(1) - 50 << 8 | encoded.charCodeAt(2)] = char.charCodeAt(0);
    }
    function decodeComponentCharCode(highCharCode, lowCharCode) {
      if (highCharCode < 50 || highCharCode > 52 || lowCharCode > 255) {
        return 0;
      }
      return DECODE_COMPONENT_TABLE[highCharCode - 50 << 8 | lowCharCode];
    }
    function decodeComponentChar(highCharCode, lowCharCode) {
      const charCode = decodeComponentCharCode(highCharCode, lowCharCode);
      if (charCode === 0) {
        return null;
      }
      return String.fromCharCode(charCode);
    }
    var MIN_NATIVE_SCAN_LENGTH = 12;
    function safeDecodeURI(path21, useSemicolonDelimiter) {
      if (path21.length >= MIN_NATIVE_SCAN_LENGTH) {
        return safeDecodeURINativeScan(path21, useSemicolonDelimiter);
      }
      return safeDecodeURICharScan(path21, useSemicolonDelimiter, 1);
    }
    function safeDecodeURINativeScan(path21, useSemicolonDelimiter) {
      const percentIndex = path21.indexOf("%", 1);
      let delimIndex = path21.indexOf("?", 1);
      const hashIndex = path21.indexOf("#", 1);
      if (hashIndex !== -1 && (delimIndex === -1 || hashIndex < delimIndex)) {
        delimIndex = hashIndex;
      }
      if (useSemicolonDelimiter) {
        const semicolonIndex = path21.indexOf(";", 1);
        if (semicolonIndex !== -1 && (delimIndex === -1 || semicolonIndex < delimIndex)) {
          delimIndex = semicolonIndex;
        }
      }
      if (percentIndex === -1 || delimIndex !== -1 && percentIndex > delimIndex) {
        if (delimIndex === -1) {
          return { path: path21, querystring: "", shouldDecodeParam: false };
        }
        return {
          path: path21.slice(0, delimIndex),
          querystring: path21.slice(delimIndex + 1),
          shouldDecodeParam: false
        };
      }
      return safeDecodeURIPercentScan(path21, useSemicolonDelimiter, percentIndex);
    }
    function safeDecodeURICharScan(path21, useSemicolonDelimiter, startIndex) {
      for (let i = startIndex; i < path21.length; i++) {
        const charCode = path21.charCodeAt(i);
        if (charCode === 37) {
          return safeDecodeURIPercentScan(path21, useSemicolonDelimiter, i);
        } else if (charCode === 63 || charCode === 35 || charCode === 59 && useSemicolonDelimiter) {
          return {
            path: path21.slice(0, i),
            querystring: path21.slice(i + 1),
            shouldDecodeParam: false
          };
        }
      }
      return { path: path21, querystring: "", shouldDecodeParam: false };
    }
    function safeDecodeURIPercentScan(path21, useSemicolonDelimiter, startIndex) {
      let shouldDecode = false;
      let shouldDecodeParam = false;
      let querystring = "";
      let percentIndexes = null;
      let pathEnd = -1;
      for (let i = startIndex; i < path21.length; i++) {
        const charCode = path21.charCodeAt(i);
        if (charCode === 37) {
          const componentCharCode = decodeComponentCharCode(path21.charCodeAt(i + 1), path21.charCodeAt(i + 2));
          if (componentCharCode === 0) {
            shouldDecode = true;
          } else {
            shouldDecodeParam = true;
            if (componentCharCode === 37) {
              shouldDecode = true;
              if (percentIndexes === null) percentIndexes = [];
              percentIndexes.push(i);
            }
            i += 2;
          }
        } else if (charCode === 63 || charCode === 35 || charCode === 59 && useSemicolonDelimiter) {
          querystring = path21.slice(i + 1);
          pathEnd = i;
          break;
        }
      }
      let decodedPath;
      if (percentIndexes === null) {
        decodedPath = pathEnd === -1 ? path21 : path21.slice(0, pathEnd);
      } else {
        const parts = [];
        let last = 0;
        for (const index of percentIndexes) {
          parts.push(path21.slice(last, index), "%2525");
          last = index + 3;
        }
        parts.push(path21.slice(last, pathEnd === -1 ? path21.length : pathEnd));
        decodedPath = parts.join("");
      }
      if (shouldDecode) decodedPath = decodeURI(decodedPath);
      return { path: decodedPath, querystring, shouldDecodeParam };
    }
    function safeDecodeURIComponent(uriComponent) {
      const startIndex = uriComponent.indexOf("%");
      if (startIndex === -1) return uriComponent;
      let decoded = "";
      let lastIndex = startIndex;
      for (let i = startIndex; i < uriComponent.length; i++) {
        if (uriComponent.charCodeAt(i) === 37) {
          const highCharCode = uriComponent.charCodeAt(i + 1);
          const lowCharCode = uriComponent.charCodeAt(i + 2);
          const decodedChar = decodeComponentChar(highCharCode, lowCharCode);
          decoded += uriComponent.slice(lastIndex, i) + decodedChar;
          lastIndex = i + 3;
        }
      }
      return uriComponent.slice(0, startIndex) + decoded + uriComponent.slice(lastIndex);
    }
    module.exports = { safeDecodeURI, safeDecodeURIComponent, safeDecodeURINativeScan, safeDecodeURICharScan, MIN_NATIVE_SCAN_LENGTH };
  }
});

// node_modules/find-my-way/lib/compiler.js
var require_compiler = __commonJS({
  "node_modules/find-my-way/lib/compiler.js"(exports, module) {
    "use strict";
    var { NODE_TYPES } = require_node();
    var { NullObject } = require_null_object();
    var { safeDecodeURIComponent } = require_url_sanitizer();
    var LONG_PREFIX_MIN_LENGTH = 16;
    var SCAN_LOOP_MAX_LENGTH = 12;
    var SPLIT_LINES = 250;
    var FUNCTION_LINES = 400;
    var FLAG = Symbol("find-my-way.compiled.flag");
    var NO_MATCH = Symbol("find-my-way.compiled.no-match");
    var POSITION_PLACEHOLDER = "POS";
    var RETRY_PLACEHOLDER = "RETRY";
    var POSITION_PATTERN = new RegExp(`${POSITION_PLACEHOLDER}(?: \\+ (\\d+))?`, "g");
    var SUM_PATTERN = /^(\S+) \+ (\d+)$/;
    function substitutePosition(line, position) {
      return line.replace(POSITION_PATTERN, (match, offset) => {
        if (offset === void 0) return position;
        const sum = SUM_PATTERN.exec(position);
        if (sum !== null) return `${sum[1]} + ${Number(sum[2]) + Number(offset)}`;
        if (/^\d+$/.test(position)) return String(Number(position) + Number(offset));
        return `${position} + ${offset}`;
      });
    }
    var TreeCompiler = class {
      constructor(router, raw, target = "find") {
        this.router = router;
        this.raw = raw;
        this.lookup = target === "lookup";
        this.constNames = [];
        this.constValues = [];
        this.functions = [];
        this.lines = [];
        this.indent = 1;
        this.maxParams = 0;
        this.uid = 0;
        this.tracksMaxParamLength = router.onMaxParamLength !== null;
        this.useSemicolonDelimiter = router.useSemicolonDelimiter;
        this.routerConst = this.addConst(router, "router");
      }
      addConst(value, hint) {
        const name = `${hint}_${this.constNames.length}`;
        this.constNames.push(name);
        this.constValues.push(value);
        return name;
      }
      emit(line) {
        this.lines.push("  ".repeat(this.indent) + line);
      }
      compile(root, slow) {
        if (this.raw) this.indent = 2;
        this.emitNodeBody(root, null, root.prefix.length, 0, root.prefix);
        if (this.raw) {
          if (this.tracksMaxParamLength) {
            this.emit("if (maxParamLengthExceeded) break raw");
          }
          this.emit(`if (path.indexOf('%', 1) === -1) return ${this.lookup ? `${this.routerConst}._defaultRoute(req, res, ctx)` : "null"}`);
        } else {
          if (this.tracksMaxParamLength) {
            this.emit(`if (maxParamLengthExceeded) return ${this.routerConst}._onMaxParamLength(originPath)`);
          }
          this.emit("return null");
        }
        const source = ["'use strict'"];
        for (const fn2 of this.functions) {
          source.push(`function ${fn2.name} (${this.subtreeArguments(fn2.paramsCount, "i")}) {`);
          source.push(`  let ${this.paramLocals(fn2.paramsCount)}`);
          if (this.raw) {
            source.push("  let c");
          }
          if (this.tracksMaxParamLength) {
            source.push("  let maxParamLengthExceeded = false");
          }
          source.push(...fn2.lines);
          if (this.tracksMaxParamLength) {
            source.push("  return maxParamLengthExceeded ? FLAG : NO_MATCH");
          } else {
            source.push("  return NO_MATCH");
          }
          source.push("}");
        }
        if (this.raw) {
          const delimiters = this.delimiterCharCodes();
          source.push(
            this.scanFunction("scanSegment", [47].concat(delimiters), false),
            this.scanFunction("scanRest", delimiters, true),
            this.lookup ? "return function compiledLookup (path, derivedConstraints, req, res, ctx) {" : "return function compiledFind (path, derivedConstraints) {",
            "  raw: {",
            "    if (path.charCodeAt(0) !== 47) break raw",
            "    const pathLen = path.length",
            "    let c",
            `    let ${this.paramLocals(0)}`
          );
          if (this.tracksMaxParamLength) {
            source.push("    let maxParamLengthExceeded = false");
          }
          source.push(
            ...this.lines.map((line) => line.replaceAll(RETRY_PLACEHOLDER, "break raw")),
            "  }",
            this.lookup ? `  return ${this.routerConst}.callHandler(slow(path, derivedConstraints), req, res, ctx)` : "  return slow(path, derivedConstraints)",
            "}"
          );
        } else {
          source.push(
            "return function compiledFindSanitized (path, originPath, shouldDecodeParam, derivedConstraints, querystring) {",
            "  const pathLen = path.length",
            `  let ${this.paramLocals(0)}`
          );
          if (this.tracksMaxParamLength) {
            source.push("  let maxParamLengthExceeded = false");
          }
          source.push(...this.lines, "}");
        }
        const code = source.join("\n");
        const factory = new Function("NullObject", "decodeParam", "slow", "FLAG", "NO_MATCH", ...this.constNames, code);
        const fn = factory(NullObject, safeDecodeURIComponent, slow, FLAG, NO_MATCH, ...this.constValues);
        fn.source = code;
        return fn;
      }
      // Locals for the parameter values collected from slot `from` on. Four are
      // always declared so the per-handler params constructor can be called.
      paramLocals(from) {
        const locals = [];
        for (let i = from; i < Math.max(this.maxParams, 4); i++) {
          locals.push(`p${i}`);
        }
        return locals.length === 0 ? "unused" : locals.join(", ");
      }
      // Arguments of a subtree function; `position` is what the caller passes
      // for the path position argument `i`.
      subtreeArguments(paramsCount, position) {
        const args = this.raw ? ["path", "pathLen", position, "derivedConstraints"] : ["path", "originPath", "pathLen", "shouldDecodeParam", "derivedConstraints", "querystring", position];
        if (this.lookup) args.push("req", "res", "ctx");
        for (let i = 0; i < paramsCount; i++) args.push(`p${i}`);
        return args.join(", ");
      }
      delimiterCharCodes() {
        const delimiters = [63, 35];
        if (this.useSemicolonDelimiter) delimiters.push(59);
        return delimiters;
      }
      // Emits a scanner returning the index of the first char among `stops` (or
      // the end of the path), or -1 as soon as a '%' is seen: the slice before a
      // '%' may decode differently and must go through the sanitized matcher.
      // A char loop is cheapest for the short segments that make up most paths,
      // a native regex search wins on long ones, so the scanner starts with a
      // bounded loop and hands anything longer over to the regex. A wildcard
      // consumes the rest of the path, so its scanner knows the length up front
      // and can pick the strategy before looping.
      scanFunction(name, stops, knowsLength) {
        const checks = stops.concat(37).map((code) => `c === ${code}`).join(" || ");
        const charClass = stops.concat(37).map((code) => "\\x" + code.toString(16).padStart(2, "0")).join("");
        const lines = [
          // A global regex with lastIndex finds the first stop char in one
          // native call, without allocating a match result.
          `const ${name}Regex = /[${charClass}]/g`,
          `function ${name}Long (path, i, len) {`,
          `  ${name}Regex.lastIndex = i`,
          `  if (!${name}Regex.test(path)) return len`,
          `  i = ${name}Regex.lastIndex - 1`,
          "  return path.charCodeAt(i) === 37 ? -1 : i",
          "}",
          `function ${name} (path, i, len) {`
        ];
        if (knowsLength) {
          lines.push(`  if (len - i > ${SCAN_LOOP_MAX_LENGTH}) return ${name}Long(path, i, len)`);
          lines.push("  for (; i < len; i++) {");
        } else {
          lines.push(`  const limit = len - i > ${SCAN_LOOP_MAX_LENGTH} ? i + ${SCAN_LOOP_MAX_LENGTH} : len`);
          lines.push("  for (; i < limit; i++) {");
        }
        lines.push(
          "    const c = path.charCodeAt(i)",
          `    if (${checks}) return c === 37 ? -1 : i`,
          "  }"
        );
        if (knowsLength) {
          lines.push("  return len");
        } else {
          lines.push(`  return i === len ? len : ${name}Long(path, i, len)`);
        }
        lines.push("}");
        return lines.join("\n");
      }
      // Position of `offset` chars past `base`, where base is null for the
      // constant position after the root (no parameter consumed yet) or the
      // name of a local holding the end of the last consumed parameter.
      position(base, offset) {
        if (base === null) return String(offset);
        if (offset === 0) return base;
        return `${base} + ${offset}`;
      }
      // Statement handing the lookup over to the sanitized matcher (raw mode):
      // a jump out of the raw block, or a FLAG return from a subtree function.
      retry() {
        return RETRY_PLACEHOLDER;
      }
      // Condition for the path to end at `pos`. The raw matcher also accepts a
      // query delimiter there, since the sanitized path stops at it.
      endCondition(pos) {
        if (!this.raw) return `pathLen === ${pos}`;
        const delimiters = this.delimiterCharCodes();
        const checks = [`pathLen === ${pos}`, `(c = path.charCodeAt(${pos})) === ${delimiters[0]}`];
        for (let i = 1; i < delimiters.length; i++) checks.push(`c === ${delimiters[i]}`);
        return checks.join(" || ");
      }
      querystringExpression(pos) {
        if (!this.raw) return "querystring";
        return `pathLen === ${pos} ? '' : path.slice(${pos} + 1)`;
      }
      // Emits the code run once a node's prefix has matched and the path
      // position is at `offset` past `base`: the leaf check, then the children.
      // `staticPath` is the full static path from the root to this node, or null
      // once a parameter has been consumed on the way.
      emitNodeBody(node, base, offset, paramsCount, staticPath) {
        if (node.isLeafNode) {
          const pos = this.position(base, offset);
          if (node.kind === NODE_TYPES.WILDCARD && !this.raw) {
            this.emitLeaf(node, paramsCount, pos);
          } else {
            this.emit(`if (${this.endCondition(pos)}) {`);
            this.indent++;
            this.emitLeaf(node, paramsCount, pos);
            this.indent--;
            this.emit("}");
          }
        }
        this.emitStaticChildren(node, base, offset, paramsCount, staticPath);
        this.emitParametricChildren(node, base, offset, paramsCount);
        this.emitWildcardChild(node, base, offset, paramsCount);
      }
      // Like emitNodeBody, but a body too large to stay in the current function
      // is moved to a function of its own and replaced by a call. The body is
      // generated once against a position placeholder, which is then replaced
      // by the real position expression or by the function's own argument.
      emitSubtree(node, base, offset, paramsCount, staticPath) {
        const outerLines = this.lines;
        const outerIndent = this.indent;
        this.lines = [];
        this.indent = 0;
        this.emitNodeBody(node, POSITION_PLACEHOLDER, 0, paramsCount, staticPath);
        const bodyLines = this.lines;
        this.lines = outerLines;
        this.indent = outerIndent;
        if (bodyLines.length <= SPLIT_LINES && this.lines.length + bodyLines.length <= FUNCTION_LINES) {
          const position = this.position(base, offset);
          const prefix = "  ".repeat(this.indent);
          for (const line of bodyLines) {
            this.lines.push(prefix + substitutePosition(line, position));
          }
          return;
        }
        const name = `subtree_${this.functions.length}`;
        this.functions.push({
          name,
          paramsCount,
          lines: bodyLines.map((line) => "  " + substitutePosition(line, "i").replaceAll(RETRY_PLACEHOLDER, "return FLAG"))
        });
        const result = `r${this.uid++}`;
        this.emit(`const ${result} = ${name}(${this.subtreeArguments(paramsCount, this.position(base, offset))})`);
        this.emit(`if (${result} !== NO_MATCH) {`);
        this.emit(`  if (${result} !== FLAG) return ${result}`);
        if (this.raw) {
          this.emit(`  ${this.retry()}`);
        } else if (this.tracksMaxParamLength) {
          this.emit("  maxParamLengthExceeded = true");
        }
        this.emit("}");
      }
      emitLeaf(node, paramsCount, pos) {
        const storage = node.handlerStorage;
        const storageConst = this.addConst(storage, "handlers");
        const handle = `h${this.uid++}`;
        this.emit(`const ${handle} = ${storageConst}.getMatchingHandler(derivedConstraints)`);
        this.emit(`if (${handle} !== null) {`);
        this.indent++;
        let paramsExpr;
        if (storage.handlers.length === 1) {
          const params = storage.handlers[0].params;
          this.maxParams = Math.max(this.maxParams, paramsCount, params.length);
          const paramsObject = `o${this.uid++}`;
          this.emit(`const ${paramsObject} = new NullObject()`);
          for (let i = 0; i < params.length; i++) {
            this.emit(`${paramsObject}[${JSON.stringify(params[i])}] = p${i}`);
          }
          paramsExpr = paramsObject;
        } else {
          this.maxParams = Math.max(this.maxParams, paramsCount);
          const extra = [];
          for (let i = 4; i < paramsCount; i++) extra.push(`p${i}`);
          const extraExpr = extra.length === 0 ? "null" : `[${extra.join(", ")}]`;
          paramsExpr = `${handle}._createParamsObject(p0, p1, p2, p3, ${extraExpr})`;
        }
        const searchParams = `${this.routerConst}.querystringParser(${this.querystringExpression(pos)})`;
        if (this.lookup) {
          this.emit(`const q${this.uid} = ${searchParams}`);
          this.emit("return ctx === undefined");
          this.emit(`  ? ${handle}.handler(req, res, ${paramsExpr}, ${handle}.store, q${this.uid})`);
          this.emit(`  : ${handle}.handler.call(ctx, req, res, ${paramsExpr}, ${handle}.store, q${this.uid})`);
          this.uid++;
        } else {
          this.emit("return {");
          this.emit(`  handler: ${handle}.handler,`);
          this.emit(`  store: ${handle}.store,`);
          this.emit(`  params: ${paramsExpr},`);
          this.emit(`  searchParams: ${searchParams}`);
          this.emit("}");
        }
        this.indent--;
        this.emit("}");
      }
      // Condition matching a static child's prefix at the given position. The
      // first char can be skipped when a surrounding switch already checked it.
      prefixCondition(child, base, offset, skipFirstChar) {
        const prefix = child.prefix;
        if (prefix.length >= LONG_PREFIX_MIN_LENGTH) {
          const pos = this.position(base, offset);
          return `path.indexOf(${JSON.stringify(prefix)}, ${pos}) === ${pos}`;
        }
        const checks = [];
        for (let i = skipFirstChar ? 1 : 0; i < prefix.length; i++) {
          checks.push(`path.charCodeAt(${this.position(base, offset + i)}) === ${prefix.charCodeAt(i)}`);
        }
        return checks.length === 0 ? null : checks.join(" && ");
      }
      emitStaticChildren(node, base, offset, paramsCount, staticPath) {
        const children = node.staticChildrenNodes;
        if (children.length === 0) return;
        if (children.length === 1) {
          this.emitStaticChild(children[0], base, offset, paramsCount, staticPath, false);
          return;
        }
        this.emit(`switch (path.charCodeAt(${this.position(base, offset)})) {`);
        this.indent++;
        for (let i = 0; i < children.length; i++) {
          this.emit(`case ${node.staticChildrenCharCodes[i]}: {`);
          this.indent++;
          this.emitStaticChild(children[i], base, offset, paramsCount, staticPath, true);
          this.emit("break");
          this.indent--;
          this.emit("}");
        }
        this.indent--;
        this.emit("}");
      }
      emitStaticChild(child, base, offset, paramsCount, staticPath, skipFirstChar) {
        const childStaticPath = staticPath === null ? null : staticPath + child.prefix;
        const condition = this.prefixCondition(child, base, offset, skipFirstChar);
        const end = offset + child.prefix.length;
        const isWholePathLeaf = this.raw && childStaticPath !== null && child.isLeafNode && child.staticChildrenNodes.length === 0 && child.parametricChildren.length === 0 && child.wildcardChild === null;
        if (isWholePathLeaf) {
          const pos = this.position(base, end);
          const suffix = condition === null ? this.endCondition(pos) : `${condition} && (${this.endCondition(pos)})`;
          this.emit(`if (path === ${JSON.stringify(childStaticPath)} || (${suffix})) {`);
          this.indent++;
          this.emitLeaf(child, paramsCount, pos);
          this.indent--;
          this.emit("}");
          return;
        }
        if (condition !== null) {
          this.emit(`if (${condition}) {`);
          this.indent++;
        }
        this.emitSubtree(child, base, end, paramsCount, childStaticPath);
        if (condition !== null) {
          this.indent--;
          this.emit("}");
        }
      }
      emitParametricChildren(node, base, offset, paramsCount) {
        const children = node.parametricChildren;
        if (children.length === 0) return;
        const pos = this.position(base, offset);
        const id = this.uid++;
        const end = `e${id}`;
        const value = `v${id}`;
        if (this.raw) {
          this.emit(`const ${end} = scanSegment(path, ${pos}, pathLen)`);
          this.emit(`if (${end} === -1) ${this.retry()}`);
          this.emit(`const ${value} = path.slice(${pos}, ${end})`);
        } else {
          this.emit(`let ${end} = originPath.indexOf('/', ${pos})`);
          this.emit(`if (${end} === -1) ${end} = pathLen`);
          this.emit(`let ${value} = originPath.slice(${pos}, ${end})`);
          this.emit(`if (shouldDecodeParam) ${value} = decodeParam(${value})`);
        }
        for (const child of children) {
          if (child.isRegex) {
            this.emitRegexChild(child, end, value, paramsCount);
          } else {
            this.emit(`if (${value}.length <= ${this.routerConst}.maxParamLength) {`);
            this.indent++;
            this.emit(`p${paramsCount} = ${value}`);
            this.emitSubtree(child, end, 0, paramsCount + 1, null);
            this.indent--;
            if (this.tracksMaxParamLength) {
              this.emit("} else {");
              this.emit("  maxParamLengthExceeded = true");
            }
            this.emit("}");
          }
        }
      }
      emitRegexChild(child, end, value, paramsCount) {
        const regexConst = this.addConst(child.regex, "regex");
        const groupCount = countCaptureGroups(child.regex);
        const match = `m${this.uid++}`;
        const maxLength = `${child.regexParamCount} * ${this.routerConst}.maxParamLength + ${child.regexStaticLength}`;
        this.emit(`if (${value}.length > ${maxLength}) {`);
        if (this.tracksMaxParamLength) {
          this.emit("  maxParamLengthExceeded = true");
        }
        this.emit("} else {");
        this.indent++;
        this.emit(`const ${match} = ${regexConst}.exec(${value})`);
        this.emit(`if (${match} !== null) {`);
        this.indent++;
        const groups = [];
        for (let i = 1; i <= groupCount; i++) {
          const group = `${match}g${i}`;
          groups.push(group);
          this.emit(`const ${group} = ${match}[${i}] ?? ''`);
        }
        const tooLong = groups.map((group) => `${group}.length > ${this.routerConst}.maxParamLength`).join(" || ");
        if (groups.length > 0) {
          this.emit(`if (${tooLong}) {`);
          if (this.tracksMaxParamLength) {
            this.emit("  maxParamLengthExceeded = true");
          }
          this.emit("} else {");
          this.indent++;
        }
        for (let i = 0; i < groups.length; i++) {
          this.emit(`p${paramsCount + i} = ${groups[i]}`);
        }
        this.emitSubtree(child, end, 0, paramsCount + groups.length, null);
        if (groups.length > 0) {
          this.indent--;
          this.emit("}");
        }
        this.indent--;
        this.emit("}");
        this.indent--;
        this.emit("}");
      }
      emitWildcardChild(node, base, offset, paramsCount) {
        const child = node.wildcardChild;
        if (child === null) return;
        const pos = this.position(base, offset);
        const id = this.uid++;
        const value = `w${id}`;
        this.emit("{");
        this.indent++;
        if (this.raw) {
          const end = `e${id}`;
          this.emit(`const ${end} = scanRest(path, ${pos}, pathLen)`);
          this.emit(`if (${end} === -1) ${this.retry()}`);
          this.emit(`const ${value} = path.slice(${pos}, ${end})`);
          this.emit(`p${paramsCount} = ${value}`);
          this.emitNodeBody(child, end, 0, paramsCount + 1, null);
        } else {
          this.emit(`let ${value} = originPath.slice(${pos})`);
          this.emit(`if (shouldDecodeParam) ${value} = decodeParam(${value})`);
          this.emit(`p${paramsCount} = ${value}`);
          this.emitNodeBody(child, "pathLen", 0, paramsCount + 1, null);
        }
        this.indent--;
        this.emit("}");
      }
    };
    function countCaptureGroups(regex) {
      return new RegExp(regex.source + "|").exec("").length - 1;
    }
    function supportsRawMatching(router, root) {
      if (router.ignoreTrailingSlash || router.ignoreDuplicateSlashes || router.caseSensitive === false) {
        return false;
      }
      const forbidden = router.useSemicolonDelimiter ? /[%?#;]/ : /[%?#]/;
      const stack = [root];
      while (stack.length > 0) {
        const node = stack.pop();
        if (forbidden.test(node.prefix)) return false;
        stack.push(...node.staticChildrenNodes, ...node.parametricChildren);
        if (node.wildcardChild !== null) stack.push(node.wildcardChild);
      }
      return true;
    }
    function compileTree(router, root) {
      const sanitized = new TreeCompiler(router, false).compile(root, null);
      const slow = function findSanitized(path21, derivedConstraints) {
        return router._findSanitized(sanitized, path21, derivedConstraints);
      };
      if (!supportsRawMatching(router, root)) {
        return {
          find: slow,
          lookup: function lookupSanitized(path21, derivedConstraints, req, res, ctx) {
            return router.callHandler(slow(path21, derivedConstraints), req, res, ctx);
          }
        };
      }
      return {
        find: new TreeCompiler(router, true, "find").compile(root, slow),
        lookup: new TreeCompiler(router, true, "lookup").compile(root, slow)
      };
    }
    module.exports = { compileTree };
  }
});

// node_modules/find-my-way/lib/strategies/accept-version.js
var require_accept_version = __commonJS({
  "node_modules/find-my-way/lib/strategies/accept-version.js"(exports, module) {
    "use strict";
    var assert = __require("node:assert");
    function SemVerStore() {
      if (!(this instanceof SemVerStore)) {
        return new SemVerStore();
      }
      this.store = /* @__PURE__ */ new Map();
      this.maxMajor = 0;
      this.maxMinors = {};
      this.maxPatches = {};
    }
    SemVerStore.prototype.set = function(version, store) {
      if (typeof version !== "string") {
        throw new TypeError("Version should be a string");
      }
      let [major, minor, patch] = version.split(".", 3);
      if (isNaN(major)) {
        throw new TypeError("Major version must be a numeric value");
      }
      major = Number(major);
      minor = Number(minor) || 0;
      patch = Number(patch) || 0;
      if (major >= this.maxMajor) {
        this.maxMajor = major;
        this.store.set("x", store);
        this.store.set("*", store);
        this.store.set("x.x", store);
        this.store.set("x.x.x", store);
      }
      if (minor >= (this.maxMinors[major] || 0)) {
        this.maxMinors[major] = minor;
        this.store.set(`${major}.x`, store);
        this.store.set(`${major}.x.x`, store);
      }
      if (patch >= (this.maxPatches[`${major}.${minor}`] || 0)) {
        this.maxPatches[`${major}.${minor}`] = patch;
        this.store.set(`${major}.${minor}.x`, store);
      }
      this.store.set(`${major}.${minor}.${patch}`, store);
      return this;
    };
    SemVerStore.prototype.get = function(version) {
      return this.store.get(version);
    };
    module.exports = {
      name: "version",
      mustMatchWhenDerived: true,
      storage: SemVerStore,
      validate(value) {
        assert(typeof value === "string", "Version should be a string");
      }
    };
  }
});

// node_modules/find-my-way/lib/strategies/accept-host.js
var require_accept_host = __commonJS({
  "node_modules/find-my-way/lib/strategies/accept-host.js"(exports, module) {
    "use strict";
    var assert = __require("node:assert");
    var REGEX_CACHE_MAX_SIZE = 1e3;
    var REGEX_CACHE_EVICTION_SIZE = REGEX_CACHE_MAX_SIZE / 2;
    function HostStorage() {
      const hosts = /* @__PURE__ */ new Map();
      const regexHosts = [];
      const regexCache = /* @__PURE__ */ new Map();
      function cacheRegexResult(host, value) {
        if (regexCache.size >= REGEX_CACHE_MAX_SIZE) {
          const keys = regexCache.keys();
          for (let i = 0; i < REGEX_CACHE_EVICTION_SIZE; i++) {
            regexCache.delete(keys.next().value);
          }
        }
        regexCache.set(host, value);
      }
      return {
        get: (host) => {
          const exact = hosts.get(host);
          if (exact) {
            return exact;
          }
          if (regexHosts.length === 0) return void 0;
          if (regexCache.has(host)) return regexCache.get(host);
          for (const regex of regexHosts) {
            if (regex.host.test(host)) {
              cacheRegexResult(host, regex.value);
              return regex.value;
            }
          }
          cacheRegexResult(host, void 0);
        },
        set: (host, value) => {
          if (host instanceof RegExp) {
            const safeRegex = new RegExp(host.source, host.flags.replace(/[gy]/g, ""));
            regexHosts.push({ host: safeRegex, value });
            regexCache.clear();
          } else {
            hosts.set(host, value);
          }
        }
      };
    }
    module.exports = {
      name: "host",
      mustMatchWhenDerived: false,
      storage: HostStorage,
      validate(value) {
        assert(typeof value === "string" || Object.prototype.toString.call(value) === "[object RegExp]", "Host should be a string or a RegExp");
      }
    };
  }
});

// node_modules/find-my-way/lib/constrainer.js
var require_constrainer = __commonJS({
  "node_modules/find-my-way/lib/constrainer.js"(exports, module) {
    "use strict";
    var acceptVersionStrategy = require_accept_version();
    var acceptHostStrategy = require_accept_host();
    var assert = __require("node:assert");
    var Constrainer = class {
      constructor(customStrategies) {
        this.strategies = {
          version: acceptVersionStrategy,
          host: acceptHostStrategy
        };
        this.strategiesInUse = /* @__PURE__ */ new Set();
        this.asyncStrategiesInUse = /* @__PURE__ */ new Set();
        if (customStrategies) {
          for (const strategy of Object.values(customStrategies)) {
            this.addConstraintStrategy(strategy);
          }
        }
      }
      isStrategyUsed(strategyName) {
        return this.strategiesInUse.has(strategyName) || this.asyncStrategiesInUse.has(strategyName);
      }
      hasConstraintStrategy(strategyName) {
        if (!Object.hasOwn(this.strategies, strategyName)) return false;
        const customConstraintStrategy = this.strategies[strategyName];
        if (customConstraintStrategy !== void 0) {
          return customConstraintStrategy.isCustom || this.isStrategyUsed(strategyName);
        }
        return false;
      }
      addConstraintStrategy(strategy) {
        assert(typeof strategy.name === "string" && strategy.name !== "", "strategy.name is required.");
        assert(strategy.storage && typeof strategy.storage === "function", "strategy.storage function is required.");
        assert(strategy.deriveConstraint && typeof strategy.deriveConstraint === "function", "strategy.deriveConstraint function is required.");
        if (Object.hasOwn(this.strategies, strategy.name) && this.strategies[strategy.name].isCustom) {
          throw new Error(`There already exists a custom constraint with the name ${strategy.name}.`);
        }
        if (this.isStrategyUsed(strategy.name)) {
          throw new Error(`There already exists a route with ${strategy.name} constraint.`);
        }
        strategy.isCustom = true;
        strategy.isAsync = strategy.deriveConstraint.length === 3;
        this.strategies[strategy.name] = strategy;
        if (strategy.mustMatchWhenDerived) {
          this.noteUsage({ [strategy.name]: strategy });
        }
      }
      deriveConstraints(req, ctx, done) {
        const constraints = this.deriveSyncConstraints(req, ctx);
        if (done === void 0) {
          return constraints;
        }
        this.deriveAsyncConstraints(constraints, req, ctx, done);
      }
      deriveSyncConstraints(req, ctx) {
        return void 0;
      }
      // When new constraints start getting used, we need to rebuild the deriver to derive them. Do so if we see novel constraints used.
      noteUsage(constraints) {
        if (constraints) {
          const beforeSize = this.strategiesInUse.size;
          for (const key in constraints) {
            if (!Object.hasOwn(constraints, key) || !Object.hasOwn(this.strategies, key)) continue;
            const strategy = this.strategies[key];
            if (strategy.isAsync) {
              this.asyncStrategiesInUse.add(key);
            } else {
              this.strategiesInUse.add(key);
            }
          }
          if (beforeSize !== this.strategiesInUse.size) {
            this._buildDeriveConstraints();
          }
        }
      }
      newStoreForConstraint(constraint) {
        if (!Object.hasOwn(this.strategies, constraint) || !this.strategies[constraint]) {
          throw new Error(`No strategy registered for constraint key ${constraint}`);
        }
        return this.strategies[constraint].storage();
      }
      validateConstraints(constraints) {
        for (const key in constraints) {
          if (!Object.hasOwn(constraints, key)) continue;
          const value = constraints[key];
          if (typeof value === "undefined") {
            throw new Error("Can't pass an undefined constraint value, must pass null or no key at all");
          }
          const strategy = Object.hasOwn(this.strategies, key) ? this.strategies[key] : void 0;
          if (!strategy) {
            throw new Error(`No strategy registered for constraint key ${key}`);
          }
          if (strategy.validate) {
            strategy.validate(value);
          }
        }
      }
      deriveAsyncConstraints(constraints, req, ctx, done) {
        let asyncConstraintsCount = this.asyncStrategiesInUse.size;
        if (asyncConstraintsCount === 0) {
          done(null, constraints);
          return;
        }
        let errored = false;
        constraints = constraints || {};
        for (const key of this.asyncStrategiesInUse) {
          const strategy = this.strategies[key];
          strategy.deriveConstraint(req, ctx, (err, constraintValue) => {
            if (errored) return;
            if (err !== null) {
              errored = true;
              done(err);
              return;
            }
            constraints[key] = constraintValue;
            if (--asyncConstraintsCount === 0) {
              done(null, constraints);
            }
          });
        }
      }
      // Optimization: build a fast function for deriving the constraints for all the strategies at once. We inline the definitions of the version constraint and the host constraint for performance.
      // If no constraining strategies are in use (no routes constrain on host, or version, or any custom strategies) then we don't need to derive constraints for each route match, so don't do anything special, and just return undefined
      // This allows us to not allocate an object to hold constraint values if no constraints are defined.
      _buildDeriveConstraints() {
        if (this.strategiesInUse.size === 0) return;
        const lines = ["'use strict'", "return {"];
        for (const key of this.strategiesInUse) {
          const strategy = this.strategies[key];
          if (!strategy.isCustom) {
            if (key === "version") {
              lines.push("   version: req.headers['accept-version'],");
            } else {
              lines.push("   host: req.headers.host || req.headers[':authority'],");
            }
          } else {
            lines.push(`  ${strategy.name}: this.strategies.${key}.deriveConstraint(req, ctx),`);
          }
        }
        lines.push("}");
        this.deriveSyncConstraints = new Function("req", "ctx", lines.join("\n")).bind(this);
      }
    };
    module.exports = Constrainer;
  }
});

// node_modules/find-my-way/lib/http-methods.js
var require_http_methods = __commonJS({
  "node_modules/find-my-way/lib/http-methods.js"(exports, module) {
    "use strict";
    var httpMethods = [
      "ACL",
      "BIND",
      "CHECKOUT",
      "CONNECT",
      "COPY",
      "DELETE",
      "GET",
      "HEAD",
      "LINK",
      "LOCK",
      "M-SEARCH",
      "MERGE",
      "MKACTIVITY",
      "MKCALENDAR",
      "MKCOL",
      "MOVE",
      "NOTIFY",
      "OPTIONS",
      "PATCH",
      "POST",
      "PROPFIND",
      "PROPPATCH",
      "PURGE",
      "PUT",
      "QUERY",
      "REBIND",
      "REPORT",
      "SEARCH",
      "SOURCE",
      "SUBSCRIBE",
      "TRACE",
      "UNBIND",
      "UNLINK",
      "UNLOCK",
      "UNSUBSCRIBE"
    ];
    module.exports = httpMethods;
  }
});

// node_modules/find-my-way/index.js
var require_find_my_way = __commonJS({
  "node_modules/find-my-way/index.js"(exports, module) {
    "use strict";
    var assert = __require("node:assert");
    var querystring = require_lib();
    var isRegexSafe = require_safe_regex2();
    var deepEqual = require_fast_deep_equal();
    var { prettyPrintTree } = require_pretty_print();
    var { createStaticNode, NODE_TYPES } = require_node();
    var { compileTree } = require_compiler();
    var Constrainer = require_constrainer();
    var httpMethods = require_http_methods();
    var httpMethodStrategy = require_http_method();
    var { safeDecodeURI, safeDecodeURIComponent, safeDecodeURINativeScan, safeDecodeURICharScan, MIN_NATIVE_SCAN_LENGTH } = require_url_sanitizer();
    var OPTIONAL_PARAM_REGEXP = /(\/:[^/()]*?)\?(\/?)/;
    var ESCAPE_REGEXP = /[.*+?^${}()|[\]\\]/g;
    var REMOVE_DUPLICATE_SLASHES_REGEXP = /\/\/+/g;
    var parseUrl = typeof URL.parse === "function" ? URL.parse : (url) => URL.canParse(url) ? new URL(url) : null;
    if (!isRegexSafe(OPTIONAL_PARAM_REGEXP)) {
      throw new Error("the OPTIONAL_PARAM_REGEXP is not safe, update this module");
    }
    if (!isRegexSafe(ESCAPE_REGEXP)) {
      throw new Error("the ESCAPE_REGEXP is not safe, update this module");
    }
    if (!isRegexSafe(REMOVE_DUPLICATE_SLASHES_REGEXP)) {
      throw new Error("the REMOVE_DUPLICATE_SLASHES_REGEXP is not safe, update this module");
    }
    function Router(opts) {
      if (!(this instanceof Router)) {
        return new Router(opts);
      }
      opts = opts || {};
      this._opts = opts;
      if (opts.defaultRoute) {
        assert(typeof opts.defaultRoute === "function", "The default route must be a function");
        this.defaultRoute = opts.defaultRoute;
      } else {
        this.defaultRoute = null;
      }
      if (opts.onBadUrl) {
        assert(typeof opts.onBadUrl === "function", "The bad url handler must be a function");
        this.onBadUrl = opts.onBadUrl;
      } else {
        this.onBadUrl = null;
      }
      if (opts.buildPrettyMeta) {
        assert(typeof opts.buildPrettyMeta === "function", "buildPrettyMeta must be a function");
        this.buildPrettyMeta = opts.buildPrettyMeta;
      } else {
        this.buildPrettyMeta = defaultBuildPrettyMeta;
      }
      if (opts.querystringParser) {
        assert(typeof opts.querystringParser === "function", "querystringParser must be a function");
        this.querystringParser = opts.querystringParser;
      } else {
        this.querystringParser = (query) => query.length === 0 ? {} : querystring.parse(query);
      }
      this.caseSensitive = opts.caseSensitive === void 0 ? true : opts.caseSensitive;
      this.ignoreTrailingSlash = opts.ignoreTrailingSlash || false;
      this.ignoreDuplicateSlashes = opts.ignoreDuplicateSlashes || false;
      this.maxParamLength = opts.maxParamLength || 100;
      this.onMaxParamLength = opts.onMaxParamLength || null;
      this.allowUnsafeRegex = opts.allowUnsafeRegex || false;
      this.constrainer = new Constrainer(opts.constraints);
      this.useSemicolonDelimiter = opts.useSemicolonDelimiter || false;
      this.routes = [];
      this._routesByMethodAndPattern = /* @__PURE__ */ new Map();
      this.trees = /* @__PURE__ */ Object.create(null);
      this._treeGET = null;
      this._compiledGET = null;
      this._compiledTrees = /* @__PURE__ */ Object.create(null);
    }
    function routesWithMethodAndPattern(router, method, pattern) {
      const byPattern = router._routesByMethodAndPattern.get(method);
      return byPattern === void 0 ? void 0 : byPattern.get(pattern);
    }
    Router.prototype.on = function on(method, path21, opts, handler, store) {
      if (typeof opts === "function") {
        if (handler !== void 0) {
          store = handler;
        }
        handler = opts;
        opts = {};
      }
      assert(typeof path21 === "string", "Path should be a string");
      assert(path21.length > 0, "The path could not be empty");
      assert(path21[0] === "/" || path21[0] === "*", "The first character of a path should be `/` or `*`");
      assert(typeof handler === "function", "Handler should be a function");
      const optionalParamMatch = path21.match(OPTIONAL_PARAM_REGEXP);
      if (optionalParamMatch) {
        assert(path21.length === optionalParamMatch.index + optionalParamMatch[0].length, "Optional Parameter needs to be the last parameter of the path");
        const pathFull = path21.replace(OPTIONAL_PARAM_REGEXP, "$1$2");
        const pathOptional = path21.replace(OPTIONAL_PARAM_REGEXP, "$2") || "/";
        this.on(method, pathFull, opts, handler, store);
        this.on(method, pathOptional, opts, handler, store);
        return;
      }
      const route = path21;
      if (this.ignoreDuplicateSlashes) {
        path21 = removeDuplicateSlashes(path21);
      }
      if (this.ignoreTrailingSlash) {
        path21 = trimLastSlash(path21);
      }
      const methods = Array.isArray(method) ? method : [method];
      for (const method2 of methods) {
        assert(typeof method2 === "string", "Method should be a string");
        assert(httpMethods.includes(method2), `Method '${method2}' is not an http method.`);
        this._on(method2, path21, opts, handler, store, route);
      }
    };
    Router.prototype._on = function _on(method, path21, opts, handler, store) {
      let constraints = {};
      if (opts.constraints !== void 0) {
        assert(typeof opts.constraints === "object" && opts.constraints !== null, "Constraints should be an object");
        if (Object.keys(opts.constraints).length !== 0) {
          constraints = opts.constraints;
        }
      }
      this.constrainer.validateConstraints(constraints);
      this.constrainer.noteUsage(constraints);
      this._compiledGET = null;
      this._compiledTrees = /* @__PURE__ */ Object.create(null);
      if (this.trees[method] === void 0) {
        this.trees[method] = createStaticNode("/");
      }
      let pattern = path21;
      if (pattern === "*" && this.trees[method].prefix.length !== 0) {
        const currentRoot = this.trees[method];
        this.trees[method] = createStaticNode("");
        this.trees[method].setStaticChild("/", currentRoot);
      }
      let currentNode = this.trees[method];
      if (method === "GET") {
        this._treeGET = currentNode;
      }
      let parentNodePathIndex = currentNode.prefix.length;
      const params = [];
      for (let i = 0; i <= pattern.length; i++) {
        if (pattern.charCodeAt(i) === 58 && pattern.charCodeAt(i + 1) === 58) {
          i++;
          continue;
        }
        const isParametricNode = pattern.charCodeAt(i) === 58 && pattern.charCodeAt(i + 1) !== 58;
        const isWildcardNode = pattern.charCodeAt(i) === 42;
        if (isParametricNode || isWildcardNode || i === pattern.length && i !== parentNodePathIndex) {
          let staticNodePath = pattern.slice(parentNodePathIndex, i);
          if (!this.caseSensitive) {
            staticNodePath = staticNodePath.toLowerCase();
          }
          staticNodePath = staticNodePath.replaceAll("::", ":");
          staticNodePath = staticNodePath.replaceAll("%", "%25");
          currentNode = currentNode.createStaticChild(staticNodePath);
        }
        if (isParametricNode) {
          let isRegexNode = false;
          let isParamSafe = true;
          let backtrack = "";
          const regexps = [];
          let nodePatternParts = "";
          let nodeParamCount = 0;
          let nodeStaticLength = 0;
          let lastParamStartIndex = i + 1;
          for (let j = lastParamStartIndex; ; j++) {
            const charCode = pattern.charCodeAt(j);
            const isRegexParam = charCode === 40;
            const isStaticPart = charCode === 45 || charCode === 46;
            const isEndOfNode = charCode === 47 || j === pattern.length;
            if (isRegexParam || isStaticPart || isEndOfNode) {
              const paramName = pattern.slice(lastParamStartIndex, j);
              params.push(paramName);
              nodeParamCount++;
              isRegexNode = isRegexNode || isRegexParam || isStaticPart;
              if (isRegexParam) {
                const endOfRegexIndex = getClosingParenthensePosition(pattern, j);
                const regexString = pattern.slice(j, endOfRegexIndex + 1);
                if (!this.allowUnsafeRegex) {
                  assert(isRegexSafe(new RegExp(regexString)), `The regex '${regexString}' is not safe!`);
                }
                regexps.push(trimRegExpStartAndEnd(regexString));
                j = endOfRegexIndex + 1;
                isParamSafe = true;
              } else {
                regexps.push(isParamSafe ? "(.*?)" : `(${backtrack}|(?:(?!${backtrack}).)*)`);
                isParamSafe = false;
              }
              const staticPartStartIndex = j;
              for (; j < pattern.length; j++) {
                const charCode2 = pattern.charCodeAt(j);
                if (charCode2 === 47) break;
                if (charCode2 === 58) {
                  const nextCharCode = pattern.charCodeAt(j + 1);
                  if (nextCharCode === 58) j++;
                  else break;
                }
              }
              let staticPart = pattern.slice(staticPartStartIndex, j);
              if (staticPart) {
                staticPart = staticPart.replaceAll("::", ":");
                staticPart = staticPart.replaceAll("%", "%25");
                regexps.push(backtrack = escapeRegExp(staticPart));
                nodeStaticLength += staticPart.length;
              }
              lastParamStartIndex = j + 1;
              nodePatternParts += "()" + staticPart;
              if (isEndOfNode || pattern.charCodeAt(j) === 47 || j === pattern.length) {
                const nodePattern = isRegexNode ? nodePatternParts : staticPart;
                const nodePath = pattern.slice(i, j);
                pattern = pattern.slice(0, i + 1) + nodePattern + pattern.slice(j);
                i += nodePattern.length;
                const regex = isRegexNode ? new RegExp("^" + regexps.join("") + "$") : null;
                currentNode = currentNode.createParametricChild(regex, staticPart || null, nodePath, nodeParamCount, nodeStaticLength);
                parentNodePathIndex = i + 1;
                break;
              }
            }
          }
        } else if (isWildcardNode) {
          params.push("*");
          currentNode = currentNode.createWildcardChild();
          parentNodePathIndex = i + 1;
          if (i !== pattern.length - 1) {
            throw new Error("Wildcard must be the last character in the route");
          }
        }
      }
      if (!this.caseSensitive) {
        pattern = pattern.toLowerCase();
      }
      if (pattern === "*") {
        pattern = "/*";
      }
      const sameRoutes = routesWithMethodAndPattern(this, method, pattern);
      if (sameRoutes !== void 0) {
        for (const existRoute of sameRoutes) {
          const routeConstraints = existRoute.opts.constraints || {};
          if (deepEqual(routeConstraints, constraints)) {
            throw new Error(`Method '${method}' already declared for route '${pattern}' with constraints '${JSON.stringify(constraints)}'`);
          }
        }
      }
      const route = { method, path: path21, pattern, params, opts, handler, store };
      this.routes.push(route);
      if (sameRoutes !== void 0) {
        sameRoutes.push(route);
      } else {
        let byPattern = this._routesByMethodAndPattern.get(method);
        if (byPattern === void 0) {
          byPattern = /* @__PURE__ */ new Map();
          this._routesByMethodAndPattern.set(method, byPattern);
        }
        byPattern.set(pattern, [route]);
      }
      currentNode.addRoute(route, this.constrainer);
    };
    Router.prototype.hasRoute = function hasRoute(method, path21, constraints) {
      const route = this.findRoute(method, path21, constraints);
      return route !== null;
    };
    Router.prototype.findRoute = function findNode(method, path21, constraints = {}) {
      if (this.trees[method] === void 0) {
        return null;
      }
      let pattern = path21;
      let currentNode = this.trees[method];
      let parentNodePathIndex = currentNode.prefix.length;
      const params = [];
      for (let i = 0; i <= pattern.length; i++) {
        if (pattern.charCodeAt(i) === 58 && pattern.charCodeAt(i + 1) === 58) {
          i++;
          continue;
        }
        const isParametricNode = pattern.charCodeAt(i) === 58 && pattern.charCodeAt(i + 1) !== 58;
        const isWildcardNode = pattern.charCodeAt(i) === 42;
        if (isParametricNode || isWildcardNode || i === pattern.length && i !== parentNodePathIndex) {
          let staticNodePath = pattern.slice(parentNodePathIndex, i);
          if (!this.caseSensitive) {
            staticNodePath = staticNodePath.toLowerCase();
          }
          staticNodePath = staticNodePath.replaceAll("::", ":");
          staticNodePath = staticNodePath.replaceAll("%", "%25");
          currentNode = currentNode.getStaticChild(staticNodePath);
          if (currentNode === null) {
            return null;
          }
        }
        if (isParametricNode) {
          let isRegexNode = false;
          let isParamSafe = true;
          let backtrack = "";
          const regexps = [];
          let nodePatternParts = "";
          let lastParamStartIndex = i + 1;
          for (let j = lastParamStartIndex; ; j++) {
            const charCode = pattern.charCodeAt(j);
            const isRegexParam = charCode === 40;
            const isStaticPart = charCode === 45 || charCode === 46;
            const isEndOfNode = charCode === 47 || j === pattern.length;
            if (isRegexParam || isStaticPart || isEndOfNode) {
              const paramName = pattern.slice(lastParamStartIndex, j);
              params.push(paramName);
              isRegexNode = isRegexNode || isRegexParam || isStaticPart;
              if (isRegexParam) {
                const endOfRegexIndex = getClosingParenthensePosition(pattern, j);
                const regexString = pattern.slice(j, endOfRegexIndex + 1);
                if (!this.allowUnsafeRegex) {
                  assert(isRegexSafe(new RegExp(regexString)), `The regex '${regexString}' is not safe!`);
                }
                regexps.push(trimRegExpStartAndEnd(regexString));
                j = endOfRegexIndex + 1;
                isParamSafe = true;
              } else {
                regexps.push(isParamSafe ? "(.*?)" : `(${backtrack}|(?:(?!${backtrack}).)*)`);
                isParamSafe = false;
              }
              const staticPartStartIndex = j;
              for (; j < pattern.length; j++) {
                const charCode2 = pattern.charCodeAt(j);
                if (charCode2 === 47) break;
                if (charCode2 === 58) {
                  const nextCharCode = pattern.charCodeAt(j + 1);
                  if (nextCharCode === 58) j++;
                  else break;
                }
              }
              let staticPart = pattern.slice(staticPartStartIndex, j);
              if (staticPart) {
                staticPart = staticPart.replaceAll("::", ":");
                staticPart = staticPart.replaceAll("%", "%25");
                regexps.push(backtrack = escapeRegExp(staticPart));
              }
              lastParamStartIndex = j + 1;
              nodePatternParts += "()" + staticPart;
              if (isEndOfNode || pattern.charCodeAt(j) === 47 || j === pattern.length) {
                const nodePattern = isRegexNode ? nodePatternParts : staticPart;
                const nodePath = pattern.slice(i, j);
                pattern = pattern.slice(0, i + 1) + nodePattern + pattern.slice(j);
                i += nodePattern.length;
                const regex = isRegexNode ? new RegExp("^" + regexps.join("") + "$") : null;
                currentNode = currentNode.getParametricChild(regex, staticPart || null, nodePath);
                if (currentNode === null) {
                  return null;
                }
                parentNodePathIndex = i + 1;
                break;
              }
            }
          }
        } else if (isWildcardNode) {
          params.push("*");
          currentNode = currentNode.getWildcardChild();
          parentNodePathIndex = i + 1;
          if (i !== pattern.length - 1) {
            throw new Error("Wildcard must be the last character in the route");
          }
        }
      }
      if (!this.caseSensitive) {
        pattern = pattern.toLowerCase();
      }
      const sameRoutes = routesWithMethodAndPattern(this, method, pattern);
      if (sameRoutes === void 0) {
        return null;
      }
      for (const existRoute of sameRoutes) {
        const routeConstraints = existRoute.opts.constraints || {};
        if (deepEqual(routeConstraints, constraints)) {
          return {
            handler: existRoute.handler,
            store: existRoute.store,
            params: existRoute.params
          };
        }
      }
      return null;
    };
    Router.prototype.hasConstraintStrategy = function(strategyName) {
      return this.constrainer.hasConstraintStrategy(strategyName);
    };
    Router.prototype.addConstraintStrategy = function(constraints) {
      this.constrainer.addConstraintStrategy(constraints);
      this._rebuild(this.routes);
    };
    Router.prototype.reset = function reset() {
      this._compiledGET = null;
      this._compiledTrees = /* @__PURE__ */ Object.create(null);
      this.trees = /* @__PURE__ */ Object.create(null);
      this._treeGET = null;
      this.routes = [];
      this._routesByMethodAndPattern = /* @__PURE__ */ new Map();
    };
    Router.prototype.off = function off(method, path21, constraints) {
      assert(typeof path21 === "string", "Path should be a string");
      assert(path21.length > 0, "The path could not be empty");
      assert(path21[0] === "/" || path21[0] === "*", "The first character of a path should be `/` or `*`");
      assert(
        typeof constraints === "undefined" || typeof constraints === "object" && !Array.isArray(constraints) && constraints !== null,
        "Constraints should be an object or undefined."
      );
      const optionalParamMatch = path21.match(OPTIONAL_PARAM_REGEXP);
      if (optionalParamMatch) {
        assert(path21.length === optionalParamMatch.index + optionalParamMatch[0].length, "Optional Parameter needs to be the last parameter of the path");
        const pathFull = path21.replace(OPTIONAL_PARAM_REGEXP, "$1$2");
        const pathOptional = path21.replace(OPTIONAL_PARAM_REGEXP, "$2") || "/";
        this.off(method, pathFull, constraints);
        this.off(method, pathOptional, constraints);
        return;
      }
      if (this.ignoreDuplicateSlashes) {
        path21 = removeDuplicateSlashes(path21);
      }
      if (this.ignoreTrailingSlash) {
        path21 = trimLastSlash(path21);
      }
      const methods = Array.isArray(method) ? method : [method];
      for (const method2 of methods) {
        this._off(method2, path21, constraints);
      }
    };
    Router.prototype._off = function _off(method, path21, constraints) {
      assert(typeof method === "string", "Method should be a string");
      assert(httpMethods.includes(method), `Method '${method}' is not an http method.`);
      function matcherWithoutConstraints(route) {
        return method !== route.method || path21 !== route.path;
      }
      function matcherWithConstraints(route) {
        return matcherWithoutConstraints(route) || !deepEqual(constraints, route.opts.constraints || {});
      }
      const predicate = constraints ? matcherWithConstraints : matcherWithoutConstraints;
      const newRoutes = this.routes.filter(predicate);
      this._rebuild(newRoutes);
    };
    Router.prototype.lookup = function lookup(req, res, ctx, done) {
      if (typeof ctx === "function") {
        done = ctx;
        ctx = void 0;
      }
      if (done === void 0) {
        const constraints = this.constrainer.deriveConstraints(req, ctx);
        const handle = this.find(req.method, req.url, constraints);
        return this.callHandler(handle, req, res, ctx);
      }
      this.constrainer.deriveConstraints(req, ctx, (err, constraints) => {
        if (err !== null) {
          done(err);
          return;
        }
        try {
          const handle = this.find(req.method, req.url, constraints);
          const result = this.callHandler(handle, req, res, ctx);
          done(null, result);
        } catch (err2) {
          done(err2);
        }
      });
    };
    Router.prototype.callHandler = function callHandler(handle, req, res, ctx) {
      if (handle === null) return this._defaultRoute(req, res, ctx);
      return ctx === void 0 ? handle.handler(req, res, handle.params, handle.store, handle.searchParams) : handle.handler.call(ctx, req, res, handle.params, handle.store, handle.searchParams);
    };
    Router.prototype.find = function find(method, path21, derivedConstraints) {
      let currentNode = method === "GET" ? this._treeGET : this.trees[method];
      if (currentNode == null) return null;
      if (path21.charCodeAt(0) !== 47) {
        const absolutePath = getPathFromAbsoluteUrl(path21);
        if (absolutePath === null) {
          return this._onBadUrl(path21);
        }
        path21 = absolutePath;
      }
      let sanitizedUrl;
      let querystring2;
      let shouldDecodeParam;
      try {
        sanitizedUrl = path21.length >= MIN_NATIVE_SCAN_LENGTH ? safeDecodeURINativeScan(path21, this.useSemicolonDelimiter) : safeDecodeURICharScan(path21, this.useSemicolonDelimiter, 1);
        path21 = sanitizedUrl.path;
        querystring2 = sanitizedUrl.querystring;
        shouldDecodeParam = sanitizedUrl.shouldDecodeParam;
      } catch (error) {
        return this._onBadUrl(path21);
      }
      if (this.ignoreDuplicateSlashes) {
        path21 = removeDuplicateSlashes(path21);
      }
      if (this.ignoreTrailingSlash) {
        path21 = trimLastSlash(path21);
      }
      const originPath = path21;
      if (this.caseSensitive === false) {
        path21 = path21.toLowerCase();
      }
      const maxParamLength = this.maxParamLength;
      let pathIndex = currentNode.prefix.length;
      const pathLen = path21.length;
      let paramsCount = 0;
      let param0, param1, param2, param3;
      let extraParams = null;
      const brothersNodesStack = [];
      let maxParamLengthExceeded = false;
      while (true) {
        if (pathIndex === pathLen && currentNode.isLeafNode) {
          const handle = currentNode.handlerStorage.getMatchingHandler(derivedConstraints);
          if (handle !== null) {
            return {
              handler: handle.handler,
              store: handle.store,
              params: handle._createParamsObject(param0, param1, param2, param3, extraParams),
              searchParams: this.querystringParser(querystring2)
            };
          }
        }
        let node = currentNode.getNextNode(path21, pathIndex, brothersNodesStack, paramsCount);
        if (node === null) {
          if (brothersNodesStack.length === 0) {
            if (maxParamLengthExceeded && this.onMaxParamLength) {
              return this._onMaxParamLength(originPath);
            }
            return null;
          }
          const stackLength = brothersNodesStack.length;
          paramsCount = brothersNodesStack[stackLength - 1];
          pathIndex = brothersNodesStack[stackLength - 2];
          node = brothersNodesStack[stackLength - 3];
          brothersNodesStack.length = stackLength - 3;
        }
        currentNode = node;
        while (true) {
          if (currentNode.kind === NODE_TYPES.STATIC) {
            pathIndex += currentNode.prefix.length;
            break;
          }
          let paramEndIndex = pathLen;
          if (currentNode.kind === NODE_TYPES.PARAMETRIC) {
            paramEndIndex = originPath.indexOf("/", pathIndex);
            if (paramEndIndex === -1) {
              paramEndIndex = pathLen;
            }
          }
          let param = originPath.slice(pathIndex, paramEndIndex);
          if (shouldDecodeParam) {
            param = safeDecodeURIComponent(param);
          }
          let matched = true;
          let regexMatches = null;
          if (currentNode.isRegex) {
            if (param.length > currentNode.regexParamCount * maxParamLength + currentNode.regexStaticLength) {
              maxParamLengthExceeded = true;
              matched = false;
            } else if ((regexMatches = currentNode.regex.exec(param)) === null) {
              matched = false;
            } else {
              for (let i = 1; i < regexMatches.length; i++) {
                const matchedParam = regexMatches[i] ?? "";
                if (matchedParam.length > maxParamLength) {
                  maxParamLengthExceeded = true;
                  matched = false;
                  break;
                }
              }
            }
          } else if (currentNode.kind === NODE_TYPES.PARAMETRIC && param.length > maxParamLength) {
            maxParamLengthExceeded = true;
            matched = false;
          }
          if (matched) {
            if (regexMatches === null) {
              if (paramsCount === 0) param0 = param;
              else if (paramsCount === 1) param1 = param;
              else if (paramsCount === 2) param2 = param;
              else if (paramsCount === 3) param3 = param;
              else {
                if (extraParams === null) extraParams = [];
                extraParams[paramsCount - 4] = param;
              }
              paramsCount++;
            } else {
              for (let i = 1; i < regexMatches.length; i++) {
                const value = regexMatches[i] ?? "";
                if (paramsCount === 0) param0 = value;
                else if (paramsCount === 1) param1 = value;
                else if (paramsCount === 2) param2 = value;
                else if (paramsCount === 3) param3 = value;
                else {
                  if (extraParams === null) extraParams = [];
                  extraParams[paramsCount - 4] = value;
                }
                paramsCount++;
              }
            }
            pathIndex = paramEndIndex;
            break;
          }
          if (brothersNodesStack.length === 0) {
            if (maxParamLengthExceeded && this.onMaxParamLength) {
              return this._onMaxParamLength(originPath);
            }
            return null;
          }
          const stackLength = brothersNodesStack.length;
          paramsCount = brothersNodesStack[stackLength - 1];
          pathIndex = brothersNodesStack[stackLength - 2];
          currentNode = brothersNodesStack[stackLength - 3];
          brothersNodesStack.length = stackLength - 3;
        }
      }
    };
    Router.prototype.compile = function compile() {
      this.find = Router.prototype._findCompiled;
      this.lookup = Router.prototype._lookupCompiled;
      for (const method in this.trees) {
        this._compileTree(method);
      }
      return this;
    };
    Router.prototype._compileTree = function _compileTree(method) {
      const tree = this.trees[method];
      if (tree === void 0) return null;
      const compiled = compileTree(this, tree);
      if (method === "GET") {
        this._compiledGET = compiled;
      } else {
        this._compiledTrees[method] = compiled;
      }
      return compiled;
    };
    Router.prototype._findCompiled = function _findCompiled(method, path21, derivedConstraints) {
      let compiled = method === "GET" ? this._compiledGET : this._compiledTrees[method];
      if (compiled == null) {
        compiled = this._compileTree(method);
        if (compiled === null) return null;
      }
      return compiled.find(path21, derivedConstraints);
    };
    Router.prototype._lookupCompiled = function _lookupCompiled(req, res, ctx, done) {
      if (typeof ctx === "function" || done !== void 0) {
        return Router.prototype.lookup.call(this, req, res, ctx, done);
      }
      const derivedConstraints = this.constrainer.deriveConstraints(req, ctx);
      const method = req.method;
      let compiled = method === "GET" ? this._compiledGET : this._compiledTrees[method];
      if (compiled == null) {
        compiled = this._compileTree(method);
        if (compiled === null) return this._defaultRoute(req, res, ctx);
      }
      return compiled.lookup(req.url, derivedConstraints, req, res, ctx);
    };
    Router.prototype._findSanitized = function _findSanitized(matcher, path21, derivedConstraints) {
      if (path21.charCodeAt(0) !== 47) {
        const absolutePath = getPathFromAbsoluteUrl(path21);
        if (absolutePath === null) {
          return this._onBadUrl(path21);
        }
        path21 = absolutePath;
      }
      let sanitizedUrl;
      let querystring2;
      let shouldDecodeParam;
      try {
        sanitizedUrl = path21.length >= MIN_NATIVE_SCAN_LENGTH ? safeDecodeURINativeScan(path21, this.useSemicolonDelimiter) : safeDecodeURICharScan(path21, this.useSemicolonDelimiter, 1);
        path21 = sanitizedUrl.path;
        querystring2 = sanitizedUrl.querystring;
        shouldDecodeParam = sanitizedUrl.shouldDecodeParam;
      } catch (error) {
        return this._onBadUrl(path21);
      }
      if (this.ignoreDuplicateSlashes) {
        path21 = removeDuplicateSlashes(path21);
      }
      if (this.ignoreTrailingSlash) {
        path21 = trimLastSlash(path21);
      }
      const originPath = path21;
      if (this.caseSensitive === false) {
        path21 = path21.toLowerCase();
      }
      return matcher(path21, originPath, shouldDecodeParam, derivedConstraints, querystring2);
    };
    Router.prototype._rebuild = function(routes) {
      this.reset();
      for (const route of routes) {
        const { method, path: path21, opts, handler, store } = route;
        this._on(method, path21, opts, handler, store);
      }
    };
    Router.prototype._defaultRoute = function(req, res, ctx) {
      if (this.defaultRoute !== null) {
        return ctx === void 0 ? this.defaultRoute(req, res) : this.defaultRoute.call(ctx, req, res);
      } else {
        res.statusCode = 404;
        res.end();
      }
    };
    Router.prototype._onBadUrl = function(path21) {
      if (this.onBadUrl === null) {
        return null;
      }
      const onBadUrl = this.onBadUrl;
      return {
        handler: (req, res, ctx) => onBadUrl(path21, req, res),
        params: {},
        store: null
      };
    };
    Router.prototype._onMaxParamLength = function(path21) {
      if (this.onMaxParamLength === null) {
        return null;
      }
      const onMaxParamLength = this.onMaxParamLength;
      return {
        handler: (req, res, ctx) => onMaxParamLength(path21, req, res),
        params: {},
        store: null
      };
    };
    Router.prototype.prettyPrint = function(options = {}) {
      const method = options.method;
      options.buildPrettyMeta = this.buildPrettyMeta.bind(this);
      let tree = null;
      if (method === void 0) {
        const { version, host, ...constraints } = this.constrainer.strategies;
        constraints[httpMethodStrategy.name] = httpMethodStrategy;
        const mergedRouter = new Router({ ...this._opts, constraints });
        const mergedRoutes = this.routes.map((route) => {
          const constraints2 = {
            ...route.opts.constraints,
            [httpMethodStrategy.name]: route.method
          };
          return { ...route, method: "MERGED", opts: { constraints: constraints2 } };
        });
        mergedRouter._rebuild(mergedRoutes);
        tree = mergedRouter.trees.MERGED;
      } else {
        tree = this.trees[method];
      }
      if (tree == null) return "(empty tree)";
      return prettyPrintTree(tree, options);
    };
    for (const i in httpMethods) {
      if (!httpMethods.hasOwnProperty(i)) continue;
      const m = httpMethods[i];
      const methodName = m.toLowerCase();
      Router.prototype[methodName] = function(path21, handler, store) {
        return this.on(m, path21, handler, store);
      };
    }
    Router.prototype.all = function(path21, handler, store) {
      this.on(httpMethods, path21, handler, store);
    };
    Router.sanitizeUrlPath = function sanitizeUrlPath(url, useSemicolonDelimiter) {
      const decoded = safeDecodeURI(url, useSemicolonDelimiter);
      if (decoded.shouldDecodeParam) {
        return safeDecodeURIComponent(decoded.path);
      }
      return decoded.path;
    };
    Router.removeDuplicateSlashes = removeDuplicateSlashes;
    Router.trimLastSlash = trimLastSlash;
    module.exports = Router;
    function escapeRegExp(string) {
      return string.replace(ESCAPE_REGEXP, "\\$&");
    }
    function getPathFromAbsoluteUrl(url) {
      const schemeEnd = url.indexOf("://");
      if (schemeEnd === -1) {
        return url;
      }
      const scheme = url.slice(0, schemeEnd).toLowerCase();
      if (scheme !== "http" && scheme !== "https") {
        return url;
      }
      const authorityStart = schemeEnd + 3;
      let authorityEnd = url.length;
      const pathStart = url.indexOf("/", authorityStart);
      if (pathStart !== -1) {
        authorityEnd = pathStart;
      }
      const queryStart = url.indexOf("?", authorityStart);
      if (queryStart !== -1 && queryStart < authorityEnd) {
        authorityEnd = queryStart;
      }
      if (url.indexOf("#", authorityStart) !== -1 || authorityEnd === authorityStart) {
        return null;
      }
      const parsed = parseUrl(url);
      if (parsed === null || parsed.protocol !== `${scheme}:` || parsed.host.length === 0) {
        return null;
      }
      if (authorityEnd === url.length) {
        return "/";
      }
      if (authorityEnd === queryStart) {
        return "/" + url.slice(queryStart);
      }
      return url.slice(pathStart);
    }
    function removeDuplicateSlashes(path21) {
      return path21.indexOf("//") !== -1 ? path21.replace(REMOVE_DUPLICATE_SLASHES_REGEXP, "/") : path21;
    }
    function trimLastSlash(path21) {
      if (path21.length > 1 && path21.charCodeAt(path21.length - 1) === 47) {
        return path21.slice(0, -1);
      }
      return path21;
    }
    function trimRegExpStartAndEnd(regexString) {
      if (regexString.charCodeAt(1) === 94) {
        regexString = regexString.slice(0, 1) + regexString.slice(2);
      }
      if (regexString.charCodeAt(regexString.length - 2) === 36) {
        regexString = regexString.slice(0, regexString.length - 2) + regexString.slice(regexString.length - 1);
      }
      return regexString;
    }
    function getClosingParenthensePosition(path21, idx) {
      let parentheses = 1;
      while (idx < path21.length) {
        idx++;
        if (path21.charCodeAt(idx) === 92) {
          idx++;
          continue;
        }
        if (path21.charCodeAt(idx) === 41) {
          parentheses--;
        } else if (path21.charCodeAt(idx) === 40) {
          parentheses++;
        }
        if (!parentheses) return idx;
      }
      throw new TypeError('Invalid regexp expression in "' + path21 + '"');
    }
    function defaultBuildPrettyMeta(route) {
      if (!route) return {};
      if (!route.store) return {};
      return Object.assign({}, route.store);
    }
  }
});

// src/engine/daemon/daemon.ts
import { createHash as createHash2 } from "node:crypto";
import { promises as fsp17 } from "node:fs";
import { connect } from "node:net";
import * as path20 from "node:path";

// src/util/fs.ts
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as path from "node:path";
async function writeFileAtomic(file, data, mode = 420) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await fsp.writeFile(tmp, data, { mode });
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}
async function pathExists(p) {
  try {
    await fsp.lstat(p);
    return true;
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return false;
    throw err;
  }
}
async function readFileIfExists(file) {
  try {
    return await fsp.readFile(file, "utf8");
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return void 0;
    throw err;
  }
}
async function removePath(p) {
  await fsp.rm(p, { recursive: true, force: true, maxRetries: 3 });
}

// src/util/log.ts
var import_pino = __toESM(require_pino(), 1);
function createLogger(name, level = process.env.MINATO_LOG_LEVEL ?? "info") {
  return (0, import_pino.pino)({ name, level, base: { pid: process.pid } }, import_pino.pino.destination({ fd: 2, sync: false }));
}

// src/engine/daemon/api/container-routes.ts
import * as path10 from "node:path";

// src/engine/containers/bundle.ts
import { promises as fsp4 } from "node:fs";
import * as os from "node:os";
import * as path4 from "node:path";

// src/util/safe-path.ts
import { promises as fsp2 } from "node:fs";
import * as path2 from "node:path";
var maxLinks = 255;
async function resolveInRoot(root, unsafePath) {
  const pending = unsafePath.split("/").filter((part) => part !== "" && part !== ".");
  const resolved = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift();
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const candidate = path2.join(root, ...resolved, part);
    let target;
    try {
      const stat = await fsp2.lstat(candidate);
      if (stat.isSymbolicLink()) target = await fsp2.readlink(candidate);
    } catch (err) {
      if (errnoCode(err) !== "ENOENT" && errnoCode(err) !== "ENOTDIR") throw err;
    }
    if (target === void 0) {
      resolved.push(part);
      continue;
    }
    if (++links > maxLinks) throw invalidArgument(`too many levels of symbolic links resolving "${unsafePath}"`);
    if (target.startsWith("/")) resolved.length = 0;
    pending.unshift(...target.split("/").filter((p) => p !== "" && p !== "."));
  }
  return path2.join(root, ...resolved);
}
async function readFileInRoot(root, file) {
  try {
    return await fsp2.readFile(await resolveInRoot(root, file), "utf8");
  } catch (err) {
    if (errnoCode(err) === "ENOENT" || errnoCode(err) === "ENOTDIR" || errnoCode(err) === "EISDIR") return void 0;
    throw err;
  }
}
async function mkdirInRoot(root, dir, mode = 493) {
  const target = await resolveInRoot(root, dir);
  await fsp2.mkdir(target, { recursive: true, mode });
  return target;
}

// src/engine/runtime/capabilities.ts
import { readFileSync } from "node:fs";
var DEFAULT_CAPABILITIES = Object.freeze([
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FSETID",
  "CAP_FOWNER",
  "CAP_MKNOD",
  "CAP_NET_RAW",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETFCAP",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_SYS_CHROOT",
  "CAP_KILL",
  "CAP_AUDIT_WRITE"
]);
var ALL_CAPABILITIES = Object.freeze([
  "CAP_CHOWN",
  // 0
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  // 5
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  // 10
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  // 15
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  // 20
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  // 25
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  // 30
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  // 35
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE"
  // 40
]);
var known = new Set(ALL_CAPABILITIES);
var ALL = "ALL";
function capabilitiesFromMask(hex) {
  const mask = BigInt(`0x${hex.trim()}`);
  return ALL_CAPABILITIES.filter((_, bit) => mask >> BigInt(bit) & 1n);
}
var hostCapabilities;
function availableCapabilities() {
  if (hostCapabilities === void 0) {
    let caps = ALL_CAPABILITIES;
    try {
      const line = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
      if (line?.[1] !== void 0) caps = Object.freeze(capabilitiesFromMask(line[1]));
    } catch {
    }
    hostCapabilities = caps;
  }
  return hostCapabilities;
}
var SOURCES = {
  add: { flag: "--cap-add", field: "CapAdd" },
  drop: { flag: "--cap-drop", field: "CapDrop" }
};
function normalizeCapabilities(names, which, available = availableCapabilities()) {
  const { flag, field } = SOURCES[which];
  const reject = (problem, raw) => invalidArgument(`invalid ${field} (${flag}): ${problem}`, { field: `HostConfig.${field}`, value: raw });
  return names.map((raw) => {
    const upper = raw.toUpperCase();
    if (upper === ALL) return ALL;
    const name = upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
    if (!known.has(name)) throw reject(`unknown capability: "${name}"`, raw);
    if (!available.includes(name)) {
      throw reject(`capability not supported by your kernel or not available in the current environment: "${name}"`, raw);
    }
    return name;
  });
}
function effectiveCapabilities(capAdd, capDrop, privileged = false, available = availableCapabilities()) {
  const add = normalizeCapabilities(capAdd ?? [], "add", available);
  const drop = normalizeCapabilities(capDrop ?? [], "drop", available);
  let result;
  if (privileged) {
    result = available;
  } else if (add.includes(ALL)) {
    result = available.filter((cap) => !drop.includes(cap));
  } else if (drop.includes(ALL)) {
    result = add;
  } else {
    result = [...DEFAULT_CAPABILITIES.filter((cap) => !drop.includes(cap)), ...add];
  }
  return sortCapabilities(result);
}
function sortCapabilities(caps) {
  return [...new Set(caps)].sort((a, b) => ALL_CAPABILITIES.indexOf(a) - ALL_CAPABILITIES.indexOf(b));
}

// src/engine/runtime/rlimits.ts
import { readFileSync as readFileSync2 } from "node:fs";
var limitNames = {
  "Max open files": "RLIMIT_NOFILE",
  "Max processes": "RLIMIT_NPROC"
};
function parseProcLimits(text) {
  const limits = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    for (const [label, type] of Object.entries(limitNames)) {
      if (!line.startsWith(label)) continue;
      const [soft, hard] = line.slice(label.length).trim().split(/\s+/);
      const parse = (value) => value === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(value);
      limits.set(type, { soft: parse(soft), hard: parse(hard) });
    }
  }
  return limits;
}
var cached;
function defaultContainerRlimits() {
  if (cached) return cached;
  const own = parseProcLimits(readFileSync2("/proc/self/limits", "utf8"));
  const nofile = Math.min(1048576, own.get("RLIMIT_NOFILE")?.hard ?? 1024);
  cached = [{ type: "RLIMIT_NOFILE", hard: nofile, soft: nofile }];
  return cached;
}

// src/engine/runtime/seccomp.ts
import { readFile } from "node:fs/promises";
import { arch as hostArch, release as hostRelease } from "node:os";
var DEFAULT_SECCOMP_PROFILE_PATH = "/usr/share/containers/seccomp.json";
var ACTIONS = /* @__PURE__ */ new Set([
  "SCMP_ACT_KILL",
  "SCMP_ACT_KILL_PROCESS",
  "SCMP_ACT_KILL_THREAD",
  "SCMP_ACT_TRAP",
  "SCMP_ACT_ERRNO",
  "SCMP_ACT_TRACE",
  "SCMP_ACT_ALLOW",
  "SCMP_ACT_LOG",
  "SCMP_ACT_NOTIFY"
]);
var OPERATORS = /* @__PURE__ */ new Set([
  "SCMP_CMP_NE",
  "SCMP_CMP_LT",
  "SCMP_CMP_LE",
  "SCMP_CMP_EQ",
  "SCMP_CMP_GE",
  "SCMP_CMP_GT",
  "SCMP_CMP_MASKED_EQ"
]);
function parseSeccompProfile(profile, source = "seccomp profile") {
  const fail = (field, problem) => invalidArgument(`${source}: ${field} ${problem}`, { source, field });
  const obj = (value, field) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail(field, "must be an object");
    return value;
  };
  const str = (value, field) => {
    if (typeof value !== "string" || value === "") throw fail(field, "must be a non-empty string");
    return value;
  };
  const strings = (value, field) => {
    if (!Array.isArray(value)) throw fail(field, "must be an array of strings");
    return value.map((item, i) => str(item, `${field}[${i}]`));
  };
  const uint = (value, field) => {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw fail(field, `must be a non-negative integer below 2^53, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const action = (value, field) => {
    const name = str(value, field);
    if (!ACTIONS.has(name)) throw fail(field, `"${name}" is not a seccomp action (want one of ${[...ACTIONS].join(", ")})`);
    return name;
  };
  const filter = (value, field) => {
    if (value === void 0 || value === null) return void 0;
    const f = obj(value, field);
    const out2 = {};
    if (f.caps != null) out2.caps = strings(f.caps, `${field}.caps`);
    if (f.arches != null) out2.arches = strings(f.arches, `${field}.arches`);
    if (f.minKernel != null && f.minKernel !== "") {
      out2.minKernel = str(f.minKernel, `${field}.minKernel`);
      if (!/^\d+\.\d+$/.test(out2.minKernel) || /^0+\.0+$/.test(out2.minKernel)) {
        throw fail(`${field}.minKernel`, `"${out2.minKernel}" is not a kernel version "<kernel>.<major>" such as "4.8"`);
      }
    }
    return out2;
  };
  const arg = (value, field) => {
    const a = obj(value, field);
    const op = str(a.op, `${field}.op`);
    if (!OPERATORS.has(op)) throw fail(`${field}.op`, `"${op}" is not a seccomp comparison (want one of ${[...OPERATORS].join(", ")})`);
    const out2 = { index: uint(a.index, `${field}.index`), value: uint(a.value, `${field}.value`), op };
    if (a.valueTwo != null) out2.valueTwo = uint(a.valueTwo, `${field}.valueTwo`);
    return out2;
  };
  const rule = (value, field) => {
    const r = obj(value, field);
    if (r.name != null && r.names != null) throw fail(field, 'has both "name" and "names"; use "names"');
    const names = r.name != null ? [str(r.name, `${field}.name`)] : strings(r.names, `${field}.names`);
    const out2 = { names, action: action(r.action, `${field}.action`) };
    if (r.errnoRet != null) out2.errnoRet = uint(r.errnoRet, `${field}.errnoRet`);
    if (r.args != null) {
      if (!Array.isArray(r.args)) throw fail(`${field}.args`, "must be an array");
      out2.args = r.args.map((a, i) => arg(a, `${field}.args[${i}]`));
    }
    if (typeof r.comment === "string" && r.comment !== "") out2.comment = r.comment;
    const includes = filter(r.includes, `${field}.includes`);
    const excludes = filter(r.excludes, `${field}.excludes`);
    if (includes !== void 0) out2.includes = includes;
    if (excludes !== void 0) out2.excludes = excludes;
    return out2;
  };
  const p = obj(profile, "(top level)");
  const out = { defaultAction: action(p.defaultAction, "defaultAction"), syscalls: [] };
  if (p.defaultErrnoRet != null) out.defaultErrnoRet = uint(p.defaultErrnoRet, "defaultErrnoRet");
  if (p.architectures != null && p.archMap != null) {
    throw fail("architectures", "and archMap are both given; use one of them");
  }
  if (p.architectures != null) out.architectures = strings(p.architectures, "architectures");
  if (p.archMap != null) {
    if (!Array.isArray(p.archMap)) throw fail("archMap", "must be an array");
    out.archMap = p.archMap.map((entry, i) => {
      const e = obj(entry, `archMap[${i}]`);
      return {
        architecture: str(e.architecture, `archMap[${i}].architecture`),
        subArchitectures: e.subArchitectures == null ? [] : strings(e.subArchitectures, `archMap[${i}].subArchitectures`)
      };
    });
  }
  if (p.flags != null) out.flags = strings(p.flags, "flags");
  if (p.listenerPath != null) out.listenerPath = str(p.listenerPath, "listenerPath");
  if (p.listenerMetadata != null) out.listenerMetadata = str(p.listenerMetadata, "listenerMetadata");
  if (p.syscalls != null) {
    if (!Array.isArray(p.syscalls)) throw fail("syscalls", "must be an array");
    out.syscalls = p.syscalls.map((r, i) => rule(r, `syscalls[${i}]`));
  }
  return out;
}
var NATIVE_ARCH = {
  x64: "amd64",
  ia32: "x86",
  arm: "arm",
  arm64: "arm64",
  loong64: "loongarch64",
  mips: "mips",
  mipsel: "mipsel",
  ppc: "ppc",
  ppc64: "ppc64le",
  // Node on Linux/ppc64 is little-endian only
  riscv64: "riscv64",
  s390: "s390",
  s390x: "s390x"
};
var SCMP_ARCH = {
  amd64: "SCMP_ARCH_X86_64",
  x86: "SCMP_ARCH_X86",
  arm: "SCMP_ARCH_ARM",
  arm64: "SCMP_ARCH_AARCH64",
  loongarch64: "SCMP_ARCH_LOONGARCH64",
  mips: "SCMP_ARCH_MIPS",
  mipsel: "SCMP_ARCH_MIPSEL",
  ppc: "SCMP_ARCH_PPC",
  ppc64le: "SCMP_ARCH_PPC64LE",
  riscv64: "SCMP_ARCH_RISCV64",
  s390: "SCMP_ARCH_S390",
  s390x: "SCMP_ARCH_S390X"
};
function kernelVersion(text, field) {
  const match = /^(\d+)\.(\d+)/.exec(text);
  if (match === null) throw invalidArgument(`${field}: cannot parse kernel version "${text}" (want e.g. "6.1")`);
  return [Number(match[1]), Number(match[2])];
}
function kernelAtLeast(kernel, min) {
  const [major, minor] = kernelVersion(min, "minKernel");
  return kernel[0] > major || kernel[0] === major && kernel[1] >= minor;
}
function convertParsed(p, options) {
  const native = NATIVE_ARCH[options.arch];
  if (native === void 0) {
    throw invalidArgument(`seccomp: unsupported host architecture "${options.arch}" (want a Node.js process.arch such as x64 or arm64)`);
  }
  const kernel = kernelVersion(options.kernel, "seccomp: host kernel release");
  const caps = new Set(options.capabilities);
  const keep = (rule) => {
    const inc = rule.includes;
    const exc = rule.excludes;
    if (exc?.arches?.includes(native)) return false;
    if (exc?.caps?.some((cap) => caps.has(cap))) return false;
    if (exc?.minKernel !== void 0 && kernelAtLeast(kernel, exc.minKernel)) return false;
    if (inc?.arches !== void 0 && inc.arches.length > 0 && !inc.arches.includes(native)) return false;
    if (inc?.caps?.some((cap) => !caps.has(cap))) return false;
    if (inc?.minKernel !== void 0 && !kernelAtLeast(kernel, inc.minKernel)) return false;
    return true;
  };
  const out = { defaultAction: p.defaultAction };
  if (p.defaultErrnoRet !== void 0) out.defaultErrnoRet = p.defaultErrnoRet;
  const architectures = p.architectures ?? hostArchitectures(p.archMap ?? [], native);
  if (architectures.length > 0) out.architectures = [...architectures];
  if (p.flags !== void 0) out.flags = [...p.flags];
  if (p.listenerPath !== void 0) out.listenerPath = p.listenerPath;
  if (p.listenerMetadata !== void 0) out.listenerMetadata = p.listenerMetadata;
  out.syscalls = p.syscalls.filter(keep).map(toOciRule);
  return out;
}
function hostArchitectures(archMap, native) {
  const entry = archMap.find((e) => e.architecture === SCMP_ARCH[native]);
  return entry === void 0 ? [] : [entry.architecture, ...entry.subArchitectures];
}
function toOciRule(rule) {
  const out = { names: [...rule.names], action: rule.action };
  if (rule.errnoRet !== void 0) out.errnoRet = rule.errnoRet;
  if (rule.args !== void 0 && rule.args.length > 0) out.args = rule.args.map((a) => ({ ...a }));
  return out;
}
var GATES = [
  {
    cap: "CAP_SYS_ADMIN",
    names: [
      "bpf",
      "clone",
      "clone3",
      "fanotify_init",
      "fsconfig",
      "fsmount",
      "fsopen",
      "fspick",
      "lookup_dcookie",
      "lsm_get_self_attr",
      "lsm_list_modules",
      "lsm_set_self_attr",
      "mount",
      "mount_setattr",
      "move_mount",
      "open_tree",
      "perf_event_open",
      "pivot_root",
      "quotactl",
      "quotactl_fd",
      "setdomainname",
      "sethostname",
      "setns",
      "syslog",
      "umount",
      "umount2",
      "unshare"
    ]
  },
  { cap: "CAP_SYSLOG", names: ["syslog"] },
  { cap: "CAP_BPF", names: ["bpf"] },
  { cap: "CAP_PERFMON", names: ["perf_event_open"] }
];
var CLONE_NAMESPACE_FLAGS = 131072 | 33554432 | 67108864 | 134217728 | 268435456 | 536870912 | 1073741824;
var S390 = ["s390", "s390x"];
var isEmptyFilter = (f) => f === void 0 || (f.caps ?? []).length === 0 && (f.arches ?? []).length === 0 && f.minKernel === void 0;
var isUnconditionalAllow = (rule) => rule.action === "SCMP_ACT_ALLOW" && (rule.args ?? []).length === 0 && isEmptyFilter(rule.includes) && isEmptyFilter(rule.excludes);
var isAllowForCap = (rule, cap) => rule.action === "SCMP_ACT_ALLOW" && (rule.args ?? []).length === 0 && isEmptyFilter(rule.excludes) && rule.includes?.caps?.length === 1 && rule.includes.caps[0] === cap && (rule.includes.arches ?? []).length === 0 && rule.includes.minKernel === void 0;
function gateProfileLikeDocker(profile) {
  const gated = new Set(GATES.flatMap((g) => g.names));
  const moved = /* @__PURE__ */ new Set();
  const syscalls = [];
  for (const rule of profile.syscalls) {
    if (!isUnconditionalAllow(rule)) {
      syscalls.push(rule);
      continue;
    }
    const names = rule.names.filter((name) => {
      if (!gated.has(name)) return true;
      moved.add(name);
      return false;
    });
    if (names.length > 0) syscalls.push({ ...rule, names });
  }
  for (const { cap, names } of GATES) {
    const already = new Set(syscalls.filter((r) => isAllowForCap(r, cap)).flatMap((r) => r.names));
    const add = names.filter((name) => moved.has(name) && !already.has(name));
    if (add.length > 0) syscalls.push({ names: add, action: "SCMP_ACT_ALLOW", includes: { caps: [cap] } });
  }
  const withoutAdmin = { caps: ["CAP_SYS_ADMIN"] };
  if (moved.has("clone")) {
    const noNamespaces = (index) => [
      { index, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }
    ];
    syscalls.push({ names: ["clone"], action: "SCMP_ACT_ALLOW", args: noNamespaces(0), excludes: { ...withoutAdmin, arches: S390 } });
    syscalls.push({ names: ["clone"], action: "SCMP_ACT_ALLOW", args: noNamespaces(1), includes: { arches: S390 }, excludes: withoutAdmin });
  }
  if (moved.has("clone3")) {
    syscalls.push({ names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: 38, excludes: withoutAdmin });
  }
  return { ...profile, syscalls };
}
var defaultProfile;
async function readDefaultProfile() {
  let text;
  try {
    text = await readFile(DEFAULT_SECCOMP_PROFILE_PATH, "utf8");
  } catch (err) {
    throw internal(`cannot read the default seccomp profile ${DEFAULT_SECCOMP_PROFILE_PATH} (from golang-github-containers-common): ${messageOf(err)}`, err);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw internal(`seccomp profile ${DEFAULT_SECCOMP_PROFILE_PATH}: not valid JSON: ${messageOf(err)}`, err);
  }
  return gateProfileLikeDocker(parseSeccompProfile(json, `seccomp profile ${DEFAULT_SECCOMP_PROFILE_PATH}`));
}
async function loadDefaultSeccomp(capabilities) {
  defaultProfile ??= readDefaultProfile().catch((err) => {
    defaultProfile = void 0;
    throw err;
  });
  return convertParsed(await defaultProfile, { capabilities, arch: hostArch(), kernel: hostRelease() });
}

// src/engine/runtime/seccomp-bpf-cache.ts
import { createHash } from "node:crypto";
import { promises as fsp3, statSync } from "node:fs";
import { release } from "node:os";
import * as path3 from "node:path";
var seccompBpfAnnotation = "run.oci.seccomp_bpf_data";
var SeccompBpfCache = class {
  dir;
  runtimeIdentity;
  memory = /* @__PURE__ */ new Map();
  constructor(dir, runtimePath) {
    this.dir = dir;
    const stat = statSync(runtimePath);
    this.runtimeIdentity = `${runtimePath}:${stat.size}:${stat.mtimeMs}:${release()}`;
  }
  async init() {
    await fsp3.mkdir(this.dir, { recursive: true, mode: 448 });
    for (const name of await fsp3.readdir(this.dir)) {
      if (name.endsWith(".b64")) this.memory.set(name.slice(0, -4), await fsp3.readFile(path3.join(this.dir, name), "utf8"));
    }
  }
  key(seccomp) {
    return createHash("sha256").update(this.runtimeIdentity).update("\0").update(JSON.stringify(seccomp)).digest("hex");
  }
  /** The compiled filter (base64) for this profile, if crun compiled it before. */
  lookup(seccomp) {
    return this.memory.get(this.key(seccomp));
  }
  /** Keeps the filter crun compiled for a container it just created. */
  async learn(seccomp, bpfFile) {
    const key = this.key(seccomp);
    if (this.memory.has(key)) return;
    let data;
    try {
      data = await fsp3.readFile(bpfFile);
    } catch {
      return;
    }
    if (data.length === 0 || data.length % 8 !== 0) return;
    const encoded = data.toString("base64");
    this.memory.set(key, encoded);
    await writeFileAtomic(path3.join(this.dir, `${key}.b64`), encoded, 384);
  }
};

// src/engine/runtime/spec.ts
var maskedPaths = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/interrupts",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
  "/sys/devices/virtual/powercap"
];
var readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];
var defaultDeviceRules = [
  { allow: false, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 3, access: "rwm" },
  // null
  { allow: true, type: "c", major: 1, minor: 5, access: "rwm" },
  // zero
  { allow: true, type: "c", major: 1, minor: 7, access: "rwm" },
  // full
  { allow: true, type: "c", major: 1, minor: 8, access: "rwm" },
  // random
  { allow: true, type: "c", major: 1, minor: 9, access: "rwm" },
  // urandom
  { allow: true, type: "c", major: 5, minor: 0, access: "rwm" },
  // tty
  { allow: true, type: "c", major: 5, minor: 1, access: "rwm" },
  // console
  { allow: true, type: "c", major: 5, minor: 2, access: "rwm" },
  // ptmx
  { allow: true, type: "c", major: 136, access: "rwm" },
  // pts
  { allow: true, type: "c", major: 10, minor: 200, access: "rwm" },
  // tun
  { allow: false, type: "c", major: 10, minor: 229, access: "rwm" }
  // fuse
];
function defaultMounts(input) {
  const sysOptions = input.privileged ? ["nosuid", "noexec", "nodev"] : ["nosuid", "noexec", "nodev", "ro"];
  const mounts = [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
    { destination: "/sys", type: "sysfs", source: "sysfs", options: sysOptions },
    { destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"] },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", `size=${input.shmSize}`] }
  ];
  const userDestinations = new Set(input.mounts.map((mount) => mount.destination));
  return mounts.filter((mount) => !userDestinations.has(mount.destination));
}
function namespaces(input) {
  const list = [{ type: "mount" }];
  const add = (type, choice) => {
    if (choice === "private") list.push({ type });
    else if (choice !== "host") list.push({ type, path: choice.path });
  };
  add("network", input.namespaces.network);
  add("pid", input.namespaces.pid);
  add("ipc", input.namespaces.ipc);
  add("uts", input.namespaces.uts);
  return list;
}
function buildSpec(input) {
  const caps = input.capabilities;
  const spec = {
    ociVersion: "1.0.2",
    process: {
      terminal: input.terminal,
      user: { uid: input.user.uid, gid: input.user.gid, ...input.user.additionalGids.length ? { additionalGids: input.user.additionalGids } : {} },
      args: input.args,
      env: input.env,
      cwd: input.cwd,
      // Docker gives non-root users no effective or permitted capabilities (engine-notes §3).
      capabilities: {
        bounding: caps,
        effective: input.user.uid === 0 ? caps : [],
        permitted: input.user.uid === 0 ? caps : []
      },
      rlimits: input.rlimits,
      noNewPrivileges: input.noNewPrivileges
    },
    root: { path: input.rootfsPath, readonly: input.readonlyRootfs },
    mounts: [...defaultMounts(input), ...input.mounts],
    linux: {
      namespaces: namespaces(input),
      resources: { ...input.resources, devices: input.privileged ? [{ allow: true, access: "rwm" }] : defaultDeviceRules },
      cgroupsPath: input.cgroupsPath,
      ...input.privileged ? {} : { maskedPaths, readonlyPaths },
      ...input.seccomp ? { seccomp: input.seccomp } : {},
      ...input.sysctl && Object.keys(input.sysctl).length ? { sysctl: input.sysctl } : {}
    },
    ...input.annotations ? { annotations: input.annotations } : {}
  };
  if (input.namespaces.uts !== "host") spec.hostname = input.hostname;
  return spec;
}

// src/engine/runtime/user.ts
var maxId = 2 ** 31 - 1;
function parsePasswd(text) {
  return (text ?? "").split("\n").flatMap((line) => {
    const fields = line.split(":");
    if (line.startsWith("#") || fields.length < 7) return [];
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) return [];
    return [{ name: fields[0], uid, gid, home: fields[5] }];
  });
}
function parseGroup(text) {
  return (text ?? "").split("\n").flatMap((line) => {
    const fields = line.split(":");
    if (line.startsWith("#") || fields.length < 4) return [];
    const gid = Number(fields[2]);
    if (!Number.isInteger(gid)) return [];
    return [{ name: fields[0], gid, members: fields[3].split(",").filter(Boolean) }];
  });
}
function numeric(value) {
  if (!/^\d+$/.test(value)) return void 0;
  const n = Number(value);
  if (n > maxId) throw invalidArgument(`user/group ID ${value} is out of range`);
  return n;
}
function resolveUser(spec, passwdText, groupText) {
  const [userPart = "", groupPart] = spec.split(":", 2);
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const uidNumber = numeric(userPart);
  const userEntry = userPart === "" ? passwd.find((entry) => entry.uid === 0) : passwd.find((entry) => uidNumber === void 0 ? entry.name === userPart : entry.uid === uidNumber);
  if (!userEntry && uidNumber === void 0 && userPart !== "") {
    throw invalidArgument(`unable to find user ${userPart}: no matching entries in passwd file`);
  }
  const uid = userEntry?.uid ?? uidNumber ?? 0;
  let gid = userEntry?.gid ?? 0;
  if (groupPart !== void 0 && groupPart !== "") {
    const gidNumber = numeric(groupPart);
    if (gidNumber !== void 0) gid = gidNumber;
    else {
      const groupEntry = groups.find((entry) => entry.name === groupPart);
      if (!groupEntry) throw invalidArgument(`unable to find group ${groupPart}: no matching entries in group file`);
      gid = groupEntry.gid;
    }
  }
  const additionalGids = userEntry ? [...new Set(groups.filter((group) => group.members.includes(userEntry.name) && group.gid !== gid).map((group) => group.gid))] : [];
  return { uid, gid, additionalGids, home: userEntry?.home || "/" };
}

// src/engine/containers/create-config.ts
import { availableParallelism } from "node:os";

// src/util/signals.ts
import { constants } from "node:os";
var byName = constants.signals;
var SIGRTMIN = 34;
var SIGRTMAX = 64;
function parseSignal(input) {
  const raw = input.trim();
  if (/^\d+$/.test(raw)) {
    const number2 = Number(raw);
    if (number2 < 1 || number2 > SIGRTMAX) throw invalidArgument(`Invalid signal: ${input}`);
    const name2 = Object.keys(byName).find((key) => byName[key] === number2) ?? (number2 >= SIGRTMIN ? `SIGRTMIN+${number2 - SIGRTMIN}` : String(number2));
    return { name: name2, number: number2 };
  }
  const upper = raw.toUpperCase();
  const name = upper.startsWith("SIG") ? upper : `SIG${upper}`;
  const rt = /^SIGRTMIN(?:\+(\d+))?$/.exec(name) ?? /^SIGRTMAX(?:-(\d+))?$/.exec(name);
  if (rt) {
    const offset = Number(rt[1] ?? 0);
    const number2 = name.startsWith("SIGRTMIN") ? SIGRTMIN + offset : SIGRTMAX - offset;
    if (number2 < SIGRTMIN || number2 > SIGRTMAX) throw invalidArgument(`Invalid signal: ${input}`);
    return { name, number: number2 };
  }
  const number = byName[name];
  if (number === void 0) throw invalidArgument(`Invalid signal: ${input}`);
  return { name, number };
}

// src/engine/containers/create-config.ts
function envKey(entry) {
  const eq = entry.indexOf("=");
  return eq < 0 ? entry : entry.slice(0, eq);
}
function mergeEnv(imageEnv, userEnv) {
  const result = [...imageEnv ?? []];
  for (const entry of userEnv ?? []) {
    if (entry === "" || entry.startsWith("=")) throw invalidArgument(`invalid environment variable: "${entry}"`);
    const index = result.findIndex((existing) => envKey(existing) === envKey(entry));
    if (index >= 0) result[index] = entry;
    else result.push(entry);
  }
  return result;
}
function mergeImageConfig(user, image) {
  const merged = { ...user };
  const userEntrypointGiven = user.Entrypoint !== void 0 && user.Entrypoint !== null && user.Entrypoint.length > 0;
  if (!userEntrypointGiven) {
    if (!user.Cmd || user.Cmd.length === 0) merged.Cmd = image.Cmd ?? null;
    if (user.Entrypoint === void 0 || user.Entrypoint === null) merged.Entrypoint = image.Entrypoint ?? null;
  }
  merged.Env = mergeEnv(image.Env, user.Env);
  merged.WorkingDir = user.WorkingDir || image.WorkingDir || "";
  merged.User = user.User || image.User || "";
  merged.Labels = { ...image.Labels, ...user.Labels };
  merged.ExposedPorts = { ...image.ExposedPorts, ...user.ExposedPorts };
  merged.Volumes = { ...image.Volumes, ...user.Volumes };
  merged.StopSignal = user.StopSignal || image.StopSignal || void 0;
  if (!user.Healthcheck && image.Healthcheck) merged.Healthcheck = image.Healthcheck;
  if (!merged.Env.some((entry) => envKey(entry) === "PATH")) {
    merged.Env.unshift("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  }
  return merged;
}
function commandOf(config) {
  const entrypoint = (config.Entrypoint ?? []).length === 1 && config.Entrypoint[0] === "" ? [] : config.Entrypoint ?? [];
  const argv = [...entrypoint, ...config.Cmd ?? []];
  if (argv.length === 0) throw invalidArgument("no command specified");
  return { path: argv[0], args: argv.slice(1) };
}
var restartPolicies = ["", "no", "always", "unless-stopped", "on-failure"];
function validateRestartPolicy(policy, autoRemove) {
  if (!policy) return;
  if (!restartPolicies.includes(policy.Name)) {
    throw invalidArgument(`invalid restart policy: unknown policy '${policy.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  }
  const count = policy.MaximumRetryCount ?? 0;
  if (count < 0) throw invalidArgument("invalid restart policy: maximum retry count cannot be negative");
  if (count > 0 && policy.Name !== "on-failure") throw invalidArgument(`invalid restart policy: maximum retry count can only be used with 'on-failure'`);
  if (autoRemove && policy.Name !== "" && policy.Name !== "no") throw invalidArgument(`can't create 'AutoRemove' container with restart policy`);
}
var networkModes = /^(default|bridge|host|none|container:.+)$/;
function validateHostConfig(host, config) {
  validateRestartPolicy(host.RestartPolicy, !!host.AutoRemove);
  if (host.Memory !== void 0 && host.Memory !== 0) {
    if (host.Memory < 6 * 1024 * 1024) throw invalidArgument("Minimum memory limit allowed is 6MB");
  }
  if (host.MemorySwap !== void 0 && host.MemorySwap > 0 && host.Memory && host.MemorySwap < host.Memory) {
    throw invalidArgument("Minimum memoryswap limit should be larger than memory limit, see usage");
  }
  if (host.NanoCpus) {
    if (host.CpuQuota || host.CpuPeriod) throw invalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    const cpus = availableParallelism();
    if (host.NanoCpus < 0 || host.NanoCpus > cpus * 1e9) {
      throw invalidArgument(`Range of CPUs is from 0.01 to ${cpus.toFixed(2)}, as there are only ${cpus} CPUs available`);
    }
  }
  if (host.PidsLimit !== void 0 && host.PidsLimit !== null && host.PidsLimit < -1) throw invalidArgument(`invalid PidsLimit ${host.PidsLimit}: use -1 or 0 for unlimited`);
  if (host.NetworkMode && !networkModes.test(host.NetworkMode)) {
    throw invalidArgument(`network ${host.NetworkMode} not found`);
  }
  if (config.StopSignal) parseSignal(config.StopSignal);
  if (config.StopTimeout !== void 0 && config.StopTimeout !== null && config.StopTimeout < -1) throw invalidArgument("invalid StopTimeout: must be -1 (wait forever) or more");
  effectiveCapabilities(host.CapAdd, host.CapDrop, !!host.Privileged);
  for (const option of host.SecurityOpt ?? []) parseSecurityOpt(option);
}
function parseSecurityOpt(option) {
  const match = /^([a-z-]+)(?:[=:](.*))?$/.exec(option);
  const key = match?.[1];
  const value = match?.[2];
  if (key === "no-new-privileges") {
    if (value === void 0 || value === "true") return { noNewPrivileges: true };
    if (value === "false") return { noNewPrivileges: false };
  } else if (key === "seccomp" && value !== void 0) {
    if (value === "unconfined") return { seccomp: "unconfined" };
    throw invalidArgument(`--security-opt ${option}: only seccomp=unconfined is supported (the default profile is /usr/share/containers/seccomp.json)`);
  } else if ((key === "apparmor" || key === "label") && value !== void 0) {
    return {};
  }
  throw invalidArgument(`invalid --security-opt: "${option}"`);
}
function securityOptions(host) {
  let options = { noNewPrivileges: !host.Privileged, seccomp: host.Privileged ? "unconfined" : "default" };
  for (const option of host.SecurityOpt ?? []) options = { ...options, ...parseSecurityOpt(option) };
  return options;
}

// src/engine/containers/etc-files.ts
function hostnameFile(hostname3) {
  return `${hostname3}
`;
}
function parseExtraHost(entry) {
  const match = /^([^:=]+)[:=](.+)$/.exec(entry);
  if (!match) throw invalidArgument(`invalid argument "${entry}" for "--add-host" flag: bad format for add-host: "${entry}"`);
  let ip = match[2];
  if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  if (!/^[\d.]+$/.test(ip) && !ip.includes(":") && ip !== "host-gateway") {
    throw invalidArgument(`invalid argument "${entry}" for "--add-host" flag: invalid IP address in add-host: "${ip}"`);
  }
  return { name: match[1], ip };
}
function hostsFile(input) {
  const lines = [
    "127.0.0.1	localhost",
    "::1	localhost ip6-localhost ip6-loopback",
    "fe00::	ip6-localnet",
    "ff00::	ip6-mcastprefix",
    "ff02::1	ip6-allnodes",
    "ff02::2	ip6-allrouters"
  ];
  for (const entry of input.extraHosts) {
    const { name, ip } = parseExtraHost(entry);
    lines.push(`${ip}	${name}`);
  }
  const names = input.domainname ? `${input.hostname}.${input.domainname} ${input.hostname}` : input.hostname;
  for (const address of input.addresses) lines.push(`${address}	${names}`);
  return `${lines.join("\n")}
`;
}
var fallbackNameservers = ["8.8.8.8", "8.8.4.4"];
function resolvConfFile(input) {
  const hostLines = input.hostResolvConf.split("\n");
  const hostNameservers = hostLines.flatMap((line) => {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    return match ? [match[1]] : [];
  });
  const reachable = hostNameservers.filter((ns) => !/^127\./.test(ns) && ns !== "::1");
  const nameservers = input.dns.length > 0 ? input.dns : reachable.length > 0 ? reachable : fallbackNameservers;
  const hostSearch = hostLines.flatMap((line) => /^\s*(search|domain)\s+(.+)/.exec(line)?.[2]?.trim().split(/\s+/) ?? []);
  const hostOptions = hostLines.flatMap((line) => /^\s*options\s+(.+)/.exec(line)?.[1]?.trim().split(/\s+/) ?? []);
  const search = input.dnsSearch.length > 0 ? input.dnsSearch.filter((domain) => domain !== ".") : hostSearch;
  const options = input.dnsOptions.length > 0 ? input.dnsOptions : hostOptions;
  const lines = nameservers.map((ns) => `nameserver ${ns}`);
  if (search.length > 0) lines.push(`search ${search.join(" ")}`);
  if (options.length > 0) lines.push(`options ${options.join(" ")}`);
  return `${lines.join("\n")}
`;
}

// src/engine/containers/bundle.ts
var initPathInContainer = "/sbin/docker-init";
function rootfsPath(bundle) {
  return path4.join(bundle, "rootfs");
}
function ociMountOf(mount) {
  if (mount.Type === "tmpfs") return { destination: mount.Destination, type: "tmpfs", source: "tmpfs", options: mount.Mode.split(",").filter(Boolean) };
  return {
    destination: mount.Destination,
    type: "bind",
    source: mount.Source,
    options: ["rbind", mount.RW ? "rw" : "ro", mount.Propagation || "rprivate"]
  };
}
function resources(record) {
  const host = record.HostConfig;
  const result = {};
  if (host.Memory) {
    result.memory = { limit: host.Memory };
    if (host.MemorySwap && host.MemorySwap > 0) result.memory.swap = host.MemorySwap;
    if (host.MemoryReservation) result.memory.reservation = host.MemoryReservation;
  }
  if (host.OomKillDisable) result.memory = { ...result.memory, disableOOMKiller: true };
  const cpu = {};
  if (host.NanoCpus) {
    cpu.period = 1e5;
    cpu.quota = Math.round(host.NanoCpus * cpu.period / 1e9);
  } else {
    if (host.CpuPeriod) cpu.period = host.CpuPeriod;
    if (host.CpuQuota) cpu.quota = host.CpuQuota;
  }
  if (host.CpuShares) cpu.shares = host.CpuShares;
  if (host.CpusetCpus) cpu.cpus = host.CpusetCpus;
  if (host.CpusetMems) cpu.mems = host.CpusetMems;
  if (Object.keys(cpu).length > 0) result.cpu = cpu;
  if (host.PidsLimit !== void 0 && host.PidsLimit !== null && host.PidsLimit > 0) result.pids = { limit: host.PidsLimit };
  return result;
}
async function namespaceChoice(mode, type, env) {
  if (mode === "host") return "host";
  if (mode?.startsWith("container:")) return { path: await env.namespaceOfContainer(mode.slice("container:".length), type) };
  return "private";
}
function containerHostname(record) {
  if (record.HostConfig.NetworkMode === "host") return os.hostname();
  return record.Config.Hostname || record.Id.slice(0, 12);
}
async function writeBundle(bundle, record, env) {
  const rootfs = rootfsPath(bundle);
  const config = record.Config;
  const host = record.HostConfig;
  const networkMode = host.NetworkMode ?? "default";
  const hostname3 = containerHostname(record);
  const user = resolveUser(config.User ?? "", await readFileInRoot(rootfs, "/etc/passwd"), await readFileInRoot(rootfs, "/etc/group"));
  const cwd = config.WorkingDir || "/";
  await mkdirInRoot(rootfs, cwd);
  const env_ = [...config.Env ?? []];
  const hasVar = (name) => env_.some((entry) => entry.startsWith(`${name}=`));
  if (!hasVar("HOSTNAME")) env_.push(`HOSTNAME=${hostname3}`);
  if (config.Tty && !hasVar("TERM")) env_.push("TERM=xterm");
  if (!hasVar("HOME")) env_.push(`HOME=${user.home}`);
  const hostResolvConf = await fsp4.readFile("/etc/resolv.conf", "utf8").catch(() => "") ?? "";
  await writeFileAtomic(record.HostnamePath, hostnameFile(hostname3));
  await writeFileAtomic(
    record.HostsPath,
    networkMode === "host" ? await fsp4.readFile("/etc/hosts", "utf8").catch(() => hostsFile({ hostname: hostname3, addresses: [], extraHosts: [] })) : hostsFile({ hostname: hostname3, domainname: config.Domainname, addresses: [], extraHosts: host.ExtraHosts ?? [] })
  );
  await writeFileAtomic(
    record.ResolvConfPath,
    networkMode === "host" ? hostResolvConf : resolvConfFile({ hostResolvConf, dns: host.Dns ?? [], dnsSearch: host.DnsSearch ?? [], dnsOptions: host.DnsOptions ?? [] })
  );
  const userTargets = new Set(record.Mounts.map((mount) => mount.Destination));
  const etcMounts = [
    ["/etc/hostname", record.HostnamePath],
    ["/etc/hosts", record.HostsPath],
    ["/etc/resolv.conf", record.ResolvConfPath]
  ].filter(([destination]) => !userTargets.has(destination)).map(([destination, source]) => ({ destination, type: "bind", source, options: ["rbind", "rprivate", "rw"] }));
  const mounts = [...record.Mounts.map(ociMountOf), ...etcMounts];
  let args = [record.Path, ...record.Args];
  if (host.Init) {
    mounts.push({ destination: initPathInContainer, type: "bind", source: env.initBinary, options: ["rbind", "ro", "rprivate"] });
    args = [initPathInContainer, "--", ...args];
  }
  const security = securityOptions(host);
  const capabilities = effectiveCapabilities(host.CapAdd, host.CapDrop, !!host.Privileged);
  const seccomp = security.seccomp === "default" ? await loadDefaultSeccomp(capabilities) : void 0;
  const cache = seccomp ? env.seccompCache(record.runtime) : void 0;
  const compiled = seccomp && cache ? cache.lookup(seccomp) : void 0;
  const spec = buildSpec({
    rootfsPath: rootfs,
    readonlyRootfs: !!host.ReadonlyRootfs,
    args,
    env: env_,
    cwd,
    user,
    terminal: !!config.Tty,
    hostname: hostname3,
    capabilities,
    noNewPrivileges: security.noNewPrivileges,
    rlimits: defaultContainerRlimits(),
    mounts,
    namespaces: {
      network: networkMode === "none" || networkMode === "default" || networkMode === "bridge" ? "private" : await namespaceChoice(networkMode, "net", env),
      pid: await namespaceChoice(host.PidMode, "pid", env),
      ipc: await namespaceChoice(host.IpcMode, "ipc", env),
      uts: host.UTSMode === "host" || networkMode === "host" ? "host" : "private"
    },
    resources: resources(record),
    cgroupsPath: `/${env.cgroupParent}/${record.Id}`,
    seccomp,
    privileged: !!host.Privileged,
    shmSize: host.ShmSize || 64 * 1024 * 1024,
    sysctl: host.Sysctls ?? void 0,
    annotations: compiled ? { [seccompBpfAnnotation]: compiled } : void 0
  });
  await writeFileAtomic(path4.join(bundle, "config.json"), JSON.stringify(spec));
  return cache && !compiled ? { seccompToLearn: seccomp } : {};
}

// src/engine/containers/status-text.ts
function statusText(state, now = Date.now()) {
  const since = (iso) => humanDuration(Math.max(0, now - Date.parse(iso)));
  switch (state.Status) {
    case "running":
      return `Up ${since(state.StartedAt)}`;
    case "paused":
      return `Up ${since(state.StartedAt)} (Paused)`;
    case "restarting":
      return `Restarting (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
    case "removing":
      return "Removal In Progress";
    case "dead":
      return "Dead";
    case "created":
      return "Created";
    case "exited":
      return state.FinishedAt.startsWith("0001-") ? "Created" : `Exited (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
  }
}

// src/engine/containers/container-views.ts
function publicMounts(record) {
  return record.Mounts.map(({ Anonymous: _anonymous, ...mount }) => mount);
}
function containerSummary(record, images) {
  return {
    Id: record.Id,
    Names: [record.Name],
    Image: imageDisplayName(record, images),
    ImageID: record.Image,
    Command: [record.Path, ...record.Args].join(" "),
    Created: Math.floor(Date.parse(record.Created) / 1e3),
    Ports: [],
    Labels: record.Config.Labels ?? {},
    State: record.State.Status,
    Status: statusText(record.State),
    HostConfig: { NetworkMode: record.HostConfig.NetworkMode ?? "default" },
    NetworkSettings: { Networks: {} },
    Mounts: publicMounts(record)
  };
}
function imageDisplayName(record, images) {
  const name = record.Config.Image;
  try {
    if (images.find(name)?.id === record.Image) return name;
  } catch {
  }
  return record.Image;
}
var psFilterKeys = ["id", "name", "label", "status", "exited", "ancestor", "before", "since", "volume", "network", "health", "is-task", "publish", "expose"];
var statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];
function matchesLabel(labels, filter) {
  const eq = filter.indexOf("=");
  if (eq < 0) return filter in labels;
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}
function listContainers(records, images, options) {
  const { filters } = options;
  for (const key of filters.keys()) if (!psFilterKeys.includes(key)) throw invalidArgument(`invalid filter '${key}'`);
  for (const status of filters.get("status") ?? []) {
    if (!statuses.includes(status)) throw invalidArgument(`invalid filter 'status=${status}'`);
  }
  const byRef = (ref) => records.find((record) => record.Id.startsWith(ref) || record.Name === `/${ref}` || record.Name === ref);
  const before = filters.get("before")?.map(byRef);
  const since = filters.get("since")?.map(byRef);
  const ancestors = (filters.get("ancestor") ?? []).map((ref) => {
    try {
      return images.find(ref)?.id;
    } catch {
      return void 0;
    }
  });
  const any = (key, test) => {
    const values = filters.get(key);
    return !values || values.some(test);
  };
  let result = records.filter((record) => {
    const explicitStatus = filters.has("status") || filters.has("exited");
    if (!options.all && !explicitStatus && !record.State.Running) return false;
    return any("id", (value) => record.Id.startsWith(value)) && any("name", (value) => new RegExp(value).test(record.Name.slice(1))) && (filters.get("label") ?? []).every((value) => matchesLabel(record.Config.Labels ?? {}, value)) && any("status", (value) => record.State.Status === value) && any("exited", (value) => !record.State.Running && record.State.Status === "exited" && record.State.ExitCode === Number(value)) && (!filters.has("ancestor") || ancestors.some((id) => id === record.Image)) && (!before || before.every((other) => other !== void 0 && record.Created < other.Created)) && (!since || since.every((other) => other !== void 0 && record.Created > other.Created)) && any("volume", (value) => record.Mounts.some((mount) => mount.Name === value || mount.Destination === value)) && any("network", (value) => (record.HostConfig.NetworkMode ?? "default") === value);
  }).sort((a, b) => b.Created.localeCompare(a.Created));
  if (options.limit !== void 0 && options.limit > 0) result = result.slice(0, options.limit);
  return result.map((record) => containerSummary(record, images));
}
function inspectContainer(record, extra) {
  const { runtime, manuallyStopped: _stopped, layers: _layers, ...docker } = record;
  return {
    ...docker,
    Config: { Hostname: containerHostname(record), Domainname: "", AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false, StdinOnce: false, ...record.Config },
    HostConfig: { ...record.HostConfig, Runtime: runtime },
    Mounts: publicMounts(record),
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: extra.execIds.length ? extra.execIds : null,
    GraphDriver: { Name: "overlay2", Data: { UpperDir: extra.upperDir, MergedDir: extra.mergedDir } },
    NetworkSettings: {
      Bridge: "",
      SandboxID: "",
      SandboxKey: record.State.Running && record.HostConfig.NetworkMode !== "host" ? `/proc/${record.State.Pid}/ns/net` : "",
      Ports: {},
      IPAddress: "",
      IPPrefixLen: 0,
      Gateway: "",
      MacAddress: "",
      Networks: {}
    }
  };
}

// src/engine/archive/diff.ts
import { constants as fsConstants, promises as fsp5 } from "node:fs";
import * as path5 from "node:path";
import { Readable } from "node:stream";

// src/engine/archive/tar-writer.ts
var flagByType = {
  file: TypeFlag.file,
  link: TypeFlag.link,
  symlink: TypeFlag.symlink,
  char: TypeFlag.char,
  block: TypeFlag.block,
  directory: TypeFlag.directory,
  fifo: TypeFlag.fifo
};
var END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK_SIZE);
function paddingFor(size) {
  return Buffer.alloc(paddingAfter(size));
}
var isAscii = (text) => /^[\x01-\x7f]*$/.test(text);
function splitName(name) {
  if (!isAscii(name)) return void 0;
  if (name.length <= 100) return { prefix: "", name };
  for (let slash = name.indexOf("/"); slash !== -1 && slash <= 155; slash = name.indexOf("/", slash + 1)) {
    const rest = name.slice(slash + 1);
    if (rest.length > 0 && rest.length <= 100) return { prefix: name.slice(0, slash), name: rest };
  }
  return void 0;
}
function encodeEntryHeader(header) {
  const pax = /* @__PURE__ */ new Map();
  const linkname = header.linkname ?? "";
  const split = splitName(header.name);
  if (split === void 0) pax.set("path", Buffer.from(header.name, "latin1"));
  if (linkname.length > 100 || !isAscii(linkname)) pax.set("linkpath", Buffer.from(linkname, "latin1"));
  const numbers = { uid: header.uid, gid: header.gid, size: header.size, mtime: header.mtime };
  for (const key of ["uid", "gid", "size", "mtime"]) {
    const value = numbers[key];
    if (value < 0 || value > octalFieldMax(key)) {
      pax.set(key, Buffer.from(String(value)));
      numbers[key] = 0;
    }
  }
  for (const [name, value] of header.xattrs ?? []) pax.set(`SCHILY.xattr.${name}`, value);
  const ustar = encodeHeaderBlock({
    name: split?.name ?? asciiPlaceholder(header.name),
    prefix: split?.prefix ?? "",
    mode: header.mode & 4095,
    ...numbers,
    typeFlag: flagByType[header.type],
    linkname: pax.has("linkpath") ? asciiPlaceholder(linkname) : linkname,
    devmajor: header.devmajor ?? 0,
    devminor: header.devminor ?? 0
  });
  if (pax.size === 0) return ustar;
  const records = encodePaxRecords(pax);
  const paxHeader = encodeHeaderBlock({
    name: "PaxHeader",
    mode: 420,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: 0,
    typeFlag: TypeFlag.paxHeader,
    linkname: "",
    devmajor: 0,
    devminor: 0
  });
  return Buffer.concat([paxHeader, records, paddingFor(records.length), ustar]);
}
function asciiPlaceholder(name) {
  return name.replace(/[^\x01-\x7f]/g, "_").slice(-100);
}

// src/engine/archive/diff.ts
var READ_CHUNK = 64 * 1024;
var READ_AHEAD_MAX_SIZE = 1 << 20;
var READ_AHEAD_FILES = 16;
var OPAQUE_XATTRS = [OVERLAY_OPAQUE_XATTR, "user.overlay.opaque"];
var UNSUPPORTED_XATTRS = ["overlay.metacopy", "overlay.redirect"].flatMap((name) => [`trusted.${name}`, `user.${name}`]);
function createLayerDiff(upperDir) {
  return Readable.from(tarOfUpper(path5.resolve(upperDir)), { objectMode: false });
}
async function* tarOfUpper(upper) {
  const [xattrs, nodes] = await Promise.all([readXattrTree(upper), walk(upper)]);
  const entries = diffEntries(nodes, xattrs, byteStringOf(upper));
  const readAhead = new ReadAhead(entries);
  for (const [index, entry] of entries.entries()) {
    yield encodeEntryHeader(entry.header);
    if (entry.source === void 0) continue;
    const size = entry.header.size;
    if (size <= READ_AHEAD_MAX_SIZE) yield await readAhead.content(index);
    else yield* readExactly(entry.source, size);
    const padding = paddingFor(size);
    if (padding.length > 0) yield padding;
  }
  yield END_OF_ARCHIVE;
}
var ReadAhead = class {
  entries;
  started = /* @__PURE__ */ new Map();
  /** Index of the next entry to consider reading. */
  next = 0;
  constructor(entries) {
    this.entries = entries;
  }
  /** The content of small file `index`; entries must be asked for in order. */
  async content(index) {
    this.next = Math.max(this.next, index);
    while (this.started.size < READ_AHEAD_FILES && this.next < this.entries.length) {
      const { source, header } = this.entries[this.next];
      if (source !== void 0 && header.size <= READ_AHEAD_MAX_SIZE) {
        const reading2 = readWhole(source, header.size);
        reading2.catch(() => {
        });
        this.started.set(this.next, reading2);
      }
      this.next++;
    }
    const reading = this.started.get(index);
    this.started.delete(index);
    if (reading === void 0) throw internal(`read-ahead lost entry ${index}`);
    return reading;
  }
};
async function readWhole(file, size) {
  const chunks = [];
  for await (const chunk of readExactly(file, size)) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}
async function walk(upper) {
  const base = byteStringOf(upper);
  const nodes = [];
  const pending = [""];
  while (pending.length > 0) {
    const dir = pending.pop();
    const names = await fsp5.readdir(bytesOf(dir === "" ? base : `${base}/${dir}`), { encoding: "buffer" });
    const children = await Promise.all(
      names.map(async (name) => {
        const rel = dir === "" ? byteStringFrom(name) : `${dir}/${byteStringFrom(name)}`;
        const node = { rel, stat: await fsp5.lstat(bytesOf(`${base}/${rel}`), { bigint: true }) };
        if (node.stat.isSymbolicLink()) {
          node.linkTarget = byteStringFrom(await fsp5.readlink(bytesOf(`${base}/${rel}`), { encoding: "buffer" }));
        }
        return node;
      })
    );
    for (const child of children) {
      nodes.push(child);
      if (child.stat.isDirectory()) pending.push(child.rel);
    }
  }
  return nodes;
}
function diffEntries(nodes, xattrTree, base) {
  const entries = [];
  for (const { rel, stat, linkTarget } of nodes) {
    const xattrs = xattrTree.get(rel) ?? /* @__PURE__ */ new Map();
    const unsupported = [...xattrs.keys()].find((name) => UNSUPPORTED_XATTRS.includes(name));
    if (unsupported !== void 0) {
      throw internal(`cannot diff ${textOf(`${base}/${rel}`)}: it has ${unsupported}; mount overlay without metacopy and redirect_dir`);
    }
    const metadata = {
      mode: Number(stat.mode) & 4095,
      uid: Number(stat.uid),
      gid: Number(stat.gid),
      mtime: Math.floor(Number(stat.mtimeMs) / 1e3),
      size: 0
    };
    const kept = new Map([...xattrs].filter(([name]) => isLayerXattr(name)));
    const inode = Number(stat.nlink) > 1 ? `${stat.dev}:${stat.ino}` : void 0;
    if (isOverlayWhiteout(stat)) {
      const slash = rel.lastIndexOf("/");
      const name = `${rel.slice(0, slash + 1)}${WHITEOUT_PREFIX}${rel.slice(slash + 1)}`;
      entries.push({ header: { name, type: "file", ...metadata } });
    } else if (stat.isDirectory()) {
      entries.push({ header: { name: `${rel}/`, type: "directory", ...metadata, xattrs: kept } });
      if (OPAQUE_XATTRS.some((name) => xattrs.get(name)?.toString() === "y")) {
        const marker = { ...metadata, mode: metadata.mode & 511 };
        entries.push({ header: { name: `${rel}/${OPAQUE_MARKER}`, type: "file", ...marker } });
      }
    } else if (stat.isFile()) {
      const header = { name: rel, type: "file", ...metadata, size: Number(stat.size), xattrs: kept };
      entries.push({ header, source: header.size > 0 ? bytesOf(`${base}/${rel}`) : void 0, inode });
    } else if (stat.isSymbolicLink()) {
      entries.push({ header: { name: rel, type: "symlink", ...metadata, linkname: linkTarget ?? "" }, inode });
    } else if (stat.isCharacterDevice() || stat.isBlockDevice()) {
      const type = stat.isCharacterDevice() ? "char" : "block";
      entries.push({ header: { name: rel, type, ...metadata, ...deviceNumbers(stat.rdev) }, inode });
    } else if (stat.isFIFO()) {
      entries.push({ header: { name: rel, type: "fifo", ...metadata }, inode });
    }
  }
  entries.sort((a, b) => compareBytewise(pathOf(a), pathOf(b)));
  linkSecondNames(entries);
  return entries;
}
function pathOf(entry) {
  return entry.header.type === "directory" ? entry.header.name.slice(0, -1) : entry.header.name;
}
function compareBytewise(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function linkSecondNames(entries) {
  const firstNames = /* @__PURE__ */ new Map();
  for (const entry of entries) {
    if (entry.inode === void 0) continue;
    const first = firstNames.get(entry.inode);
    if (first === void 0) {
      firstNames.set(entry.inode, entry.header.name);
      continue;
    }
    const { name, mode, uid, gid, mtime } = entry.header;
    entry.header = { name, type: "link", mode, uid, gid, mtime, size: 0, linkname: first };
    delete entry.source;
  }
}
function deviceNumbers(rdev) {
  return {
    devmajor: Number(rdev >> 8n & 0xfffn | rdev >> 32n & ~0xfffn),
    devminor: Number(rdev & 0xffn | rdev >> 12n & ~0xffn)
  };
}
async function* readExactly(file, size) {
  const handle = await fsp5.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
  try {
    for (let done = 0; done < size; ) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - done));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, done);
      if (bytesRead === 0) throw internal(`${textOf(byteStringFrom(file))} shrank while its layer was being written`);
      done += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

// src/engine/images/import-changes.ts
function jsonOrShell(args) {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed;
    } catch {
    }
  }
  return ["/bin/sh", "-c", trimmed];
}
function jsonOrWords(args) {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed;
    } catch {
    }
  }
  return trimmed.split(/\s+/).filter(Boolean);
}
function unquote(value) {
  return /^"(.*)"$/.test(value) || /^'(.*)'$/.test(value) ? value.slice(1, -1) : value;
}
function keyValues(instruction, args) {
  if (!/^[^\s=]+=/.test(args.trim())) {
    const match = /^(\S+)\s+(.*)$/.exec(args.trim());
    if (!match) throw invalidArgument(`--change "${instruction} ${args}": ${instruction} needs a name and a value`);
    return [[match[1], match[2]]];
  }
  const pairs = [];
  for (const token of args.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
    const eq = token.indexOf("=");
    if (eq <= 0) throw invalidArgument(`--change "${instruction} ${args}": "${token}" is not NAME=VALUE`);
    pairs.push([token.slice(0, eq), unquote(token.slice(eq + 1))]);
  }
  return pairs;
}
function applyImportChanges(config, changes) {
  const result = structuredClone(config);
  for (const change of changes) {
    const match = /^\s*(\w+)\s*(.*)$/s.exec(change);
    if (!match) throw invalidArgument(`--change "${change}": empty instruction`);
    const instruction = match[1].toUpperCase();
    const args = match[2];
    switch (instruction) {
      case "CMD":
        result.Cmd = jsonOrShell(args);
        break;
      case "ENTRYPOINT":
        result.Entrypoint = jsonOrShell(args);
        break;
      case "ENV": {
        const env = result.Env ?? [];
        for (const [key, value] of keyValues(instruction, args)) {
          const index = env.findIndex((entry) => entry.split("=")[0] === key);
          if (index >= 0) env[index] = `${key}=${value}`;
          else env.push(`${key}=${value}`);
        }
        result.Env = env;
        break;
      }
      case "LABEL":
        result.Labels = { ...result.Labels, ...Object.fromEntries(keyValues(instruction, args)) };
        break;
      case "EXPOSE":
        for (const port of args.trim().split(/\s+/).filter(Boolean)) {
          if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(port)) throw invalidArgument(`--change "${change}": invalid port "${port}"`);
          result.ExposedPorts = { ...result.ExposedPorts, [port.includes("/") ? port : `${port}/tcp`]: {} };
        }
        break;
      case "VOLUME":
        for (const volume of jsonOrWords(args)) result.Volumes = { ...result.Volumes, [volume]: {} };
        break;
      case "WORKDIR":
        result.WorkingDir = args.trim();
        break;
      case "USER":
        result.User = args.trim();
        break;
      case "STOPSIGNAL":
        result.StopSignal = args.trim();
        break;
      case "ONBUILD":
        result.OnBuild = [...result.OnBuild ?? [], args.trim()];
        break;
      default:
        throw invalidArgument(`--change "${change}": ${instruction} is not a valid change command (allowed: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)`);
    }
  }
  return result;
}

// src/engine/containers/commit.ts
function runConfigOf(config) {
  const { User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels, StopSignal, Healthcheck, OnBuild, Shell } = config;
  return { User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels, StopSignal, Healthcheck, OnBuild, Shell };
}
async function commitContainer(deps, containerRef, options) {
  const container = deps.containers.store.resolve(containerRef);
  const tags = options.reference ? [formatReference(withDefaultTag(parseReference(options.reference)))] : [];
  const runtime = deps.containers.runtimeOf(container);
  const pause = options.pause !== false && container.State.Running && !container.State.Paused;
  if (pause) await runtime.pause(container.Id);
  let layer;
  try {
    layer = await deps.images.content.ingest(createLayerDiff(deps.snapshots.upperPath(container.Id)));
  } finally {
    if (pause) await runtime.resume(container.Id).catch((err) => deps.log.error({ err, container: container.Id }, "resume after commit failed"));
  }
  const baseImage = deps.images.store.get(container.Image);
  if (!baseImage) throw notFound(`the image of container ${container.Id.slice(0, 12)} (${container.Image}) no longer exists`);
  const base = await deps.images.config(baseImage);
  const baseManifest = await deps.images.manifest(baseImage);
  const created = (/* @__PURE__ */ new Date()).toISOString();
  const config = {
    ...base,
    created,
    ...options.author ? { author: options.author } : {},
    config: applyImportChanges(runConfigOf(container.Config), options.changes ?? []),
    container: container.Id,
    rootfs: { type: "layers", diff_ids: [...base.rootfs.diff_ids, layer.digest] },
    history: [...base.history ?? [], { created, created_by: [container.Path, ...container.Args].join(" "), ...options.author ? { author: options.author } : {}, ...options.comment ? { comment: options.comment } : {} }]
  };
  if (options.comment) config.comment = options.comment;
  const configBlob = await deps.images.content.put(JSON.stringify(config));
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: configBlob.digest, size: configBlob.size },
    layers: [...baseManifest.layers, { mediaType: MediaType.ociLayer, digest: layer.digest, size: layer.size }]
  };
  const manifestBlob = await deps.images.content.put(JSON.stringify(manifest));
  const image = await deps.images.register(manifestBlob.digest, { tags });
  deps.log.info({ container: container.Id, image: image.id, tags }, "committed container");
  return image;
}

// src/engine/containers/exec-service.ts
import { promises as fsp6 } from "node:fs";
import * as path7 from "node:path";

// src/util/ids.ts
import { randomBytes as randomBytes2 } from "node:crypto";
function newId() {
  for (; ; ) {
    const id = randomBytes2(32).toString("hex");
    if (!/^\d+$/.test(id.slice(0, 12))) return id;
  }
}
var adjectives = [
  "admiring",
  "agitated",
  "amazing",
  "angry",
  "awesome",
  "blissful",
  "bold",
  "brave",
  "busy",
  "charming",
  "clever",
  "compassionate",
  "competent",
  "confident",
  "cool",
  "dazzling",
  "determined",
  "eager",
  "ecstatic",
  "elastic",
  "elegant",
  "epic",
  "festive",
  "focused",
  "friendly",
  "gallant",
  "gifted",
  "goofy",
  "gracious",
  "happy",
  "hopeful",
  "infallible",
  "inspiring",
  "jolly",
  "jovial",
  "keen",
  "kind",
  "laughing",
  "loving",
  "lucid",
  "magical",
  "modest",
  "musing",
  "nervous",
  "nice",
  "nifty",
  "nostalgic",
  "objective",
  "optimistic",
  "peaceful",
  "pensive",
  "practical",
  "priceless",
  "quirky",
  "quizzical",
  "relaxed",
  "reverent",
  "romantic",
  "serene",
  "sharp",
  "silly",
  "sleepy",
  "stoic",
  "sweet",
  "tender",
  "thirsty",
  "trusting",
  "upbeat",
  "vibrant",
  "vigilant",
  "vigorous",
  "wizardly",
  "wonderful",
  "xenodochial",
  "youthful",
  "zealous",
  "zen"
];
var harbours = [
  "yokohama",
  "kobe",
  "nagasaki",
  "hakodate",
  "niigata",
  "osaka",
  "nagoya",
  "hakata",
  "shimizu",
  "moji",
  "rotterdam",
  "hamburg",
  "antwerp",
  "singapore",
  "busan",
  "shanghai",
  "valparaiso",
  "marseille",
  "genoa",
  "lisbon",
  "piraeus",
  "oslo",
  "halifax",
  "durban",
  "mombasa",
  "sydney",
  "auckland",
  "vancouver",
  "seattle",
  "oakland",
  "savannah",
  "santos",
  "callao",
  "colombo",
  "chittagong",
  "karachi",
  "haifa",
  "tangier"
];
function randomName() {
  const pick = (list) => list[randomBytes2(2).readUInt16BE() % list.length];
  return `${pick(adjectives)}_${pick(harbours)}`;
}
var containerNamePattern = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

// src/engine/paths.ts
import * as path6 from "node:path";
var EnginePaths = class {
  dataRoot;
  execRoot;
  constructor(dataRoot, execRoot) {
    this.dataRoot = path6.resolve(dataRoot);
    this.execRoot = path6.resolve(execRoot);
  }
  get database() {
    return path6.join(this.dataRoot, "minato.db");
  }
  get content() {
    return path6.join(this.dataRoot, "content");
  }
  get snapshots() {
    return path6.join(this.dataRoot, "snapshots");
  }
  get volumes() {
    return path6.join(this.dataRoot, "volumes");
  }
  get containersDir() {
    return path6.join(this.dataRoot, "containers");
  }
  /** The container's bundle: config.json, rootfs mount point, log, hosts files, conmon's files. */
  container(id) {
    return path6.join(this.containersDir, id);
  }
  runtimeState(runtime) {
    return path6.join(this.execRoot, runtime);
  }
  get exits() {
    return path6.join(this.execRoot, "exits");
  }
  get sockets() {
    return path6.join(this.execRoot, "s");
  }
  get execs() {
    return path6.join(this.execRoot, "exec");
  }
  exec(execId) {
    return path6.join(this.execs, execId);
  }
};
function attachKey(id) {
  return id.slice(0, 16);
}

// src/engine/runtime/conmon.ts
import { spawn } from "node:child_process";

// src/engine/runtime/sync-pipe.ts
async function* readSyncMessages(pipe) {
  let buffered = "";
  for await (const chunk of pipe) {
    buffered += chunk.toString("utf8");
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield parseSyncMessage(line);
    }
  }
  if (buffered.trim()) yield parseSyncMessage(buffered.trim());
}
function parseSyncMessage(line) {
  let parsed;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { data: -1, message: `unreadable message from conmon: ${line}` };
  }
  const record = parsed;
  return {
    data: typeof record.data === "number" ? record.data : -1,
    ...typeof record.message === "string" ? { message: record.message } : {}
  };
}

// src/engine/runtime/conmon.ts
function conmonEnv(extra) {
  return { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...extra };
}
function runtimeArgs(env) {
  return env.runtime.globalArgs().flatMap((arg) => ["--runtime-arg", arg]);
}
async function firstMessage(messages, what) {
  const { value, done } = await messages.next();
  if (done) throw internal(`conmon exited before reporting the ${what}`);
  if (value.data < 0) throw new RuntimeCreateError(value.message ?? `conmon failed to create the ${what}`);
  return value.data;
}
var RuntimeCreateError = class extends Error {
  constructor(message) {
    super(message.trim());
    this.name = "RuntimeCreateError";
  }
};
async function createContainerMonitor(env, options) {
  const args = [
    "--api-version",
    "1",
    "-c",
    options.id,
    "-u",
    options.attachKey,
    "-n",
    options.name,
    "-r",
    env.runtime.path,
    ...runtimeArgs(env),
    "-b",
    options.bundle,
    "-p",
    options.pidFile,
    "-P",
    options.conmonPidFile,
    "-l",
    `k8s-file:${options.logPath}`,
    "--exit-dir",
    env.exitDir,
    "--persist-dir",
    options.persistDir,
    "--socket-dir-path",
    env.socketDir,
    "--no-sync-log",
    ...options.stdin ? ["-i"] : [],
    ...options.terminal ? ["-t"] : [],
    ...options.stdin && options.leaveStdinOpen ? ["--leave-stdin-open"] : []
  ];
  const child = spawn(env.conmonPath, args, {
    stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
    env: conmonEnv({ _OCI_SYNCPIPE: "3", _OCI_STARTPIPE: "4" }),
    detached: true
  });
  child.on("error", () => void 0);
  const syncPipe = child.stdio[3];
  const startPipe = child.stdio[4];
  try {
    startPipe.end("0");
    return await firstMessage(readSyncMessages(syncPipe), "container");
  } finally {
    syncPipe.destroy();
    child.unref();
  }
}
async function startExecMonitor(env, options, beforeStart) {
  const args = [
    "--api-version",
    "1",
    "-c",
    options.containerId,
    "-u",
    options.execId,
    "-r",
    env.runtime.path,
    ...runtimeArgs(env),
    "-b",
    options.execDir,
    "-p",
    `${options.execDir}/pid`,
    "-l",
    `k8s-file:${options.execDir}/log`,
    "--exit-dir",
    `${options.execDir}/exits`,
    "--socket-dir-path",
    env.socketDir,
    "--no-sync-log",
    "-e",
    "--exec-attach",
    "--exec-process-spec",
    options.processSpecPath,
    ...options.stdin ? ["-i"] : [],
    ...options.terminal ? ["-t"] : []
  ];
  const child = spawn(env.conmonPath, args, {
    stdio: ["ignore", "ignore", "ignore", "pipe", "pipe", "pipe"],
    env: conmonEnv({ _OCI_SYNCPIPE: "3", _OCI_STARTPIPE: "4", _OCI_ATTACHPIPE: "5" }),
    detached: true
  });
  child.on("error", () => void 0);
  child.unref();
  const pipes = child.stdio;
  const [, , , syncPipe, startPipe, attachPipe] = pipes;
  const messages = readSyncMessages(syncPipe);
  try {
    startPipe.write("0");
    const attached = await firstMessage(readSyncMessages(attachPipe), "exec attach socket");
    if (attached !== 0) throw internal(`conmon reported ${attached} for the attach socket`);
    attachPipe.destroy();
    await beforeStart();
    startPipe.end("0");
    const pid = await firstMessage(messages, "exec process");
    const exitCode = (async () => {
      try {
        const { value, done } = await messages.next();
        if (done) throw internal("conmon exited without reporting the exec exit code");
        return value.data;
      } finally {
        syncPipe.destroy();
      }
    })();
    exitCode.catch(() => void 0);
    return { pid, exitCode };
  } catch (err) {
    syncPipe.destroy();
    startPipe.destroy();
    attachPipe.destroy();
    throw err;
  }
}

// src/engine/runtime/attach-socket.ts
import { EventEmitter } from "node:events";
var AttachSocket = class _AttachSocket extends EventEmitter {
  socket;
  ended = false;
  constructor(socket) {
    super();
    this.socket = socket;
    socket.on("data", (packet) => {
      if (packet.length < 1) return;
      const stream = packet[0] === 3 ? "stderr" : "stdout";
      if (packet.length > 1) this.emit("output", stream, packet.subarray(1));
    });
    const finish = () => {
      if (this.ended) return;
      this.ended = true;
      this.emit("end");
    };
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", finish);
  }
  static async connect(socketPath) {
    const { SeqpacketSocket: Socket } = await import("node-unix-socket");
    return new Promise((resolve5, reject) => {
      const socket = new Socket();
      socket.once("error", reject);
      try {
        socket.connect(socketPath, () => {
          socket.off("error", reject);
          resolve5(new _AttachSocket(socket));
        });
      } catch (err) {
        reject(err);
      }
    });
  }
  get isEnded() {
    return this.ended;
  }
  writeStdin(data) {
    if (this.ended || data.length === 0) return;
    for (let offset = 0; offset < data.length; offset += 8192) {
      this.socket.write(data.subarray(offset, Math.min(offset + 8192, data.length)));
    }
  }
  /** Closes the container's stdin (conmon closes it when our side shuts down). */
  endStdin() {
    if (!this.ended) this.socket.end();
  }
  close() {
    this.socket.destroy();
  }
};

// src/engine/containers/attach-hub.ts
var AttachHub = class _AttachHub {
  waiting = /* @__PURE__ */ new Map();
  /** Registers a client for a container that has not started yet. Returns a detach function. */
  wait(containerId, client) {
    let set = this.waiting.get(containerId);
    if (!set) this.waiting.set(containerId, set = /* @__PURE__ */ new Set());
    set.add(client);
    return () => set.delete(client);
  }
  hasWaiting(containerId) {
    return (this.waiting.get(containerId)?.size ?? 0) > 0;
  }
  /** Connects every waiting client of the container (called between create and start). */
  async connectWaiting(containerId, socketPath) {
    const clients = this.waiting.get(containerId);
    this.waiting.delete(containerId);
    if (!clients) return;
    await Promise.all([...clients].map((client) => _AttachHub.connect(socketPath, client)));
  }
  /** Ends waiting clients of a container that will not start (failed start, removal). */
  cancelWaiting(containerId, error) {
    const clients = this.waiting.get(containerId);
    this.waiting.delete(containerId);
    for (const client of clients ?? []) client.onEnd(error);
  }
  /** Connects a client to a running container's (or exec session's) attach socket. */
  static async connect(socketPath, client) {
    let socket;
    try {
      socket = await AttachSocket.connect(socketPath);
    } catch (err) {
      client.onEnd(err);
      return;
    }
    socket.on("output", (stream, data) => {
      if (stream === "stdout" && client.stdout || stream === "stderr" && client.stderr) client.onOutput(stream, data);
    });
    socket.on("end", () => client.onEnd());
    if (client.stdin) {
      client.stdin.on("data", (chunk) => socket.writeStdin(chunk));
      client.stdin.on("end", () => socket.endStdin());
      client.stdin.on("error", () => socket.endStdin());
    }
    client.connected?.(() => socket.close());
  }
};

// src/engine/containers/runtime-errors.ts
function explainStartFailure(runtimeMessage, command) {
  const text = runtimeMessage.replace(/\s+/g, " ").trim();
  const lower = text.toLowerCase();
  const quoted = JSON.stringify(command);
  if (/executable file .* not found/.test(lower) || lower.includes("no such file or directory")) {
    const detail = command.includes("/") ? `stat ${command}: no such file or directory` : "executable file not found in $PATH";
    return { message: `failed to create task for container: OCI runtime create failed: unable to start container process: exec: ${quoted}: ${detail}`, exitCode: 127 };
  }
  if (lower.includes("permission denied") || lower.includes("is a directory") || lower.includes("open executable") && lower.includes("operation not permitted")) {
    const detail = "permission denied";
    return { message: `failed to create task for container: OCI runtime create failed: unable to start container process: exec: ${quoted}: ${detail}`, exitCode: 126 };
  }
  return { message: `failed to create task for container: OCI runtime create failed: ${text}`, exitCode: 128 };
}

// src/engine/containers/exec-service.ts
var ExecService = class {
  sessions = /* @__PURE__ */ new Map();
  containers;
  paths;
  conmonPath;
  log;
  constructor(containers, paths, conmonPath, log) {
    this.containers = containers;
    this.paths = paths;
    this.conmonPath = conmonPath;
    this.log = log;
  }
  async init() {
    await removePath(this.paths.execs);
    await fsp6.mkdir(this.paths.execs, { recursive: true });
  }
  create(containerRef, config) {
    const container = this.containers.store.resolve(containerRef);
    if (!container.State.Running || container.State.Restarting) throw conflict(`container ${container.Id} is not running`);
    if (!Array.isArray(config.Cmd) || config.Cmd.length === 0) throw invalidArgument("no exec command specified");
    const id = newId();
    this.sessions.set(id, { ID: id, ContainerID: container.Id, Config: config, Running: false, ExitCode: null, Pid: 0, done: Promise.resolve() });
    return id;
  }
  get(execId) {
    const session = this.sessions.get(execId);
    if (!session) throw notFound(`No such exec instance: ${execId}`);
    return session;
  }
  execIdsOf(containerId) {
    return [...this.sessions.values()].filter((session) => session.ContainerID === containerId).map((session) => session.ID);
  }
  /** The process spec: the container's own process with the exec's command, env, dir and user. */
  async processSpec(session) {
    const bundle = this.paths.container(session.ContainerID);
    const spec = JSON.parse(await fsp6.readFile(path7.join(bundle, "config.json"), "utf8"));
    const rootfs = rootfsPath(bundle);
    const config = session.Config;
    const process2 = { ...spec.process, args: config.Cmd, terminal: !!config.Tty };
    delete process2.consoleSize;
    process2.env = mergeEnv(spec.process.env, config.Env ?? []);
    if (config.WorkingDir) process2.cwd = config.WorkingDir;
    if (config.User) {
      const user = resolveUser(config.User, await readFileInRoot(rootfs, "/etc/passwd"), await readFileInRoot(rootfs, "/etc/group"));
      process2.user = { uid: user.uid, gid: user.gid, ...user.additionalGids.length ? { additionalGids: user.additionalGids } : {} };
      const caps = user.uid === 0 ? spec.process.capabilities.bounding : [];
      process2.capabilities = { ...spec.process.capabilities, effective: caps, permitted: caps };
    }
    return process2;
  }
  /**
   * Runs the session's process. With a client, output (and stdin) flow through it; the promise
   * resolves once the process has started (or failed to), and `done` when it has exited.
   */
  async start(execId, client) {
    const session = this.get(execId);
    if (session.Running || session.ExitCode !== null) throw conflict(`exec instance ${execId} has already been started`);
    const container = this.containers.store.resolve(session.ContainerID);
    if (!container.State.Running || container.State.Restarting) throw conflict(`container ${container.Id} is not running`);
    session.Running = true;
    const execDir = this.paths.exec(execId);
    await fsp6.mkdir(path7.join(execDir, "exits"), { recursive: true });
    const processSpecPath = path7.join(execDir, "process.json");
    try {
      await writeFileAtomic(processSpecPath, JSON.stringify(await this.processSpec(session)));
      const monitor = await startExecMonitor(
        { conmonPath: this.conmonPath, runtime: this.containers.runtimeOf(container), exitDir: path7.join(execDir, "exits"), socketDir: this.paths.sockets },
        { containerId: container.Id, execId: attachKey(execId), execDir, processSpecPath, stdin: !!session.Config.AttachStdin, terminal: !!session.Config.Tty },
        async () => {
          if (client) await AttachHub.connect(path7.join(this.paths.sockets, attachKey(execId), "attach"), client);
        }
      );
      session.Pid = monitor.pid;
      session.done = monitor.exitCode.then(
        (code) => this.finish(session, code),
        (err) => this.finish(session, 126, err.message)
      );
    } catch (err) {
      const failure = err instanceof RuntimeCreateError ? explainStartFailure(err.message, session.Config.Cmd[0]) : void 0;
      const message = (failure?.message ?? err.message).replace("failed to create task for container: OCI runtime create failed", "OCI runtime exec failed");
      await this.finish(session, failure?.exitCode ?? 126, message);
      client?.onOutput("stderr", Buffer.from(`${message}
`));
      client?.onEnd();
      if (!failure) throw internal(message, err);
    }
  }
  async finish(session, exitCode, error) {
    session.Running = false;
    session.ExitCode = exitCode;
    if (error) session.Error = error;
    await removePath(this.paths.exec(session.ID));
    await removePath(path7.join(this.paths.sockets, attachKey(session.ID)));
    this.log.debug({ exec: session.ID, exitCode }, "exec finished");
    setTimeout(() => this.sessions.delete(session.ID), 5 * 6e4).unref();
  }
  /** Resizes the exec's terminal (conmon's control FIFO: "1 <rows> <cols>"). */
  async resize(execId, height, width) {
    const session = this.get(execId);
    if (!session.Config.Tty || !session.Running) return;
    await writeControl(path7.join(this.paths.exec(execId), "ctl"), height, width);
  }
};
async function writeControl(fifo, height, width) {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0 || height > 1e3 || width > 1e3) {
    throw invalidArgument(`invalid terminal size ${height}x${width}`);
  }
  const handle = await fsp6.open(fifo, fsp6.constants.O_WRONLY | fsp6.constants.O_NONBLOCK).catch(() => void 0);
  if (!handle) return;
  try {
    await handle.write(`1 ${height} ${width}
`);
  } finally {
    await handle.close();
  }
}

// src/engine/containers/stats.ts
import { promises as fsp8 } from "node:fs";
import { availableParallelism as availableParallelism2 } from "node:os";
import * as path9 from "node:path";

// src/engine/runtime/cgroup-setup.ts
import { promises as fsp7, statfsSync } from "node:fs";
import * as path8 from "node:path";
var CGROUP2_SUPER_MAGIC = 1667723888;
var cgroupRoot = "/sys/fs/cgroup";
function isCgroup2(dir) {
  try {
    return statfsSync(dir).type === CGROUP2_SUPER_MAGIC;
  } catch {
    return false;
  }
}
function detectCgroupMode(root = cgroupRoot) {
  if (isCgroup2(root)) return "v2";
  return isCgroup2(path8.join(root, "unified")) ? "hybrid" : "v1";
}
async function v2ControllersOnHybrid(root) {
  try {
    return (await fsp7.readFile(path8.join(root, "unified", "cgroup.controllers"), "utf8")).split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}
async function prepareCgroupsForRuntime(requested, root = cgroupRoot) {
  const cgroupMode = detectCgroupMode(root);
  const notes = [];
  const wanted = requested ?? "crun";
  if (wanted === "runc" || cgroupMode !== "hybrid") return { runtime: wanted, cgroupMode, notes };
  const stranded = await v2ControllersOnHybrid(root);
  for (const controller of stranded) {
    const target = path8.join(root, controller);
    try {
      await fsp7.mkdir(target, { recursive: true });
      await runCommand("mount", ["-t", "cgroup", "-o", controller, "cgroup", target]);
      notes.push(`mounted the ${controller} controller as a cgroup v1 hierarchy at ${target} (it was left on cgroup v2, which crun refuses in hybrid mode)`);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (requested === "crun") throw new Error(`crun cannot run on this machine: the ${controller} cgroup controller is on cgroup v2 in hybrid mode and mounting it as v1 failed: ${why}`);
      notes.push(`using runc instead of crun: the ${controller} controller is on cgroup v2 in hybrid mode, which crun refuses, and mounting it as v1 failed (${why})`);
      return { runtime: "runc", cgroupMode, notes };
    }
  }
  return { runtime: "crun", cgroupMode, notes };
}
async function cgroupDirs(cgroupPath, root = cgroupRoot) {
  const mode = detectCgroupMode(root);
  if (mode === "v2") return [path8.join(root, cgroupPath)];
  const dirs = [];
  for (const name of await fsp7.readdir(root)) {
    const hierarchy = path8.join(root, name);
    try {
      if ((await fsp7.lstat(hierarchy)).isDirectory()) dirs.push(path8.join(hierarchy, cgroupPath));
    } catch {
    }
  }
  return dirs;
}
async function removeCgroup(cgroupPath, root = cgroupRoot) {
  for (const dir of await cgroupDirs(cgroupPath, root)) {
    await fsp7.rmdir(dir).catch(() => void 0);
  }
}

// src/engine/containers/stats.ts
var cgroupRoot2 = "/sys/fs/cgroup";
var unlimited = 2 ** 62;
async function read(file) {
  return fsp8.readFile(file, "utf8").catch(() => void 0);
}
async function readNumber(file) {
  const text = (await read(file))?.trim();
  if (text === void 0 || text === "") return void 0;
  if (text === "max") return unlimited;
  const value = Number(text);
  return Number.isFinite(value) ? value : void 0;
}
function keyValues2(text) {
  const result = {};
  for (const line of (text ?? "").split("\n")) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== void 0 && Number.isFinite(Number(value))) result[key] = Number(value);
  }
  return result;
}
async function systemCpuUsage() {
  const line = (await read("/proc/stat"))?.split("\n").find((l) => l.startsWith("cpu "));
  const ticks = (line ?? "").split(/\s+/).slice(1, 8).reduce((sum, value) => sum + Number(value || 0), 0);
  return ticks * (1e9 / 100);
}
async function networkStats(pid) {
  const text = await read(`/proc/${pid}/net/dev`);
  if (!text) return void 0;
  const networks = {};
  for (const line of text.split("\n").slice(2)) {
    const match = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!match || match[1] === "lo") continue;
    const f = match[2].trim().split(/\s+/).map(Number);
    networks[match[1]] = { rx_bytes: f[0], rx_packets: f[1], rx_errors: f[2], rx_dropped: f[3], tx_bytes: f[8], tx_packets: f[9], tx_errors: f[10], tx_dropped: f[11] };
  }
  return networks;
}
async function sampleV1(cgroup) {
  const dir = (controller) => path9.join(cgroupRoot2, controller, cgroup);
  const cpuacct = keyValues2(await read(path9.join(dir("cpuacct"), "cpuacct.stat")));
  const percpu = (await read(path9.join(dir("cpuacct"), "cpuacct.usage_percpu")) ?? "").trim().split(/\s+/).filter(Boolean).map(Number);
  const throttling = keyValues2(await read(path9.join(dir("cpu"), "cpu.stat")));
  const memoryStat = keyValues2(await read(path9.join(dir("memory"), "memory.stat")));
  const limit = await readNumber(path9.join(dir("memory"), "memory.limit_in_bytes"));
  const blkio = (await read(path9.join(dir("blkio"), "blkio.throttle.io_service_bytes_recursive")) ?? "").split("\n").flatMap((line) => {
    const match = /^(\d+):(\d+) (\w+) (\d+)$/.exec(line.trim());
    return match ? [{ major: Number(match[1]), minor: Number(match[2]), op: match[3].toLowerCase(), value: Number(match[4]) }] : [];
  });
  return {
    cpu: {
      total: await readNumber(path9.join(dir("cpuacct"), "cpuacct.usage")) ?? 0,
      percpu,
      // cpuacct.stat is in USER_HZ ticks
      kernel: (cpuacct.system ?? 0) * 1e7,
      user: (cpuacct.user ?? 0) * 1e7,
      throttling: { periods: throttling.nr_periods ?? 0, throttled_periods: throttling.nr_throttled ?? 0, throttled_time: throttling.throttled_time ?? 0 }
    },
    memory: { usage: await readNumber(path9.join(dir("memory"), "memory.usage_in_bytes")) ?? 0, limit, stats: memoryStat },
    pids: { current: await readNumber(path9.join(dir("pids"), "pids.current")), limit: await readNumber(path9.join(dir("pids"), "pids.max")) },
    blkio
  };
}
async function sampleV2(cgroup) {
  const dir = path9.join(cgroupRoot2, cgroup);
  const cpu = keyValues2(await read(path9.join(dir, "cpu.stat")));
  const memoryStat = keyValues2(await read(path9.join(dir, "memory.stat")));
  return {
    cpu: {
      total: (cpu.usage_usec ?? 0) * 1e3,
      percpu: [],
      kernel: (cpu.system_usec ?? 0) * 1e3,
      user: (cpu.user_usec ?? 0) * 1e3,
      throttling: { periods: cpu.nr_periods ?? 0, throttled_periods: cpu.nr_throttled ?? 0, throttled_time: (cpu.throttled_usec ?? 0) * 1e3 }
    },
    memory: { usage: await readNumber(path9.join(dir, "memory.current")) ?? 0, limit: await readNumber(path9.join(dir, "memory.max")), stats: memoryStat },
    pids: { current: await readNumber(path9.join(dir, "pids.current")), limit: await readNumber(path9.join(dir, "pids.max")) },
    blkio: []
  };
}
async function sampleStats(cgroupPath, pid, hostMemory) {
  const sample = detectCgroupMode() === "v2" ? await sampleV2(cgroupPath) : await sampleV1(cgroupPath);
  const onlineCpus = availableParallelism2();
  const memoryLimit = sample.memory.limit === void 0 || sample.memory.limit >= unlimited / 2 ? hostMemory : sample.memory.limit;
  return {
    at: (/* @__PURE__ */ new Date()).toISOString(),
    cpu: {
      cpu_usage: { total_usage: sample.cpu.total, ...sample.cpu.percpu.length ? { percpu_usage: sample.cpu.percpu } : {}, usage_in_kernelmode: sample.cpu.kernel, usage_in_usermode: sample.cpu.user },
      system_cpu_usage: await systemCpuUsage(),
      online_cpus: onlineCpus,
      throttling_data: sample.cpu.throttling
    },
    stats: {
      pids_stats: { ...sample.pids.current !== void 0 ? { current: sample.pids.current } : {}, ...sample.pids.limit !== void 0 && sample.pids.limit < unlimited ? { limit: sample.pids.limit } : {} },
      blkio_stats: { io_service_bytes_recursive: sample.blkio.length ? sample.blkio : null },
      num_procs: 0,
      memory_stats: { usage: sample.memory.usage, limit: memoryLimit, stats: sample.memory.stats },
      networks: await networkStats(pid)
    }
  };
}
function emptyCpuStats() {
  return { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 0, online_cpus: 0, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
}

// src/engine/runtime/container-log.ts
import { watch, promises as fsp9 } from "node:fs";
var linePattern = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d) (stdout|stderr) ([PF]) ?/;
function parseLogLine(line) {
  const head = line.subarray(0, 80).toString("latin1");
  const match = linePattern.exec(head);
  if (!match) return void 0;
  const [prefix, base, fraction = "", zone, stream, tag] = match;
  const wholeSeconds = Date.parse(`${base}${zone}`) / 1e3;
  const nanos = (fraction.slice(1) + "000000000").slice(0, 9);
  const utc = new Date(wholeSeconds * 1e3).toISOString().slice(0, 19);
  const body = line.subarray(Buffer.byteLength(prefix, "latin1"));
  return {
    timestamp: `${utc}.${nanos}Z`,
    seconds: wholeSeconds + Number(nanos) / 1e9,
    stream,
    content: tag === "F" ? Buffer.concat([body, Buffer.from("\n")]) : body
  };
}
function selected(entry, options) {
  if (options.since !== void 0 && entry.seconds < options.since) return false;
  if (options.until !== void 0 && entry.seconds > options.until) return false;
  return true;
}
var LineSplitter = class {
  rest = Buffer.alloc(0);
  push(chunk) {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines = [];
    let start = 0;
    let newline;
    while ((newline = data.indexOf(10, start)) >= 0) {
      lines.push(data.subarray(start, newline));
      start = newline + 1;
    }
    this.rest = Buffer.from(data.subarray(start));
    return lines;
  }
};
async function readFrom(file, position) {
  let handle;
  try {
    handle = await fsp9.open(file, "r");
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return { data: Buffer.alloc(0), position };
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size < position) position = 0;
    const data = Buffer.alloc(size - position);
    let offset = 0;
    while (offset < data.length) {
      const { bytesRead } = await handle.read(data, offset, data.length - offset, position + offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { data: data.subarray(0, offset), position: position + offset };
  } finally {
    await handle.close();
  }
}
async function* readContainerLog(file, options = {}) {
  const splitter = new LineSplitter();
  let { data, position } = await readFrom(file, 0);
  let existing = splitter.push(data).map(parseLogLine).filter((entry) => entry !== void 0 && selected(entry, options));
  if (options.tail !== void 0 && options.tail >= 0) existing = options.tail === 0 ? [] : existing.slice(-options.tail);
  yield* existing;
  if (!options.follow) return;
  let stopped = false;
  let wake;
  const nudge = () => wake?.();
  options.stopped?.then(() => {
    stopped = true;
    nudge();
  });
  options.signal?.addEventListener("abort", nudge);
  const watcher = watchQuietly(file, nudge);
  try {
    while (!options.signal?.aborted) {
      const finalRead = stopped;
      ({ data, position } = await readFrom(file, position));
      for (const line of splitter.push(data)) {
        const entry = parseLogLine(line);
        if (entry && selected(entry, options)) yield entry;
      }
      if (finalRead) return;
      await new Promise((resolve5) => {
        wake = resolve5;
        setTimeout(resolve5, 250).unref();
      });
    }
  } finally {
    watcher?.close();
    options.signal?.removeEventListener("abort", nudge);
  }
}
function watchQuietly(file, onChange) {
  try {
    const watcher = watch(file, { persistent: false }, onChange);
    watcher.on("error", () => void 0);
    return watcher;
  } catch {
    return void 0;
  }
}

// src/engine/daemon/api/hijack.ts
import { PassThrough } from "node:stream";
function readBody(req, socket, head) {
  const length = Number(req.headers["content-length"] ?? 0);
  if (!Number.isFinite(length) || length < 0 || length > 1024 * 1024) return Promise.reject(invalidArgument("invalid Content-Length"));
  if (head.length >= length) return Promise.resolve({ body: head.subarray(0, length), rest: head.subarray(length) });
  return new Promise((resolve5, reject) => {
    let buffered = head;
    const onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < length) return;
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.pause();
      resolve5({ body: buffered.subarray(0, length), rest: buffered.subarray(length) });
    };
    const onEnd = () => reject(invalidArgument("connection closed before the request body was complete"));
    socket.on("data", onData);
    socket.once("end", onEnd);
  });
}
function refuseUpgrade(socket, err) {
  const status = httpStatusOf(err);
  const body = JSON.stringify({ message: messageOf(err) });
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Error"}\r
Content-Type: application/json\r
Content-Length: ${Buffer.byteLength(body)}\r
Connection: close\r
\r
${body}`);
}
async function readUpgradeBody(req, socket, head) {
  return readBody(req, socket, head);
}
function completeUpgrade(socket, rest, body, tty) {
  const contentType = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
  socket.write(`HTTP/1.1 101 UPGRADED\r
Content-Type: ${contentType}\r
Connection: Upgrade\r
Upgrade: tcp\r
\r
`);
  const stdin = new PassThrough();
  if (rest.length > 0) stdin.write(rest);
  socket.on("data", (chunk) => stdin.write(chunk));
  socket.on("end", () => stdin.end());
  socket.resume();
  let closed = false;
  const closedPromise = new Promise((resolve5) => {
    const done = () => {
      closed = true;
      stdin.end();
      resolve5();
    };
    socket.once("close", done);
    socket.once("error", done);
  });
  return {
    body,
    stdin,
    write: (data) => {
      if (!closed) socket.write(data);
    },
    end: () => {
      if (!closed) socket.end();
    },
    closed: closedPromise,
    isClosed: () => closed
  };
}

// src/engine/daemon/api/http.ts
var maxJsonBody = 16 * 1024 * 1024;
async function readJson(req, fallback) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxJsonBody) throw invalidArgument(`request body is larger than ${maxJsonBody} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return fallback;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`malformed JSON in request body: ${messageOf(err)}`);
  }
}
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
function sendEmpty(res, status) {
  res.writeHead(status);
  res.end();
}
function sendError(res, err) {
  const status = httpStatusOf(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (status === 304) return sendEmpty(res, 304);
  sendJson(res, status, { message: messageOf(err) });
}
function queryBool(query, name, fallback = false) {
  const value = query.get(name);
  if (value === null || value === "") return fallback;
  return value === "1" || value.toLowerCase() === "true";
}
function queryInt(query, name) {
  const value = query.get(name);
  if (value === null || value === "") return void 0;
  const number = Number(value);
  if (!Number.isFinite(number)) throw invalidArgument(`invalid value "${value}" for query parameter ${name}: want a number`);
  return number;
}
function queryFilters(query) {
  const raw = query.get("filters");
  const filters = /* @__PURE__ */ new Map();
  if (!raw) return filters;
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw invalidArgument(`invalid filters: ${messageOf(err)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalidArgument("invalid filters: want a JSON object");
  for (const [key, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) filters.set(key, value.map(String));
    else if (typeof value === "object" && value !== null) filters.set(key, Object.keys(value));
    else throw invalidArgument(`invalid filter "${key}"`);
  }
  return filters;
}
function checkFilterKeys(filters, allowed) {
  for (const key of filters.keys()) {
    if (!allowed.includes(key)) throw invalidArgument(`invalid filter '${key}'`);
  }
}
function startJsonStream(res) {
  res.writeHead(200, { "Content-Type": "application/json" });
  return (message) => res.write(`${JSON.stringify(message)}\r
`);
}

// src/engine/daemon/api/attach-route.ts
function attachClientFor(conn, options) {
  return {
    stdin: options.stdin ? conn.stdin : void 0,
    stdout: options.stdout,
    stderr: options.stderr,
    onOutput: (stream, data) => conn.write(options.tty ? data : frame(stream, data)),
    onEnd: () => conn.end(),
    connected: (detach) => void conn.closed.then(detach)
  };
}
async function attachToContainer(engine, { req, socket, head, params, query }) {
  let conn;
  let record;
  try {
    const { body, rest } = await readUpgradeBody(req, socket, head);
    record = engine.containers.store.resolve(params.id);
    conn = completeUpgrade(socket, rest, body, !!record.Config.Tty);
  } catch (err) {
    refuseUpgrade(socket, err);
    return;
  }
  const tty = !!record.Config.Tty;
  const options = { tty, stdin: queryBool(query, "stdin") && !!record.Config.OpenStdin, stdout: queryBool(query, "stdout"), stderr: queryBool(query, "stderr") };
  if (queryBool(query, "logs")) {
    for await (const entry of readContainerLog(record.LogPath)) {
      if (entry.stream === "stdout" && options.stdout || entry.stream === "stderr" && options.stderr) conn.write(tty ? entry.content : frame(entry.stream, entry.content));
    }
  }
  if (!queryBool(query, "stream")) {
    conn.end();
    return;
  }
  const client = attachClientFor(conn, options);
  const current = engine.containers.store.get(record.Id);
  if (current?.State.Running && !current.State.Restarting) {
    await AttachHub.connect(engine.containers.attachSocketPath(record.Id), client);
  } else {
    const cancel = engine.attachHub.wait(record.Id, client);
    void conn.closed.then(cancel);
  }
}

// src/engine/daemon/api/container-routes.ts
function queryTime(value, name) {
  if (value === null || value === "" || value === "0") return void 0;
  const seconds = Number(value);
  if (!Number.isFinite(seconds)) throw invalidArgument(`invalid value for ${name}: "${value}" (want Unix seconds)`);
  return seconds;
}
function registerContainerRoutes(router, engine) {
  const containers = engine.containers;
  const store = containers.store;
  router.on("POST", "/containers/create", async ({ req, res, query }) => {
    const body = await readJson(req, {});
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalidArgument("container config must be a JSON object");
    const { HostConfig: hostConfig, NetworkingConfig: _networking, ...config } = body;
    const created = await containers.create({ name: query.get("name") ?? void 0, config, hostConfig: hostConfig ?? {} });
    sendJson(res, 201, created);
  });
  router.on("GET", "/containers/json", ({ res, query }) => {
    const list = listContainers(store.all(), engine.images.store, { all: queryBool(query, "all"), filters: queryFilters(query), limit: queryInt(query, "limit") });
    sendJson(res, 200, list);
  });
  router.on("GET", "/containers/:id/json", ({ res, params }) => {
    const record = store.resolve(params.id);
    const bundle = engine.paths.container(record.Id);
    sendJson(res, 200, inspectContainer(record, { execIds: engine.execs.execIdsOf(record.Id), upperDir: engine.images.snapshots.upperPath(record.Id), mergedDir: rootfsPath(bundle) }));
  });
  router.on("POST", "/containers/:id/start", async ({ res, params }) => {
    await containers.start(params.id);
    sendEmpty(res, 204);
  });
  router.on("POST", "/containers/:id/stop", async ({ res, params, query }) => {
    await containers.stop(params.id, { timeoutSeconds: queryInt(query, "t"), signal: query.get("signal") || void 0 });
    sendEmpty(res, 204);
  });
  router.on("POST", "/containers/:id/restart", async ({ res, params, query }) => {
    await containers.restart(params.id, { timeoutSeconds: queryInt(query, "t"), signal: query.get("signal") || void 0 });
    sendEmpty(res, 204);
  });
  router.on("POST", "/containers/:id/kill", async ({ res, params, query }) => {
    await containers.kill(params.id, query.get("signal") || "SIGKILL");
    sendEmpty(res, 204);
  });
  router.on("DELETE", "/containers/:id", async ({ res, params, query }) => {
    await containers.remove(params.id, { force: queryBool(query, "force"), volumes: queryBool(query, "v") });
    sendEmpty(res, 204);
  });
  router.on("POST", "/containers/:id/rename", async ({ res, params, query }) => {
    const name = query.get("name");
    if (!name) throw invalidArgument("name is required: rename needs a new name");
    await containers.rename(params.id, name);
    sendEmpty(res, 204);
  });
  router.on("POST", "/containers/:id/wait", async ({ req, res, params, query }) => {
    const condition = query.get("condition") || "not-running";
    if (!["not-running", "next-exit", "removed"].includes(condition)) throw invalidArgument(`invalid condition: "${condition}"`);
    const exited = containers.waitFor(params.id, condition);
    res.writeHead(200, { "Content-Type": "application/json" });
    res.flushHeaders();
    const gone = new Promise((resolve5) => req.socket.once("close", resolve5));
    const code = await Promise.race([exited, gone.then(() => void 0)]);
    if (code === void 0) return;
    res.end(JSON.stringify({ StatusCode: code, Error: null }));
  });
  router.on("POST", "/containers/:id/resize", async ({ res, params, query }) => {
    const record = store.resolve(params.id);
    if (record.State.Running && record.Config.Tty) {
      await writeControl(path10.join(engine.paths.container(record.Id), "ctl"), queryInt(query, "h") ?? 0, queryInt(query, "w") ?? 0);
    }
    sendEmpty(res, 200);
  });
  router.on("GET", "/containers/:id/logs", async ({ req, res, params, query }) => {
    const record = store.resolve(params.id);
    const stdout = queryBool(query, "stdout");
    const stderr = queryBool(query, "stderr");
    if (!stdout && !stderr) throw invalidArgument("you must choose at least one stream");
    const tailParam = query.get("tail");
    const tail = tailParam === null || tailParam === "" || tailParam === "all" ? void 0 : Number(tailParam);
    if (tail !== void 0 && (!Number.isInteger(tail) || tail < 0)) throw invalidArgument(`invalid value for tail: "${tailParam}"`);
    const follow = queryBool(query, "follow") && record.State.Running;
    const timestamps = queryBool(query, "timestamps");
    const controller = new AbortController();
    req.socket.once("close", () => controller.abort());
    res.writeHead(200, { "Content-Type": record.Config.Tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream" });
    res.flushHeaders();
    const entries = readContainerLog(record.LogPath, {
      since: queryTime(query.get("since"), "since"),
      until: queryTime(query.get("until"), "until"),
      tail,
      follow,
      stopped: follow ? containers.waitFor(record.Id, "not-running") : void 0,
      signal: controller.signal
    });
    for await (const entry of entries) {
      if (entry.stream === "stdout" && !stdout || entry.stream === "stderr" && !stderr) continue;
      const data = timestamps ? Buffer.concat([Buffer.from(`${entry.timestamp} `), entry.content]) : entry.content;
      res.write(record.Config.Tty ? data : frame(entry.stream, data));
    }
    res.end();
  });
  router.on("GET", "/containers/:id/stats", async ({ req, res, params, query }) => {
    const record = store.resolve(params.id);
    const stream = queryBool(query, "stream", true);
    const oneShot = queryBool(query, "one-shot");
    const cgroupPath = `/${engine.config.cgroupParent}/${record.Id}`;
    const name = record.Name;
    const snapshot = async () => {
      const current = store.get(record.Id);
      if (!current?.State.Running) return void 0;
      return sampleStats(cgroupPath, current.State.Pid, engine.hostMemory);
    };
    let previous = oneShot ? void 0 : await snapshot();
    const emptyStats = () => ({
      read: "0001-01-01T00:00:00Z",
      preread: "0001-01-01T00:00:00Z",
      pids_stats: {},
      blkio_stats: { io_service_bytes_recursive: null },
      num_procs: 0,
      cpu_stats: emptyCpuStats(),
      precpu_stats: emptyCpuStats(),
      memory_stats: {},
      name,
      id: record.Id
    });
    const compose = async () => {
      const current = await snapshot();
      if (!current) return emptyStats();
      const result = {
        read: current.at,
        preread: previous?.at ?? "0001-01-01T00:00:00Z",
        ...current.stats,
        cpu_stats: current.cpu,
        precpu_stats: previous?.cpu ?? emptyCpuStats(),
        name,
        id: record.Id
      };
      previous = current;
      return result;
    };
    if (!stream) {
      if (!oneShot) await new Promise((resolve5) => setTimeout(resolve5, 1e3));
      sendJson(res, 200, await compose());
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    let open = true;
    req.socket.once("close", () => open = false);
    while (open) {
      await new Promise((resolve5) => setTimeout(resolve5, 1e3));
      if (!open) break;
      res.write(`${JSON.stringify(await compose())}
`);
      if (!store.get(record.Id)?.State.Running) break;
    }
    res.end();
  });
  router.onUpgrade("POST", "/containers/:id/attach", (ctx) => attachToContainer(engine, ctx));
  router.on("POST", "/containers/prune", async ({ res, query }) => {
    const filters = queryFilters(query);
    const deleted = [];
    for (const record of store.all()) {
      if (record.State.Running) continue;
      if ((filters.get("label") ?? []).some((label) => !(label.split("=")[0] in (record.Config.Labels ?? {})))) continue;
      await containers.remove(record.Id, {});
      deleted.push(record.Id);
    }
    sendJson(res, 200, { ContainersDeleted: deleted, SpaceReclaimed: 0 });
  });
  router.on("POST", "/commit", async ({ req, res, query }) => {
    const container = query.get("container");
    if (!container) throw invalidArgument('commit needs a container (query parameter "container")');
    await readJson(req, null);
    const repo = query.get("repo");
    const tag = query.get("tag");
    const image = await commitContainer(
      { containers, images: engine.images, snapshots: engine.images.snapshots, log: engine.config.log },
      container,
      {
        reference: repo ? tag ? `${repo}:${tag}` : repo : void 0,
        comment: query.get("comment") ?? void 0,
        author: query.get("author") ?? void 0,
        changes: query.getAll("changes").flatMap((change) => change.split("\n")).filter(Boolean),
        pause: queryBool(query, "pause", true)
      }
    );
    sendJson(res, 201, { Id: image.id });
  });
}

// src/engine/daemon/api/exec-routes.ts
function parseStartBody(body) {
  const text = body.toString("utf8").trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidArgument("malformed JSON in exec start body");
  }
}
function registerExecRoutes(router, engine) {
  router.on("POST", "/containers/:id/exec", async ({ req, res, params }) => {
    const config = await readJson(req, { Cmd: [] });
    sendJson(res, 201, { Id: engine.execs.create(params.id, config) });
  });
  router.on("POST", "/exec/:id/start", async ({ req, res, params }) => {
    const body = await readJson(req, {});
    if (!body.Detach) throw invalidArgument('an attached exec start needs "Upgrade: tcp"');
    await engine.execs.start(params.id, void 0);
    sendEmpty(res, 200);
  });
  router.onUpgrade("POST", "/exec/:id/start", async ({ req, socket, head, params }) => {
    try {
      const { body, rest } = await readUpgradeBody(req, socket, head);
      const start = parseStartBody(body);
      const session = engine.execs.get(params.id);
      const tty = start.Tty ?? !!session.Config.Tty;
      const conn = completeUpgrade(socket, rest, body, tty);
      if (start.Detach) {
        conn.end();
        await engine.execs.start(params.id, void 0);
        return;
      }
      const client = attachClientFor(conn, { tty, stdin: !!session.Config.AttachStdin, stdout: session.Config.AttachStdout !== false, stderr: session.Config.AttachStderr !== false });
      await engine.execs.start(params.id, client).catch(() => conn.end());
    } catch (err) {
      refuseUpgrade(socket, err);
    }
  });
  router.on("POST", "/exec/:id/resize", async ({ res, params, query }) => {
    await engine.execs.resize(params.id, queryInt(query, "h") ?? 0, queryInt(query, "w") ?? 0);
    sendEmpty(res, 200);
  });
  router.on("GET", "/exec/:id/json", ({ res, params }) => {
    const session = engine.execs.get(params.id);
    sendJson(res, 200, {
      ID: session.ID,
      Running: session.Running,
      ExitCode: session.ExitCode,
      ProcessConfig: { tty: !!session.Config.Tty, entrypoint: session.Config.Cmd[0], arguments: session.Config.Cmd.slice(1), privileged: !!session.Config.Privileged, user: session.Config.User ?? "" },
      OpenStdin: !!session.Config.AttachStdin,
      OpenStderr: session.Config.AttachStderr !== false,
      OpenStdout: session.Config.AttachStdout !== false,
      CanRemove: !session.Running && session.ExitCode !== null,
      ContainerID: session.ContainerID,
      DetachKeys: "",
      Pid: session.Pid
    });
  });
}

// src/engine/daemon/api/image-routes.ts
import { pipeline } from "node:stream/promises";
function familiar(reference) {
  try {
    return familiarString(parseReference(reference));
  } catch {
    return reference;
  }
}
function unixSeconds(iso) {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1e3) : 0;
}
function imageSummary(image) {
  return {
    Id: image.id,
    ParentId: "",
    RepoTags: image.tags.map(familiar),
    RepoDigests: image.repoDigests.map(familiar),
    Created: unixSeconds(image.created),
    Size: image.size,
    SharedSize: -1,
    Labels: null,
    Containers: -1
  };
}
async function imageInspect(engine, image) {
  const config = await engine.images.config(image);
  return {
    Id: image.id,
    RepoTags: image.tags.map(familiar),
    RepoDigests: image.repoDigests.map(familiar),
    Parent: "",
    Comment: config.comment ?? config.history?.at(-1)?.comment ?? "",
    Created: config.created ?? image.created,
    DockerVersion: config.docker_version ?? "",
    Author: config.author ?? "",
    Config: config.config ?? {},
    Architecture: config.architecture,
    ...config.variant ? { Variant: config.variant } : {},
    Os: config.os,
    Size: image.size,
    GraphDriver: { Name: "overlay2", Data: { LowerDir: image.chainIds.toReversed().map((id) => engine.images.snapshots.layerPath(id)).join(":") } },
    RootFS: { Type: "layers", Layers: config.rootfs.diff_ids },
    Metadata: { LastTagTime: image.lastTagTime ?? "0001-01-01T00:00:00Z" },
    Descriptor: { mediaType: image.manifestMediaType, digest: image.manifestDigest, size: (await engine.images.content.info(image.manifestDigest)).size }
  };
}
function splitImagePath(rest, actions) {
  for (const action of actions) {
    if (rest.endsWith(`/${action}`)) return { name: rest.slice(0, -action.length - 1), action };
  }
  return { name: rest, action: "" };
}
function registerImageRoutes(router, engine) {
  const images = engine.images;
  router.on("GET", "/images/json", ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ["dangling", "label", "reference", "before", "since"]);
    const dangling = filters.get("dangling")?.[0];
    const references = filters.get("reference");
    let list = images.store.list();
    if (dangling !== void 0) list = list.filter((image) => image.tags.length === 0 === (dangling === "true" || dangling === "1"));
    if (references) {
      const patterns = references.map((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, ".")}(:.*)?$`));
      list = list.filter((image) => image.tags.some((tag) => patterns.some((pattern) => pattern.test(familiar(tag)) || pattern.test(tag))));
    }
    list.sort((a, b) => b.created.localeCompare(a.created));
    sendJson(res, 200, list.map(imageSummary));
  });
  router.on("POST", "/images/create", async ({ req, res, query }) => {
    const fromSrc = query.get("fromSrc");
    if (fromSrc === null) {
      const name = query.get("fromImage") ?? "";
      throw notFound(`cannot pull ${name || "an image"}: pulling from a registry is not available in this Minato build yet; use "minato load" or "minato import"`);
    }
    if (fromSrc !== "-") throw invalidArgument("import from a URL is not supported: send the tar in the request body (fromSrc=-)");
    const repo = query.get("repo") || void 0;
    const tag = query.get("tag") || void 0;
    const reference = repo && tag ? `${repo}:${tag}` : repo;
    if (reference) parseReference(reference);
    const changes = query.getAll("changes").flatMap((change) => change.split("\n")).filter(Boolean);
    const image = await images.importRootfs(req, { reference, changes, message: query.get("message") ?? void 0 });
    const send = startJsonStream(res);
    send({ status: image.id });
    res.end();
  });
  router.on("POST", "/images/load", async ({ req, res }) => {
    const { describeLoaded, loadImages } = await import("./archive-load-DFGAHO6U.js");
    const loaded = await loadImages(images, req).catch((err) => {
      throw isMinatoError(err) ? err : invalidArgument(`loading the archive failed: ${messageOf(err)}`);
    });
    const send = startJsonStream(res);
    for (const line of describeLoaded(loaded)) send({ stream: `${line}
` });
    res.end();
  });
  router.on("GET", "/images/get", async ({ res, query }) => {
    const names = query.getAll("names").flatMap((name) => name.split(",")).filter(Boolean);
    if (names.length === 0) throw invalidArgument("no images given to save");
    await sendArchive(engine, res, names);
  });
  router.on("POST", "/images/prune", async ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ["dangling", "until", "label"]);
    const dangling = filters.get("dangling")?.[0];
    sendJson(res, 200, await images.prune({ all: dangling === "false" || dangling === "0" }));
  });
  const perImage = async (ctx) => {
    const rest = ctx.params["*"] ?? "";
    const method = ctx.req.method;
    if (method === "GET") {
      const { name, action } = splitImagePath(rest, ["json", "history", "get"]);
      if (action === "json") return sendJson(ctx.res, 200, await imageInspect(engine, images.resolve(name)));
      if (action === "get") return sendArchive(engine, ctx.res, [name]);
      if (action === "history") return sendJson(ctx.res, 200, await imageHistory(engine, images.resolve(name)));
    } else if (method === "POST") {
      const { name, action } = splitImagePath(rest, ["tag", "push"]);
      if (action === "tag") {
        const repo = ctx.query.get("repo");
        if (!repo) throw invalidArgument("repository name must have at least one component");
        const tag = ctx.query.get("tag");
        images.tag(name, tag ? `${repo}:${tag}` : repo);
        return sendJson(ctx.res, 201, {});
      }
      if (action === "push") throw notFound(`cannot push ${name}: pushing to a registry is not available in this Minato build yet; use "minato save"`);
    } else if (method === "DELETE") {
      await readJson(ctx.req, null);
      return sendJson(ctx.res, 200, images.remove(rest, { force: queryBool(ctx.query, "force"), noPrune: queryBool(ctx.query, "noprune") }));
    }
    throw notFound(`page not found: ${method} /images/${rest}`);
  };
  router.on("GET", "/images/*", perImage).on("POST", "/images/*", perImage).on("DELETE", "/images/*", perImage);
}
async function sendArchive(engine, res, names) {
  const { saveImages } = await import("./archive-save-YZTDRXXI.js");
  const archive = await saveImages(engine.images, names);
  res.writeHead(200, { "Content-Type": "application/x-tar" });
  await pipeline(archive, res);
}
async function imageHistory(engine, image) {
  const config = await engine.images.config(image);
  const manifest = await engine.images.manifest(image);
  const history = config.history ?? [];
  let layerIndex = manifest.layers.length - 1;
  const rows = history.toReversed().map((entry, index) => {
    const size = entry.empty_layer ? 0 : manifest.layers[layerIndex--]?.size ?? 0;
    return {
      Id: index === 0 ? image.id : "<missing>",
      Created: unixSeconds(entry.created ?? ""),
      CreatedBy: entry.created_by ?? "",
      Tags: index === 0 ? image.tags.map(familiar) : null,
      Size: size,
      Comment: entry.comment ?? ""
    };
  });
  return rows;
}

// src/engine/daemon/api/router.ts
var import_find_my_way = __toESM(require_find_my_way(), 1);
var apiVersion = "1.50";
var minApiVersion = "1.24";
function compareVersions(a, b) {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
function parseApiUrl(url) {
  const parsed = new URL(url, "http://docker");
  let pathname = parsed.pathname;
  let version = apiVersion;
  const match = /^\/v(\d+\.\d+)(\/.*)$/.exec(pathname);
  if (match) {
    version = match[1];
    pathname = match[2];
    if (compareVersions(version, apiVersion) > 0) throw invalidArgument(`client version ${version} is too new. Maximum supported API version is ${apiVersion}`);
    if (compareVersions(version, minApiVersion) < 0) throw invalidArgument(`client version ${version} is too old. Minimum supported API version is ${minApiVersion}, please upgrade your client to a newer version`);
  }
  return { version, path: pathname, query: parsed.searchParams };
}
var ApiRouter = class {
  requests = (0, import_find_my_way.default)({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1e3 });
  upgrades = (0, import_find_my_way.default)({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1e3 });
  on(method, path21, handler) {
    this.requests.on(method, path21, () => void 0, { handler });
    return this;
  }
  onUpgrade(method, path21, handler) {
    this.upgrades.on(method, path21, () => void 0, { handler });
    return this;
  }
  findRequest(method, path21) {
    const found = this.requests.find(method, path21);
    if (!found) throw notFound(`page not found: ${method} ${path21}`);
    return { handler: found.store.handler, params: found.params };
  }
  findUpgrade(method, path21) {
    const found = this.upgrades.find(method, path21);
    if (!found) return void 0;
    return { handler: found.store.handler, params: found.params };
  }
};

// src/engine/daemon/api/system-routes.ts
import * as os2 from "node:os";
import { readFileSync as readFileSync3 } from "node:fs";
var engineVersion = minatoVersion();
var pingHeaders = {
  "Api-Version": apiVersion,
  "Ostype": "linux",
  "Builder-Version": "1",
  "Docker-Experimental": "false",
  "Swarm": "inactive",
  "Cache-Control": "no-cache, no-store, must-revalidate",
  "Pragma": "no-cache"
};
function architecture() {
  return process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : process.arch;
}
function goArch() {
  return process.arch === "x64" ? "amd64" : process.arch;
}
function operatingSystem() {
  try {
    const text = readFileSync3("/etc/os-release", "utf8");
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? "Linux";
  } catch {
    return "Linux";
  }
}
function registerSystemRoutes(router, engine) {
  const ping = ({ res, req }) => {
    res.writeHead(200, { ...pingHeaders, "Content-Type": "text/plain; charset=utf-8", "Content-Length": 2 });
    res.end(req.method === "HEAD" ? void 0 : "OK");
  };
  router.on("GET", "/_ping", ping).on("HEAD", "/_ping", ping);
  router.on("GET", "/version", ({ res }) => {
    const details = { ApiVersion: apiVersion, Arch: goArch(), BuildTime: "", Experimental: "false", GitCommit: "", GoVersion: `node${process.versions.node}`, KernelVersion: os2.release(), MinAPIVersion: minApiVersion, Os: "linux" };
    sendJson(res, 200, {
      Platform: { Name: "Minato Engine" },
      Components: [
        { Name: "Engine", Version: engineVersion, Details: details },
        { Name: engine.runtimeChoice.runtime, Version: "", Details: { GitCommit: "" } },
        { Name: "conmon", Version: "", Details: { GitCommit: "" } }
      ],
      Version: engineVersion,
      ...details
    });
  });
  router.on("GET", "/info", ({ res }) => {
    const containers = engine.containers.store.all();
    const running = containers.filter((c) => c.State.Running && !c.State.Paused).length;
    const paused = containers.filter((c) => c.State.Paused).length;
    sendJson(res, 200, {
      ID: engine.paths.dataRoot,
      Containers: containers.length,
      ContainersRunning: running,
      ContainersPaused: paused,
      ContainersStopped: containers.length - running - paused,
      Images: engine.images.store.list().length,
      Driver: "overlay2",
      DriverStatus: [["Backing Filesystem", "overlayfs"], ["Supports d_type", "true"]],
      Plugins: { Volume: ["local"], Network: ["host", "none"], Authorization: null, Log: ["k8s-file"] },
      MemoryLimit: true,
      SwapLimit: true,
      CpuCfsPeriod: true,
      CpuCfsQuota: true,
      CPUShares: true,
      CPUSet: true,
      PidsLimit: true,
      IPv4Forwarding: true,
      Debug: false,
      NFd: 0,
      NGoroutines: 0,
      SystemTime: (/* @__PURE__ */ new Date()).toISOString(),
      LoggingDriver: "k8s-file",
      CgroupDriver: "cgroupfs",
      CgroupVersion: engine.runtimeChoice.cgroupMode === "v2" ? "2" : "1",
      NEventsListener: 0,
      KernelVersion: os2.release(),
      OperatingSystem: operatingSystem(),
      OSVersion: "",
      OSType: "linux",
      Architecture: architecture(),
      NCPU: os2.availableParallelism(),
      MemTotal: engine.hostMemory,
      IndexServerAddress: "https://index.docker.io/v1/",
      RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ["127.0.0.0/8"], Mirrors: [] },
      GenericResources: null,
      DockerRootDir: engine.paths.dataRoot,
      HttpProxy: "",
      HttpsProxy: "",
      NoProxy: "",
      Name: os2.hostname(),
      Labels: [],
      ExperimentalBuild: false,
      ServerVersion: engineVersion,
      Runtimes: Object.fromEntries(Object.values(engine.runtimes).map((runtime) => [runtime.name, { path: runtime.path }])),
      DefaultRuntime: engine.runtimeChoice.runtime,
      Swarm: { NodeID: "", NodeAddr: "", LocalNodeState: "inactive", ControlAvailable: false, Error: "", RemoteManagers: null },
      LiveRestoreEnabled: true,
      Isolation: "",
      InitBinary: "catatonit",
      ContainerdCommit: { ID: "" },
      RuncCommit: { ID: "" },
      InitCommit: { ID: "" },
      SecurityOptions: ["name=seccomp,profile=builtin", "name=no-new-privileges"],
      Warnings: engine.runtimeChoice.notes
    });
  });
}

// src/engine/daemon/api/volume-routes.ts
function volumeView(volume, usedBy) {
  const { Anonymous: _anonymous, ...view } = volume;
  return { ...view, UsageData: { Size: -1, RefCount: usedBy.length } };
}
function registerVolumeRoutes(router, engine) {
  const volumes = engine.volumes;
  router.on("GET", "/volumes", ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ["dangling", "name", "label", "driver"]);
    const dangling = filters.get("dangling")?.[0];
    const list = volumes.list().filter((volume) => {
      const users = volumes.usedBy(volume.Name);
      if (dangling !== void 0 && users.length === 0 !== (dangling === "true" || dangling === "1")) return false;
      if (filters.has("name") && !filters.get("name").some((name) => volume.Name.includes(name))) return false;
      if (filters.has("driver") && !filters.get("driver").includes(volume.Driver)) return false;
      return (filters.get("label") ?? []).every((label) => {
        const [key, value] = label.split("=", 2);
        return key in volume.Labels && (value === void 0 || volume.Labels[key] === value);
      });
    });
    sendJson(res, 200, { Volumes: list.map((volume) => volumeView(volume, volumes.usedBy(volume.Name))), Warnings: [] });
  });
  router.on("POST", "/volumes/create", async ({ req, res }) => {
    const request = await readJson(req, {});
    const volume = await volumes.create(request, { anonymous: false });
    sendJson(res, 201, volumeView(volume, volumes.usedBy(volume.Name)));
  });
  router.on("GET", "/volumes/:name", ({ res, params }) => {
    const volume = volumes.inspect(params.name);
    sendJson(res, 200, volumeView(volume, volumes.usedBy(volume.Name)));
  });
  router.on("DELETE", "/volumes/:name", async ({ res, params, query }) => {
    await volumes.remove(params.name, { force: queryBool(query, "force") });
    sendEmpty(res, 204);
  });
  router.on("POST", "/volumes/prune", async ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ["label", "all"]);
    const all = ["true", "1"].includes(filters.get("all")?.[0] ?? "");
    sendJson(res, 200, await volumes.prune({ all }));
  });
}

// src/engine/daemon/api/server.ts
function createApiRouter(engine) {
  const router = new ApiRouter();
  registerSystemRoutes(router, engine);
  registerContainerRoutes(router, engine);
  registerExecRoutes(router, engine);
  registerImageRoutes(router, engine);
  registerVolumeRoutes(router, engine);
  return router;
}
function createApiServer(engine, log) {
  const router = createApiRouter(engine);
  const logFailure = (err, method, url) => {
    const status = httpStatusOf(err);
    if (status >= 500) log.error({ err, method, url }, "request failed");
    else log.debug({ method, url, status, message: err.message }, "request refused");
  };
  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    res.once("finish", () => log.debug({ method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request"));
    try {
      const { version, path: path21, query } = parseApiUrl(req.url ?? "/");
      const { handler, params } = router.findRequest(req.method ?? "GET", path21);
      await handler({ req, res, params, query, version });
    } catch (err) {
      logFailure(err, req.method, req.url);
      sendError(res, err);
    }
  });
  server.on("upgrade", async (req, socket, head) => {
    socket.on("error", (err) => log.debug({ err }, "upgraded connection error"));
    try {
      const { version, path: path21, query } = parseApiUrl(req.url ?? "/");
      const found = router.findUpgrade(req.method ?? "GET", path21);
      if (!found) throw notFound(`page not found: ${req.method} ${path21} (with Upgrade)`);
      await found.handler({ req, socket, head, params: found.params, query, version });
    } catch (err) {
      logFailure(err, req.method, req.url);
      if (!socket.destroyed) refuseUpgrade(socket, err);
    }
  });
  server.on("clientError", (err, socket) => {
    log.debug({ err }, "malformed HTTP request");
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  server.requestTimeout = 0;
  server.headersTimeout = 6e4;
  server.keepAliveTimeout = 5e3;
  return server;
}

// src/engine/daemon/engine.ts
import { promises as fsp16 } from "node:fs";
import { totalmem } from "node:os";
import * as path19 from "node:path";

// src/util/which.ts
import { accessSync, constants as constants2 } from "node:fs";
import * as path11 from "node:path";
function findExecutable(name, packageHint) {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path11.join(dir, name);
    try {
      accessSync(candidate, constants2.X_OK);
      return candidate;
    } catch {
    }
  }
  throw unavailable(`${name} not found on PATH${packageHint ? ` (install the Debian package ${packageHint}, or run make deps)` : ""}`);
}

// src/engine/content/content-store.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { createReadStream, createWriteStream, promises as fsp10 } from "node:fs";
import * as path12 from "node:path";
import { pipeline as pipeline2 } from "node:stream/promises";
var ContentStore = class {
  root;
  blobsDir;
  ingestDir;
  constructor(root) {
    this.root = root;
    this.blobsDir = path12.join(root, "blobs", "sha256");
    this.ingestDir = path12.join(root, "ingest");
  }
  async init() {
    await fsp10.mkdir(this.blobsDir, { recursive: true });
    await fsp10.rm(this.ingestDir, { recursive: true, force: true });
    await fsp10.mkdir(this.ingestDir, { recursive: true });
  }
  blobPath(digest) {
    return path12.join(this.blobsDir, digestHex(digest));
  }
  async has(digest) {
    try {
      await fsp10.access(this.blobPath(digest));
      return true;
    } catch {
      return false;
    }
  }
  async info(digest) {
    try {
      const stat = await fsp10.stat(this.blobPath(digest));
      return { digest, size: stat.size };
    } catch (err) {
      if (errnoCode(err) === "ENOENT") throw notFound(`blob ${digest} not found`);
      throw err;
    }
  }
  /** Streams a blob in; when `expected` is given the digest (and size) must match or nothing is kept. */
  async ingest(input, expected) {
    const tmp = path12.join(this.ingestDir, randomBytes3(12).toString("hex"));
    const hasher = new DigestingStream();
    try {
      await pipeline2(input, hasher, createWriteStream(tmp, { mode: 420 }));
      const info = { digest: hasher.digest(), size: hasher.size };
      if (expected?.digest && expected.digest !== info.digest) {
        throw invalidArgument(`content digest mismatch: expected ${expected.digest}, got ${info.digest}`);
      }
      if (expected?.size !== void 0 && expected.size !== info.size) {
        throw invalidArgument(`content size mismatch for ${info.digest}: expected ${expected.size} bytes, got ${info.size}`);
      }
      await fsp10.rename(tmp, this.blobPath(info.digest));
      return info;
    } finally {
      await fsp10.rm(tmp, { force: true });
    }
  }
  /** Stores a small blob held in memory (manifests, configs). */
  async put(data) {
    const buffer = typeof data === "string" ? Buffer.from(data) : data;
    const digest = sha256(buffer);
    const file = this.blobPath(digest);
    if (!await this.has(digest)) {
      const tmp = path12.join(this.ingestDir, randomBytes3(12).toString("hex"));
      await fsp10.writeFile(tmp, buffer, { mode: 420 });
      await fsp10.rename(tmp, file);
    }
    return { digest, size: buffer.length };
  }
  /** Adopts a file already on this filesystem (e.g. a layer written by a build) under its digest. */
  async adopt(file, info) {
    await fsp10.rename(file, this.blobPath(info.digest));
  }
  /** A scratch path inside the store's filesystem, for writers that want to adopt() later. */
  scratchPath() {
    return path12.join(this.ingestDir, randomBytes3(12).toString("hex"));
  }
  async read(digest) {
    try {
      return await fsp10.readFile(this.blobPath(digest));
    } catch (err) {
      if (errnoCode(err) === "ENOENT") throw notFound(`blob ${digest} not found`);
      throw err;
    }
  }
  async readJson(digest) {
    return JSON.parse((await this.read(digest)).toString("utf8"));
  }
  openRead(digest) {
    return createReadStream(this.blobPath(digest));
  }
  async delete(digest) {
    await fsp10.rm(this.blobPath(digest), { force: true });
  }
  async list() {
    const names = await fsp10.readdir(this.blobsDir);
    return names.map((hex) => `sha256:${hex}`).filter(isDigest);
  }
};

// src/engine/containers/container-service.ts
import { EventEmitter as EventEmitter2 } from "node:events";
import { promises as fsp12 } from "node:fs";
import * as path15 from "node:path";

// src/engine/containers/mountinfo.ts
import { promises as fsp11 } from "node:fs";
import * as path13 from "node:path";
function unescapeMountPath(field) {
  return field.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(Number.parseInt(octal, 8)));
}
async function mountPoints() {
  const text = await fsp11.readFile("/proc/self/mountinfo", "utf8");
  const points = /* @__PURE__ */ new Set();
  for (const line of text.split("\n")) {
    const field = line.split(" ")[4];
    if (field) points.add(unescapeMountPath(field));
  }
  return points;
}
async function isMountPoint(dir) {
  return (await mountPoints()).has(path13.resolve(dir));
}

// src/engine/containers/mount-requests.ts
import * as path14 from "node:path";
var propagations = ["private", "rprivate", "shared", "rshared", "slave", "rslave"];
function checkTarget(target, spec) {
  if (!path14.posix.isAbsolute(target)) throw invalidArgument(`invalid mount config: invalid mount path: '${target}' mount path must be absolute (in "${spec}")`);
  if (path14.posix.normalize(target) === "/") throw invalidArgument(`invalid specification: destination can't be '/' (in "${spec}")`);
  return path14.posix.normalize(target);
}
function parseBind(spec) {
  const parts = spec.split(":");
  if (parts.length === 1) return { type: "volume", target: checkTarget(parts[0], spec), readonly: false, noCopy: false };
  if (parts.length > 3 || parts.some((part) => part === "")) throw invalidArgument(`invalid volume specification: '${spec}'`);
  const [source, target, modes = ""] = parts;
  let readonly = false;
  let propagation = "rprivate";
  let noCopy = false;
  for (const mode of modes.split(",").filter(Boolean)) {
    if (mode === "ro") readonly = true;
    else if (mode === "rw") readonly = false;
    else if (mode === "nocopy") noCopy = true;
    else if (mode === "z" || mode === "Z") continue;
    else if (propagations.includes(mode)) propagation = mode;
    else throw invalidArgument(`invalid mode: ${mode} (in volume specification '${spec}')`);
  }
  const checkedTarget = checkTarget(target, spec);
  if (source.startsWith("/")) return { type: "bind", source: path14.posix.normalize(source), target: checkedTarget, readonly, propagation };
  if (source.startsWith(".")) throw invalidArgument(`invalid volume specification: '${spec}': a host directory must be an absolute path`);
  return { type: "volume", name: source, target: checkedTarget, readonly, noCopy };
}
function parseTmpfs(target, options) {
  const user = options.split(",").map((option) => option.trim()).filter(Boolean);
  for (const option of user) {
    if (!/^[a-z_]+(=[\w.:,/+-]+)?$/.test(option)) throw invalidArgument(`invalid tmpfs option "${option}" for ${target}`);
  }
  const defaults = ["noexec", "nosuid", "nodev", "size=65536k"].filter((option) => {
    const key = option.split("=")[0];
    if (key === "noexec") return !user.includes("exec");
    if (key === "nosuid") return !user.includes("suid");
    if (key === "nodev") return !user.includes("dev");
    return !user.some((u) => u.startsWith(`${key}=`));
  });
  return { type: "tmpfs", target: checkTarget(target, `--tmpfs ${target}`), options: [...defaults, ...user] };
}
function planMounts(hostConfig) {
  const planned = [];
  for (const bind of hostConfig.Binds ?? []) planned.push(parseBind(bind));
  for (const [index, mount] of (hostConfig.Mounts ?? []).entries()) {
    const where = `HostConfig.Mounts[${index}]`;
    if (!mount.Target) throw invalidArgument(`${where}: Target must not be empty`);
    const target = checkTarget(mount.Target, where);
    if (mount.Type === "bind") {
      if (!mount.Source || !mount.Source.startsWith("/")) throw invalidArgument(`${where}: invalid mount config for type "bind": Source must be an absolute host path`);
      planned.push({ type: "bind", source: mount.Source, target, readonly: !!mount.ReadOnly, propagation: mount.BindOptions?.Propagation || "rprivate" });
    } else if (mount.Type === "volume") {
      planned.push({ type: "volume", ...mount.Source ? { name: mount.Source } : {}, target, readonly: !!mount.ReadOnly, noCopy: !!mount.VolumeOptions?.NoCopy });
    } else if (mount.Type === "tmpfs") {
      const options = [mount.TmpfsOptions?.SizeBytes ? `size=${mount.TmpfsOptions.SizeBytes}` : "", mount.TmpfsOptions?.Mode ? `mode=${mount.TmpfsOptions.Mode.toString(8)}` : ""].filter(Boolean);
      planned.push(parseTmpfs(target, options.join(",")));
    } else {
      throw invalidArgument(`${where}: mount type "${String(mount.Type)}" is not supported (bind, volume, tmpfs)`);
    }
  }
  for (const [target, options] of Object.entries(hostConfig.Tmpfs ?? {})) planned.push(parseTmpfs(target, options));
  const seen = /* @__PURE__ */ new Set();
  for (const mount of planned) {
    if (seen.has(mount.target)) throw invalidArgument(`Duplicate mount point: ${mount.target}`);
    seen.add(mount.target);
  }
  return planned;
}

// src/engine/containers/restart-policy.ts
var initialRestartDelayMs = 100;
var maxRestartDelayMs = 6e4;
var stableRunMs = 1e4;
function shouldRestart(policy, facts) {
  if (facts.manuallyStopped) return false;
  switch (policy?.Name) {
    case "always":
    case "unless-stopped":
      return true;
    case "on-failure": {
      if (facts.exitCode === 0) return false;
      const max = policy.MaximumRetryCount ?? 0;
      return max === 0 || facts.restartCount < max;
    }
    default:
      return false;
  }
}
function nextRestartDelay(previousDelayMs, ranForMs) {
  if (ranForMs >= stableRunMs || previousDelayMs <= 0) return initialRestartDelayMs;
  return Math.min(previousDelayMs * 2, maxRestartDelayMs);
}
function restartsOnDaemonStart(policy, wasRunning, manuallyStopped) {
  if (policy?.Name === "always") return wasRunning || !manuallyStopped;
  if (policy?.Name === "unless-stopped") return !manuallyStopped;
  return false;
}

// src/engine/containers/types.ts
function initialState() {
  return {
    Status: "created",
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: "",
    StartedAt: "0001-01-01T00:00:00Z",
    FinishedAt: "0001-01-01T00:00:00Z"
  };
}

// src/engine/containers/container-service.ts
var ContainerService = class extends EventEmitter2 {
  o;
  locks = /* @__PURE__ */ new Map();
  restartTimers = /* @__PURE__ */ new Map();
  restartDelays = /* @__PURE__ */ new Map();
  /** Containers between conmon create and their state being saved as running. */
  starting = /* @__PURE__ */ new Set();
  /** Exits seen for containers still starting: handled once the start has been recorded. */
  deferredExits = /* @__PURE__ */ new Map();
  constructor(options) {
    super();
    this.setMaxListeners(0);
    this.o = options;
  }
  get store() {
    return this.o.store;
  }
  /** Runs fn with the container's operation lock held. */
  async locked(id, fn) {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run2 = previous.catch(() => void 0).then(fn);
    const tail = run2.catch(() => void 0);
    this.locks.set(id, tail);
    try {
      return await run2;
    } finally {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    }
  }
  runtimeOf(record) {
    return this.o.runtimes[record.runtime];
  }
  // ---- create -------------------------------------------------------------------------------
  async create(request) {
    const { config: requested, hostConfig: host } = request;
    if (request.name !== void 0 && request.name !== "" && !containerNamePattern.test(request.name)) {
      throw invalidArgument(`Invalid container name (${request.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    if (!requested.Image) throw invalidArgument("no image specified: Config.Image must be set");
    const image = this.o.images.resolve(requested.Image);
    const imageConfig = (await this.o.images.config(image)).config ?? {};
    const config = mergeImageConfig(requested, imageConfig);
    validateHostConfig(host, config);
    const { path: command, args } = commandOf(config);
    const runtime = host.Runtime || this.o.defaultRuntime;
    if (!(runtime in this.o.runtimes)) throw invalidArgument(`unknown or invalid runtime name: ${host.Runtime}`);
    const name = `/${(request.name || this.uniqueName()).replace(/^\//, "")}`;
    const existing = this.o.store.find(name);
    if (existing) {
      throw conflict(`Conflict. The container name "${name}" is already in use by container "${existing.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    const planned = planMounts(host);
    for (const volumePath of Object.keys(config.Volumes ?? {})) {
      if (!planned.some((mount) => mount.target === path15.posix.normalize(volumePath))) {
        planned.push({ type: "volume", target: path15.posix.normalize(volumePath), readonly: false, noCopy: false });
      }
    }
    const id = newId();
    const bundle = this.o.paths.container(id);
    const mounts = await this.resolveMounts(planned);
    const record = {
      Id: id,
      Name: name,
      Created: (/* @__PURE__ */ new Date()).toISOString(),
      Path: command,
      Args: args,
      Config: config,
      HostConfig: { NetworkMode: "default", RestartPolicy: { Name: "no", MaximumRetryCount: 0 }, ...host },
      Image: image.id,
      State: initialState(),
      RestartCount: 0,
      Mounts: mounts,
      LogPath: path15.join(bundle, `${id}-json.log`),
      HostnamePath: path15.join(bundle, "hostname"),
      HostsPath: path15.join(bundle, "hosts"),
      ResolvConfPath: path15.join(bundle, "resolv.conf"),
      runtime,
      manuallyStopped: false,
      layers: image.chainIds
    };
    try {
      this.o.store.insert(record);
    } catch (err) {
      await this.removeAnonymousVolumes(mounts);
      throw err;
    }
    try {
      await fsp12.mkdir(rootfsPath(bundle), { recursive: true, mode: 448 });
      await this.o.images.unpack(image);
      await this.o.snapshots.prepare(id, image.chainIds);
    } catch (err) {
      await this.destroy(record).catch(() => void 0);
      throw err;
    }
    this.o.log.info({ container: id, name, image: image.id }, "container created");
    return { Id: id, Warnings: [] };
  }
  uniqueName() {
    for (; ; ) {
      const name = randomName();
      if (!this.o.store.find(name)) return name;
    }
  }
  async resolveMounts(planned) {
    const mounts = [];
    for (const mount of planned) {
      if (mount.type === "bind") {
        if (!await pathExists(mount.source)) await fsp12.mkdir(mount.source, { recursive: true });
        mounts.push({ Type: "bind", Source: mount.source, Destination: mount.target, Mode: mount.readonly ? "ro" : "", RW: !mount.readonly, Propagation: mount.propagation });
      } else if (mount.type === "volume") {
        const volume = await this.o.volumes.create({ Name: mount.name }, { anonymous: !mount.name });
        mounts.push({ Type: "volume", Name: volume.Name, Source: volume.Mountpoint, Destination: mount.target, Driver: "local", Mode: mount.noCopy ? "nocopy" : mount.readonly ? "ro" : "z", RW: !mount.readonly, Propagation: "", Anonymous: volume.Anonymous });
      } else {
        mounts.push({ Type: "tmpfs", Source: "", Destination: mount.target, Mode: mount.options.join(","), RW: true, Propagation: "" });
      }
    }
    return mounts;
  }
  // ---- start --------------------------------------------------------------------------------
  async start(idOrName) {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      if (record.State.Running && !record.State.Restarting) throw notModified("container already started");
      this.cancelRestart(Id);
      record.manuallyStopped = false;
      record.RestartCount = 0;
      this.restartDelays.delete(Id);
      await this.startLocked(record);
    });
  }
  async startLocked(record) {
    const id = record.Id;
    const bundle = this.o.paths.container(id);
    const rootfs = rootfsPath(bundle);
    const runtime = this.runtimeOf(record);
    const persistDir = path15.join(bundle, "conmon");
    this.starting.add(id);
    const t = [performance.now()];
    try {
      if (!await isMountPoint(rootfs)) await this.o.snapshots.mount(id, rootfs);
      t.push(performance.now());
      await this.copyUpVolumes(record, rootfs);
      await this.o.exitMonitor().forget(id);
      await removePath(persistDir);
      await fsp12.mkdir(persistDir, { recursive: true });
      t.push(performance.now());
      const written = await writeBundle(bundle, record, this.o.bundleEnvironment);
      t.push(performance.now());
      const pid = await createContainerMonitor(
        { conmonPath: this.o.conmonPath, runtime, exitDir: this.o.paths.exits, socketDir: this.o.paths.sockets },
        {
          id,
          attachKey: attachKey(id),
          name: record.Name.slice(1),
          bundle,
          logPath: record.LogPath,
          pidFile: path15.join(bundle, "pidfile"),
          conmonPidFile: path15.join(bundle, "conmon.pid"),
          persistDir,
          stdin: !!record.Config.OpenStdin,
          terminal: !!record.Config.Tty,
          leaveStdinOpen: !record.Config.StdinOnce
        }
      );
      if (written.seccompToLearn) await this.o.bundleEnvironment.seccompCache(record.runtime)?.learn(written.seccompToLearn, path15.join(runtime.stateRoot, id, "seccomp.bpf"));
      t.push(performance.now());
      await this.o.attachHub.connectWaiting(id, this.attachSocketPath(id));
      t.push(performance.now());
      await runtime.start(id);
      t.push(performance.now());
      this.o.log.debug({ steps: t.map((x, i) => i === 0 ? 0 : Math.round(x - t[i - 1])) }, "start timing");
      record.State = { ...record.State, Status: "running", Running: true, Restarting: false, Paused: false, OOMKilled: false, Dead: false, Pid: pid, ExitCode: 0, Error: "", StartedAt: (/* @__PURE__ */ new Date()).toISOString() };
      this.o.store.save(record);
      this.emit("start", id);
      this.o.log.info({ container: id, pid }, "container started");
    } catch (err) {
      await this.cleanupAfterRun(record).catch((cleanupErr) => this.o.log.warn({ err: cleanupErr, container: id }, "cleanup after failed start"));
      const failure = err instanceof RuntimeCreateError ? explainStartFailure(err.message, record.Path) : void 0;
      const message = failure?.message ?? messageOf(err);
      record.State = { ...record.State, Status: record.State.StartedAt.startsWith("0001-") ? "created" : "exited", Running: false, Restarting: false, Pid: 0, Error: message, ExitCode: failure?.exitCode ?? 128 };
      this.o.store.save(record);
      this.o.attachHub.cancelWaiting(id, new Error(message));
      this.emit("exit", id, record.State.ExitCode);
      if (record.HostConfig.AutoRemove) void this.autoRemove(id);
      if (failure) throw invalidArgument(failure.message);
      if (err instanceof MinatoError) throw err;
      throw new MinatoError("Internal", message, { cause: err });
    } finally {
      this.starting.delete(id);
      const deferred = this.deferredExits.get(id);
      if (deferred !== void 0) {
        this.deferredExits.delete(id);
        this.handleExit(id, deferred);
      }
    }
  }
  attachSocketPath(idOrExecId) {
    return path15.join(this.o.paths.sockets, attachKey(idOrExecId), "attach");
  }
  /** Docker copies what the image has at a volume's path into a new, empty volume. */
  async copyUpVolumes(record, rootfs) {
    for (const mount of record.Mounts) {
      if (mount.Type !== "volume" || mount.Mode === "nocopy") continue;
      const entries = await fsp12.readdir(mount.Source).catch(() => ["unreadable"]);
      if (entries.length > 0) continue;
      const source = await resolveInRoot(rootfs, mount.Destination);
      const stat = await fsp12.lstat(source).catch(() => void 0);
      if (!stat?.isDirectory()) continue;
      await runCommand("cp", ["-a", "--", `${source}/.`, `${mount.Source}/`]);
    }
  }
  // ---- exits --------------------------------------------------------------------------------
  /** Called by the exit monitor when conmon has written a container's exit file. */
  handleExit(id, exitCode) {
    if (this.starting.has(id)) {
      this.deferredExits.set(id, exitCode);
      return;
    }
    void this.finishExit(id, exitCode).catch((err) => this.o.log.error({ err, container: id }, "handling container exit failed"));
  }
  async finishExit(id, exitCode) {
    const record = this.o.store.get(id);
    if (!record || !record.State.Running || record.State.Restarting) {
      await this.o.exitMonitor().forget(id);
      return;
    }
    const oomKilled = await pathExists(path15.join(this.o.paths.container(id), "conmon", "oom"));
    const startedAt = Date.parse(record.State.StartedAt);
    record.State = { ...record.State, Status: "exited", Running: false, Paused: false, Restarting: false, Pid: 0, ExitCode: exitCode, OOMKilled: oomKilled, FinishedAt: (/* @__PURE__ */ new Date()).toISOString() };
    const restart = shouldRestart(record.HostConfig.RestartPolicy, { exitCode, manuallyStopped: record.manuallyStopped, restartCount: record.RestartCount });
    if (restart) record.State = { ...record.State, Status: "restarting", Restarting: true, Running: true };
    this.o.store.save(record);
    await this.o.exitMonitor().forget(id);
    this.o.log.info({ container: id, exitCode, oomKilled }, "container exited");
    this.emit("exit", id, exitCode);
    await this.locked(id, () => this.cleanupAfterRun(record));
    if (restart) this.scheduleRestart(id, Date.now() - startedAt);
    else if (record.HostConfig.AutoRemove) void this.autoRemove(id);
  }
  /** Runtime state, rootfs mount and conmon's leftovers of a container that is not running. */
  async cleanupAfterRun(record) {
    const bundle = this.o.paths.container(record.Id);
    await this.runtimeOf(record).delete(record.Id, true).catch((err) => this.o.log.warn({ err, container: record.Id }, "runtime delete failed"));
    await this.o.snapshots.unmount(rootfsPath(bundle));
    await Promise.all([
      removePath(path15.join(this.o.paths.sockets, attachKey(record.Id))),
      removePath(path15.join(bundle, "ctl")),
      removePath(path15.join(bundle, "winsz")),
      removePath(path15.join(bundle, "attach"))
    ]);
  }
  scheduleRestart(id, ranForMs) {
    const delayMs = nextRestartDelay(this.restartDelays.get(id) ?? 0, ranForMs);
    this.restartDelays.set(id, delayMs);
    const timer = setTimeout(() => {
      this.restartTimers.delete(id);
      void this.locked(id, async () => {
        const record = this.o.store.get(id);
        if (!record || !record.State.Restarting) return;
        record.RestartCount += 1;
        await this.startLocked(record);
      }).catch((err) => this.o.log.warn({ err, container: id }, "restart failed"));
    }, delayMs);
    this.restartTimers.set(id, { timer, delayMs });
  }
  cancelRestart(id) {
    const pending = this.restartTimers.get(id);
    if (!pending) return false;
    clearTimeout(pending.timer);
    this.restartTimers.delete(id);
    return true;
  }
  async autoRemove(id) {
    await this.remove(id, { force: true, volumes: true }).catch((err) => {
      if (!isMinatoError(err, "NotFound")) this.o.log.warn({ err, container: id }, "auto-remove failed");
    });
  }
  /** Resolves with the exit code of the container's next exit. */
  nextExit(id) {
    return new Promise((resolve5) => {
      const onExit = (exitedId, code) => {
        if (exitedId !== id) return;
        this.off("exit", onExit);
        resolve5(code);
      };
      this.on("exit", onExit);
    });
  }
  nextRemoval(id) {
    return new Promise((resolve5) => {
      const onRemoved = (removedId) => {
        if (removedId !== id) return;
        this.off("removed", onRemoved);
        resolve5();
      };
      this.on("removed", onRemoved);
    });
  }
  // ---- stop, kill, restart ------------------------------------------------------------------
  async stop(idOrName, options = {}) {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, () => this.stopLocked(Id, options));
  }
  async stopLocked(id, options) {
    const record = this.o.store.resolve(id);
    if (record.State.Restarting && this.cancelRestart(id)) {
      record.manuallyStopped = true;
      record.State = { ...record.State, Status: "exited", Running: false, Restarting: false };
      this.o.store.save(record);
      return;
    }
    if (!record.State.Running) throw notModified("container already stopped");
    record.manuallyStopped = true;
    this.o.store.save(record);
    const exited = this.nextExit(id);
    const runtime = this.runtimeOf(record);
    const signal = parseSignal(options.signal || record.Config.StopSignal || "SIGTERM").name;
    const timeout = options.timeoutSeconds ?? record.Config.StopTimeout ?? 10;
    await runtime.kill(id, signal).catch((err) => this.o.log.debug({ err, container: id }, "stop signal not delivered"));
    if (timeout < 0) {
      await exited;
      return;
    }
    if (await settlesWithin(exited, timeout * 1e3)) return;
    this.o.log.info({ container: id, timeout }, "container did not stop in time: killing it");
    await runtime.kill(id, "SIGKILL", true).catch((err) => this.o.log.debug({ err, container: id }, "SIGKILL not delivered"));
    if (!await settlesWithin(exited, 3e4)) {
      throw new MinatoError("Internal", `container ${id.slice(0, 12)} did not exit after SIGKILL`);
    }
  }
  async kill(idOrName, signalName = "SIGKILL") {
    const record = this.o.store.resolve(idOrName);
    const signal = parseSignal(signalName);
    await this.locked(record.Id, async () => {
      const current = this.o.store.resolve(record.Id);
      if (!current.State.Running || current.State.Restarting) {
        throw conflict(`cannot kill container: ${idOrName}: container ${current.Id} is not running`);
      }
      const stopSignal = parseSignal(current.Config.StopSignal || "SIGTERM").number;
      if (signal.number === 9 || signal.number === stopSignal) {
        current.manuallyStopped = true;
        this.o.store.save(current);
      }
      await this.runtimeOf(current).kill(current.Id, signal.name, signal.number === 9);
    });
  }
  async restart(idOrName, options = {}) {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      try {
        await this.stopLocked(Id, options);
      } catch (err) {
        if (!isMinatoError(err, "NotModified")) throw err;
      }
      const record = this.o.store.resolve(Id);
      record.manuallyStopped = false;
      await this.startLocked(record);
    });
  }
  /** `docker rename`: names stay unique; the container may be running. */
  async rename(idOrName, newName) {
    const name = newName.replace(/^\//, "");
    if (!containerNamePattern.test(name)) throw invalidArgument(`Invalid container name (${newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      if (record.Name === `/${name}`) throw conflict(`Renaming a container with the same name as its current name`);
      const taken = this.o.store.find(`/${name}`);
      if (taken) throw conflict(`Conflict. The container name "/${name}" is already in use by container "${taken.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
      record.Name = `/${name}`;
      this.o.store.save(record);
    });
  }
  // ---- remove -------------------------------------------------------------------------------
  async remove(idOrName, options = {}) {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      if (record.State.Running && !record.State.Restarting) {
        if (!options.force) {
          throw conflict(`cannot remove container "${record.Name}": container is running: stop the container before removing or force remove`);
        }
        record.manuallyStopped = true;
        this.o.store.save(record);
        const exited = this.nextExit(Id);
        await this.runtimeOf(record).kill(Id, "SIGKILL", true).catch(() => void 0);
        if (!await settlesWithin(exited, 3e4)) this.o.log.warn({ container: Id }, "container did not report its exit after SIGKILL; removing anyway");
      }
      this.cancelRestart(Id);
      this.restartDelays.delete(Id);
      this.o.attachHub.cancelWaiting(Id);
      await this.destroy(this.o.store.get(Id) ?? record);
      if (options.volumes) await this.removeAnonymousVolumes(record.Mounts);
      this.o.log.info({ container: Id }, "container removed");
      this.emit("removed", Id);
    });
  }
  async destroy(record) {
    await this.cleanupAfterRun(record);
    await this.o.snapshots.remove(record.Id);
    await removePath(path15.join(this.o.paths.container(record.Id)));
    this.o.store.delete(record.Id);
  }
  async removeAnonymousVolumes(mounts) {
    for (const mount of mounts) {
      if (mount.Type !== "volume" || !mount.Anonymous || !mount.Name) continue;
      await this.o.volumes.remove(mount.Name).catch((err) => this.o.log.debug({ err, volume: mount.Name }, "anonymous volume kept"));
    }
  }
  // ---- wait ---------------------------------------------------------------------------------
  /**
   * `docker wait` / POST /wait: resolves with the exit code once the condition holds.
   * Subscribes before returning, so an exit that happens after the call is never missed.
   */
  waitFor(idOrName, condition = "not-running") {
    const record = this.o.store.resolve(idOrName);
    const id = record.Id;
    if (condition === "removed") {
      let lastExit = record.State.ExitCode;
      const onExit = (exitedId, code) => {
        if (exitedId === id) lastExit = code;
      };
      this.on("exit", onExit);
      return this.nextRemoval(id).then(() => {
        this.off("exit", onExit);
        return lastExit;
      });
    }
    if (condition === "not-running" && !record.State.Running) return Promise.resolve(record.State.ExitCode);
    return this.nextExit(id);
  }
  // ---- daemon start -------------------------------------------------------------------------
  /**
   * After a daemon (re)start: containers whose conmon still runs are adopted; those that exited
   * meanwhile are finished by the exit monitor's scan; those whose conmon vanished (a reboot)
   * are marked exited. Then restart policies bring back what Docker would bring back.
   */
  async recover() {
    for (const record of this.o.store.all()) {
      const active = record.State.Running || record.State.Restarting || record.State.Paused;
      if (!active) continue;
      if (await this.o.exitMonitor().hasExited(record.Id)) continue;
      if (record.State.Restarting || !await this.conmonAlive(record)) {
        await this.cleanupAfterRun(record).catch(() => void 0);
        record.State = { ...record.State, Status: "exited", Running: false, Restarting: false, Paused: false, Pid: 0, ExitCode: record.State.Restarting ? record.State.ExitCode : 255, FinishedAt: (/* @__PURE__ */ new Date()).toISOString() };
        this.o.store.save(record);
        if (restartsOnDaemonStart(record.HostConfig.RestartPolicy, true, record.manuallyStopped)) {
          await this.start(record.Id).catch((err) => this.o.log.warn({ err, container: record.Id }, "restart on daemon start failed"));
        }
      } else {
        this.o.log.info({ container: record.Id, pid: record.State.Pid }, "re-adopted running container");
      }
    }
  }
  async conmonAlive(record) {
    const pid = Number((await readFileIfExists(path15.join(this.o.paths.container(record.Id), "conmon.pid")))?.trim());
    if (!pid) return false;
    const cmdline = await readFileIfExists(`/proc/${pid}/cmdline`);
    return !!cmdline && cmdline.includes(record.Id);
  }
  /** Safety net for lost exit events: a running container whose conmon is gone. */
  async reconcileRunning() {
    await this.o.exitMonitor().scan();
    for (const record of this.o.store.all()) {
      if (!record.State.Running || record.State.Restarting || this.locks.has(record.Id)) continue;
      if (await this.o.exitMonitor().hasExited(record.Id)) continue;
      if (!await this.conmonAlive(record)) {
        this.o.log.warn({ container: record.Id }, "conmon vanished without an exit file: marking the container exited");
        this.handleExit(record.Id, 255);
      }
    }
  }
  /** Used by the image service: which containers use an image. */
  containersUsingImage(imageId) {
    return this.o.store.all().filter((record) => record.Image === imageId).map((record) => ({ id: record.Id, running: record.State.Running }));
  }
  /** Used by the volume service: which containers mount a volume. */
  containersUsingVolume(name) {
    return this.o.store.all().filter((record) => record.Mounts.some((mount) => mount.Type === "volume" && mount.Name === name)).map((record) => record.Id);
  }
  shutdown() {
    for (const { timer } of this.restartTimers.values()) clearTimeout(timer);
    this.restartTimers.clear();
  }
};
function settlesWithin(promise, ms) {
  return new Promise((resolve5) => {
    const timer = setTimeout(() => resolve5(false), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve5(true);
      },
      () => {
        clearTimeout(timer);
        resolve5(true);
      }
    );
  });
}

// src/engine/metadata/database.ts
import { DatabaseSync } from "node:sqlite";
var schemaVersion = 1;
var schema = `
CREATE TABLE IF NOT EXISTS images (
  id TEXT PRIMARY KEY,              -- config digest (Docker's image ID)
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tags (
  name TEXT PRIMARY KEY,            -- full reference, e.g. docker.io/library/busybox:latest
  image_id TEXT NOT NULL REFERENCES images(id)
);
CREATE INDEX IF NOT EXISTS tags_by_image ON tags(image_id);
CREATE TABLE IF NOT EXISTS containers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS volumes (
  name TEXT PRIMARY KEY,
  record TEXT NOT NULL
);
`;
var MetadataDatabase = class {
  db;
  statements = /* @__PURE__ */ new Map();
  constructor(file) {
    this.db = new DatabaseSync(file);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
    const version = this.db.prepare("PRAGMA user_version").get().user_version;
    if (version > schemaVersion) {
      throw new Error(`metadata database ${file} has schema version ${version}, newer than this Minato understands (${schemaVersion})`);
    }
    this.db.exec(schema);
    this.db.exec(`PRAGMA user_version = ${schemaVersion}`);
  }
  /** A cached prepared statement. */
  statement(sql) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
  /** Runs fn in a transaction (synchronous: node:sqlite is synchronous). */
  transaction(fn) {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }
  close() {
    this.db.close();
  }
};
var RecordTable = class {
  database;
  table;
  key;
  constructor(database, table, key) {
    this.database = database;
    this.table = table;
    this.key = key;
  }
  get(key) {
    const row = this.database.statement(`SELECT record FROM ${this.table} WHERE ${this.key} = ?`).get(key);
    return row ? JSON.parse(row.record) : void 0;
  }
  all() {
    const rows = this.database.statement(`SELECT record FROM ${this.table}`).all();
    return rows.map((row) => JSON.parse(row.record));
  }
  delete(key) {
    return Number(this.database.statement(`DELETE FROM ${this.table} WHERE ${this.key} = ?`).run(key).changes) > 0;
  }
};

// src/engine/containers/container-store.ts
var ContainerStore = class {
  database;
  table;
  constructor(database) {
    this.database = database;
    this.table = new RecordTable(database, "containers", "id");
  }
  /** Inserts a new container; 409 when the name is taken. */
  insert(record) {
    const taken = this.database.statement("SELECT id FROM containers WHERE name = ?").get(record.Name);
    if (taken) {
      throw conflict(`Conflict. The container name "${record.Name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    this.database.statement("INSERT INTO containers (id, name, record) VALUES (?, ?, ?)").run(record.Id, record.Name, JSON.stringify(record));
  }
  save(record) {
    this.database.statement("UPDATE containers SET name = ?, record = ? WHERE id = ?").run(record.Name, JSON.stringify(record), record.Id);
  }
  get(id) {
    return this.table.get(id);
  }
  all() {
    return this.table.all();
  }
  delete(id) {
    this.table.delete(id);
  }
  /** By full ID, exact name (with or without "/"), or unique ID prefix. */
  find(idOrName) {
    if (idOrName === "") return void 0;
    const byId = this.table.get(idOrName);
    if (byId) return byId;
    const name = idOrName.startsWith("/") ? idOrName : `/${idOrName}`;
    const byName2 = this.database.statement("SELECT record FROM containers WHERE name = ?").get(name);
    if (byName2) return JSON.parse(byName2.record);
    if (!/^[a-f0-9]+$/.test(idOrName)) return void 0;
    const matches = this.database.statement("SELECT record FROM containers WHERE substr(id, 1, ?) = ?").all(idOrName.length, idOrName);
    if (matches.length > 1) throw conflict(`multiple containers found with provided prefix: ${idOrName}`);
    return matches[0] ? JSON.parse(matches[0].record) : void 0;
  }
  resolve(idOrName) {
    const record = this.find(idOrName);
    if (!record) throw notFound(`No such container: ${idOrName}`);
    return record;
  }
};

// src/engine/containers/exit-monitor.ts
import { promises as fsp13, watch as watch2 } from "node:fs";
import * as path16 from "node:path";
var ExitMonitor = class {
  dir;
  onExit;
  log;
  watcher;
  seen = /* @__PURE__ */ new Set();
  constructor(dir, onExit, log) {
    this.dir = dir;
    this.onExit = onExit;
    this.log = log;
  }
  async start() {
    await fsp13.mkdir(this.dir, { recursive: true });
    this.watcher = watch2(this.dir, (_event, filename) => {
      if (filename) void this.check(filename.toString().split(".")[0]);
    });
    this.watcher.on("error", (err) => this.log.error({ err }, "exit directory watch failed"));
    await this.scan();
  }
  /** Looks at every exit file now (at start-up, and as a safety net for missed events). */
  async scan() {
    for (const name of await fsp13.readdir(this.dir).catch(() => [])) await this.check(name);
  }
  /** Reads one exit file; the caller calls forget() once it has handled the exit. */
  async check(name) {
    if (name === "" || name.includes(".") || this.seen.has(name)) return;
    let text;
    try {
      text = await fsp13.readFile(path16.join(this.dir, name), "utf8");
    } catch (err) {
      if (errnoCode(err) !== "ENOENT") this.log.warn({ err, file: name }, "cannot read exit file");
      return;
    }
    const code = Number.parseInt(text.trim(), 10);
    if (Number.isNaN(code)) return;
    if (this.seen.has(name)) return;
    this.seen.add(name);
    this.onExit(name, code);
  }
  /** Removes the exit file of a handled exit so the next run of the container can be seen. */
  async forget(id) {
    await fsp13.rm(path16.join(this.dir, id), { force: true });
    this.seen.delete(id);
  }
  /** Whether an exit file exists for the container (i.e. it exited, handled or not). */
  async hasExited(id) {
    try {
      await fsp13.access(path16.join(this.dir, id));
      return true;
    } catch {
      return false;
    }
  }
  stop() {
    this.watcher?.close();
  }
};

// src/engine/images/chain-id.ts
function chainIds(diffIds) {
  const chain = [];
  for (const diffId of diffIds) {
    const parent = chain.at(-1);
    chain.push(parent === void 0 ? diffId : sha256(`${parent} ${diffId}`));
  }
  return chain;
}

// src/engine/images/image-store.ts
var ImageStore = class {
  database;
  images;
  constructor(database) {
    this.database = database;
    this.images = new RecordTable(database, "images", "id");
  }
  /** Adds (or refreshes) an image and points `tags` (full references) at it. */
  put(record, tags = []) {
    this.database.transaction(() => {
      const existing = this.images.get(record.id);
      const merged = existing ? { ...record, repoDigests: [.../* @__PURE__ */ new Set([...existing.repoDigests, ...record.repoDigests])] } : record;
      if (tags.length > 0) merged.lastTagTime = (/* @__PURE__ */ new Date()).toISOString();
      this.database.statement("INSERT INTO images (id, record) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record").run(record.id, JSON.stringify(merged));
      for (const tag of tags) this.setTag(tag, record.id);
    });
  }
  setTag(name, imageId) {
    this.database.statement("INSERT INTO tags (name, image_id) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id").run(name, imageId);
  }
  tag(imageId, name) {
    this.database.transaction(() => {
      const record = this.images.get(imageId);
      if (!record) throw notFound(`No such image: ${imageId}`);
      record.lastTagTime = (/* @__PURE__ */ new Date()).toISOString();
      this.database.statement("UPDATE images SET record = ? WHERE id = ?").run(JSON.stringify(record), imageId);
      this.setTag(name, imageId);
    });
  }
  /** Removes one name; returns whether it existed. */
  untag(name) {
    return Number(this.database.statement("DELETE FROM tags WHERE name = ?").run(name).changes) > 0;
  }
  get(id) {
    return this.images.get(id);
  }
  tagsOf(id) {
    const rows = this.database.statement("SELECT name FROM tags WHERE image_id = ? ORDER BY name").all(id);
    return rows.map((row) => row.name);
  }
  imageIdForTag(name) {
    const row = this.database.statement("SELECT image_id FROM tags WHERE name = ?").get(name);
    return row?.image_id;
  }
  list() {
    const rows = this.database.statement("SELECT name, image_id FROM tags").all();
    const tagsById = /* @__PURE__ */ new Map();
    for (const row of rows) tagsById.set(row.image_id, [...tagsById.get(row.image_id) ?? [], row.name]);
    return this.images.all().map((image) => ({ ...image, tags: (tagsById.get(image.id) ?? []).sort() }));
  }
  /** Deletes the image record; its names must already be gone. */
  delete(id) {
    this.database.transaction(() => {
      if (this.tagsOf(id).length > 0) throw conflict(`image ${id} still has names`);
      this.images.delete(id);
    });
  }
  /**
   * Finds an image the way Docker does: by name (tag defaults to latest), by `name@digest`,
   * by full ID, or by a unique ID prefix. Throws `No such image: <input>`.
   */
  resolve(input) {
    const image = this.find(input);
    if (!image) throw notFound(`No such image: ${input}`);
    return { ...image, tags: this.tagsOf(image.id) };
  }
  find(input) {
    if (input === "") throw invalidArgument("image reference must not be empty");
    const idHex = imageIdPrefix(input);
    if (idHex && (input.startsWith("sha256:") || idHex.length === 64)) return this.findByIdPrefix(idHex, input);
    let ref;
    try {
      ref = parseReference(input);
    } catch (err) {
      if (idHex) return this.findByIdPrefix(idHex, input);
      throw err;
    }
    if (ref.digest) {
      const repoDigest = `${repositoryName(ref)}@${ref.digest}`;
      const byDigest = this.images.all().find((image) => image.repoDigests.includes(repoDigest));
      if (byDigest) return byDigest;
    } else {
      const imageId = this.imageIdForTag(formatReference(withDefaultTag(ref)));
      if (imageId) return this.images.get(imageId);
    }
    return idHex ? this.findByIdPrefix(idHex, input) : void 0;
  }
  findByIdPrefix(hex, input) {
    const prefix = `sha256:${hex}`;
    const matches = this.database.statement("SELECT id FROM images WHERE substr(id, 1, ?) = ?").all(prefix.length, prefix);
    if (matches.length > 1) throw conflict(`multiple IDs found with provided prefix: ${input}`);
    return matches.length === 1 ? this.images.get(matches[0].id) : void 0;
  }
};

// src/engine/images/image-service.ts
var ImageService = class {
  content;
  store;
  snapshots;
  log;
  users;
  constructor(content, store, snapshots, log) {
    this.content = content;
    this.store = store;
    this.snapshots = snapshots;
    this.log = log;
  }
  setUsers(users) {
    this.users = users;
  }
  resolve(nameOrId) {
    return this.store.resolve(nameOrId);
  }
  async manifest(image) {
    return this.content.readJson(image.manifestDigest);
  }
  async config(image) {
    return this.content.readJson(image.id);
  }
  /** Records an image whose manifest, config and layers are already in the content store. */
  async register(manifestDigest, options = {}) {
    const manifestBlob = await this.content.read(manifestDigest);
    const manifest = JSON.parse(manifestBlob.toString());
    const config = await this.content.readJson(manifest.config.digest);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) {
      throw internal(`image ${manifest.config.digest}: config lists ${diffIds.length} layers but the manifest has ${manifest.layers.length}`);
    }
    const layerSizes = await Promise.all(manifest.layers.map((layer) => this.uncompressedSize(layer.digest, layer.mediaType)));
    const record = {
      id: manifest.config.digest,
      manifestDigest,
      manifestMediaType: manifest.mediaType ?? MediaType.ociManifest,
      repoDigests: options.repoDigests ?? [],
      created: config.created ?? (/* @__PURE__ */ new Date(0)).toISOString(),
      size: layerSizes.reduce((sum, size) => sum + size, 0),
      chainIds: chainIds(diffIds)
    };
    this.store.put(record, options.tags ?? []);
    return record;
  }
  async uncompressedSize(digest, mediaType) {
    if (mediaType === MediaType.ociLayer || mediaType === MediaType.dockerLayer) return (await this.content.info(digest)).size;
    return (await inspectLayer(this.content.openRead(digest))).size;
  }
  /** `docker import`: one root filesystem tar (plain, gzip or zstd) becomes a one-layer image. */
  async importRootfs(tar, options) {
    const tags = options.reference ? [formatReference(withDefaultTag(parseReference(options.reference)))] : [];
    const blob = await this.content.ingest(tar);
    const layer = await inspectLayer(this.content.openRead(blob.digest));
    const created = (/* @__PURE__ */ new Date()).toISOString();
    const config = {
      created,
      architecture: hostArchitecture(),
      os: "linux",
      config: applyImportChanges({ Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] }, options.changes ?? []),
      rootfs: { type: "layers", diff_ids: [layer.diffId] },
      history: [{ created, created_by: "", comment: options.message || "Imported from -" }]
    };
    const configBlob = await this.content.put(JSON.stringify(config));
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: configBlob.digest, size: configBlob.size },
      layers: [{ mediaType: ociLayerMediaType(layer.compression), digest: blob.digest, size: blob.size }]
    };
    const manifestBlob = await this.content.put(JSON.stringify(manifest));
    const record = await this.register(manifestBlob.digest, { tags });
    this.log.info({ image: record.id, tags }, "imported image");
    return record;
  }
  /** Makes sure every layer of the image is unpacked; returns the chain IDs, bottom first. */
  async unpack(image) {
    const missing = await Promise.all(image.chainIds.map(async (chainId) => !await this.snapshots.hasLayer(chainId)));
    if (!missing.includes(true)) return image.chainIds;
    const { applyLayer } = await import("./apply-R7OX4S6O.js");
    const manifest = await this.manifest(image);
    const config = await this.config(image);
    await Promise.all(
      manifest.layers.map(
        (layer, index) => this.snapshots.ensureLayer(image.chainIds[index], async (dir) => {
          const started = Date.now();
          const result = await applyLayer(this.content.openRead(layer.digest), dir);
          const expected = config.rootfs.diff_ids[index];
          if (result.diffId !== expected) {
            throw internal(`layer ${layer.digest} of image ${image.id} is corrupt: its content has diff ID ${result.diffId}, the image config says ${expected}`);
          }
          this.log.debug({ layer: layer.digest, ms: Date.now() - started }, "unpacked layer");
        })
      )
    );
    return image.chainIds;
  }
  /** `docker tag SOURCE TARGET` */
  tag(source, target) {
    const image = this.store.resolve(source);
    this.store.tag(image.id, formatReference(withDefaultTag(parseReference(target))));
  }
  /** `docker rmi [-f] NAME|ID`, with Docker's rules for what may go and what is reported. */
  remove(nameOrId, options = {}) {
    const image = this.store.resolve(nameOrId);
    const users = this.users?.containersUsingImage(image.id) ?? [];
    const items = [];
    const byName2 = this.namedReference(nameOrId, image);
    if (byName2 && image.tags.length > 1) {
      this.store.untag(byName2);
      return [{ Untagged: familiarString(parseReference(byName2)) }];
    }
    if (!byName2 && image.tags.length > 1 && !options.force) {
      throw conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
    }
    const running = users.find((user) => user.running);
    if (running) {
      throw conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`);
    }
    if (users.length > 0 && !options.force) {
      const what = byName2 ? `remove repository reference "${nameOrId}"` : `delete ${image.id.slice(7, 19)}`;
      throw conflict(`conflict: unable to ${what} (must force) - container ${users[0].id.slice(0, 12)} is using its referenced image ${image.id.slice(7, 19)}`);
    }
    for (const tag of image.tags) {
      this.store.untag(tag);
      items.push({ Untagged: familiarString(parseReference(tag)) });
    }
    for (const repoDigest of image.repoDigests) items.push({ Untagged: familiarString(parseReference(repoDigest)) });
    if (users.length === 0) {
      this.store.delete(image.id);
      items.push({ Deleted: image.id });
    }
    return items;
  }
  /** The full tag name when `input` names the image by a tag it has (not by ID). */
  namedReference(input, image) {
    try {
      const name = formatReference(withDefaultTag(parseReference(input)));
      return image.tags.includes(name) ? name : void 0;
    } catch {
      return void 0;
    }
  }
  /**
   * `docker image prune [-a]`: removes dangling (or, with all, every unused) image, then every
   * blob and unpacked layer that no remaining image or container needs.
   */
  async prune(options = {}) {
    const deleted = [];
    for (const image of this.store.list()) {
      const used = (this.users?.containersUsingImage(image.id) ?? []).length > 0;
      if (used || image.tags.length > 0 && !options.all) continue;
      for (const tag of image.tags) {
        this.store.untag(tag);
        deleted.push({ Untagged: familiarString(parseReference(tag)) });
      }
      this.store.delete(image.id);
      deleted.push({ Deleted: image.id });
    }
    const reclaimed = await this.collectGarbage();
    return { ImagesDeleted: deleted, SpaceReclaimed: reclaimed };
  }
  /** Removes blobs and layers no image refers to. Returns the bytes of blobs removed. */
  async collectGarbage() {
    const liveBlobs = /* @__PURE__ */ new Set();
    const liveLayers = new Set(await (this.users?.layersInUse() ?? Promise.resolve(/* @__PURE__ */ new Set())));
    for (const image of this.store.list()) {
      liveBlobs.add(image.manifestDigest);
      liveBlobs.add(image.id);
      for (const chainId of image.chainIds) liveLayers.add(chainId);
      try {
        for (const layer of (await this.manifest(image)).layers) liveBlobs.add(layer.digest);
      } catch (err) {
        this.log.warn({ image: image.id, err }, "image manifest unreadable during garbage collection");
      }
    }
    let reclaimed = 0;
    for (const digest of await this.content.list()) {
      if (liveBlobs.has(digest)) continue;
      reclaimed += (await this.content.info(digest).catch(() => ({ size: 0 }))).size;
      await this.content.delete(digest);
    }
    for (const chainId of await this.snapshots.listLayers()) {
      if (!liveLayers.has(chainId)) await this.snapshots.removeLayer(chainId);
    }
    return reclaimed;
  }
  /** Throws Docker's "No such image" error unless the image exists. */
  assertExists(nameOrId) {
    if (!this.store.find(nameOrId)) throw notFound(`No such image: ${nameOrId}`);
  }
};

// src/engine/runtime/oci-runtime.ts
var OciRuntime = class {
  name;
  path;
  stateRoot;
  constructor(name, path21, stateRoot) {
    this.name = name;
    this.path = path21;
    this.stateRoot = stateRoot;
  }
  /** Global options every invocation needs; conmon gets them as --runtime-arg. */
  globalArgs() {
    return ["--root", this.stateRoot];
  }
  run(args, allowFailure = false) {
    return runCommand(this.path, [...this.globalArgs(), ...args], { allowFailure });
  }
  async start(id) {
    await this.run(["start", id]);
  }
  /** Sends a signal; `all` signals every process of the container, not just its init. */
  async kill(id, signal, all = false) {
    await this.run(["kill", ...all ? ["--all"] : [], id, signal]);
  }
  async pause(id) {
    await this.run(["pause", id]);
  }
  async resume(id) {
    await this.run(["resume", id]);
  }
  /**
   * Removes the runtime's record of a stopped container. Tolerates a container the runtime no
   * longer knows, and retries: right after the exit file appears, delete occasionally fails
   * with "not in created or stopped state" (engine-notes §1).
   */
  async delete(id, force = false) {
    for (let attempt = 0; ; attempt++) {
      const result = await this.run(["delete", ...force ? ["--force"] : [], id], true);
      if (result.code === 0 || /does not exist|not found|no such/i.test(result.stderr)) return;
      if (attempt >= 5) throw new Error(`${this.name} delete ${id}: ${result.stderr.trim()}`);
      await new Promise((resolve5) => setTimeout(resolve5, 20 * (attempt + 1)));
    }
  }
  async state(id) {
    const result = await this.run(["state", id], true);
    if (result.code !== 0) return void 0;
    try {
      return JSON.parse(result.stdout);
    } catch (err) {
      if (errnoCode(err)) throw err;
      return void 0;
    }
  }
};

// src/engine/snapshots/overlay.ts
import { randomBytes as randomBytes4 } from "node:crypto";
import { promises as fsp14 } from "node:fs";
import * as path17 from "node:path";
var OverlaySnapshotter = class {
  layersDir;
  activeDir;
  pending = /* @__PURE__ */ new Map();
  constructor(root) {
    this.layersDir = path17.join(root, "layers");
    this.activeDir = path17.join(root, "active");
  }
  async init() {
    await fsp14.mkdir(this.layersDir, { recursive: true });
    await fsp14.mkdir(this.activeDir, { recursive: true });
    for (const name of await fsp14.readdir(this.layersDir)) {
      if (name.startsWith(".tmp-")) await removePath(path17.join(this.layersDir, name));
    }
    await fsp14.mkdir(path17.join(this.layersDir, "empty"), { recursive: true });
  }
  layerPath(chainId) {
    return path17.join(this.layersDir, digestHex(chainId), "fs");
  }
  async hasLayer(chainId) {
    try {
      await fsp14.access(this.layerPath(chainId));
      return true;
    } catch {
      return false;
    }
  }
  ensureLayer(chainId, fill) {
    let job = this.pending.get(chainId);
    if (!job) {
      job = this.createLayer(chainId, fill).finally(() => this.pending.delete(chainId));
      this.pending.set(chainId, job);
    }
    return job;
  }
  async createLayer(chainId, fill) {
    if (await this.hasLayer(chainId)) return;
    const tmp = path17.join(this.layersDir, `.tmp-${randomBytes4(8).toString("hex")}`);
    try {
      await fsp14.mkdir(path17.join(tmp, "fs"), { recursive: true, mode: 493 });
      await fill(path17.join(tmp, "fs"));
      await fsp14.rename(tmp, path17.join(this.layersDir, digestHex(chainId)));
    } finally {
      await removePath(tmp);
    }
  }
  async removeLayer(chainId) {
    await removePath(path17.join(this.layersDir, digestHex(chainId)));
  }
  async listLayers() {
    const names = await fsp14.readdir(this.layersDir);
    return names.map((hex) => `sha256:${hex}`).filter(isDigest);
  }
  upperPath(key) {
    return path17.join(this.activeDir, key, "upper");
  }
  async prepare(key, layers) {
    const dir = path17.join(this.activeDir, key);
    await fsp14.mkdir(path17.join(dir, "upper"), { recursive: true, mode: 493 });
    await fsp14.mkdir(path17.join(dir, "work"), { recursive: true, mode: 448 });
    await writeFileAtomic(path17.join(dir, "layers.json"), JSON.stringify(layers));
  }
  async layersOf(key) {
    try {
      return JSON.parse(await fsp14.readFile(path17.join(this.activeDir, key, "layers.json"), "utf8"));
    } catch (err) {
      if (errnoCode(err) === "ENOENT") throw notFound(`snapshot ${key} does not exist`);
      throw err;
    }
  }
  async mount(key, target, options = {}) {
    const layers = await this.layersOf(key);
    const lower = layers.length === 0 ? ["empty"] : layers.toReversed().map((chainId) => `${digestHex(chainId)}/fs`);
    const dir = path17.join(this.activeDir, key);
    const mountOptions = options.readonly ? `lowerdir=${path17.join(dir, "upper")}:${lower.join(":")},index=off` : `lowerdir=${lower.join(":")},upperdir=${path17.join(dir, "upper")},workdir=${path17.join(dir, "work")},index=off`;
    await fsp14.mkdir(target, { recursive: true });
    await runCommand("mount", ["-t", "overlay", "overlay", "-o", mountOptions, target], { cwd: this.layersDir });
  }
  async unmount(target) {
    const result = await runCommand("umount", [target], { allowFailure: true });
    if (result.code === 0) return;
    if (/not mounted|no mount point|No such file/.test(result.stderr)) return;
    const lazy = await runCommand("umount", ["-l", target], { allowFailure: true });
    if (lazy.code !== 0 && !/not mounted|No such file/.test(lazy.stderr)) {
      throw internal(`cannot unmount ${target}: ${result.stderr.trim()}`);
    }
  }
  async remove(key) {
    await removePath(path17.join(this.activeDir, key));
  }
  async listActive() {
    return (await fsp14.readdir(this.activeDir)).filter((name) => !name.startsWith("."));
  }
};

// src/engine/volume/volume-service.ts
import { promises as fsp15 } from "node:fs";
import * as path18 from "node:path";
var volumeNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
var VolumeService = class _VolumeService {
  root;
  table;
  database;
  usage = () => [];
  constructor(database, root) {
    this.database = database;
    this.root = root;
    this.table = new RecordTable(database, "volumes", "name");
  }
  async init() {
    await fsp15.mkdir(this.root, { recursive: true, mode: 448 });
  }
  setUsage(usage) {
    this.usage = usage;
  }
  static validateName(name) {
    if (name.length < 2 && /^[a-zA-Z0-9]*$/.test(name)) {
      throw invalidArgument(`volume name is too short, names should be at least two alphanumeric characters`);
    }
    if (!volumeNamePattern.test(name)) {
      throw invalidArgument(`"${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    }
  }
  /** Creates a volume, or returns the existing one of that name (as Docker does). */
  async create(request, options = {}) {
    const driver = request.Driver || "local";
    if (driver !== "local") throw notFound(`error looking up volume plugin ${driver}: plugin "${driver}" not found`);
    const opts = request.DriverOpts ?? {};
    if (Object.keys(opts).length > 0) throw invalidArgument(`the local driver takes no options here; got ${Object.keys(opts).join(", ")}`);
    const name = request.Name || newId();
    _VolumeService.validateName(name);
    const existing = this.table.get(name);
    if (existing) return existing;
    const mountpoint = path18.join(this.root, name, "_data");
    await fsp15.mkdir(mountpoint, { recursive: true, mode: 493 });
    const record = {
      Name: name,
      Driver: "local",
      Mountpoint: mountpoint,
      CreatedAt: (/* @__PURE__ */ new Date()).toISOString(),
      Labels: request.Labels ?? {},
      Options: {},
      Scope: "local",
      Anonymous: options.anonymous ?? !request.Name
    };
    this.database.statement("INSERT INTO volumes (name, record) VALUES (?, ?) ON CONFLICT(name) DO NOTHING").run(name, JSON.stringify(record));
    return this.table.get(name) ?? record;
  }
  get(name) {
    return this.table.get(name);
  }
  inspect(name) {
    const volume = this.table.get(name);
    if (!volume) throw notFound(`get ${name}: no such volume`);
    return volume;
  }
  list() {
    return this.table.all().sort((a, b) => a.Name.localeCompare(b.Name));
  }
  usedBy(name) {
    return this.usage(name);
  }
  async remove(name, options = {}) {
    const volume = this.table.get(name);
    if (!volume) {
      if (options.force) return;
      throw notFound(`get ${name}: no such volume`);
    }
    const users = this.usage(name);
    if (users.length > 0) throw conflict(`remove ${name}: volume is in use - [${users.join(", ")}]`);
    this.table.delete(name);
    await removePath(path18.join(this.root, name));
  }
  /** Removes unused volumes: anonymous ones, or all with `all`. Returns names and bytes freed. */
  async prune(options = {}) {
    const deleted = [];
    let reclaimed = 0;
    for (const volume of this.list()) {
      if (this.usage(volume.Name).length > 0 || !volume.Anonymous && !options.all) continue;
      reclaimed += await directorySize(path18.join(this.root, volume.Name));
      await this.remove(volume.Name);
      deleted.push(volume.Name);
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: reclaimed };
  }
};
async function directorySize(dir) {
  let total = 0;
  const entries = await fsp15.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += (await fsp15.lstat(path18.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

// src/engine/daemon/engine.ts
var Engine = class _Engine {
  config;
  paths;
  database;
  images;
  volumes;
  containers;
  execs;
  attachHub = new AttachHub();
  runtimeChoice;
  runtimes;
  hostMemory = totalmem();
  exitMonitor;
  seccompCache;
  reconcileTimer;
  constructor(config, runtimeChoice) {
    this.config = config;
    this.runtimeChoice = runtimeChoice;
    const log = config.log;
    this.paths = new EnginePaths(config.dataRoot, config.execRoot);
    this.database = new MetadataDatabase(this.paths.database);
    const snapshots = new OverlaySnapshotter(this.paths.snapshots);
    this.images = new ImageService(new ContentStore(this.paths.content), new ImageStore(this.database), snapshots, log.child({ component: "images" }));
    this.volumes = new VolumeService(this.database, this.paths.volumes);
    this.runtimes = {
      crun: new OciRuntime("crun", findExecutable("crun", "crun"), this.paths.runtimeState("crun")),
      runc: new OciRuntime("runc", findExecutable("runc", "runc"), this.paths.runtimeState("runc"))
    };
    const conmonPath = findExecutable("conmon", "conmon");
    this.seccompCache = new SeccompBpfCache(path19.join(this.paths.dataRoot, "cache", "seccomp"), this.runtimes.crun.path);
    const initBinary = findExecutable("catatonit", "catatonit");
    this.exitMonitor = new ExitMonitor(this.paths.exits, (id, code) => this.containers.handleExit(id, code), log.child({ component: "exits" }));
    this.containers = new ContainerService({
      paths: this.paths,
      store: new ContainerStore(this.database),
      images: this.images,
      volumes: this.volumes,
      snapshots,
      runtimes: this.runtimes,
      defaultRuntime: runtimeChoice.runtime,
      conmonPath,
      attachHub: this.attachHub,
      exitMonitor: () => this.exitMonitor,
      bundleEnvironment: {
        cgroupParent: config.cgroupParent,
        seccompCache: (runtime) => runtime === "crun" ? this.seccompCache : void 0,
        initBinary,
        namespaceOfContainer: async (reference, type) => {
          const other = this.containers.store.resolve(reference);
          if (!other.State.Running) throw new Error(`cannot join the ${type} namespace of container ${reference}: it is not running`);
          return `/proc/${other.State.Pid}/ns/${type}`;
        }
      },
      log: log.child({ component: "containers" })
    });
    this.execs = new ExecService(this.containers, this.paths, conmonPath, log.child({ component: "exec" }));
    this.images.setUsers({
      containersUsingImage: (imageId) => this.containers.containersUsingImage(imageId),
      layersInUse: async () => new Set((await Promise.all((await snapshots.listActive()).map((key) => snapshots.layersOf(key).catch(() => [])))).flat())
    });
    this.volumes.setUsage((name) => this.containers.containersUsingVolume(name));
  }
  static async open(config) {
    for (const dir of [config.dataRoot, config.execRoot]) await fsp16.mkdir(dir, { recursive: true, mode: 457 });
    const runtimeChoice = await prepareCgroupsForRuntime(config.runtime);
    for (const note of runtimeChoice.notes) config.log.warn(note);
    config.log.info({ runtime: runtimeChoice.runtime, cgroups: runtimeChoice.cgroupMode }, "runtime selected");
    const engine = new _Engine(config, runtimeChoice);
    await engine.init();
    return engine;
  }
  async init() {
    await this.seccompCache.init();
    await loadDefaultSeccomp([...DEFAULT_CAPABILITIES]);
    await this.images.content.init();
    await this.images.snapshots.init();
    await this.volumes.init();
    await fsp16.mkdir(this.paths.containersDir, { recursive: true, mode: 456 });
    await fsp16.mkdir(this.paths.sockets, { recursive: true, mode: 448 });
    await this.execs.init();
    await this.containers.recover();
    await this.exitMonitor.start();
    this.reconcileTimer = setInterval(() => {
      void this.containers.reconcileRunning().catch((err) => this.config.log.warn({ err }, "reconcile failed"));
    }, 5e3);
    this.reconcileTimer.unref();
  }
  /** Stops watching; containers keep running under their conmon. */
  async close() {
    clearInterval(this.reconcileTimer);
    this.exitMonitor.stop();
    this.containers.shutdown();
    this.database.close();
    await removeCgroup(this.config.cgroupParent).catch(() => void 0);
  }
};

// src/engine/daemon/daemon.ts
var defaultDataRoot = "/var/lib/minato";
var defaultExecRoot = "/run/minato";
var defaultHost = "unix:///run/minato/minato.sock";
function parseHost(host) {
  if (host.startsWith("unix://")) {
    const socketPath = host.slice("unix://".length);
    if (!socketPath.startsWith("/")) throw invalidArgument(`invalid -H ${host}: the socket path must be absolute`);
    return { kind: "unix", path: socketPath };
  }
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
  if (tcp) return { kind: "tcp", host: tcp[1].replace(/^\[|\]$/g, ""), port: Number(tcp[2]) };
  throw invalidArgument(`invalid -H ${host}: want unix:///path/to/socket or tcp://host:port`);
}
function derivedDefaults(dataRoot) {
  if (path20.resolve(dataRoot) === defaultDataRoot) return { execRoot: defaultExecRoot, cgroupParent: "minato" };
  const hash = createHash2("sha256").update(path20.resolve(dataRoot)).digest("hex").slice(0, 10);
  return { execRoot: path20.join(path20.resolve(dataRoot), "run"), cgroupParent: `minato-${hash}` };
}
function socketInUse(socketPath) {
  return new Promise((resolve5) => {
    const probe = connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve5(true);
    });
    probe.once("error", () => resolve5(false));
  });
}
async function claimPidFile(file) {
  const previous = Number((await readFileIfExists(file))?.trim());
  if (previous && previous !== process.pid) {
    const cmdline = await readFileIfExists(`/proc/${previous}/cmdline`);
    if (cmdline?.includes("daemon")) throw unavailable(`another daemon (pid ${previous}) is using this data root (pid file ${file})`);
  }
  await fsp17.writeFile(file, String(process.pid));
}
async function startDaemon(options) {
  const log = options.log ?? createLogger("minato-daemon");
  const defaults = derivedDefaults(options.dataRoot);
  const execRoot = options.execRoot ?? defaults.execRoot;
  const listen = parseHost(options.host);
  await fsp17.mkdir(execRoot, { recursive: true, mode: 457 });
  const pidFile = path20.join(execRoot, "minato.pid");
  await claimPidFile(pidFile);
  const engine = await Engine.open({ dataRoot: options.dataRoot, execRoot, runtime: options.runtime, cgroupParent: options.cgroupParent ?? defaults.cgroupParent, log });
  const server = createApiServer(engine, log.child({ component: "api" }));
  if (listen.kind === "unix") {
    await fsp17.mkdir(path20.dirname(listen.path), { recursive: true, mode: 493 });
    if (await socketInUse(listen.path)) throw unavailable(`${listen.path} is in use by another daemon`);
    await fsp17.rm(listen.path, { force: true });
    await new Promise((resolve5, reject) => server.once("error", reject).listen(listen.path, resolve5));
    await fsp17.chmod(listen.path, 432);
  } else {
    await new Promise((resolve5, reject) => server.once("error", reject).listen(listen.port, listen.host, resolve5));
  }
  log.info({ host: options.host, dataRoot: engine.paths.dataRoot, execRoot, runtime: engine.runtimeChoice.runtime }, "daemon listening");
  return {
    engine,
    server,
    close: async () => {
      await new Promise((resolve5) => {
        server.close(() => resolve5());
        server.closeAllConnections();
      });
      await engine.close();
      if (listen.kind === "unix") await fsp17.rm(listen.path, { force: true });
      await fsp17.rm(pidFile, { force: true });
      log.info("daemon stopped; containers keep running");
    }
  };
}

// src/cli/commands/daemon.ts
function run(argv, context) {
  return runVerb(
    {
      name: "daemon",
      usage: "[OPTIONS]",
      description: "Run the Minato engine daemon (Docker Engine API)",
      args: { min: 0, max: 0 },
      configure: (command) => command.option("--data-root <string>", "Root directory of persistent state", defaultDataRoot).option("--exec-root <string>", "Root directory for execution state files (default /run/minato, or DATA-ROOT/run)").option("-H, --host <string>", `Daemon socket to listen on (default ${defaultHost})`).option("--runtime <string>", "Default OCI runtime for containers (crun or runc; default crun where it can run)").option("--cgroup-parent <string>", "Parent cgroup for all containers").option("--log-level <string>", "Set the logging level (debug, info, warn, error)", "info"),
      action: async (_args, options) => {
        if (process.getuid?.() !== 0) throw new CliFailure("minato daemon needs root: it mounts filesystems and creates namespaces and cgroups", 1);
        const runtime = options.runtime;
        if (runtime !== void 0 && runtime !== "crun" && runtime !== "runc") throw new CliFailure(`invalid --runtime "${runtime}": want crun or runc`, 125);
        process.env.MINATO_LOG_LEVEL = options.logLevel;
        const daemon = await startDaemon({
          dataRoot: options.dataRoot,
          execRoot: options.execRoot,
          host: options.host ?? context.host,
          runtime,
          cgroupParent: options.cgroupParent
        });
        await new Promise((resolve5) => {
          const stop = () => resolve5();
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await daemon.close();
        return 0;
      }
    },
    argv,
    context
  );
}
export {
  run
};
