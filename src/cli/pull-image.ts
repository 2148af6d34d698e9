// A pull through the daemon (`POST /images/create`) with the stored credentials, its progress
// drawn as docker draws it: what `minato pull` does, and what `run`/`create` do for an image
// that is not here.
import { formatReference, type ImageReference, parseReference } from '../engine/images/reference.ts';
import type { DaemonClient } from './client.ts';
import { CliFailure } from './command.ts';
import { registryAuthHeader, renderProgress } from './registry-credentials.ts';

/** An image name from the command line; a malformed one fails the command with `exitCode`. */
export function referenceArgument(name: string, exitCode = 1): ImageReference {
  try {
    return parseReference(name);
  } catch (err) {
    throw new CliFailure(err instanceof Error ? err.message : String(err), exitCode);
  }
}

export interface PullOptions {
  platform?: string;
  quiet?: boolean;
  out?: NodeJS.WriteStream;
}

export async function pullThroughDaemon(client: DaemonClient, ref: ImageReference, options: PullOptions = {}): Promise<void> {
  const response = await client.call('POST', '/images/create', {
    query: { fromImage: formatReference({ domain: ref.domain, path: ref.path }), tag: ref.digest ?? ref.tag ?? '', platform: options.platform },
    headers: { 'X-Registry-Auth': await registryAuthHeader(ref.domain) },
  });
  await renderProgress(client, response, !!options.quiet, options.out);
}
