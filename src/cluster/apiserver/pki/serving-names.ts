// The names the API server's certificate must be valid for: how clients on this machine, on other
// machines and inside pods address it. Kubernetes' (and k3s') list: localhost and the loopback
// addresses, the machine's hostname, the in-cluster names of the `kubernetes` Service, the bind
// address, and what the operator adds with --tls-san (plus the Service's ClusterIP, which the
// server knows from its service CIDR and passes here as an extra).
import { isIP } from 'node:net';
import * as os from 'node:os';
import { invalidArgument } from '../../../util/errors.ts';
import { isDnsName } from './openssl.ts';

export interface ServingNameOptions {
  /** --bind-address; 0.0.0.0 or :: (all interfaces) adds every non-loopback interface address. */
  bindAddress?: string;
  /** --tls-san values and other extras (the kubernetes Service ClusterIP): DNS names or IPs. */
  extraSans?: readonly string[];
  /** Default os.hostname(). */
  hostname?: string;
  /** Default cluster.local. */
  clusterDomain?: string;
  /** Default os.networkInterfaces(); tests pass their own. */
  interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

export interface ServingNames {
  dnsNames: string[];
  ipAddresses: string[];
}

export function servingNames(options: ServingNameOptions = {}): ServingNames {
  const domain = options.clusterDomain ?? 'cluster.local';
  const dns = new Set<string>();
  const ips = new Set<string>();
  const add = (name: string, strict: boolean) => {
    const value = name.trim();
    if (isIP(value) !== 0) ips.add(canonicalIp(value));
    else if (isDnsName(value)) dns.add(value.toLowerCase());
    // The operator's own values must be right; the environment's (an odd hostname) are skipped.
    else if (strict) throw invalidArgument(`--tls-san ${JSON.stringify(name)} is neither a DNS name nor an IP address`);
  };
  for (const name of ['localhost', '127.0.0.1', '::1', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${domain}`]) add(name, true);
  add(options.hostname ?? os.hostname(), false);
  const bind = options.bindAddress;
  if (bind && bind !== '0.0.0.0' && bind !== '::') add(bind, true);
  else if (bind) {
    for (const info of Object.values(options.interfaces ?? os.networkInterfaces()).flat()) {
      // Link-local IPv6 addresses need a zone to be usable in a URL; no client would use them.
      if (info && !info.internal && !(info.family === 'IPv6' && info.address.toLowerCase().startsWith('fe80:'))) add(info.address, false);
    }
  }
  for (const name of options.extraSans ?? []) add(name, true);
  return { dnsNames: [...dns], ipAddresses: [...ips] };
}

/** One spelling per address (::1 and 0:0:0:0:0:0:0:1 are the same SAN). */
export function canonicalIp(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}
