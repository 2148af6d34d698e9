// `minato up`: a whole single-node cluster in one process, in the foreground until
// SIGINT/SIGTERM — the engine (with its Docker Engine API socket), the Kubernetes API server,
// the controllers, the scheduler and a node agent that runs pods on the engine. It takes the
// engine's flags (--data-root, -H, …) and the server's (--data-dir, --https-listen-port,
// --write-kubeconfig, …), so several can run side by side. No registry is reachable from
// these machines: when the engine has no `busybox` image, one is imported from the host's
// busybox-static so the examples run.
import { hostname } from 'node:os';
import * as path from 'node:path';
import { defaultDataRoot, defaultHost } from '../../engine/daemon/daemon.ts';
import { CliFailure, runVerb } from '../command.ts';
import type { CliContext } from '../context.ts';
import { defaultServerDataDir } from './server.ts';

const nodeNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function run(argv: string[], context: CliContext): Promise<number> {
  return runVerb(
    {
      name: 'up',
      usage: '[OPTIONS]',
      description: 'Run a single-node cluster: engine, API server, controllers, scheduler and node agent',
      args: { min: 0, max: 0 },
      configure: (command) =>
        command
          .option('--data-root <string>', "The engine's root directory of persistent state", defaultDataRoot)
          .option('--exec-root <string>', "The engine's execution state files (default /run/minato, or DATA-ROOT/run)")
          .option('-H, --host <string>', `The engine's Docker API socket (default ${defaultHost})`)
          .option('--cgroup-parent <string>', 'Parent cgroup for all containers')
          .option('--bip <string>', "The pod network's bridge address and subnet (default 10.88.0.1/16)")
          .option('--data-dir <string>', "The API server's folder", defaultServerDataDir)
          .option('--https-listen-port <int>', 'HTTPS listen port of the API server', '6443')
          .option('--bind-address <string>', 'Address the API server listens on', '127.0.0.1')
          .option('--write-kubeconfig <string>', 'Write the admin kubeconfig to this file (default DATA-DIR/kubeconfig.yaml)')
          .option('--datastore-endpoint <string>', 'etcd endpoint; default: embedded SQLite in the data dir')
          .option('--node-name <string>', 'This node\'s name (default: the host name)')
          .option('--log-level <string>', 'Set the logging level (debug, info, warn, error)', 'info'),
      action: async (_args, options) => {
        if (process.getuid?.() !== 0) throw new CliFailure('minato up needs root: it runs containers (mounts, namespaces, cgroups)', 1);
        const port = Number(options.httpsListenPort);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliFailure(`invalid --https-listen-port "${String(options.httpsListenPort)}": want 1-65535 (0: any free port)`, 125);
        const nodeName = ((options.nodeName as string | undefined) ?? hostname()).toLowerCase();
        if (!nodeNamePattern.test(nodeName) || nodeName.length > 253) throw new CliFailure(`invalid --node-name "${nodeName}": a node name must be a DNS subdomain (lower case letters, digits, '-' and '.')`, 125);
        process.env.MINATO_LOG_LEVEL = options.logLevel as string;
        const { createLogger } = await import('../../util/log.ts');
        const log = createLogger('minato-up');
        // One bug in one component must not take the cluster down: log it and go on.
        process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
        process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));

        const stops: { name: string; stop: () => Promise<void> }[] = [];
        const stopAll = async () => {
          for (const { name, stop } of stops.reverse()) {
            await stop().catch((err: unknown) => log.warn({ err, component: name }, 'stopping failed'));
          }
        };
        try {
          const { startDaemon } = await import('../../engine/daemon/daemon.ts');
          const daemon = await startDaemon({
            log: log.child({ component: 'engine' }),
            dataRoot: options.dataRoot as string,
            execRoot: options.execRoot as string | undefined,
            host: (options.host as string | undefined) ?? context.host,
            cgroupParent: options.cgroupParent as string | undefined,
            defaultSubnet: options.bip as string | undefined,
          });
          stops.push({ name: 'engine', stop: () => daemon.close() });
          await seedBusybox(daemon.engine, log);

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
          stops.push({ name: 'apiserver', stop: () => server.close() });

          const { RestClient, loadKubeconfig } = await import('../../cluster/client/index.ts');
          const credentials = loadKubeconfig(server.kubeconfigPath);
          const client = (component: string) => {
            const rest = new RestClient(credentials, { component });
            stops.push({ name: `${component} client`, stop: async () => rest.close() });
            return rest;
          };

          const { startControllers } = await import('../../cluster/controllers/index.ts');
          const controllers = startControllers({ rest: client('controller-manager'), log: log.child({ component: 'controllers' }) });
          stops.push({ name: 'controllers', stop: () => controllers.stop() });

          const { startScheduler } = await import('../../cluster/scheduler/scheduler-loop.ts');
          const scheduler = startScheduler({ rest: client('scheduler'), log });
          stops.push({ name: 'scheduler', stop: () => scheduler.stop() });

          const { EngineRuntime } = await import('../../cluster/agent/engine-runtime.ts');
          const { startAgent } = await import('../../cluster/agent/agent.ts');
          const agent = await startAgent({
            rest: client('agent'),
            runtime: new EngineRuntime({ engine: daemon.engine, log: log.child({ component: 'runtime' }) }),
            nodeName,
            dataDir: path.join(daemon.engine.paths.dataRoot, 'agent'),
            log: log.child({ component: 'agent' }),
          });
          stops.push({ name: 'agent', stop: () => agent.stop() });
          await Promise.all([controllers.started, scheduler.ready]);
          log.info({ node: nodeName, kubeconfig: server.kubeconfigPath }, `cluster up: export KUBECONFIG=${server.kubeconfigPath}`);
        } catch (err) {
          await stopAll();
          const code = (err as { code?: string }).code;
          if (code === 'EADDRINUSE') throw new CliFailure(`cannot listen on ${options.bindAddress as string}:${port}: the address is in use`);
          const { isMinatoError } = await import('../../util/errors.ts');
          if (isMinatoError(err)) throw new CliFailure(err.message);
          throw err;
        }
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        log.info('stopping; containers keep running and are picked up by the next minato up');
        await stopAll();
        return 0;
      },
    },
    argv,
    context,
  );
}

/** busybox:latest from the host's busybox-static, when the engine has no busybox image. */
async function seedBusybox(engine: import('../../engine/daemon/engine.ts').Engine, log: import('../../util/log.ts').Logger): Promise<void> {
  const { isMinatoError } = await import('../../util/errors.ts');
  try {
    await engine.images.resolve('busybox:latest');
    return;
  } catch (err) {
    if (!isMinatoError(err, 'NotFound')) throw err;
  }
  const { busyboxRootfs } = await import('../../engine/images/busybox-rootfs.ts');
  await engine.images.importRootfs(busyboxRootfs(), { reference: 'busybox:latest', message: 'imported by minato up from the host busybox-static' });
  log.info('imported busybox:latest from the host busybox-static (no registry is needed for the examples)');
}
