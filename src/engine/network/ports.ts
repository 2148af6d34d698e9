// Published ports: what a container asked for (-p, -P) and the host ports it gets. A host port
// is refused when another container holds it or when something on the host listens on it —
// the kernel's DNAT would otherwise quietly steal that program's traffic.
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { conflict, invalidArgument } from '../../util/errors.ts';
import type { PortBinding } from './network-types.ts';

export interface PortRequest {
  hostIp: string;
  /** 0: any free port. */
  hostPort: number;
  containerPort: number;
  protocol: PortBinding['protocol'];
}

function parsePortKey(key: string): { port: number; protocol: PortBinding['protocol'] } {
  const match = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(key);
  const port = Number(match?.[1]);
  if (!match || port < 1 || port > 65535) throw invalidArgument(`invalid port "${key}": want PORT[/tcp|/udp|/sctp] with 1 ≤ PORT ≤ 65535 (port ranges are not supported)`);
  return { port, protocol: (match[2] ?? 'tcp') as PortBinding['protocol'] };
}

function parseHostPort(text: string | undefined, key: string): number {
  if (text === undefined || text === '') return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw invalidArgument(`invalid host port "${text}" for ${key}: want 1–65535 (host port ranges are not supported)`);
  return port;
}

/** HostConfig.PortBindings plus, with -P, every exposed port on a random host port. */
export function portRequests(
  exposed: Record<string, object> | undefined,
  bindings: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined,
  publishAll: boolean,
): PortRequest[] {
  const requests: PortRequest[] = [];
  for (const [key, list] of Object.entries(bindings ?? {})) {
    const { port, protocol } = parsePortKey(key);
    for (const binding of list ?? []) {
      const hostIp = binding.HostIp ?? '';
      if (hostIp !== '' && !/^\d+\.\d+\.\d+\.\d+$/.test(hostIp)) throw invalidArgument(`invalid host IP "${hostIp}" for ${key}: only IPv4 addresses are supported`);
      requests.push({ hostIp, hostPort: parseHostPort(binding.HostPort, key), containerPort: port, protocol });
    }
  }
  if (publishAll) {
    for (const key of Object.keys(exposed ?? {})) {
      const { port, protocol } = parsePortKey(key);
      if (!requests.some((request) => request.containerPort === port && request.protocol === protocol)) requests.push({ hostIp: '', hostPort: 0, containerPort: port, protocol });
    }
  }
  return requests;
}

function localPortRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high && low < high) return [low, high];
  } catch {
    // not Linux
  }
  return [32768, 60999];
}

/** Whether nothing on this host (in the daemon's network namespace) listens there. */
export function hostPortFree(hostIp: string, port: number, protocol: PortBinding['protocol']): Promise<boolean> {
  const host = hostIp || '0.0.0.0';
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', () => {
        socket.close();
        resolve(false);
      });
      socket.bind(port, host, () => socket.close(() => resolve(true)));
      return;
    }
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export class PortAllocator {
  /** "tcp/8080" → owner (container ID) and address. */
  private readonly held = new Map<string, { owner: string; hostIp: string }>();

  private key(protocol: string, port: number): string {
    return `${protocol}/${port}`;
  }

  private clashes(request: { hostIp: string; hostPort: number; protocol: string }): boolean {
    const holder = this.held.get(this.key(request.protocol, request.hostPort));
    return !!holder && (holder.hostIp === '' || request.hostIp === '' || holder.hostIp === request.hostIp);
  }

  /** Picks and reserves host ports for the owner; all or nothing. */
  async allocate(owner: string, requests: PortRequest[]): Promise<PortBinding[]> {
    const bindings: PortBinding[] = [];
    try {
      for (const request of requests) {
        const hostPort = request.hostPort === 0 ? await this.randomPort(request) : request.hostPort;
        const shown = `${request.hostIp || '0.0.0.0'}:${hostPort}`;
        if (request.hostPort !== 0) {
          if (this.clashes({ ...request, hostPort })) throw conflict(`Bind for ${shown} failed: port is already allocated`);
          if (!(await hostPortFree(request.hostIp, hostPort, request.protocol))) {
            throw conflict(`Bind for ${shown}/${request.protocol} failed: listen ${request.protocol}4 ${shown}: bind: address already in use (another program on the host holds it)`);
          }
        }
        this.held.set(this.key(request.protocol, hostPort), { owner, hostIp: request.hostIp });
        bindings.push({ hostIp: request.hostIp || '0.0.0.0', hostPort, containerPort: request.containerPort, protocol: request.protocol });
      }
      return bindings;
    } catch (err) {
      this.release(owner);
      throw err;
    }
  }

  private async randomPort(request: PortRequest): Promise<number> {
    const [low, high] = localPortRange();
    for (let attempt = 0; attempt < 200; attempt++) {
      const port = low + Math.floor(Math.random() * (high - low + 1));
      if (this.clashes({ ...request, hostPort: port })) continue;
      if (await hostPortFree(request.hostIp, port, request.protocol)) return port;
    }
    throw conflict(`no free host port found for ${request.containerPort}/${request.protocol} in ${low}–${high}`);
  }

  /** Re-holds the ports of a container found running at daemon start. */
  restore(owner: string, bindings: PortBinding[]): void {
    for (const binding of bindings) this.held.set(this.key(binding.protocol, binding.hostPort), { owner, hostIp: binding.hostIp === '0.0.0.0' ? '' : binding.hostIp });
  }

  release(owner: string): void {
    for (const [key, holder] of this.held) if (holder.owner === owner) this.held.delete(key);
  }
}

/** NetworkSettings.Ports: {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}, exposed-only ports as null. */
export function portMapView(bindings: PortBinding[], exposed: Record<string, object> | undefined): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const view: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of Object.keys(exposed ?? {})) view[key.includes('/') ? key : `${key}/tcp`] = null;
  for (const binding of bindings) {
    const key = `${binding.containerPort}/${binding.protocol}`;
    (view[key] ??= []).push({ HostIp: binding.hostIp, HostPort: String(binding.hostPort) });
  }
  return view;
}
