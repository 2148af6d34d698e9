// The host's resolvers, as the embedded DNS responder's upstreams.
import { isIP } from 'node:net';

/** glibc reads at most this many nameserver lines (MAXNS), and Docker forwards to as many. */
const MAX_NAMESERVERS = 3;

/**
 * The `nameserver` addresses of a resolv.conf, in order, without duplicates, at most three. Loopback
 * resolvers (127.0.0.53 of systemd-resolved, a local dnsmasq) are kept: the responder runs in the
 * daemon, on the host, where they are reachable. Unparsable entries are skipped as glibc skips
 * them. No nameserver lines gives [], which the caller may replace by a default of its choice.
 */
export function upstreamsFromResolvConf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const [keyword, address] = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (keyword !== 'nameserver' || !address || !isIP(address) || out.includes(address)) continue;
    out.push(address);
    if (out.length === MAX_NAMESERVERS) break;
  }
  return out;
}
