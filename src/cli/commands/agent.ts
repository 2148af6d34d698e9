// `minato agent`: a node that joins an existing cluster, in the foreground until SIGINT/SIGTERM —
// its own engine (the engine's flags: --data-root, -H, --bip for its pod subnet, …) and a node
// agent that registers the node with the API server, keeps its lease renewed and runs the pods
// bound to it. It joins as kubeadm join does: --server, a bootstrap --token and
// --discovery-token-ca-cert-hash, then runs as system:node:<name> with the certificate it was
// issued (node-bootstrap.ts). --kubeconfig instead runs with a given kubeconfig (e.g. the admin one).
import { CliFailure, collect, runVerb } from '../command.ts';
import { portFlag } from '../flag-values.ts';
import type { CliContext } from '../context.ts';
import { engineFlags, keepRunningOnErrors, nodeNameOf, startNodeAgent, startNodeEngine, Stops, waitForSignal } from './node-runtime.ts';

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'agent',
      usage: '--server URL --token TOKEN [--discovery-token-ca-cert-hash sha256:HEX] [OPTIONS] | --kubeconfig PATH [OPTIONS]',
      description: "Run a node that joins an existing cluster: its own engine and a node agent",
      args: { min: 0, max: 0 },
      configure: (command) =>
        engineFlags(command)
          .option('--server <string>', "The API server to join (https://HOST:PORT)")
          .option('--token <string>', 'A bootstrap token to join with (DATA-DIR/node-token of the server); needed only until the node has its certificate')
          .option('--discovery-token-ca-cert-hash <string>', "The cluster CA's public key hash (sha256:HEX, printed by the server) to trust it by", collect, [])
          .option('--kubeconfig <string>', "Instead of joining with a token: a kubeconfig for the cluster's API server (e.g. the server's admin kubeconfig)")
          .option('--node-name <string>', "This node's name (default: the host name)")
          .option('--kubelet-port <int>', "Port of the node agent's kubelet API (logs, exec; 0: any free port)", '10250')
          .option('--log-level <string>', 'Set the logging level (debug, info, warn, error)', 'info'),
      action: async (_args, options) => {
        if (process.getuid?.() !== 0) throw new CliFailure('minato agent needs root: it runs containers (mounts, namespaces, cgroups)', 1);
        const kubeconfigPath = options.kubeconfig as string | undefined;
        const server = options.server as string | undefined;
        const token = options.token as string | undefined;
        if (kubeconfigPath && (server || token)) throw new CliFailure('minato agent: give either --kubeconfig, or --server with --token, not both', 125);
        if (!kubeconfigPath && !server) throw new CliFailure('minato agent needs --server URL --token TOKEN (the join command `minato server` prints), or --kubeconfig PATH', 125);
        if (server && !/^https:\/\/[^/]+\/?$/.test(server)) throw new CliFailure(`invalid --server "${server}": want https://HOST:PORT`, 125);
        if (token !== undefined) {
          const { parseBootstrapToken } = await import('../../cluster/api/bootstrap-token.ts');
          if (!parseBootstrapToken(token)) throw new CliFailure('invalid --token: a bootstrap token has the form [a-z0-9]{6}.[a-z0-9]{16}', 125);
        }
        const caCertHashes = options.discoveryTokenCaCertHash as string[];
        for (const hash of caCertHashes) {
          if (!/^sha256:[0-9a-fA-F]{64}$/.test(hash)) throw new CliFailure(`invalid --discovery-token-ca-cert-hash "${hash}": want sha256: and 64 hex digits`, 125);
        }
        const nodeName = nodeNameOf(options.nodeName);
        const kubeletPort = portFlag('--kubelet-port', options.kubeletPort);
        process.env.MINATO_LOG_LEVEL = options.logLevel as string;
        const { createLogger } = await import('../../util/log.ts');
        const log = createLogger('minato-agent');
        keepRunningOnErrors(log);

        const stops = new Stops(log);
        try {
          const { RestClient, loadKubeconfig } = await import('../../cluster/client/index.ts');
          let credentials;
          if (kubeconfigPath) {
            try {
              credentials = loadKubeconfig(kubeconfigPath);
            } catch (err) {
              const { messageOf } = await import('../../util/errors.ts');
              throw new CliFailure(`cannot read --kubeconfig ${kubeconfigPath}: ${messageOf(err)}`, 125);
            }
          } else {
            const { nodeCredentials } = await import('./node-bootstrap.ts');
            credentials = await nodeCredentials({ server: server!.replace(/\/$/, ''), ...(token ? { token } : {}), caCertHashes, nodeName, dataRoot: options.dataRoot as string, log });
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
