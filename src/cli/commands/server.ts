// `minato server`: the Kubernetes control plane in the foreground until SIGINT/SIGTERM — the API
// server, the controllers and the scheduler (control-plane.ts; k3s's --disable-controller-manager
// and --disable-scheduler leave them out) — with k3s's flag names. HTTPS with certificates it
// makes on first start; an admin kubeconfig the real kubectl uses as it is; embedded SQLite, or
// etcd with --datastore-endpoint.
import { CliFailure, collect, runVerb } from '../command.ts';
import { portFlag } from '../flag-values.ts';
import type { CliContext } from '../context.ts';
import { controlPlaneFlags, controlPlaneSettings, startControlPlane } from './control-plane.ts';

export const defaultServerDataDir = '/var/lib/minato/server';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'server',
      usage: '[OPTIONS]',
      description: 'Run the Kubernetes control plane: API server, controllers and scheduler',
      args: { min: 0, max: 0 },
      configure: (command) =>
        controlPlaneFlags(
          command
            .option('--data-dir <string>', 'Folder to hold state', defaultServerDataDir)
            .option('--https-listen-port <int>', 'HTTPS listen port', '6443')
            .option('--bind-address <string>', 'Address to listen on', '127.0.0.1')
            .option('--write-kubeconfig <string>', "Write the admin kubeconfig to this file (default DATA-DIR/kubeconfig.yaml)")
            .option('--datastore-endpoint <string>', 'etcd endpoint (http://127.0.0.1:2379, or etcd://…); default: embedded SQLite in the data dir')
            .option('--tls-san <string>', 'Add additional hostnames or IPv4/IPv6 addresses as Subject Alternative Names on the server TLS cert', collect, [])
            .option('--token-auth-file <string>', 'Static bearer tokens (CSV: token,user,uid,"group1,group2")')
            .option('--service-cidr <string>', 'IPv4 network CIDR to use for service IPs', '10.43.0.0/16')
            .option('--service-node-port-range <string>', 'Port range to reserve for services with NodePort visibility', '30000-32767')
            .option('--etcd-compaction-interval <seconds>', 'The interval of compaction requests; 0 disables them', '300')
            .option('--compaction-retain-revisions <int>', 'How many revisions of history compaction keeps', '1000')
            .option('--watch-bookmark-interval <seconds>', 'How often a watch that allows bookmarks gets one', '60'),
        ).option('--log-level <string>', 'Set the logging level (debug, info, warn, error)', 'info'),
      action: async (_args, options) => {
        const port = portFlag('--https-listen-port', options.httpsListenPort);
        const range = /^(\d+)-(\d+)$/.exec(options.serviceNodePortRange as string);
        if (!range || Number(range[1]) < 1 || Number(range[2]) > 65535 || Number(range[1]) > Number(range[2])) throw new CliFailure(`invalid --service-node-port-range "${String(options.serviceNodePortRange)}": want LOW-HIGH`, 125);
        const seconds = (flag: string, value: unknown) => {
          const parsed = Number(value);
          if (!Number.isFinite(parsed) || parsed < 0) throw new CliFailure(`invalid ${flag} "${String(value)}": want a number of seconds ≥ 0`, 125);
          return parsed;
        };
        const compactionIntervalMs = seconds('--etcd-compaction-interval', options.etcdCompactionInterval) * 1000;
        const bookmarkIntervalMs = seconds('--watch-bookmark-interval', options.watchBookmarkInterval) * 1000;
        const retain = Number(options.compactionRetainRevisions);
        if (!Number.isInteger(retain) || retain < 1) throw new CliFailure(`invalid --compaction-retain-revisions "${String(options.compactionRetainRevisions)}": want a whole number ≥ 1`, 125);
        process.env.MINATO_LOG_LEVEL = options.logLevel as string;
        const { createLogger } = await import('../../util/log.ts');
        const log = createLogger('minato-server');
        const controlPlaneOptions = controlPlaneSettings(options, log); // checked before anything starts
        // A server must outlive a bug in one request: log what escaped and keep serving.
        process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
        process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
        const { startClusterServer } = await import('../../cluster/apiserver/cluster-server.ts');
        const { isMinatoError } = await import('../../util/errors.ts');
        let server;
        try {
          server = await startClusterServer({
            dataDir: options.dataDir as string,
            port,
            bindAddress: options.bindAddress as string,
            kubeconfigPath: options.writeKubeconfig as string | undefined,
            datastoreEndpoint: options.datastoreEndpoint as string | undefined,
            tlsSans: options.tlsSan as string[],
            tokenAuthFile: options.tokenAuthFile as string | undefined,
            serviceCidr: options.serviceCidr as string,
            nodePortRange: [Number(range[1]), Number(range[2])],
            compactionIntervalMs,
            compactionRetainRevisions: retain,
            ...(bookmarkIntervalMs > 0 ? { watch: { bookmarkIntervalMs } } : {}),
            log,
          });
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'EADDRINUSE') throw new CliFailure(`cannot listen on ${options.bindAddress as string}:${port}: the address is in use`);
          if (code === 'EACCES') throw new CliFailure(`${(err as Error).message} (run as root, or choose a folder with --data-dir)`);
          if (isMinatoError(err)) throw new CliFailure(err.message);
          throw err;
        }
        let controlPlane;
        try {
          controlPlane = await startControlPlane({ ...controlPlaneOptions, kubeconfigPath: server.kubeconfigPath, certificateAuthority: server.caFiles, authorize: server.authorize });
        } catch (err) {
          await server.close();
          throw err;
        }
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await controlPlane.stop();
        await server.close();
        return 0;
      },
    },
    argv,
    context,
  );
}
