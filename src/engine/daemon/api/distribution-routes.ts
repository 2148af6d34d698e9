// Pull and push through the Docker Engine API: `POST /images/create?fromImage=…&tag=…` and
// `POST /images/{name}/push?tag=…`, credentials in X-Registry-Auth. The answer is Docker's
// newline-delimited JSON progress stream. As dockerd does, a failure before the first progress
// message is an ordinary HTTP error (the docker CLI prints "Error response from daemon: …",
// and `docker run` relies on it); after that it can only be a message in the stream.
// The registry client is loaded on the first pull or push: an idle daemon does not carry it.
import type { ServerResponse } from 'node:http';
import { parseDigest } from '../../../util/digest.ts';
import { invalidArgument, isMinatoError, messageOf, MinatoError } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import { formatReference, type ImageReference, parseReference, repositoryName } from '../../images/reference.ts';
import type { Engine } from '../engine.ts';
import { startJsonStream } from './http.ts';
import type { RequestContext } from './router.ts';

/** A JSON stream whose headers go out with its first message. */
function lazyJsonStream(res: ServerResponse): { send: (message: unknown) => void; readonly started: boolean } {
  let send: ((message: unknown) => void) | undefined;
  return {
    send: (message) => {
      // A client that went away (Ctrl-C) no longer reads: the operation finishes on its own.
      if (res.destroyed) return;
      send ??= startJsonStream(res);
      send(message);
    },
    get started() {
      return send !== undefined;
    },
  };
}

/** Runs a streaming operation; failures go in-stream once the stream has begun. */
async function streamed(res: ServerResponse, log: Logger, work: (send: (message: unknown) => void) => Promise<void>): Promise<void> {
  const stream = lazyJsonStream(res);
  try {
    await work(stream.send);
  } catch (err) {
    // The registry's 401 is not the daemon's: answered as 401, the docker CLI would take it
    // as its own cue to prompt for a login and retry. A registry refusal is a 403 here.
    if (!stream.started) throw isMinatoError(err, 'Unauthorized') ? new MinatoError('Forbidden', err.message) : err;
    log.debug({ err }, 'registry operation failed after it started streaming');
    const message = messageOf(err);
    stream.send({ errorDetail: { message }, error: message });
  }
  if (!res.destroyed) res.end();
}

/** `fromImage` (may carry a tag or digest) and `tag` (a tag or a digest) as one reference. */
export function pullReference(fromImage: string, tag: string): ImageReference {
  if (fromImage === '') throw invalidArgument('fromImage is required to pull (or fromSrc to import)');
  const ref = parseReference(fromImage);
  if (tag === '') return ref;
  const name = repositoryName(ref);
  if (tag.includes(':')) return { domain: ref.domain, path: ref.path, digest: parseDigest(tag, 'digest in "tag"') };
  const tagged = parseReference(`${name}:${tag}`);
  return { domain: tagged.domain, path: tagged.path, tag: tagged.tag! };
}

export async function insecureRegistries(engine: Engine) {
  const { InsecureRegistries } = await import('../../registry/client/insecure-registries.ts');
  return new InsecureRegistries(engine.config.insecureRegistries ?? []);
}

export async function handlePull(ctx: RequestContext, engine: Engine): Promise<void> {
  const { req, res, query } = ctx;
  const log = engine.config.log.child({ component: 'registry' });
  const reference = pullReference(query.get('fromImage') ?? '', query.get('tag') ?? '');
  const [{ pullImage, pullAllTags }, { credentialsOf, decodeRegistryAuthHeader }, { parsePlatform }] = await Promise.all([
    import('../../registry/client/pull.ts'),
    import('../../registry/client/registry-auth.ts'),
    import('../../registry/client/platform.ts'),
  ]);
  const credentials = credentialsOf(decodeRegistryAuthHeader(req.headers['x-registry-auth']), 'X-Registry-Auth');
  const platformText = query.get('platform');
  const platform = platformText ? parsePlatform(platformText) : undefined;
  const insecure = await insecureRegistries(engine);
  req.resume(); // the request has no body worth reading
  await streamed(res, log, async (send) => {
    const request = { reference, credentials, platform, insecure, progress: send, log };
    if (reference.tag === undefined && reference.digest === undefined) await pullAllTags(engine.images, request);
    else await pullImage(engine.images, request);
  });
}

export async function handlePush(ctx: RequestContext, engine: Engine, name: string): Promise<void> {
  const { req, res, query } = ctx;
  const log = engine.config.log.child({ component: 'registry' });
  let reference = parseReference(name);
  if (reference.digest !== undefined) throw invalidArgument(`cannot push a digest reference (${name}): push a tag`);
  const tag = query.get('tag') || reference.tag;
  reference = tag ? parseReference(`${repositoryName(reference)}:${tag}`) : { domain: reference.domain, path: reference.path };
  const [{ pushImage, tagsToPush }, { credentialsOf, decodeRegistryAuthHeader }] = await Promise.all([import('../../registry/client/push.ts'), import('../../registry/client/registry-auth.ts')]);
  const credentials = credentialsOf(decodeRegistryAuthHeader(req.headers['x-registry-auth']), 'X-Registry-Auth');
  tagsToPush(engine.images, reference); // nothing to push is an HTTP 404, before the stream
  const insecure = await insecureRegistries(engine);
  req.resume();
  log.debug({ reference: formatReference(reference) }, 'push');
  await streamed(res, log, async (send) => {
    await pushImage(engine.images, { reference, credentials, insecure, progress: send, log });
  });
}
