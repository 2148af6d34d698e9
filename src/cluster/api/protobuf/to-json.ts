// A decoded protobuf message → the JSON form Kubernetes gives the same object: what Go's
// encoding/json prints for the k8s.io/api struct the message unmarshals into. So omitempty
// zero values are left out, non-omitempty ones are printed (0, "", null for a nil slice), a
// non-pointer struct is always printed ({} when empty), a pointer keeps a present zero
// (replicas: 0, emptyDir: {}), and Time, Quantity, IntOrString, … take their own JSON forms.
// So a protobuf request yields the same object its JSON twin would (kubectl 1.31 sent JSON).
import protobuf from 'protobufjs/light.js';
import { invalidArgument } from '../../../util/errors.ts';
import { formatGoDuration, formatRfc3339 } from './go-values.ts';
import { fieldPlans, type FieldPlan, type SpecialJson } from './schema.ts';

type Message = Record<string, unknown>;
type Json = unknown;

/** Decodes a RawExtension's bytes when they hold `k8s\0` protobuf; supplied by the codec to avoid an import cycle. */
export type EmbeddedDecoder = (raw: Uint8Array) => Record<string, unknown>;

export function messageToJson(type: protobuf.Type, message: Message, decodeEmbedded: EmbeddedDecoder, into: Record<string, Json> = {}): Record<string, Json> {
  for (const plan of fieldPlans(type)) {
    // protobufjs sets own properties only for fields on the wire; unset ones come from the prototype.
    const value = Object.hasOwn(message, plan.name) ? message[plan.name] : undefined;
    if (plan.inline) {
      messageToJson(plan.messageType!, (value as Message | undefined) ?? {}, decodeEmbedded, into);
      continue;
    }
    const json = fieldToJson(plan, value, decodeEmbedded);
    if (json !== undefined) into[plan.jsonName] = json;
  }
  return into;
}

/** The field's JSON value, or undefined to leave it out. */
function fieldToJson(plan: FieldPlan, value: unknown, decodeEmbedded: EmbeddedDecoder): Json {
  // A Go slice or map: nil when empty, so left out with omitempty and null without.
  if (plan.shape === 'map') {
    const keys = value ? Object.keys(value as Message).sort() : [];
    if (keys.length === 0) return plan.omitempty ? undefined : null;
    // fromEntries makes a "__proto__" key an own property, as JSON.parse does.
    return Object.fromEntries(keys.map((key) => [key, elementToJson(plan, (value as Message)[key], decodeEmbedded)]));
  }
  if (plan.shape === 'repeated') {
    const elements = (value as unknown[] | undefined) ?? [];
    if (elements.length === 0) return plan.omitempty ? undefined : null;
    return elements.map((element) => elementToJson(plan, element, decodeEmbedded));
  }
  if (value === undefined) {
    if (plan.pointer || plan.special === 'stringList' || (plan.shape === 'scalar' && plan.scalarType === 'bytes')) return plan.omitempty ? undefined : null;
    // A non-pointer Go field holds its zero value; structs are printed even with omitempty.
    if (plan.shape === 'message') return elementToJson(plan, {}, decodeEmbedded);
    return plan.omitempty ? undefined : zeroScalar(plan.scalarType);
  }
  const json = elementToJson(plan, value, decodeEmbedded);
  if (plan.shape === 'scalar' && plan.omitempty && !plan.pointer && isEmptyScalar(json)) return undefined;
  return json;
}

function elementToJson(plan: FieldPlan, value: unknown, decodeEmbedded: EmbeddedDecoder): Json {
  if (!plan.messageType) return scalarToJson(plan.scalarType, value);
  // A map entry without its value decodes to null: Go's zero value, as for an empty message.
  const message = (value ?? {}) as Message;
  if (plan.special) return specialToJson(plan.special, message, decodeEmbedded);
  return messageToJson(plan.messageType, message, decodeEmbedded);
}

function specialToJson(special: SpecialJson, message: Message, decodeEmbedded: EmbeddedDecoder): Json {
  const has = (name: string) => Object.hasOwn(message, name);
  switch (special) {
    case 'time':
      // An empty message is Go's zero time, which metav1.Time prints as null. Nanos are dropped, as Go does.
      return has('seconds') || has('nanos') ? formatRfc3339(toNumber(message['seconds'])) : null;
    case 'microTime':
      if (!has('seconds') && !has('nanos')) return null;
      return formatRfc3339(toNumber(message['seconds']), Math.floor(toNumber(message['nanos']) / 1000));
    case 'duration':
      return formatGoDuration(toBigInt(message['duration']));
    case 'quantity':
      // Go parses the string and prints it canonical; senders already send it canonical.
      return has('string') && message['string'] !== '' ? message['string'] : '0';
    case 'intOrString':
      return toNumber(message['type']) === 1 ? (message['strVal'] ?? '') : toNumber(message['intVal']);
    case 'rawExtension':
      return has('raw') ? embeddedToJson(message['raw'] as Uint8Array, decodeEmbedded) : null;
    case 'unknown':
      return has('raw') ? parseJsonBytes(message['raw'] as Uint8Array, 'runtime.Unknown') : null;
    case 'fieldsV1':
      return has('Raw') ? parseJsonBytes(message['Raw'] as Uint8Array, 'FieldsV1') : null;
    case 'stringList':
      return [...((message['items'] as string[] | undefined) ?? [])];
  }
}

const protobufMagic = [0x6b, 0x38, 0x73, 0x00];

/** A RawExtension holds JSON, or (from protobuf clients) a `k8s\0` protobuf object. */
function embeddedToJson(raw: Uint8Array, decodeEmbedded: EmbeddedDecoder): Json {
  if (raw.length >= 4 && protobufMagic.every((byte, i) => raw[i] === byte)) return decodeEmbedded(raw);
  return parseJsonBytes(raw, 'RawExtension');
}

function parseJsonBytes(raw: Uint8Array, what: string): Json {
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw invalidArgument(`${what} holds neither JSON nor a Kubernetes protobuf object`);
  }
}

function scalarToJson(type: string, value: unknown): Json {
  // A map entry without its value decodes to [] rather than a Uint8Array.
  if (type === 'bytes') return (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.from(value as number[])).toString('base64');
  if (typeof value === 'object' && value !== null) return toNumber(value); // an int64 as a Long
  return value;
}

function zeroScalar(type: string): Json {
  if (type === 'string') return '';
  if (type === 'bool') return false;
  return 0;
}

function isEmptyScalar(json: Json): boolean {
  return json === '' || json === 0 || json === false;
}

/** An int64 from protobufjs: a number, or a Long when the long package is around. */
function toNumber(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  return protobuf.util.LongBits.from(value as protobuf.Long).toNumber((value as protobuf.Long).unsigned);
}

function toBigInt(value: unknown): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number') return BigInt(value);
  const { low, high } = value as protobuf.Long;
  return (BigInt.asIntN(32, BigInt(high)) << 32n) | BigInt(low >>> 0);
}
