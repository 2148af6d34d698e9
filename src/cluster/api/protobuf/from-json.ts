// The JSON form of an object → a plain object protobufjs encodes, laid out as Go's generated
// marshalling lays it out: every non-pointer field written even when zero (Go cannot tell zero
// from unset), pointers and slices only when set, map keys sorted. So what a Go client sent
// re-encodes to the same bytes.
import { MinatoError } from '../../../util/errors.ts';
import { parseGoDuration, parseRfc3339 } from './go-values.ts';
import { fieldPlans, type FieldPlan, type SpecialJson } from './schema.ts';
import type protobuf from 'protobufjs/light.js';

type Message = Record<string, unknown>;

const cannotEncode = (path: string, why: string) => new MinatoError('Internal', `cannot encode ${path} as protobuf: ${why}`);

export function jsonToMessage(type: protobuf.Type, json: Record<string, unknown>, path: string): Message {
  const message: Message = {};
  for (const plan of fieldPlans(type)) {
    if (plan.inline) {
      message[plan.name] = jsonToMessage(plan.messageType!, json, path);
      continue;
    }
    const value = fieldFromJson(plan, json[plan.jsonName], `${path}.${plan.jsonName}`);
    if (value !== undefined) message[plan.name] = value;
  }
  return message;
}

function fieldFromJson(plan: FieldPlan, json: unknown, path: string): unknown {
  if (plan.shape === 'map') {
    if (json === undefined || json === null) return undefined;
    if (!isObject(json)) throw cannotEncode(path, 'not an object');
    return Object.fromEntries(Object.keys(json).sort().map((key) => [key, elementFromJson(plan, json[key], `${path}[${key}]`)]));
  }
  if (plan.shape === 'repeated') {
    if (json === undefined || json === null) return undefined;
    if (!Array.isArray(json)) throw cannotEncode(path, 'not an array');
    return json.map((element, i) => elementFromJson(plan, element, `${path}[${i}]`));
  }
  if (json === undefined || json === null) {
    if (plan.pointer || plan.special === 'stringList' || plan.scalarType === 'bytes') return undefined;
    return plan.messageType ? zeroMessage(plan) : zeroScalar(plan.scalarType);
  }
  return elementFromJson(plan, json, path);
}

function elementFromJson(plan: FieldPlan, json: unknown, path: string): unknown {
  if (!plan.messageType) return scalarFromJson(plan.scalarType, json, path);
  if (plan.special) return specialFromJson(plan.special, json, path);
  if (!isObject(json)) throw cannotEncode(path, 'not an object');
  return jsonToMessage(plan.messageType, json, path);
}

/** What Go writes for a non-pointer struct field left at its zero value. */
function zeroMessage(plan: FieldPlan): Message {
  switch (plan.special) {
    case 'quantity':
      return { string: '0' };
    case 'intOrString':
      return { type: 0, intVal: 0, strVal: '' };
    case 'duration':
      return { duration: 0 };
    case undefined:
      return jsonToMessage(plan.messageType!, {}, '');
    default:
      // A zero Time writes nothing; RawExtension, FieldsV1 and Unknown leave out nil bytes.
      return {};
  }
}

function specialFromJson(special: SpecialJson, json: unknown, path: string): Message {
  try {
    switch (special) {
      case 'time':
        return { seconds: parseRfc3339(expect('string', json)).seconds, nanos: 0 };
      case 'microTime': {
        const { seconds, nanos } = parseRfc3339(expect('string', json));
        return { seconds, nanos: nanos - (nanos % 1000) };
      }
      case 'duration':
        return { duration: Number(parseGoDuration(expect('string', json))) };
      case 'quantity':
        // Quantity's JSON also accepts a bare number (cpu: 2).
        return { string: typeof json === 'number' ? String(json) : expect('string', json) };
      case 'intOrString':
        return typeof json === 'number' ? { type: 0, intVal: json, strVal: '' } : { type: 1, intVal: 0, strVal: expect('string', json) };
      case 'rawExtension':
        return { raw: jsonBytes(json) };
      case 'fieldsV1':
        return { Raw: jsonBytes(json) };
      case 'unknown':
        return { typeMeta: { apiVersion: '', kind: '' }, raw: jsonBytes(json), contentEncoding: '', contentType: 'application/json' };
      case 'stringList':
        if (!Array.isArray(json)) throw new Error('not an array');
        return { items: json.map((item) => expect('string', item)) };
    }
  } catch (err) {
    throw err instanceof MinatoError && err.kind === 'Internal' ? err : cannotEncode(path, err instanceof Error ? err.message : String(err));
  }
}

const integerTypes = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

function scalarFromJson(type: string, json: unknown, path: string): unknown {
  if (type === 'string' && typeof json === 'string') return json;
  if (type === 'bool' && typeof json === 'boolean') return json;
  if (integerTypes.has(type) && Number.isInteger(json)) return json;
  if ((type === 'double' || type === 'float') && typeof json === 'number') return json;
  if (type === 'bytes' && typeof json === 'string') return Buffer.from(json, 'base64');
  throw cannotEncode(path, `${JSON.stringify(json)} is not a ${type}`);
}

function zeroScalar(type: string): unknown {
  if (type === 'string') return '';
  if (type === 'bool') return false;
  return 0;
}

function expect(type: 'string', json: unknown): string {
  if (typeof json !== type) throw new Error(`${JSON.stringify(json)} is not a ${type}`);
  return json as string;
}

function jsonBytes(json: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(json), 'utf8');
}

function isObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}
