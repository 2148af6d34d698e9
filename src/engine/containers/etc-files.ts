// /etc/hostname, /etc/hosts and /etc/resolv.conf as Docker writes them for each container:
// files in the container's directory, bind-mounted over the image's own.
import { invalidArgument } from '../../util/errors.ts';

export function hostnameFile(hostname: string): string {
  return `${hostname}\n`;
}

export interface HostsInput {
  hostname: string;
  domainname?: string;
  /** The container's own addresses (none without a network). */
  addresses: string[];
  /** --add-host entries: "name:ip" or "name=ip". */
  extraHosts: string[];
}

export function parseExtraHost(entry: string): { name: string; ip: string } {
  const match = /^([^:=]+)[:=](.+)$/.exec(entry);
  if (!match) throw invalidArgument(`invalid argument "${entry}" for "--add-host" flag: bad format for add-host: "${entry}"`);
  let ip = match[2]!;
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (!/^[\d.]+$/.test(ip) && !ip.includes(':') && ip !== 'host-gateway') {
    throw invalidArgument(`invalid argument "${entry}" for "--add-host" flag: invalid IP address in add-host: "${ip}"`);
  }
  return { name: match[1]!, ip };
}

export function hostsFile(input: HostsInput): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::\tip6-localnet',
    'ff00::\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
  ];
  for (const entry of input.extraHosts) {
    const { name, ip } = parseExtraHost(entry);
    lines.push(`${ip}\t${name}`);
  }
  const names = input.domainname ? `${input.hostname}.${input.domainname} ${input.hostname}` : input.hostname;
  for (const address of input.addresses) lines.push(`${address}\t${names}`);
  return `${lines.join('\n')}\n`;
}

export interface ResolvInput {
  hostResolvConf: string;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
}

const fallbackNameservers = ['8.8.8.8', '8.8.4.4'];

/**
 * The host's resolv.conf with --dns/--dns-search/--dns-option applied. Loopback nameservers
 * cannot be reached from a container's own network namespace, so they are dropped, and if none
 * is left Docker's public fallback is used.
 */
export function resolvConfFile(input: ResolvInput): string {
  const hostLines = input.hostResolvConf.split('\n');
  const hostNameservers = hostLines.flatMap((line) => {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    return match ? [match[1]!] : [];
  });
  const reachable = hostNameservers.filter((ns) => !/^127\./.test(ns) && ns !== '::1');
  const nameservers = input.dns.length > 0 ? input.dns : reachable.length > 0 ? reachable : fallbackNameservers;
  const hostSearch = hostLines.flatMap((line) => /^\s*(search|domain)\s+(.+)/.exec(line)?.[2]?.trim().split(/\s+/) ?? []);
  const hostOptions = hostLines.flatMap((line) => /^\s*options\s+(.+)/.exec(line)?.[1]?.trim().split(/\s+/) ?? []);
  const search = input.dnsSearch.length > 0 ? input.dnsSearch.filter((domain) => domain !== '.') : hostSearch;
  const options = input.dnsOptions.length > 0 ? input.dnsOptions : hostOptions;
  const lines = nameservers.map((ns) => `nameserver ${ns}`);
  if (search.length > 0) lines.push(`search ${search.join(' ')}`);
  if (options.length > 0) lines.push(`options ${options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}
