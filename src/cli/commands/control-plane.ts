// What `minato server` and `minato up` run beside the API server (k3s's model): the controllers
// and the scheduler, in-process but as clients — each with its own RestClient over HTTPS,
// authenticated with the admin kubeconfig the server wrote — exactly as they would run in
// processes of their own. --disable-controller-manager / --disable-scheduler leave them out
// (k3s's flags); --controllers picks controllers as kube-controller-manager's flag does, and the
// node lifecycle flags are kube-controller-manager's too.
import type { Command } from 'commander';
import type { NodeLifecycleSettings } from '../../cluster/controllers/node-lifecycle/node-lifecycle-controller.ts';
import type { Logger } from '../../util/log.ts';
import { CliFailure, collect } from '../command.ts';
import { durationFlagMs } from '../flag-values.ts';

export interface ControlPlaneOptions {
  kubeconfigPath: string;
  controllers: boolean;
  scheduler: boolean;
  /** kube-controller-manager's --controllers: names, "*" for all, "-name" to leave one out. */
  controllerSelection: string[];
  /** The node lifecycle controller's settings (--node-monitor-grace-period, default tolerations). */
  nodeLifecycle?: NodeLifecycleSettings;
  /** The cluster CA's files: csrsigning-controller signs approved node (and client) certificates with them. */
  certificateAuthority?: { certFile: string; keyFile: string };
  /** The API server's authorizer, when in the same process: csrapproving-controller's SubjectAccessReview. */
  authorize?: (user: { name: string; uid?: string; groups: string[]; extra?: Record<string, string[]> }, attributes: { verb: string; group: string; version?: string; resource: string; subresource?: string }) => boolean;
  log: Logger;
}

/** The control plane's flags, shared by `minato server` and `minato up`. */
export function controlPlaneFlags(command: Command): Command {
  return command
    .option('--disable-controller-manager', 'Do not run the controllers')
    .option('--disable-scheduler', 'Do not run the scheduler')
    .option('--controllers <string>', 'Controllers to run: names, "*" for all, "-name" to leave one out (kube-controller-manager\'s flag)', collect, [])
    .option('--node-monitor-grace-period <duration>', 'How long a node may go without renewing its lease before it is marked Unknown (controller-manager flag)', '40s')
    .option('--default-not-ready-toleration-seconds <int>', 'tolerationSeconds of the not-ready:NoExecute toleration every pod gets unless it has its own', '300')
    .option('--default-unreachable-toleration-seconds <int>', 'tolerationSeconds of the unreachable:NoExecute toleration every pod gets unless it has its own', '300');
}

/** Reads controlPlaneFlags' values; every bad one is refused with the flag's name. */
export function controlPlaneSettings(options: Record<string, unknown>, log: Logger): Omit<ControlPlaneOptions, 'kubeconfigPath' | 'certificateAuthority' | 'authorize'> {
  const tolerationSeconds = (flag: string, value: unknown): number => {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 0) throw new CliFailure(`invalid ${flag} "${String(value)}": want a whole number of seconds`, 125);
    return seconds;
  };
  const nodeMonitorGracePeriodMs = durationFlagMs('--node-monitor-grace-period', options.nodeMonitorGracePeriod);
  return {
    controllers: options.disableControllerManager !== true,
    scheduler: options.disableScheduler !== true,
    controllerSelection: (options.controllers as string[] | undefined) ?? [],
    nodeLifecycle: {
      ...(nodeMonitorGracePeriodMs !== undefined ? { nodeMonitorGracePeriodMs } : {}),
      defaultNotReadyTolerationSeconds: tolerationSeconds('--default-not-ready-toleration-seconds', options.defaultNotReadyTolerationSeconds),
      defaultUnreachableTolerationSeconds: tolerationSeconds('--default-unreachable-toleration-seconds', options.defaultUnreachableTolerationSeconds),
    },
    log,
  };
}

export interface RunningControlPlane {
  /** Resolves once the controllers' informers synced and the scheduler is ready. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** The controllers --controllers selects, out of `known` (by full or short name). */
export function selectControllers(selection: readonly string[], known: readonly string[]): string[] {
  const full = (name: string) => (name.endsWith('-controller') ? name : `${name}-controller`);
  const entries = selection.flatMap((value) => value.split(',')).map((entry) => entry.trim()).filter(Boolean);
  const chosen = new Set<string>(entries.length === 0 || entries.includes('*') ? known : []);
  for (const entry of entries) {
    if (entry === '*') continue;
    const name = full(entry.startsWith('-') ? entry.slice(1) : entry);
    if (!known.includes(name)) throw new CliFailure(`invalid --controllers "${entry}": unknown controller (known: ${known.join(', ')})`, 125);
    if (entry.startsWith('-')) chosen.delete(name);
    else chosen.add(name);
  }
  return known.filter((name) => chosen.has(name));
}

/** The CSR signer over the CA files, and the approver's SubjectAccessReview through the server's authorizer. */
async function certificateControllerDependencies(options: ControlPlaneOptions) {
  const { caFileSigner } = await import('../../cluster/apiserver/pki/ca-file-signer.ts');
  const authorize = options.authorize;
  return {
    ...(options.certificateAuthority ? { sign: caFileSigner(options.certificateAuthority) } : {}),
    ...(authorize
      ? { authorize: (requester: Parameters<typeof authorize>[0], permission: { verb: string; group: string; resource: string; subresource: string }) => authorize(requester, { ...permission, version: '*' }) }
      : {}),
  };
}

export async function startControlPlane(options: ControlPlaneOptions): Promise<RunningControlPlane> {
  const stops: (() => Promise<void>)[] = [];
  const ready: Promise<void>[] = [];
  if (options.controllers || options.scheduler) {
    const { RestClient, loadKubeconfig } = await import('../../cluster/client/index.ts');
    const credentials = loadKubeconfig(options.kubeconfigPath);
    const client = (component: string) => {
      const rest = new RestClient(credentials, { component });
      stops.push(async () => rest.close());
      return rest;
    };
    if (options.controllers) {
      const { controllerNames, startControllers } = await import('../../cluster/controllers/index.ts');
      const controllers = startControllers({
        rest: client('controller-manager'),
        log: options.log.child({ component: 'controllers' }),
        controllers: selectControllers(options.controllerSelection, controllerNames),
        ...(options.nodeLifecycle ? { nodeLifecycle: options.nodeLifecycle } : {}),
        certificates: await certificateControllerDependencies(options),
      });
      stops.push(() => controllers.stop());
      ready.push(controllers.started);
    }
    if (options.scheduler) {
      const { startScheduler } = await import('../../cluster/scheduler/scheduler-loop.ts');
      const scheduler = startScheduler({ rest: client('scheduler'), log: options.log });
      stops.push(() => scheduler.stop());
      ready.push(scheduler.ready);
    }
  }
  return {
    ready: Promise.all(ready).then(() => undefined),
    async stop() {
      for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => options.log.warn({ err }, 'stopping failed'));
    },
  };
}
