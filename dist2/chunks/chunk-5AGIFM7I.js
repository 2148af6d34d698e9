import { createRequire as __minatoCreateRequire } from 'node:module'; const require = __minatoCreateRequire(import.meta.url);
import {
  invalidArgument
} from "./chunk-UU4MRRHX.js";

// src/cli/format/template.ts
function tokenize(template) {
  const tokens = [];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf("{{");
    if (open < 0) {
      tokens.push({ kind: "text", value: rest });
      break;
    }
    if (open > 0) tokens.push({ kind: "text", value: rest.slice(0, open) });
    const close = rest.indexOf("}}", open);
    if (close < 0) throw invalidArgument(`template parsing error: unclosed action in "${template}"`);
    let inner = rest.slice(open + 2, close);
    if (inner.startsWith("-")) {
      inner = inner.slice(1);
      const last = tokens.at(-1);
      if (last?.kind === "text") last.value = last.value.trimEnd();
    }
    let trimAfter = false;
    if (inner.endsWith("-")) {
      inner = inner.slice(0, -1);
      trimAfter = true;
    }
    tokens.push({ kind: "action", value: inner.trim() });
    rest = rest.slice(close + 2);
    if (trimAfter) rest = rest.trimStart();
  }
  return tokens;
}
function parse(template) {
  const tokens = tokenize(template);
  let position = 0;
  const parseList = (terminators) => {
    const nodes = [];
    while (position < tokens.length) {
      const token = tokens[position++];
      if (token.kind === "text") {
        nodes.push({ kind: "text", text: token.value });
        continue;
      }
      const keyword = token.value.split(/\s+/)[0];
      if (terminators.includes(keyword)) return { nodes, end: keyword };
      if (keyword === "range" || keyword === "if" || keyword === "with") {
        const expr = token.value.slice(keyword.length).trim();
        const body = parseList(["else", "end"]);
        const otherwise = body.end === "else" ? parseList(["end"]).nodes : [];
        nodes.push({ kind: keyword, expr, body: body.nodes, otherwise });
        continue;
      }
      nodes.push({ kind: "action", expr: token.value });
    }
    if (terminators.length > 0) throw invalidArgument(`template parsing error: missing {{end}} in "${template}"`);
    return { nodes, end: "" };
  };
  return parseList([]).nodes;
}
function goString(value) {
  if (value === void 0 || value === null) return "<no value>";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return `[${value.map(goString).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `map[${entries.map(([key, item]) => `${key}:${goString(item)}`).join(" ")}]`;
  }
  return String(value);
}
function splitArgs(expr) {
  return expr.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? [];
}
function field(data, path) {
  if (path === ".") return data;
  let current = data;
  for (const name of path.split(".").filter(Boolean)) {
    if (current === null || current === void 0 || typeof current !== "object") return void 0;
    current = current[name];
  }
  return current;
}
function evaluate(expr, dot) {
  const pipeline = expr.split("|").map((part) => part.trim());
  let value;
  for (const [index, stage] of pipeline.entries()) {
    const args = splitArgs(stage);
    if (index > 0) args.push("\0piped");
    const operand = (arg) => {
      if (arg === "\0piped") return value;
      if (arg.startsWith('"')) return JSON.parse(arg);
      if (arg.startsWith("`")) return arg.slice(1, -1);
      if (arg.startsWith(".")) return field(dot, arg);
      if (/^-?\d+$/.test(arg)) return Number(arg);
      throw invalidArgument(`template: function "${arg}" not defined`);
    };
    const [name, ...rest] = args;
    if (name === void 0) continue;
    const params = () => rest.map(operand);
    switch (name) {
      case "json":
        value = JSON.stringify(params()[0] ?? null);
        break;
      case "index": {
        const [target, ...keys] = params();
        value = keys.reduce((current, key) => current === null || current === void 0 ? void 0 : current[String(key)], target);
        break;
      }
      case "join": {
        const [list, separator] = params();
        value = Array.isArray(list) ? list.map(goString).join(String(separator)) : goString(list);
        break;
      }
      case "upper":
        value = goString(params()[0]).toUpperCase();
        break;
      case "lower":
        value = goString(params()[0]).toLowerCase();
        break;
      case "title":
        value = goString(params()[0]).replace(/\b\w/g, (c) => c.toUpperCase());
        break;
      case "len": {
        const target = params()[0];
        value = Array.isArray(target) || typeof target === "string" ? target.length : target && typeof target === "object" ? Object.keys(target).length : 0;
        break;
      }
      case "println":
        value = `${params().map(goString).join(" ")}
`;
        break;
      case "print":
        value = params().map(goString).join("");
        break;
      default:
        value = operand(name);
    }
  }
  return value;
}
function truthy(value) {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  return !!value;
}
function render(nodes, dot) {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "action") out += goString(evaluate(node.expr, dot));
    else {
      const value = evaluate(node.expr, dot);
      if (node.kind === "range") {
        const items = Array.isArray(value) ? value : value && typeof value === "object" ? Object.values(value) : [];
        out += items.length > 0 ? items.map((item) => render(node.body, item)).join("") : render(node.otherwise, dot);
      } else if (node.kind === "if") out += truthy(value) ? render(node.body, dot) : render(node.otherwise, dot);
      else out += truthy(value) ? render(node.body, value) : render(node.otherwise, dot);
    }
  }
  return out;
}
function compileTemplate(template) {
  const nodes = parse(template.replace(/\\t/g, "	").replace(/\\n/g, "\n"));
  return (data) => render(nodes, data);
}

export {
  compileTemplate
};
