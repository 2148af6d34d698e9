// `minato registry`: runs an OCI distribution registry in the foreground until SIGINT/SIGTERM.
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

const defaultAddress = '127.0.0.1:5000';
const defaultRoot = '/var/lib/minato/registry';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'registry',
      usage: '[OPTIONS]',
      description: 'Run an OCI distribution registry (plain HTTP: clients treat it as an insecure registry)',
      args: { min: 0, max: 0 },
      configure: (command) =>
        command
          .option('--addr <host:port>', 'Address to listen on (":5000" for every interface)', defaultAddress)
          .option('--root <dir>', 'Directory to store blobs, manifests and uploads in', defaultRoot)
          .option('--htpasswd <file>', 'Require Basic authentication against this htpasswd file (bcrypt entries, htpasswd -B)')
          .option('--log-level <string>', 'Set the logging level (debug, info, warn, error)', 'info'),
      action: async (_args, options) => {
        const { parseListenAddress, startRegistryServer } = await import('../../engine/registry/server/server.ts');
        const { isMinatoError } = await import('../../util/errors.ts');
        let address;
        try {
          address = parseListenAddress(options.addr as string);
        } catch (err) {
          throw new CliFailure(`invalid --addr: ${(err as Error).message}`, 125);
        }
        process.env.MINATO_LOG_LEVEL = options.logLevel as string;
        const { createLogger } = await import('../../util/log.ts');
        const log = createLogger('minato-registry');
        process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
        process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
        let running;
        try {
          running = await startRegistryServer({ address, root: options.root as string, htpasswd: options.htpasswd as string | undefined, log });
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'EACCES' && options.root === defaultRoot) throw new CliFailure(`cannot use ${defaultRoot}: ${(err as Error).message} (run as root, or choose a directory with --root)`);
          if (code === 'EADDRINUSE') throw new CliFailure(`cannot listen on ${options.addr as string}: the address is in use`);
          if (isMinatoError(err)) throw new CliFailure(err.message);
          throw err;
        }
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await running.close();
        return 0;
      },
    },
    argv,
    context,
  );
}
