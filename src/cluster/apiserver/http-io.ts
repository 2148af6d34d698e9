// Bytes in and out of the API server: request bodies (JSON, YAML, Kubernetes protobuf, and the
// patch types) read with Kubernetes' 3 MiB limit, and responses in what the client accepts —
// JSON, or protobuf for clients that ask only for it — with Status bodies for every failure.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { messageOf } from '../../util/errors.ts';
import type { KubeObject } from '../api/resource-type.ts';
import { errors, type KubeStatus, statusOf } from './status.ts';

/** Kubernetes refuses request bodies over 3 MiB (apiserver's MaxRequestBodyBytes). */
export const maxBodyBytes = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) {
    req.resume();
    throw errors.tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      req.resume();
      throw errors.tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** An object from a request body in any of the encodings Kubernetes accepts. */
export async function decodeObject(body: Buffer, contentType: string | undefined): Promise<KubeObject> {
  const type = mediaType(contentType) || 'application/json';
  let value: unknown;
  if (type === protobufMediaType) {
    const { decodeKubernetesProtobuf } = await import('../api/protobuf/index.ts');
    value = decodeKubernetesProtobuf(body).object;
  } else if (type === 'application/json' || type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    try {
      value = type === 'application/json' ? JSON.parse(body.toString('utf8')) : parseYaml(body.toString('utf8'), { version: '1.1' });
    } catch (err) {
      throw errors.badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (${messageOf(err).split('\n')[0]})`);
    }
  } else {
    throw errors.unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw errors.badRequest('the body of the request must be an object');
  return value as KubeObject;
}

export interface AcceptedFormat {
  /** Table (kubectl get), PartialObjectMetadata, or the object itself. */
  as?: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';
  protobuf: boolean;
}

/**
 * What the client wants back. kubectl get sends
 * `application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`;
 * typed clients send `application/vnd.kubernetes.protobuf,application/json`.
 */
export function acceptedFormat(accept: string | undefined): AcceptedFormat {
  const entries = (accept ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  let protobufOnly = entries.length > 0;
  for (const entry of entries) {
    const [type, ...params] = entry.split(';').map((part) => part.trim());
    const parameters = Object.fromEntries(params.map((param) => param.split('=').map((part) => part.trim()) as [string, string]));
    if (type !== protobufMediaType) protobufOnly = false;
    if ((type === 'application/json' || type === '*/*') && parameters.as && parameters.g === 'meta.k8s.io' && (parameters.v === 'v1' || parameters.v === 'v1beta1')) {
      if (['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList'].includes(parameters.as)) return { as: parameters.as as AcceptedFormat['as'], protobuf: false };
    }
  }
  return { protobuf: protobufOnly };
}

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function sendObject(res: ServerResponse, code: number, body: KubeObject, format: AcceptedFormat, headers: Record<string, string> = {}): Promise<void> {
  if (format.protobuf) {
    const { encodeKubernetesProtobuf } = await import('../api/protobuf/index.ts');
    const bytes = encodeKubernetesProtobuf(body);
    res.writeHead(code, { 'Content-Type': protobufMediaType, 'Content-Length': bytes.length, ...headers });
    res.end(bytes);
    return;
  }
  sendJson(res, code, body, headers);
}

export function sendStatus(res: ServerResponse, status: KubeStatus): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code, status);
}

export function sendError(res: ServerResponse, err: unknown): KubeStatus {
  const status = statusOf(err);
  sendStatus(res, status);
  return status;
}
