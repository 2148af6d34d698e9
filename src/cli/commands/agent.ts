// `minato agent`: a node that joins an existing cluster, in the foreground until SIGINT/SIGTERM —
// its own engine (the engine's flags: --data-root, -H, --bip for its pod subnet, …) and a node
// agent that registers the node with the API server, keeps its lease renewed and runs the pods
// bound to it. It reaches the API server with --kubeconfig: for now the server's admin
// kubeconfig (k3s joins with a node token instead; Minato has no node credentials yet).
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { engineFlags, keepRunningOnErrors, nodeNameOf, startNodeAgent, startNodeEngine, Stops, waitForSignal } from './node-runtime.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'agent',
      usage: '--kubeconfig PATH [OPTIONS]',
      description: "Run a node that joins an existing cluster: its own engine and a node agent",
      args: { min: 0, max: 0 },
      configure: (command) =>
        engineFlags(command)
          .option('--kubeconfig <string>', "A kubeconfig for the cluster's API server (for now: the server's admin kubeconfig)")
          .option('--node-name <string>', "This node's name (default: the host name)")
          .option('--kubelet-port <int>', "Port of the node agent's kubelet API (logs, exec; 0: any free port)", '10250')
          .option('--log-level <string>', 'Set the logging level (debug, info, warn, error)', 'info'),
      action: async (_args, options) => {
        if (process.getuid?.() !== 0) throw new CliFailure('minato agent needs root: it runs containers (mounts, namespaces, cgroups)', 1);
        const kubeconfigPath = options.kubeconfig as string | undefined;
        if (!kubeconfigPath) throw new CliFailure('minato agent needs --kubeconfig PATH: the kubeconfig of the API server to join (e.g. the one `minato up` wrote)', 125);
        const nodeName = nodeNameOf(options.nodeName);
        const kubeletPort = Number(options.kubeletPort);
        if (!Number.isInteger(kubeletPort) || kubeletPort < 0 || kubeletPort > 65535) throw new CliFailure(`invalid --kubelet-port "${String(options.kubeletPort)}": want 1-65535 (0: any free port)`, 125);
        process.env.MINATO_LOG_LEVEL = options.logLevel as string;
        const { createLogger } = await import('../../util/log.ts');
        const log = createLogger('minato-agent');
        keepRunningOnErrors(log);

        const stops = new Stops(log);
        try {
          const { RestClient, loadKubeconfig } = await import('../../cluster/client/index.ts');
          let credentials;
          try {
            credentials = loadKubeconfig(kubeconfigPath);
          } catch (err) {
            const { messageOf } = await import('../../util/errors.ts');
            throw new CliFailure(`cannot read --kubeconfig ${kubeconfigPath}: ${messageOf(err)}`, 125);
          }
          const daemon = await startNodeEngine(options, context.host, log, stops);
          const rest = new RestClient(credentials, { component: 'agent' });
          stops.push('agent client', async () => rest.close());
          await startNodeAgent(daemon, rest, nodeName, log, stops, { caCertPem: credentials.ca, port: kubeletPort });
          log.info({ node: nodeName, server: credentials.server }, 'node joined the cluster');
        } catch (err) {
          await stops.stopAll();
          const { isMinatoError } = await import('../../util/errors.ts');
          if (isMinatoError(err)) throw new CliFailure(err.message);
          throw err;
        }
        await waitForSignal();
        log.info('stopping; containers keep running and are picked up by the next minato agent');
        await stops.stopAll();
        return 0;
      },
    },
    argv,
    context,
  );
}
