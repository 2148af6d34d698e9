// Small HTTP helpers for the Docker Engine API handlers: JSON bodies in and out, query
// parameters Docker-style ("1"/"true"), and errors as {"message": …} with the right status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusOf, invalidArgument, messageOf } from '../../../util/errors.ts';

export type Query = URLSearchParams;

const maxJsonBody = 16 * 1024 * 1024;

/** Reads and parses a JSON request body; an empty body gives `fallback`. */
export async function readJson<T>(req: IncomingMessage, fallback: T): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxJsonBody) throw invalidArgument(`request body is larger than ${maxJsonBody} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw invalidArgument(`malformed JSON in request body: ${messageOf(err)}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status = httpStatusOf(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (status === 304) return sendEmpty(res, 304);
  sendJson(res, status, { message: messageOf(err) });
}

export function queryBool(query: Query, name: string, fallback = false): boolean {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  return value === '1' || value.toLowerCase() === 'true';
}

export function queryInt(query: Query, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw invalidArgument(`invalid value "${value}" for query parameter ${name}: want a number`);
  return number;
}

/** Docker's `filters` parameter: JSON {"key": ["v1", …]} (or the older {"key": {"v1": true}}). */
export function queryFilters(query: Query): Map<string, string[]> {
  const raw = query.get('filters');
  const filters = new Map<string, string[]>();
  if (!raw) return filters;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw invalidArgument(`invalid filters: ${messageOf(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidArgument('invalid filters: want a JSON object');
  for (const [key, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) filters.set(key, value.map(String));
    else if (typeof value === 'object' && value !== null) filters.set(key, Object.keys(value));
    else throw invalidArgument(`invalid filter "${key}"`);
  }
  return filters;
}

/** Rejects filter keys a list endpoint does not understand, as Docker does. */
export function checkFilterKeys(filters: Map<string, string[]>, allowed: readonly string[]): void {
  for (const key of filters.keys()) {
    if (!allowed.includes(key)) throw invalidArgument(`invalid filter '${key}'`);
  }
}

/** Starts a newline-delimited JSON stream (pull/push/load/build progress). */
export function startJsonStream(res: ServerResponse): (message: unknown) => void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  return (message) => res.write(`${JSON.stringify(message)}\r\n`);
}
