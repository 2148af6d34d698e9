// A container's network, from the network mode it was created with (--network bridge|NAME|
// host|none|container:ID) to what it runs with: a sandbox on its networks, its published
// ports, its addresses and DNS server, and how it all looks in `inspect`.
import { conflict, invalidArgument, notFound } from '../../util/errors.ts';
import type { NamespaceChoice } from '../runtime/spec.ts';
import type { NetworkService } from './network-service.ts';
import type { ContainerNetworkState, EndpointSettings, NetworkRecord, PortBinding } from './network-types.ts';
import { hasEmbeddedDns } from './network-types.ts';
import type { PortAllocator, PortRequest } from './ports.ts';
import type { Attachment, SandboxManager } from './sandbox-manager.ts';

export type NetworkMode = { kind: 'bridge'; network: NetworkRecord } | { kind: 'host' } | { kind: 'none' } | { kind: 'container'; reference: string };

/** What the container asked for, per network (NetworkingConfig.EndpointsConfig). */
export type EndpointRequests = Record<string, { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null }>;

export interface StartedNetwork {
  namespace: NamespaceChoice;
  state: ContainerNetworkState;
  /** The container's IPv4 addresses (for its /etc/hosts). */
  addresses: string[];
  /** The embedded DNS server to put in resolv.conf (user-defined networks). */
  nameserver?: string;
}

export interface DnsRegistry {
  /** Makes sure a responder serves this network (its bridge exists now). */
  ensure(network: NetworkRecord): Promise<void>;
}

export class ContainerNetworking {
  private readonly networks: NetworkService;
  private readonly sandboxes: SandboxManager;
  private readonly ports: PortAllocator;
  private readonly dns: DnsRegistry;

  constructor(networks: NetworkService, sandboxes: SandboxManager, ports: PortAllocator, dns: DnsRegistry) {
    this.networks = networks;
    this.sandboxes = sandboxes;
    this.ports = ports;
    this.dns = dns;
  }

  /** Parses HostConfig.NetworkMode, checking that the network exists. */
  mode(networkMode: string | undefined): NetworkMode {
    const mode = networkMode || 'default';
    if (mode === 'default' || mode === 'bridge') return { kind: 'bridge', network: this.networks.resolve('bridge') };
    if (mode === 'host') return { kind: 'host' };
    if (mode === 'none') return { kind: 'none' };
    if (mode.startsWith('container:')) {
      const reference = mode.slice('container:'.length);
      if (!reference) throw invalidArgument('--network container: needs a container name or ID');
      return { kind: 'container', reference };
    }
    const network = this.networks.find(mode);
    if (!network) throw notFound(`network ${mode} not found`);
    if (network.Driver === 'host') return { kind: 'host' };
    if (network.Driver === 'null') return { kind: 'none' };
    return { kind: 'bridge', network };
  }

