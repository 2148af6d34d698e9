// Kubernetes' protobuf wire format (application/vnd.kubernetes.protobuf), as the API server
// needs it: kubectl ≥ 1.32 POSTs every `kubectl create <generator>` and `autoscale` body this
// way and does not retry in JSON. A body is the magic `k8s\0` then a runtime.Unknown message:
// {typeMeta {apiVersion, kind}, raw: the object's own message, contentEncoding, contentType}.
// Objects go in and out in their JSON form, the one the JSON API uses (see to-json.ts).
import protobuf from 'protobufjs/light.js';
import { invalidArgument, MinatoError } from '../../../util/errors.ts';
import { jsonToMessage } from './from-json.ts';
import { messageTypeFor, runtimeUnknownType } from './schema.ts';
import { messageToJson } from './to-json.ts';

export const kubernetesProtobufContentType = 'application/vnd.kubernetes.protobuf';

const magic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00); // "k8s\0"

/** A client's string in an error message, quoted and cut short: a garbled body can put anything there. */
const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** Whether a Content-Type (or one Accept entry) names Kubernetes protobuf, whatever its parameters (;stream=watch). */
export function isProtobufContentType(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === kubernetesProtobufContentType;
}

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object in its JSON form, kind and apiVersion included. */
  object: Record<string, unknown>;
}

/**
 * A protobuf request body → the object in its JSON form. Throws only MinatoError
 * InvalidArgument (400): not `k8s\0` protobuf, malformed, or a kind Minato has no message for.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  try {
    return decodeEnvelope(body);
  } catch (err) {
    if (err instanceof MinatoError) throw err;
    // protobufjs reports truncation and bad wire types with plain Errors (RangeError, …).
    throw new MinatoError('InvalidArgument', `malformed protobuf body: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Objects inside objects (a RawExtension holding protobuf): Kubernetes nests one or two deep. */
const maxEmbeddingDepth = 8;

function decodeEnvelope(body: Uint8Array, depth = 0): DecodedObject {
  if (depth > maxEmbeddingDepth) throw invalidArgument(`protobuf body: objects embedded more than ${maxEmbeddingDepth} deep`);
  if (body.length < magic.length || magic.some((byte, i) => body[i] !== byte)) {
    throw invalidArgument('the body is not Kubernetes protobuf: it does not start with "k8s\\x00"');
  }
  const unknown = runtimeUnknownType().decode(body.subarray(magic.length)) as unknown as {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: Uint8Array;
    contentEncoding?: string;
    contentType?: string;
  };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  if (unknown.contentEncoding) throw invalidArgument(`protobuf body: unsupported contentEncoding ${quote(unknown.contentEncoding)}`);
  if (unknown.contentType && !isProtobufContentType(unknown.contentType)) {
    throw invalidArgument(`protobuf body: unsupported contentType ${quote(unknown.contentType)} for the embedded object`);
  }
  const type = messageTypeFor(apiVersion, kind);
  if (!type) throw invalidArgument(`protobuf body: no kind ${quote(kind)} is known in apiVersion ${quote(apiVersion)}`);
  const message = type.decode(unknown.raw ?? new Uint8Array()) as unknown as Record<string, unknown>;
  // kind and apiVersion first, as Go prints them (TypeMeta is inlined at the top of every kind).
  const object = messageToJson(type, message, (raw) => decodeEnvelope(raw, depth + 1).object, { kind, apiVersion });
  return { apiVersion, kind, object };
}

/**
 * An object in its JSON form (kind and apiVersion set) → a protobuf body, for clients that
 * Accept protobuf. Works for every kind decode knows, their List kinds and Status; throws
 * MinatoError InvalidArgument for an unknown kind, Internal for a value of the wrong type.
 */
export function encodeKubernetesProtobuf(object: Record<string, unknown>): Uint8Array {
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const type = messageTypeFor(apiVersion, kind);
  if (!type) throw invalidArgument(`no protobuf message for kind ${quote(kind)} in apiVersion ${quote(apiVersion)}`);
  const raw = encodeMessage(type, jsonToMessage(type, object, kind));
  // Go writes all four fields, the empty strings included.
  const envelope = { typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' };
  const encoded = encodeMessage(runtimeUnknownType(), envelope);
  const body = new Uint8Array(magic.length + encoded.length);
  body.set(magic);
  body.set(encoded, magic.length);
  return body;
}

function encodeMessage(type: protobuf.Type, message: Record<string, unknown>): Uint8Array {
  try {
    return type.encode(message).finish();
  } catch (err) {
    throw new MinatoError('Internal', `cannot encode ${type.name} as protobuf: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
