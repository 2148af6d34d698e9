// `minato logout [SERVER]`: forgets the credentials stored for a registry (Docker Hub without
// SERVER). Nothing to forget is not an error, as with docker.
import { defaultConfigPath, readDockerConfig, removeStoredAuth, writeDockerConfig } from '../../engine/registry/client/docker-config.ts';
import { credentialKey, normaliseServerAddress } from '../../engine/registry/client/registry-host.ts';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'logout',
      usage: '[SERVER]',
      description: 'Log out from a registry.\nIf no server is specified, the default is defined by the daemon.',
      args: { min: 0, max: 1 },
      action: async ([server]) => {
        let domain: string;
        try {
          domain = normaliseServerAddress(server);
        } catch (err) {
          throw new CliFailure(err instanceof Error ? err.message : String(err), 1);
        }
        const file = defaultConfigPath();
        const config = await readDockerConfig(file).catch((err: unknown) => {
          throw new CliFailure(err instanceof Error ? err.message : String(err), 1);
        });
        const { config: updated, removed } = removeStoredAuth(config, domain);
        const shown = server && !server.includes('://') ? server : credentialKey(domain);
        if (!removed) {
          process.stdout.write(`Not logged in to ${shown}\n`);
          return;
        }
        process.stdout.write(`Removing login credentials for ${shown}\n`);
        await writeDockerConfig(file, updated);
      },
    },
    argv,
    context,
  );
}