  /** Create-time checks Docker makes: aliases only on user-defined networks; ports need a bridge. */
  validate(networkMode: string | undefined, endpoints: EndpointRequests, ports: PortRequest[]): void {
    const mode = this.mode(networkMode);
    if (ports.length > 0 && mode.kind !== 'bridge') {
      throw invalidArgument(`conflicting options: port publishing and the container type network mode (${networkMode}): ports are published only on bridge networks`);
    }
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const network = this.networks.resolve(name);
      if ((endpoint.Aliases ?? []).length > 0 && !hasEmbeddedDns(network)) {
        throw invalidArgument(`network-scoped aliases are supported only for containers in user defined networks (not on ${network.Name})`);
      }
      if (endpoint.IPAMConfig?.IPv4Address) throw invalidArgument(`a fixed IP address (--ip) is not supported yet (network ${network.Name})`);
    }
  }

  /** Sets up the container's network just before it starts. */
  async start(containerId: string, containerName: string, networkMode: string | undefined, endpoints: EndpointRequests, portRequests: PortRequest[], joinedNamespace: (reference: string) => Promise<string>): Promise<StartedNetwork> {
    const mode = this.mode(networkMode);
    const empty: ContainerNetworkState = { ports: [], endpoints: {} };
    if (mode.kind === 'host') return { namespace: 'host', state: empty, addresses: [] };
    if (mode.kind === 'none') return { namespace: 'private', state: empty, addresses: [] };
    if (mode.kind === 'container') return { namespace: { path: await joinedNamespace(mode.reference) }, state: empty, addresses: [] };

    const requested = [mode.network, ...Object.keys(endpoints).map((name) => this.networks.resolve(name)).filter((network) => network.Id !== mode.network.Id)];
    const aliasesOf = (network: NetworkRecord) => {
      const endpoint = endpoints[network.Name] ?? endpoints[network.Id];
      return hasEmbeddedDns(network) ? [...(endpoint?.Aliases ?? [])] : [];
    };
    const ports = await this.ports.allocate(containerId, portRequests);
    try {
      const sandbox = await this.sandboxes.acquire(containerId, { networks: requested.map((network) => ({ network, aliases: aliasesOf(network) })), ports });
      for (const network of requested) if (hasEmbeddedDns(network)) await this.dns.ensure(network);
      const state: ContainerNetworkState = { sandboxId: sandbox.id, sandboxKey: sandbox.path, ports, endpoints: {} };
      for (const attachment of sandbox.attachments) state.endpoints[attachment.networkName] = endpointSettings(attachment, containerId, containerName);
      const primary = this.networks.resolve(requested[0]!.Id);
      return {
        namespace: { path: sandbox.path },
        state,
        addresses: Object.values(state.endpoints).map((endpoint) => endpoint.IPAddress).filter(Boolean),
        nameserver: requested.some(hasEmbeddedDns) ? (requested.find(hasEmbeddedDns) ?? primary).Gateway : undefined,
      };
    } catch (err) {
      this.ports.release(containerId);
      throw err;
    }
  }

  /** The container stopped: its ports are free, its sandbox goes back to the pool or away. */
  stop(containerId: string, state: ContainerNetworkState | undefined, recycle: boolean): void {
    this.ports.release(containerId);
    if (state?.sandboxId) this.sandboxes.release(state.sandboxId, { recycle });
  }

  /** A running container found at daemon start: hold its ports again. */
  adopt(containerId: string, state: ContainerNetworkState | undefined): void {
    if (state) this.ports.restore(containerId, state.ports);
  }

  async connect(containerId: string, containerName: string, state: ContainerNetworkState, network: NetworkRecord, aliases: string[]): Promise<EndpointSettings> {
    if (!state.sandboxId) throw conflict(`container ${containerName} has no network of its own to connect (host, none or another container's)`);
    if (network.Driver !== 'bridge') throw invalidArgument(`container cannot be connected to network ${network.Name} (${network.Driver})`);
    const attachment = await this.sandboxes.connect(state.sandboxId, network, hasEmbeddedDns(network) ? aliases : []);
    if (hasEmbeddedDns(network)) await this.dns.ensure(network);
    return endpointSettings(attachment, containerId, containerName);
  }

  async disconnect(state: ContainerNetworkState, network: NetworkRecord): Promise<void> {
    if (state.sandboxId) await this.sandboxes.disconnect(state.sandboxId, network.Id);
  }
}

function endpointSettings(attachment: Attachment, containerId: string, containerName: string): EndpointSettings {
  const interfaceIndex = attachment.result.interfaces?.findIndex((item) => item.name === attachment.ifname && item.sandbox) ?? -1;
  const ip = attachment.result.ips?.find((candidate) => candidate.interface === undefined || candidate.interface === interfaceIndex) ?? attachment.result.ips?.[0];
  const [address = '', prefix = '0'] = (ip?.address ?? '').split('/');
  return {
    NetworkID: attachment.networkId,
    EndpointID: `${attachment.networkId.slice(0, 16)}${containerId.slice(0, 16)}${attachment.ifname}`,
    Gateway: ip?.gateway ?? '',
    IPAddress: address,
    IPPrefixLen: Number(prefix),
    MacAddress: attachment.result.interfaces?.[interfaceIndex]?.mac ?? '',
    Aliases: attachment.aliases.length > 0 ? attachment.aliases : null,
    DNSNames: [containerName, containerId.slice(0, 12), ...attachment.aliases],
    IPAMConfig: null,
    Links: null,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
  };
}

export type { PortBinding };
