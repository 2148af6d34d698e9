// JSON patch (RFC 6902, application/json-patch+json): a list of add/remove/replace/move/copy/
// test operations on JSON Pointer paths, applied in order and all-or-nothing. `kubectl rollout
// undo` sends one (replace /spec/template and /metadata/annotations), and so does kubectl's
// client-side-apply → server-side-apply migration (replace /metadata/managedFields).
//
// Kubernetes applies these with evanphx/json-patch v4, so errors use its wording ("testing
// value /spec/replicas failed: test failed", "add operation does not apply: doc is missing
// path: …"), and one of its choices is kept where the RFC is silent: `test` of a missing
// member against null passes. Status codes follow apiserver's patch handler: a body that is
// not a list of operations is a 400, an operation that cannot be applied a 422.
import { type JsonValue, deepClone, deepEqual, getOwn, hasOwn, isObject, setOwn } from './json-value.ts';
import { parseArrayIndex, parsePointer } from './json-pointer.ts';
import { badPatch, tooManyOperations, inapplicablePatch } from './patch-errors.ts';

/** apiserver's limit (handlers/patch.go maxJSONPatchOperations). */
export const maxJsonPatchOperations = 10000;

export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: JsonValue;
}

/** Checks the shape a JSON patch must have before anything is applied (evanphx DecodePatch: a list of objects). */
export function parseJsonPatch(patch: unknown): JsonPatchOperation[] {
  if (!Array.isArray(patch)) throw badPatch(`error decoding patch: a JSON patch is a list of operations, got ${patch === null ? 'null' : isObject(patch) ? 'an object' : `a ${typeof patch}`}`);
  if (patch.length > maxJsonPatchOperations) throw tooManyOperations(maxJsonPatchOperations, patch.length);
  return patch.map((operation, index) => {
    if (!isObject(operation)) throw badPatch(`error decoding patch: operation ${index} is not an object`);
    return operation as unknown as JsonPatchOperation;
  });
}

/** The document after every operation; the input is never changed. */
export function applyJsonPatch(document: unknown, patch: unknown): JsonValue {
  const operations = parseJsonPatch(patch);
  const state = { root: deepClone(document as JsonValue) };
  for (const operation of operations) applyOperation(state, operation);
  return state.root;
}

interface State {
  root: JsonValue;
}

function applyOperation(state: State, operation: JsonPatchOperation): void {
  const op = typeof operation.op === 'string' ? operation.op : 'unknown';
  switch (op) {
    case 'add':
      return add(state, operation);
    case 'remove':
      return remove(state, operation);
    case 'replace':
      return replace(state, operation);
    case 'move':
      return move(state, operation);
    case 'copy':
      return copy(state, operation);
    case 'test':
      return test(state, operation);
    default:
      throw inapplicablePatch(`Unexpected kind: ${op}`);
  }
}

// A location: the container holding the target and the target's token in it.
interface Location {
  container: JsonValue[] | Record<string, JsonValue>;
  token: string;
}

function pointerOf(operation: JsonPatchOperation, field: 'path' | 'from', op: string): { pointer: string; tokens: string[] } {
  const pointer = operation[field];
  if (typeof pointer !== 'string') {
    throw inapplicablePatch(field === 'path' ? `${op} operation failed to decode path: operation missing path field: missing value` : `${op} operation failed to decode from: operation, missing from field: missing value`);
  }
  const tokens = parsePointer(pointer);
  if (!tokens) throw inapplicablePatch(`${op} operation does not apply: ${pointer} is not a JSON pointer (it must be empty or start with "/")`);
  return { pointer, tokens };
}

function valueOf(operation: JsonPatchOperation, op: string): JsonValue {
  if (!hasOwn(operation as unknown as Record<string, JsonValue>, 'value') || operation.value === undefined) {
    throw inapplicablePatch(`${op} operation, missing value field: missing value`);
  }
  return deepClone(operation.value);
}

/** The container of the target, or undefined when a token on the way does not exist. */
function locate(root: JsonValue, tokens: readonly string[]): Location | undefined {
  let current: JsonValue | undefined = root;
  for (const token of tokens.slice(0, -1)) {
    current = child(current, token);
    if (current === undefined) return undefined;
  }
  if (Array.isArray(current) || isObject(current)) return { container: current, token: tokens[tokens.length - 1]! };
  return undefined;
}

function child(value: JsonValue | undefined, token: string): JsonValue | undefined {
  if (Array.isArray(value)) {
    const index = parseArrayIndex(token);
    return index === undefined ? undefined : value[index];
  }
  if (isObject(value)) return getOwn(value, token);
  return undefined;
}

function indexError(token: string): string {
  const index = parseArrayIndex(token);
  return index === undefined ? `value was not a proper array index: '${token}'` : `Unable to access invalid index: ${index}: invalid index referenced`;
}

/** Inserts `value` at the location; the message of what went wrong, or undefined. */
function insert(location: Location, value: JsonValue): string | undefined {
  const { container, token } = location;
  if (!Array.isArray(container)) {
    setOwn(container, token, value);
    return undefined;
  }
  if (token === '-') {
    container.push(value);
    return undefined;
  }
  const index = parseArrayIndex(token);
  if (index === undefined || index > container.length) return indexError(token);
  container.splice(index, 0, value);
  return undefined;
}

/** The value at the location, or a message saying why there is none. */
function read(location: Location): { value: JsonValue } | { error: string } {
  const { container, token } = location;
  if (Array.isArray(container)) {
    const index = parseArrayIndex(token);
    if (index === undefined || index >= container.length) return { error: indexError(token) };
    return { value: container[index]! };
  }
  if (!hasOwn(container, token)) return { error: `Unable to remove nonexistent key: ${token}: missing value` };
  return { value: container[token]! };
}

