// WATCH: a chunked stream of {"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": …} lines
// (one-row Tables for kubectl get -w, the first with its columns; PartialObjectMetadata for
// metadata-only clients such as the garbage collector's informers), from the resource's watch
// cache. Ends at timeoutSeconds, when the client goes, or when the client stops reading: while
// its connection is full it is written nothing (the cache holds its place), and a watcher that
// falls too far behind is cut off so it cannot hold the server's memory.
import { groupVersion, type KubeObject } from '../../api/resource-type.ts';
import { acceptedFormat } from '../http-io.ts';
import type { RestContext } from '../rest-context.ts';
import { errors, type KubeStatus } from '../status.ts';
import { includeObjectParam, partialObjectMetadata, toTable } from '../table.ts';
import type { CacheEvent, ClientWatch, WatchEventType } from '../watch-cache.ts';
import { parseSelectors, requestNamespace } from './read-handlers.ts';

export interface WatchSettings {
  /** How often a watch that allows bookmarks gets one (Kubernetes: about a minute). */
  bookmarkIntervalMs: number;
  /** Bytes a watcher may leave unread before it is cut off. */
  maxBufferedBytes: number;
}

export const defaultWatchSettings: WatchSettings = { bookmarkIntervalMs: 60_000, maxBufferedBytes: 16 * 1024 * 1024 };

export async function handleWatch(ctx: RestContext, settings: WatchSettings = defaultWatchSettings): Promise<void> {
  const { labelSelector, fieldSelector } = parseSelectors(ctx);
  const resourceVersionText = ctx.query.get('resourceVersion');
  let resourceVersion: number | undefined;
  if (resourceVersionText !== null && resourceVersionText !== '') {
    if (!/^\d+$/.test(resourceVersionText)) throw errors.badRequest(`invalid resource version: ${resourceVersionText}`);
    resourceVersion = Number(resourceVersionText);
  }
  const format = acceptedFormat(ctx.req.headers.accept).as;
  const table = format === 'Table';
  const metadataOnly = format === 'PartialObjectMetadata' || format === 'PartialObjectMetadataList';
  const include = includeObjectParam(ctx.query.get('includeObject'));
  const bookmarks = ctx.query.get('allowWatchBookmarks') === 'true';
  const sendInitialEvents = ctx.query.get('sendInitialEvents') === 'true';
  const timeoutSeconds = Number(ctx.query.get('timeoutSeconds') ?? '') || 1800 + Math.floor(Math.random() * 1800);
  const cache = ctx.parts.watchCache(ctx.type);
  const res = ctx.res;
  const typeMeta = `"apiVersion":${JSON.stringify(groupVersion(ctx.type))},"kind":${JSON.stringify(ctx.type.kind)},`;
  let columnsSent = false;
  let finished = false;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  const cutOff = () => {
    ctx.parts.log.warn({ resource: ctx.type.plural, user: ctx.user.name }, 'a watcher stopped reading; its watch is ended');
    finish();
    res.destroy();
  };
  /** Writes a line; false when the connection is full (the cache then waits for 'drain'). */
  const write = (line: string | Buffer): boolean => {
    if (finished) return true;
    const more = res.write(line);
    // What is queued for this client, in the response and in its (TLS) socket: only a watch
    // the cache cannot pause (one served from storage) gets this far.
    const queued = res.writableLength + (res.socket?.writableLength ?? 0);
    if (queued > settings.maxBufferedBytes) {
      cutOff();
      return true;
    }
    return more;
  };

  const objectLine = (type: WatchEventType, event: CacheEvent): string | Buffer => {
    if (table) {
      const rows = toTable(ctx.type, [{ apiVersion: groupVersion(ctx.type), kind: ctx.type.kind, ...event.object }], { include, withColumns: !columnsSent, now: ctx.parts.now() });
      columnsSent = true;
      return `{"type":"${type}","object":${JSON.stringify(rows)}}\n`;
    }
    if (metadataOnly) return `{"type":"${type}","object":${JSON.stringify(partialObjectMetadata(ctx.type, event.object))}}\n`;
    return event.lineBytes(type, typeMeta);
  };

  const bookmark = (revision: number, initialEventsEnd: boolean) => {
    const metadata: KubeObject['metadata'] = { resourceVersion: String(revision), ...(initialEventsEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) };
    write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: ctx.type.kind, apiVersion: groupVersion(ctx.type), metadata } })}\n`);
  };

  let timer: NodeJS.Timeout | undefined;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let watch: ClientWatch | undefined;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    clearInterval(bookmarkTimer);
    watch?.stop();
    if (!res.destroyed) res.end();
  };

  ctx.req.on('close', finish);
  res.on('close', finish);
  timer = setTimeout(finish, timeoutSeconds * 1000);
  watch = await cache.watch({
    ...(requestNamespace(ctx) !== undefined ? { namespace: requestNamespace(ctx)! } : {}),
    labelSelector,
    fieldSelector,
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    sendInitialEvents,
    onEvent: (type, event) => write(objectLine(type, event)),
    onBookmark: (revision, end) => {
      if (bookmarks || end) bookmark(revision, end);
    },
    onError: (status: KubeStatus) => {
      write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      finish();
    },
    onClose: finish,
    onLagging: cutOff,
  });
  if (finished) watch.stop();
  else res.on('drain', () => watch?.resume());
  if (bookmarks) bookmarkTimer = setInterval(() => bookmark(cache.currentRevision, false), settings.bookmarkIntervalMs);
}
