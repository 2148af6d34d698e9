// `minato daemon`: the engine behind the Docker Engine API on a unix socket (or TCP). Stopping
// the daemon never stops containers: conmon keeps them, and the next daemon re-adopts them.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import * as path from 'node:path';
import { invalidArgument, unavailable } from '../../util/errors.ts';
import { readFileIfExists } from '../../util/fs.ts';
import { createLogger, type Logger } from '../../util/log.ts';
import type { RuntimeName } from '../runtime/oci-runtime.ts';
import { createApiServer } from './api/server.ts';
import { Engine } from './engine.ts';

export const defaultDataRoot = '/var/lib/minato';
export const defaultExecRoot = '/run/minato';
export const defaultHost = 'unix:///run/minato/minato.sock';

export interface DaemonOptions {
  dataRoot: string;
  execRoot?: string;
  host: string;
  runtime?: RuntimeName;
  cgroupParent?: string;
  /** --bip: the default bridge's address and subnet. */
  defaultSubnet?: string;
  networkPoolSize?: number;
  /** --insecure-registry entries: host[:port] or CIDR. */
  insecureRegistries?: string[];
  log?: Logger;
}

export type Listen = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

export function parseHost(host: string): Listen {
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw invalidArgument(`invalid -H ${host}: the socket path must be absolute`);
    return { kind: 'unix', path: socketPath };
  }
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
  if (tcp) return { kind: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  throw invalidArgument(`invalid -H ${host}: want unix:///path/to/socket or tcp://host:port`);
}

/** Per data root: its own exec root and cgroup parent, so that daemons never share state. */
export function derivedDefaults(dataRoot: string): { execRoot: string; cgroupParent: string } {
  if (path.resolve(dataRoot) === defaultDataRoot) return { execRoot: defaultExecRoot, cgroupParent: 'minato' };
  const hash = createHash('sha256').update(path.resolve(dataRoot)).digest('hex').slice(0, 10);
  return { execRoot: path.join(path.resolve(dataRoot), 'run'), cgroupParent: `minato-${hash}` };
}

function socketInUse(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

async function claimPidFile(file: string): Promise<void> {
  const previous = Number((await readFileIfExists(file))?.trim());
  if (previous && previous !== process.pid) {
    const cmdline = await readFileIfExists(`/proc/${previous}/cmdline`);
    if (cmdline?.includes('daemon')) throw unavailable(`another daemon (pid ${previous}) is using this data root (pid file ${file})`);
  }
  await fsp.writeFile(file, String(process.pid));
}

export interface RunningDaemon {
  engine: Engine;
  server: Server;
  close(): Promise<void>;
}

export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const log = options.log ?? createLogger('minato-daemon');
  const defaults = derivedDefaults(options.dataRoot);
  const execRoot = options.execRoot ?? defaults.execRoot;
  const listen = parseHost(options.host);
  if (options.insecureRegistries?.length) {
    // Checked now, so a typo stops the daemon instead of failing the first pull.
    const { InsecureRegistries } = await import('../registry/client/insecure-registries.ts');
    new InsecureRegistries(options.insecureRegistries);
  }
  await fsp.mkdir(execRoot, { recursive: true, mode: 0o711 });
  const pidFile = path.join(execRoot, 'minato.pid');
  await claimPidFile(pidFile);
  const engine = await Engine.open({
    dataRoot: options.dataRoot,
    execRoot,
    runtime: options.runtime,
    cgroupParent: options.cgroupParent ?? defaults.cgroupParent,
    defaultSubnet: options.defaultSubnet,
    networkPoolSize: options.networkPoolSize,
    insecureRegistries: options.insecureRegistries,
    log,
  });
  const server = createApiServer(engine, log.child({ component: 'api' }));
  if (listen.kind === 'unix') {
    await fsp.mkdir(path.dirname(listen.path), { recursive: true, mode: 0o755 });
    if (await socketInUse(listen.path)) throw unavailable(`${listen.path} is in use by another daemon`);
    await fsp.rm(listen.path, { force: true });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(listen.path, resolve));
    await fsp.chmod(listen.path, 0o660);
  } else {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(listen.port, listen.host, resolve));
  }
  log.info({ host: options.host, dataRoot: engine.paths.dataRoot, execRoot, runtime: engine.runtimeChoice.runtime }, 'daemon listening');
  return {
    engine,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.close();
      if (listen.kind === 'unix') await fsp.rm(listen.path, { force: true });
      await fsp.rm(pidFile, { force: true });
      log.info('daemon stopped; containers keep running');
    },
  };
}