function erase(location: Location): string | undefined {
  const { container, token } = location;
  if (Array.isArray(container)) {
    const index = parseArrayIndex(token);
    if (index === undefined || index >= container.length) return indexError(token);
    container.splice(index, 1);
    return undefined;
  }
  if (!hasOwn(container, token)) return `Unable to remove nonexistent key: ${token}: missing value`;
  delete container[token];
  return undefined;
}

function add(state: State, operation: JsonPatchOperation): void {
  const { pointer, tokens } = pointerOf(operation, 'path', 'add');
  const value = valueOf(operation, 'add');
  if (tokens.length === 0) {
    state.root = value;
    return;
  }
  const location = locate(state.root, tokens);
  if (!location) throw inapplicablePatch(`add operation does not apply: doc is missing path: "${pointer}": missing value`);
  const error = insert(location, value);
  if (error) throw inapplicablePatch(`error in add for path: '${pointer}': ${error}`);
}

function remove(state: State, operation: JsonPatchOperation): void {
  const { pointer, tokens } = pointerOf(operation, 'path', 'remove');
  const location = tokens.length === 0 ? undefined : locate(state.root, tokens);
  if (!location) throw inapplicablePatch(`remove operation does not apply: doc is missing path: "${pointer}": missing value`);
  const error = erase(location);
  if (error) throw inapplicablePatch(`error in remove for path: '${pointer}': ${error}`);
}

function replace(state: State, operation: JsonPatchOperation): void {
  const { pointer, tokens } = pointerOf(operation, 'path', 'replace');
  const value = valueOf(operation, 'replace');
  if (tokens.length === 0) {
    state.root = value;
    return;
  }
  const location = locate(state.root, tokens);
  if (!location) throw inapplicablePatch(`replace operation does not apply: doc is missing path: ${pointer}: missing value`);
  const current = read(location);
  if ('error' in current) throw inapplicablePatch(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
  if (Array.isArray(location.container)) location.container[parseArrayIndex(location.token)!] = value;
  else setOwn(location.container, location.token, value);
}

function move(state: State, operation: JsonPatchOperation): void {
  const from = pointerOf(operation, 'from', 'move');
  const to = pointerOf(operation, 'path', 'move');
  if (from.pointer === to.pointer) {
    // RFC 6902 4.4: moving a value onto itself changes nothing, but the value must exist.
    if (from.tokens.length > 0 && !fetch(state.root, from.tokens)) throw inapplicablePatch(`move operation does not apply: doc is missing from path: ${from.pointer}: missing value`);
    return;
  }
  // RFC 6902 4.4: "The "from" location MUST NOT be a proper prefix of the "path" location".
  if (to.tokens.length > from.tokens.length && from.tokens.every((token, i) => to.tokens[i] === token)) {
    throw inapplicablePatch(`move operation does not apply: the from location ${from.pointer} is a proper prefix of path ${to.pointer}`);
  }
  const source = from.tokens.length === 0 ? undefined : locate(state.root, from.tokens);
  if (!source) throw inapplicablePatch(`move operation does not apply: doc is missing from path: ${from.pointer}: missing value`);
  const current = read(source);
  if ('error' in current) throw inapplicablePatch(`error in move for path: '${source.token}': ${current.error}`);
  erase(source);
  if (to.tokens.length === 0) {
    state.root = current.value;
    return;
  }
  const target = locate(state.root, to.tokens);
  if (!target) throw inapplicablePatch(`move operation does not apply: doc is missing destination path: ${to.pointer}: missing value`);
  const error = insert(target, current.value);
  if (error) throw inapplicablePatch(`error in move for path: '${to.pointer}': ${error}`);
}

function copy(state: State, operation: JsonPatchOperation): void {
  const from = pointerOf(operation, 'from', 'copy');
  const to = pointerOf(operation, 'path', 'copy');
  const found = fetch(state.root, from.tokens);
  if (!found) throw inapplicablePatch(`copy operation does not apply: doc is missing from path: ${from.pointer}: missing value`);
  const value = deepClone(found.value);
  if (to.tokens.length === 0) {
    state.root = value;
    return;
  }
  const target = locate(state.root, to.tokens);
  if (!target) throw inapplicablePatch(`copy operation does not apply: doc is missing destination path: ${to.pointer}: missing value`);
  const error = insert(target, value);
  if (error) throw inapplicablePatch(`error while adding value during copy: ${error}`);
}

function test(state: State, operation: JsonPatchOperation): void {
  const { pointer, tokens } = pointerOf(operation, 'path', 'test');
  const expected = valueOf(operation, 'test');
  if (tokens.length === 0) {
    if (!deepEqual(state.root, expected)) throw inapplicablePatch(`testing value ${pointer} failed: test failed`);
    return;
  }
  const location = locate(state.root, tokens);
  if (!location) throw inapplicablePatch(`test operation does not apply: is missing path: ${pointer}: missing value`);
  let actual: JsonValue | undefined;
  if (Array.isArray(location.container)) {
    const current = read(location);
    if ('error' in current) throw inapplicablePatch(`error in test for path: '${pointer}': ${current.error}`);
    actual = current.value;
  } else {
    actual = getOwn(location.container, location.token);
  }
  // evanphx treats a missing member like null: testing it against null passes.
  if (!deepEqual(actual ?? null, expected)) throw inapplicablePatch(`testing value ${pointer} failed: test failed`);
}

function fetch(root: JsonValue, tokens: readonly string[]): { value: JsonValue } | undefined {
  let current: JsonValue | undefined = root;
  for (const token of tokens) {
    current = child(current, token);
    if (current === undefined) return undefined;
  }
  return { value: current };
}
