// One embedded DNS responder per user-defined network with running containers, listening on
// the network's gateway address: it answers with the addresses of the containers on that
// network (by name, alias or short ID) and forwards everything else to the host's resolvers.
import { readFileSync } from 'node:fs';
import type { Logger } from '../../util/log.ts';
import type { DnsRegistry } from './container-networking.ts';
import type { DnsResponder, NameLookup } from './dns/dns-responder.ts';
import type { NetworkRecord } from './network-types.ts';

export interface NetworkMember {
  name: string;
  id: string;
  aliases: string[];
  address: string;
}

export class EmbeddedDns implements DnsRegistry {
  private readonly responders = new Map<string, Promise<DnsResponder>>();
  private readonly members: (networkId: string) => NetworkMember[];
  private readonly log: Logger;

  constructor(members: (networkId: string) => NetworkMember[], log: Logger) {
    this.members = members;
    this.log = log;
  }

  private lookupFor(networkId: string, networkName: string): NameLookup {
    return {
      lookup: (name) => {
        const wanted = name.toLowerCase().replace(/\.$/, '');
        return this.members(networkId)
          .filter((member) => member.name.toLowerCase() === wanted || member.id.slice(0, 12) === wanted || member.id === wanted || member.aliases.some((alias) => alias.toLowerCase() === wanted))
          .map((member) => member.address);
      },
      // Docker answers a reverse lookup with "name.network".
      reverse: (ip) => {
        const member = this.members(networkId).find((candidate) => candidate.address === ip);
        return member ? `${member.name}.${networkName}` : undefined;
      },
    };
  }

  ensure(network: NetworkRecord): Promise<void> {
    let responder = this.responders.get(network.Id);
    if (!responder) {
      responder = (async () => {
        // Loaded when a user-defined network first needs it: ~5 MB a daemon without one does not spend.
        const { DnsResponder, upstreamsFromResolvConf } = await import('./dns/dns-responder.ts');
        const upstreams = upstreamsFromResolvConf(readFileSync('/etc/resolv.conf', 'utf8'));
        const started = new DnsResponder({ address: network.Gateway!, upstreams, networkName: network.Name, names: this.lookupFor(network.Id, network.Name), log: this.log.child({ network: network.Name }) });
        await started.start();
        this.log.info({ network: network.Name, address: network.Gateway }, 'embedded DNS listening');
        return started;
      })();
      this.responders.set(network.Id, responder);
      responder.catch(() => this.responders.delete(network.Id));
    }
    return responder.then(() => undefined);
  }

  async stop(networkId: string): Promise<void> {
    const responder = this.responders.get(networkId);
    this.responders.delete(networkId);
    await (await responder?.catch(() => undefined))?.stop();
  }

  async close(): Promise<void> {
    await Promise.all([...this.responders.keys()].map((id) => this.stop(id)));
  }
}
