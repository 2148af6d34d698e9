// Host ports in use on a node (framework.HostPortInfo): a wanted (ip, protocol, port) conflicts
// with one in use on the same protocol and port when either side binds 0.0.0.0 or both bind the
// same IP. An empty IP means 0.0.0.0 and an empty protocol TCP.
import type { Pod } from 'kubernetes-types/core/v1.js';

export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

export const bindAllHostIP = '0.0.0.0';

/** The host ports a pod's containers ask for (ports with hostPort > 0). */
export function podHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      const hostPort = port.hostPort ?? 0;
      if (hostPort <= 0) continue;
      ports.push({ ip: port.hostIP || bindAllHostIP, protocol: port.protocol || 'TCP', port: hostPort });
    }
  }
  return ports;
}

export class HostPortSet {
  /** "protocol/port" → IP → how many pods use it. */
  private readonly used = new Map<string, Map<string, number>>();

  get isEmpty(): boolean {
    return this.used.size === 0;
  }

  add(port: HostPort): void {
    const key = `${port.protocol}/${port.port}`;
    let ips = this.used.get(key);
    if (!ips) this.used.set(key, (ips = new Map()));
    ips.set(port.ip, (ips.get(port.ip) ?? 0) + 1);
  }

  remove(port: HostPort): void {
    const key = `${port.protocol}/${port.port}`;
    const ips = this.used.get(key);
    const count = ips?.get(port.ip);
    if (!ips || count === undefined) return;
    if (count > 1) ips.set(port.ip, count - 1);
    else {
      ips.delete(port.ip);
      if (ips.size === 0) this.used.delete(key);
    }
  }

  conflicts(port: HostPort): boolean {
    const ips = this.used.get(`${port.protocol}/${port.port}`);
    if (!ips) return false;
    if (port.ip === bindAllHostIP) return ips.size > 0;
    return ips.has(bindAllHostIP) || ips.has(port.ip);
  }
}
