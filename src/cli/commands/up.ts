// `minato up`: a whole single-node cluster in one process, in the foreground until
// SIGINT/SIGTERM — the engine (with its Docker Engine API socket), the Kubernetes API server,
// the controllers, the scheduler and a node agent that runs pods on the engine. It takes the
// engine's flags (--data-root, -H, …) and the server's (--data-dir, --https-listen-port,
// --write-kubeconfig, …), so several can run side by side. No registry is reachable from
// these machines: when the engine has no `busybox` image, one is imported from the host's
// busybox-static so the examples run.
import { CliFailure, runVerb } from '../command.ts';
import { portFlag } from '../flag-values.ts';
import type { CliContext } from '../context.ts';
import { engineFlags, keepRunningOnErrors, nodeNameOf, startNodeAgent, startNodeEngine, Stops, waitForSignal } from './node-runtime.ts';
import { controlPlaneFlags, controlPlaneSettings, startControlPlane } from './control-plane.ts';
import { defaultServerDataDir } from './server.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'up',
      usage: '[OPTIONS]',
      description: 'Run a single-node cluster: engine, API server, controllers, scheduler and node agent',
      args: { min: 0, max: 0 },
      configure: (command) =>
        controlPlaneFlags(
          engineFlags(command)
            .option('--data-dir <string>', "The API server's folder", defaultServerDataDir)
            .option('--https-listen-port <int>', 'HTTPS listen port of the API server', '6443')
            .option('--bind-address <string>', 'Address the API server listens on', '127.0.0.1')
            .option('--write-kubeconfig <string>', 'Write the admin kubeconfig to this file (default DATA-DIR/kubeconfig.yaml)')
            .option('--datastore-endpoint <string>', 'etcd endpoint; default: embedded SQLite in the data dir')
            .option('--kubelet-port <int>', "Port of the node agent's kubelet API (logs, exec; 0: any free port)", '10250')
            .option('--node-name <string>', 'This node\'s name (default: the host name)'),
        ).option('--log-level <string>', 'Set the logging level (debug, info, warn, error)', 'info'),
      action: async (_args, options) => {
        if (process.getuid?.() !== 0) throw new CliFailure('minato up needs root: it runs containers (mounts, namespaces, cgroups)', 1);
        const port = portFlag('--https-listen-port', options.httpsListenPort);
        const nodeName = nodeNameOf(options.nodeName);
        const kubeletPort = portFlag('--kubelet-port', options.kubeletPort);
        process.env.MINATO_LOG_LEVEL = options.logLevel as string;
        const { createLogger } = await import('../../util/log.ts');
        const log = createLogger('minato-up');
        const controlPlaneOptions = controlPlaneSettings(options, log); // checked before anything starts
        // One bug in one component must not take the cluster down: log it and go on.
        keepRunningOnErrors(log);

        const stops = new Stops(log);
        const stopAll = () => stops.stopAll();
        try {
          const daemon = await startNodeEngine(options, context.host, log, stops);

          const { startClusterServer } = await import('../../cluster/apiserver/cluster-server.ts');
          const server = await startClusterServer({
            dataDir: options.dataDir as string,
            port,
            bindAddress: options.bindAddress as string,
            kubeconfigPath: options.writeKubeconfig as string | undefined,
            datastoreEndpoint: options.datastoreEndpoint as string | undefined,
            tlsSans: [],
            serviceCidr: '10.43.0.0/16',
            nodePortRange: [30000, 32767],
            compactionIntervalMs: 300_000,
            compactionRetainRevisions: 1000,
            log: log.child({ component: 'apiserver' }),
          });
          stops.push('apiserver', () => server.close());

          const { RestClient, loadKubeconfig } = await import('../../cluster/client/index.ts');
          const credentials = loadKubeconfig(server.kubeconfigPath);
          const agentClient = new RestClient(credentials, { component: 'agent' });
          stops.push('agent client', async () => agentClient.close());

          const controlPlane = await startControlPlane({ ...controlPlaneOptions, kubeconfigPath: server.kubeconfigPath, certificateAuthority: server.caFiles, authorize: server.authorize });
          stops.push('controllers and scheduler', () => controlPlane.stop());

          await startNodeAgent(daemon, agentClient, nodeName, log, stops, { caCertPem: credentials.ca, port: kubeletPort });
          await controlPlane.ready;
          log.info({ node: nodeName, kubeconfig: server.kubeconfigPath }, `cluster up: export KUBECONFIG=${server.kubeconfigPath}`);
        } catch (err) {
          await stopAll();
          const code = (err as { code?: string }).code;
          if (code === 'EADDRINUSE') throw new CliFailure(`cannot listen on ${options.bindAddress as string}:${port}: the address is in use`);
          const { isMinatoError } = await import('../../util/errors.ts');
          if (isMinatoError(err)) throw new CliFailure(err.message);
          throw err;
        }
        await waitForSignal();
        log.info('stopping; containers keep running and are picked up by the next minato up');
        await stopAll();
        return 0;
      },
    },
    argv,
    context,
  );
}
