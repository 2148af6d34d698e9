// Registries the daemon may speak plain HTTP (or unverified TLS) to: the daemon's
// --insecure-registry entries (host[:port] or a CIDR) and, always, the loopback ones
// (localhost, 127.0.0.0/8, ::1), as dockerd does. For those the client still tries HTTPS first
// and falls back to HTTP only when HTTPS does not work; every other registry is HTTPS only.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { invalidArgument } from '../../../util/errors.ts';

export class InsecureRegistries {
  private readonly hosts = new Set<string>();
  private readonly subnets = new BlockList();

  /** Validates every entry; a bad one is refused with what is wrong with it. */
  constructor(entries: readonly string[] = []) {
    this.subnets.addSubnet('127.0.0.0', 8, 'ipv4');
    this.subnets.addSubnet('::1', 128, 'ipv6');
    for (const entry of entries) this.add(entry);
  }

  private add(entry: string): void {
    const value = entry.trim().toLowerCase();
    if (value === '') throw invalidArgument('invalid --insecure-registry "": want HOST[:PORT] or a CIDR such as 10.0.0.0/8');
    if (value.includes('://')) throw invalidArgument(`invalid --insecure-registry "${entry}": give HOST[:PORT] without a scheme`);
    const slash = value.indexOf('/');
    if (slash >= 0) {
      const address = value.slice(0, slash);
      const prefixText = value.slice(slash + 1);
      const family = isIP(address);
      const prefix = Number(prefixText);
      const maxPrefix = family === 6 ? 128 : 32;
      if (family === 0 || !/^\d+$/.test(prefixText) || prefix > maxPrefix) {
        throw invalidArgument(`invalid --insecure-registry "${entry}": not a valid CIDR (want e.g. 10.0.0.0/8 or fd00::/8)`);
      }
      this.subnets.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
      return;
    }
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/.test(value)) {
      throw invalidArgument(`invalid --insecure-registry "${entry}": want HOST[:PORT] or a CIDR`);
    }
    this.hosts.add(value);
  }

  /** Whether `host` ("host[:port]", as in an image reference) may be spoken to without verified TLS. */
  async isInsecure(host: string): Promise<boolean> {
    const name = host.toLowerCase();
    if (this.hosts.has(name)) return true;
    const hostname = hostnameOf(name);
    if (this.hosts.has(hostname)) return true;
    if (hostname === 'localhost') return true;
    const literal = hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal)) return this.inSubnets(literal);
    // A name counts as insecure when it resolves into an insecure subnet (dockerd's rule too:
    // a name for 127.0.0.1 in /etc/hosts is as local as "localhost").
    const addresses = await lookup(hostname, { all: true }).catch(() => []);
    return addresses.some((entry) => this.inSubnets(entry.address));
  }

  private inSubnets(address: string): boolean {
    return this.subnets.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
}

/** "host:port" → "host"; "[::1]:5000" → "[::1]". */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
