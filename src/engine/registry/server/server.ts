// `minato registry` as a process: the registry behind plain HTTP on one address (TLS is out of
// scope — clients use it as an insecure or localhost registry), and a clean stop that lets
// requests under way finish for a moment before cutting them.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { invalidArgument } from '../../../util/errors.ts';
import { http } from '../../../util/node-http.ts';
import { Registry, type RegistryOptions } from './registry.ts';

export interface ListenAddress {
  /** undefined: every interface (":5000"). */
  host: string | undefined;
  port: number;
}

/** "host:port", "[v6]:port" or ":port" (every interface), as distribution's http.addr. */
export function parseListenAddress(value: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw invalidArgument(`invalid address "${value}": want host:port, [ipv6]:port or :port`);
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port };
}

export interface RunningRegistry {
  registry: Registry;
  server: Server;
  /** Where it listens, e.g. http://127.0.0.1:5000 (the port resolved when 0 was asked). */
  url: string;
  port: number;
  /** Stops accepting, lets requests under way finish for up to `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

export async function startRegistryServer(options: RegistryOptions & { address: ListenAddress }): Promise<RunningRegistry> {
  const registry = await Registry.open(options);
  const server = http.createServer(
    {
      // A layer upload may take long: no limit on a whole request, only on headers and silence.
      requestTimeout: 0,
      headersTimeout: 60_000,
    },
    registry.handle,
  );
  server.timeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.address.port, options.address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const log = registry.stores.log;
  log.info({ address: `${host}:${bound.port}`, root: registry.stores.layout.root, auth: options.htpasswd ? 'htpasswd' : 'none' }, 'registry listening');
  return {
    registry,
    server,
    url: `http://${host}:${bound.port}`,
    port: bound.port,
    close: async (graceMs = 5000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      registry.close();
      log.info('registry stopped');
    },
  };
}
