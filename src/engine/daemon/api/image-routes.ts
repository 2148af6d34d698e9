// /images/…: list, inspect, import, load, save, tag, remove, prune, history, pull and push (see
// distribution-routes.ts). Image names may contain slashes ("localhost:5000/team/app"), so the
// per-image routes are matched by suffix.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished, pipeline } from 'node:stream/promises';
import { invalidArgument, isMinatoError, messageOf, notFound } from '../../../util/errors.ts';
import { matchesLabelFilters, parseFilterTime } from '../../images/image-filters.ts';
import type { ImageWithTags } from '../../images/image-store.ts';
import { familiarString, parseReference } from '../../images/reference.ts';
import type { Engine } from '../engine.ts';
import { handlePull, handlePush } from './distribution-routes.ts';
import { checkFilterKeys, queryBool, queryFilters, readJson, sendJson, startJsonStream } from './http.ts';
import type { ApiRouter, RequestContext } from './router.ts';

function familiar(reference: string): string {
  try {
    return familiarString(parseReference(reference));
  } catch {
    return reference;
  }
}

function unixSeconds(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

function imageSummary(image: ImageWithTags, labels: Record<string, string> | undefined) {
  return {
    Id: image.id,
    ParentId: '',
    RepoTags: image.tags.map(familiar),
    RepoDigests: image.repoDigests.map(familiar),
    Created: unixSeconds(image.created),
    Size: image.size,
    SharedSize: -1,
    Labels: labels ?? null,
    Containers: -1,
  };
}

/** `dangling=true|false` (also 1|0), as Docker validates it. */
function danglingFilter(filters: Map<string, string[]>): boolean | undefined {
  const values = filters.get('dangling');
  if (!values || values.length === 0) return undefined;
  const parsed = new Set(
    values.map((value) => {
      if (/^(true|1)$/i.test(value)) return true;
      if (/^(false|0)$/i.test(value)) return false;
      throw invalidArgument(`invalid filter 'dangling=${value}': want true or false`);
    }),
  );
  if (parsed.size > 1) throw invalidArgument("invalid filter 'dangling': give true or false, not both");
  return [...parsed][0];
}

/** The label and until filters shared by `images` and `image prune`. */
function timeAndLabelFilter(engine: Engine, filters: Map<string, string[]>): (image: ImageWithTags) => Promise<boolean> {
  const until = (filters.get('until') ?? []).map((value) => parseFilterTime(value, 'until'));
  const labels = filters.get('label') ?? [];
  const notLabels = filters.get('label!') ?? [];
  return async (image) => {
    const created = Date.parse(image.created);
    if (until.some((limit) => !(created < limit))) return false;
    if (labels.length === 0 && notLabels.length === 0) return true;
    const imageLabels = await imageLabelsOf(engine, image);
    return matchesLabelFilters(imageLabels, labels) && matchesLabelFilters(imageLabels, notLabels, true);
  };
}

async function imageLabelsOf(engine: Engine, image: ImageWithTags): Promise<Record<string, string> | undefined> {
  const config = await engine.images.config(image).catch(() => undefined);
  return config?.config?.Labels ?? undefined;
}

async function imageInspect(engine: Engine, image: ImageWithTags) {
  const config = await engine.images.config(image);
  return {
    Id: image.id,
    RepoTags: image.tags.map(familiar),
    RepoDigests: image.repoDigests.map(familiar),
    Parent: '',
    Comment: config.comment ?? config.history?.at(-1)?.comment ?? '',
    Created: config.created ?? image.created,
    DockerVersion: config.docker_version ?? '',
    Author: config.author ?? '',
    Config: config.config ?? {},
    Architecture: config.architecture,
    ...(config.variant ? { Variant: config.variant } : {}),
    Os: config.os,
    Size: image.size,
    GraphDriver: { Name: 'overlay2', Data: { LowerDir: image.chainIds.toReversed().map((id) => engine.images.snapshots.layerPath(id)).join(':') } },
    RootFS: { Type: 'layers', Layers: config.rootfs.diff_ids },
    Metadata: { LastTagTime: image.lastTagTime ?? '0001-01-01T00:00:00Z' },
    Descriptor: { mediaType: image.manifestMediaType, digest: image.manifestDigest, size: (await engine.images.content.info(image.manifestDigest)).size },
  };
}

/** Splits "/images/<name>/<action>" where <name> may contain slashes. */
function splitImagePath(rest: string, actions: readonly string[]): { name: string; action: string } {
  for (const action of actions) {
    if (rest.endsWith(`/${action}`)) return { name: rest.slice(0, -action.length - 1), action };
  }
  return { name: rest, action: '' };
}

export function registerImageRoutes(router: ApiRouter, engine: Engine): void {
  const images = engine.images;

  router.on('GET', '/images/json', async ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ['dangling', 'label', 'label!', 'reference', 'before', 'since', 'until']);
    const dangling = danglingFilter(filters);
    const references = filters.get('reference');
    const before = filters.get('before')?.map((name) => Date.parse(images.resolve(name).created));
    const since = filters.get('since')?.map((name) => Date.parse(images.resolve(name).created));
    const other = timeAndLabelFilter(engine, filters);
    let list = images.store.list();
    // Build steps (the builder's cache) show with -a only, as Docker's intermediate images do.
    if (!queryBool(query, 'all')) list = list.filter((image) => !image.buildStep || image.tags.length > 0);
    if (dangling !== undefined) list = list.filter((image) => (image.tags.length === 0) === dangling);
    if (before) list = list.filter((image) => before.every((limit) => Date.parse(image.created) < limit));
    if (since) list = list.filter((image) => since.every((limit) => Date.parse(image.created) > limit));
    if (references) {
      const patterns = references.map((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}(:.*)?$`));
      const matches = (tag: string) => patterns.some((pattern) => pattern.test(familiar(tag)) || pattern.test(tag));
      // As Docker does: an image shows only the tags that match (`docker images mybox` lists
      // mybox:1, not the busybox:latest tag of the same image).
      list = list.map((image) => ({ ...image, tags: image.tags.filter(matches) })).filter((image) => image.tags.length > 0);
    }
    const kept = (await Promise.all(list.map(async (image) => ((await other(image)) ? image : undefined)))).filter((image) => image !== undefined);
    kept.sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || b.created.localeCompare(a.created));
    sendJson(res, 200, await Promise.all(kept.map(async (image) => imageSummary(image, await imageLabelsOf(engine, image)))));
  });

  // POST /images/create: fromSrc imports a root filesystem tar (docker import); fromImage pulls.
  router.on('POST', '/images/create', async (ctx) => {
    const { req, res, query } = ctx;
    const fromSrc = query.get('fromSrc');
    if (fromSrc === null) return handlePull(ctx, engine);
    if (fromSrc !== '-') throw invalidArgument('import from a URL is not supported: send the tar in the request body (fromSrc=-)');
    const repo = query.get('repo') || undefined;
    const tag = query.get('tag') || undefined;
    const reference = repo && tag ? `${repo}:${tag}` : repo;
    const changes = query.getAll('changes').flatMap((change) => change.split('\n')).filter(Boolean);
    // A bad name or change fails before the upload is stored (importRootfs checks them first).
    const image = await images.importRootfs(req, { reference, changes, message: query.get('message') ?? undefined }).catch(async (err: unknown) => {
      await discardUpload(req, res);
      throw err;
    });
    const send = startJsonStream(res);
    send({ status: image.id });
    res.end();
  });

  router.on('POST', '/images/load', async ({ req, res }) => {
    // Loaded on first use: tar-stream costs the idle daemon ~6 MB.
    const { describeLoaded, loadImages } = await import('../../images/archive-load.ts');
    const loaded = await loadImages(images, req).catch(async (err: unknown) => {
      await discardUpload(req, res);
      throw isMinatoError(err) ? err : invalidArgument(`loading the archive failed: ${messageOf(err)}`);
    });
    const send = startJsonStream(res);
    for (const line of describeLoaded(loaded)) send({ stream: `${line}\n` });
    res.end();
  });

  router.on('GET', '/images/get', async ({ res, query }) => {
    const names = query.getAll('names').flatMap((name) => name.split(',')).filter(Boolean);
    if (names.length === 0) throw invalidArgument('no images given to save');
    await sendArchive(engine, res, names);
  });

  router.on('POST', '/images/prune', async ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ['dangling', 'until', 'label', 'label!']);
    sendJson(res, 200, await images.prune({ all: danglingFilter(filters) === false, filter: timeAndLabelFilter(engine, filters) }));
  });

  const perImage = async (ctx: RequestContext) => {
    const rest = ctx.params['*'] ?? '';
    const method = ctx.req.method;
    if (method === 'GET') {
      const { name, action } = splitImagePath(rest, ['json', 'history', 'get']);
      if (action === 'json') return sendJson(ctx.res, 200, await imageInspect(engine, images.resolve(name)));
      if (action === 'get') return sendArchive(engine, ctx.res, [name]);
      if (action === 'history') return sendJson(ctx.res, 200, await imageHistory(engine, images.resolve(name)));
    } else if (method === 'POST') {
      const { name, action } = splitImagePath(rest, ['tag', 'push']);
      if (action === 'tag') {
        const repo = ctx.query.get('repo');
        if (!repo) throw invalidArgument('repository name must have at least one component');
        const tag = ctx.query.get('tag');
        images.tag(name, tag ? `${repo}:${tag}` : repo);
        return sendJson(ctx.res, 201, {});
      }
      if (action === 'push') return handlePush(ctx, engine, name);
    } else if (method === 'DELETE') {
      await readJson(ctx.req, null);
      return sendJson(ctx.res, 200, await images.remove(rest, { force: queryBool(ctx.query, 'force'), noPrune: queryBool(ctx.query, 'noprune') }));
    }
    throw notFound(`page not found: ${method} /images/${rest}`);
  };
  router.on('GET', '/images/*', perImage).on('POST', '/images/*', perImage).on('DELETE', '/images/*', perImage);
}

/**
 * Reads and drops the rest of an upload that was refused before its end. Answering while the
 * client still sends leaves it blocked on a full socket until the keep-alive timeout closes it
 * (closing at once instead makes it fail with EPIPE before it reads the answer). A client that
 * keeps sending for long gets the answer with the connection closed.
 */
async function discardUpload(req: IncomingMessage, res: ServerResponse, limitMs = 30_000): Promise<void> {
  if (req.complete || req.destroyed) return;
  req.unpipe();
  req.resume();
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    finished(req).then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), limitMs))),
  ]);
  clearTimeout(timer);
  if (!drained) res.setHeader('Connection', 'close');
}

async function sendArchive(engine: Engine, res: RequestContext['res'], names: string[]): Promise<void> {
  const { saveImages } = await import('../../images/archive-save.ts');
  const archive = await saveImages(engine.images, names);
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  await pipeline(archive, res);
}

async function imageHistory(engine: Engine, image: ImageWithTags) {
  const config = await engine.images.config(image);
  const manifest = await engine.images.manifest(image);
  const history = config.history ?? [];
  // Docker shows each layer's uncompressed size; records from before layerSizes fall back to the blob's.
  const layerSizes = image.layerSizes ?? manifest.layers.map((layer) => layer.size);
  let layerIndex = layerSizes.length - 1;
  const rows = history.toReversed().map((entry, index) => {
    const size = entry.empty_layer ? 0 : (layerSizes[layerIndex--] ?? 0);
    return {
      Id: index === 0 ? image.id : '<missing>',
      Created: unixSeconds(entry.created ?? ''),
      CreatedBy: entry.created_by ?? '',
      Tags: index === 0 ? image.tags.map(familiar) : null,
      Size: size,
      Comment: entry.comment ?? '',
    };
  });
  return rows;
}
