// What `minato up` and `minato agent` both run on a node: the engine (with its Docker Engine API
// socket and the busybox image the examples use) and the node agent over it (an EngineRuntime,
// the way the kubelet uses CRI), plus their shared flags, the stop list and the wait for
// SIGINT/SIGTERM.
import { hostname } from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { defaultDataRoot, defaultHost, type RunningDaemon } from '../../engine/daemon/daemon.ts';
import type { Engine } from '../../engine/daemon/engine.ts';
import type { Agent, AgentOptions } from '../../cluster/agent/agent.ts';
import type { RestClient } from '../../cluster/client/index.ts';
import type { Logger } from '../../util/log.ts';
import { CliFailure } from '../command.ts';

const nodeNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The engine's flags, as `minato daemon` names them. */
export function engineFlags(command: Command): Command {
  return command
    .option('--data-root <string>', "The engine's root directory of persistent state", defaultDataRoot)
    .option('--exec-root <string>', "The engine's execution state files (default /run/minato, or DATA-ROOT/run)")
    .option('-H, --host <string>', `The engine's Docker API socket (default ${defaultHost})`)
    .option('--cgroup-parent <string>', 'Parent cgroup for all containers')
    .option('--bip <string>', "The pod network's bridge address and subnet (default 10.88.0.1/16)");
}

/** --node-name (default: the host name), lower-cased and checked. */
export function nodeNameOf(option: unknown): string {
  const nodeName = ((option as string | undefined) ?? hostname()).toLowerCase();
  if (!nodeNamePattern.test(nodeName) || nodeName.length > 253) throw new CliFailure(`invalid --node-name "${nodeName}": a node name must be a DNS subdomain (lower case letters, digits, '-' and '.')`, 125);
  return nodeName;
}

/** Components to stop, in reverse order of starting. */
export class Stops {
  private readonly list: { name: string; stop: () => Promise<void> }[] = [];
  private readonly log: Pick<Logger, 'warn'>;

  constructor(log: Pick<Logger, 'warn'>) {
    this.log = log;
  }

  push(name: string, stop: () => Promise<void>): void {
    this.list.push({ name, stop });
  }

  async stopAll(): Promise<void> {
    for (const { name, stop } of this.list.splice(0).reverse()) {
      await stop().catch((err: unknown) => this.log.warn({ err, component: name }, 'stopping failed'));
    }
  }
}

/** Logs what would otherwise crash the process: one bug in one component must not take the node down. */
export function keepRunningOnErrors(log: Logger): void {
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
}

export function waitForSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** Starts the engine from the engine flags (and seeds busybox:latest); its stop goes on `stops`. */
export async function startNodeEngine(options: Record<string, unknown>, contextHost: string, log: Logger, stops: Stops): Promise<RunningDaemon> {
  const { startDaemon } = await import('../../engine/daemon/daemon.ts');
  const daemon = await startDaemon({
    log: log.child({ component: 'engine' }),
    dataRoot: options.dataRoot as string,
    execRoot: options.execRoot as string | undefined,
    host: (options.host as string | undefined) ?? contextHost,
    cgroupParent: options.cgroupParent as string | undefined,
    defaultSubnet: options.bip as string | undefined,
  });
  stops.push('engine', () => daemon.close());
  await seedBusybox(daemon.engine, log);
  return daemon;
}

/** Starts the node agent on the engine (pod volumes and logs under DATA-ROOT/agent); its stop goes on `stops`. */
export async function startNodeAgent(daemon: RunningDaemon, rest: RestClient, nodeName: string, log: Logger, stops: Stops, kubelet?: AgentOptions['kubelet']): Promise<Agent> {
  const { EngineRuntime } = await import('../../cluster/agent/engine-runtime.ts');
  const { startAgent } = await import('../../cluster/agent/agent.ts');
  const agent = await startAgent({
    rest,
    runtime: new EngineRuntime({ engine: daemon.engine, log: log.child({ component: 'runtime' }) }),
    nodeName,
    dataDir: path.join(daemon.engine.paths.dataRoot, 'agent'),
    log: log.child({ component: 'agent' }),
    ...(kubelet ? { kubelet } : {}),
  });
  stops.push('agent', () => agent.stop());
  return agent;
}

/** busybox:latest from the host's busybox-static, when the engine has no busybox image. */
async function seedBusybox(engine: Engine, log: Logger): Promise<void> {
  const { isMinatoError } = await import('../../util/errors.ts');
  try {
    await engine.images.resolve('busybox:latest');
    return;
  } catch (err) {
    if (!isMinatoError(err, 'NotFound')) throw err;
  }
  const { busyboxRootfs } = await import('../../engine/images/busybox-rootfs.ts');
  await engine.images.importRootfs(busyboxRootfs(), { reference: 'busybox:latest', message: 'imported by minato from the host busybox-static' });
  log.info('imported busybox:latest from the host busybox-static (no registry is needed for the examples)');
}
