// `minato daemon`: runs the engine in the foreground until SIGINT/SIGTERM.
import { startDaemon, defaultDataRoot, defaultHost } from '../../engine/daemon/daemon.ts';
import type { RuntimeName } from '../../engine/runtime/oci-runtime.ts';
import { CliFailure, collect, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'daemon',
      usage: '[OPTIONS]',
      description: 'Run the Minato engine daemon (Docker Engine API)',
      args: { min: 0, max: 0 },
      configure: (command) =>
        command
          .option('--data-root <string>', 'Root directory of persistent state', defaultDataRoot)
          .option('--exec-root <string>', 'Root directory for execution state files (default /run/minato, or DATA-ROOT/run)')
          .option('-H, --host <string>', `Daemon socket to listen on (default ${defaultHost})`)
          .option('--runtime <string>', 'Default OCI runtime for containers (crun or runc; default crun where it can run)')
          .option('--cgroup-parent <string>', 'Parent cgroup for all containers')
          .option('--bip <string>', "The default bridge network's address and subnet (default 10.88.0.1/16)")
          .option('--network-pool-size <int>', 'Network sandboxes on the default bridge to keep prepared (default 2)')
          .option('--insecure-registry <host>', 'Registry (host[:port] or CIDR) that may be reached over plain HTTP; repeatable (localhost and 127.0.0.0/8 always may)', collect, [])
          .option('--log-level <string>', 'Set the logging level (debug, info, warn, error)', 'info'),
      action: async (_args, options) => {
        if (process.getuid?.() !== 0) throw new CliFailure('minato daemon needs root: it mounts filesystems and creates namespaces and cgroups', 1);
        const runtime = options.runtime as string | undefined;
        if (runtime !== undefined && runtime !== 'crun' && runtime !== 'runc') throw new CliFailure(`invalid --runtime "${runtime}": want crun or runc`, 125);
        process.env.MINATO_LOG_LEVEL = options.logLevel as string;
        const poolSize = options.networkPoolSize === undefined ? undefined : Number(options.networkPoolSize);
        if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 0)) throw new CliFailure(`invalid --network-pool-size "${String(options.networkPoolSize)}": want a whole number ≥ 0`, 125);
        // A daemon must outlive a bug in one request: log what escaped and keep serving.
        const { createLogger } = await import('../../util/log.ts');
        const log = createLogger('minato-daemon');
        process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
        process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
        const daemon = await startDaemon({
          log,
          dataRoot: options.dataRoot as string,
          execRoot: options.execRoot as string | undefined,
          host: (options.host as string | undefined) ?? context.host,
          runtime: runtime as RuntimeName | undefined,
          cgroupParent: options.cgroupParent as string | undefined,
          defaultSubnet: options.bip as string | undefined,
          networkPoolSize: poolSize,
          insecureRegistries: options.insecureRegistry as string[],
        });
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await daemon.close();
        return 0;
      },
    },
    argv,
    context,
  );
}
