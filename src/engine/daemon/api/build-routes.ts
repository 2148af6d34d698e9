// POST /build: the classic builder's endpoint (`DOCKER_BUILDKIT=0 docker build`, `minato build`):
// a tar context in the body, options in the query, progress back as {"stream": …} messages,
// {"aux": {"ID": …}} with the image, errors in-stream as {"error", "errorDetail"}.
import { invalidArgument, messageOf } from '../../../util/errors.ts';
import type { Engine } from '../engine.ts';
import { queryBool, startJsonStream } from './http.ts';
import type { ApiRouter } from './router.ts';

function jsonObject(text: string | null, name: string): Record<string, string> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`invalid ${name}: ${messageOf(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidArgument(`invalid ${name}: want a JSON object`);
  const result: Record<string, string> = {};
  // Docker sends null for "--build-arg NAME" without a value that is not set: such args are left out.
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') result[key] = value;
  return result;
}

export function registerBuildRoutes(router: ApiRouter, engine: Engine): void {
  router.on('POST', '/build', async ({ req, res, query }) => {
    const { unpackContext } = await import('../../build/build-context.ts');
    const network = query.get('networkmode') || 'default';
    if (!['default', 'bridge', 'host', 'none'].includes(network)) throw invalidArgument(`invalid network mode for build: ${network} (default, host or none)`);
    const request = {
      tags: query.getAll('t'),
      buildArgs: new Map(Object.entries(jsonObject(query.get('buildargs'), 'buildargs'))),
      labels: jsonObject(query.get('labels'), 'labels'),
      target: query.get('target') || undefined,
      noCache: queryBool(query, 'nocache'),
      network: network === 'bridge' ? 'default' : network,
      pull: queryBool(query, 'pull'),
    };
    const context = await unpackContext(req, engine.buildWorkRoot, query.get('dockerfile') || 'Dockerfile');
    const send = startJsonStream(res);
    try {
      const builder = await engine.builder();
      // -q: nothing but the image ID (the docker CLI prints the stream it got as the answer).
      const quiet = queryBool(query, 'q');
      const image = await builder.build({ ...request, context }, (text) => {
        if (!quiet) send({ stream: text });
      });
      send({ aux: { ID: image.id } });
      if (quiet) send({ stream: `${image.id}\n` });
    } catch (err) {
      const message = messageOf(err);
      send({ errorDetail: { message }, error: message });
    } finally {
      await context.dispose();
      res.end();
    }
  });

  router.on('POST', '/build/prune', async ({ res }) => {
    const cleared = (await engine.builder()).clearCache();
    const pruned = await engine.images.prune({ buildCache: true });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ CachesDeleted: [], SpaceReclaimed: pruned.SpaceReclaimed, EntriesForgotten: cleared }));
  });
}
