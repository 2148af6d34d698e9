// The credentials `minato pull` and `push` send with a request: those `minato login` stored
// for the reference's registry in $MINATO_CONFIG/config.json (default ~/.minato/config.json),
// as the X-Registry-Auth header the docker CLI sends ("e30" — "{}" — when there are none).
import type { IncomingMessage } from 'node:http';
import { defaultConfigPath, readDockerConfig, storedAuth } from '../engine/registry/client/docker-config.ts';
import { type AuthConfig, credentialsOf, encodeRegistryAuthHeader } from '../engine/registry/client/registry-auth.ts';
import type { DaemonClient } from './client.ts';
import { CliFailure } from './command.ts';
import { ProgressRenderer, StreamError } from './progress.ts';

export async function registryAuthHeader(domain: string): Promise<string> {
  const file = defaultConfigPath();
  let stored: AuthConfig | undefined;
  try {
    stored = storedAuth(await readDockerConfig(file), domain, file);
  } catch (err) {
    throw new CliFailure(`reading the stored credentials failed: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  const credentials = stored ? credentialsOf(stored, file) : undefined;
  if (!credentials) return encodeRegistryAuthHeader({});
  const header: AuthConfig = { serveraddress: stored!.serveraddress };
  if (credentials.username !== undefined) header.username = credentials.username;
  if (credentials.password) header.password = credentials.password;
  if (credentials.identityToken) header.identitytoken = credentials.identityToken;
  return encodeRegistryAuthHeader(header);
}

/** Shows a pull or push progress stream on stdout (quietly: not at all); an in-stream error fails the command. */
/** Shows a pull's or push's progress stream on `out` (stdout for pull/push, stderr when `run` pulls). */
export async function renderProgress(client: DaemonClient, response: IncomingMessage, quiet: boolean, out: NodeJS.WriteStream = process.stdout): Promise<void> {
  const renderer = new ProgressRenderer(out, { tty: !!out.isTTY, width: out.columns });
  try {
    await client.jsonStream(response, (message) => {
      if (quiet && message.error === undefined && message.errorDetail === undefined) return;
      renderer.render(message);
    });
  } catch (err) {
    if (err instanceof StreamError) throw new CliFailure(err.message, 1);
    throw err;
  }
}
