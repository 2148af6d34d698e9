// Networks: the built-in ones (bridge — the default, host, none) and user-defined bridge
// networks, each a CNI network of the standard plugins: bridge with host-local IPAM and IP
// masquerading, the firewall plugin, and portmap for containers that publish ports.
import { createHash } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import * as path from 'node:path';
import { conflict, invalidArgument, MinatoError, notFound } from '../../util/errors.ts';
import { newId } from '../../util/ids.ts';
import { type MetadataDatabase, RecordTable } from '../metadata/database.ts';
import type { CniPluginConfig } from './cni/cni-plugin.ts';
import type { CniNetworkList } from './cni/cni-network.ts';
import type { NetworkRecord } from './network-types.ts';
import { contains, firstHost, formatCidr, formatIpv4, networkAddress, nextFreeSubnet, overlaps, parseCidr, parseIpv4, type Ipv4Cidr } from './subnets.ts';

export interface NetworkCreateRequest {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null } | null;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  EnableIPv6?: boolean;
}

export interface NetworkServiceOptions {
  database: MetadataDatabase;
  /** host-local keeps its address reservations here. */
  ipamDir: string;
  /** The default bridge network's subnet (the daemon's --bip). */
  defaultSubnet: string;
  /** The default bridge's interface name (minato0, or one per data root). */
  defaultBridgeName: string;
}

const networkNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Where subnets for networks created without --subnet come from (as podman's 10.89.0.0/16). */
const userSubnetPool = '10.89.0.0/16';

export class NetworkService {
  private readonly o: NetworkServiceOptions;
  private readonly table: RecordTable<NetworkRecord>;
  private users: (networkId: string) => string[] = () => [];

  constructor(options: NetworkServiceOptions) {
    this.o = options;
    this.table = new RecordTable<NetworkRecord>(options.database, 'networks', 'id');
  }

  /** Who is attached to a network: the container service answers. */
  setUsers(users: (networkId: string) => string[]): void {
    this.users = users;
  }

  init(): void {
    const subnet = parseCidr(this.o.defaultSubnet, '--bip');
    const existing = this.find('bridge');
    const bridge: NetworkRecord = {
      Id: existing?.Id ?? newId(),
      Name: 'bridge',
      Driver: 'bridge',
      Created: existing?.Created ?? new Date().toISOString(),
      Subnet: formatCidr(subnet),
      // --bip gives the bridge's own address; a network address means "the first host".
      Gateway: subnet.address === networkAddress(subnet) ? firstHost(subnet) : formatIpv4(subnet.address),
      BridgeName: this.o.defaultBridgeName,
      Internal: false,
      Labels: {},
      Options: { 'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.name': this.o.defaultBridgeName },
      Builtin: true,
    };
    this.save(bridge);
    for (const [name, driver] of [['host', 'host'], ['none', 'null']] as const) {
      if (!this.find(name)) this.save({ Id: newId(), Name: name, Driver: driver, Created: new Date().toISOString(), Internal: false, Labels: {}, Options: {}, Builtin: true });
    }
  }

  private save(record: NetworkRecord): void {
    this.o.database
      .statement('INSERT INTO networks (id, name, record) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, record = excluded.record')
      .run(record.Id, record.Name, JSON.stringify(record));
  }

  list(): NetworkRecord[] {
    return this.table.all().sort((a, b) => a.Name.localeCompare(b.Name));
  }

  /** By full ID, exact name, or unique ID prefix (Docker's order). */
  find(idOrName: string): NetworkRecord | undefined {
    const all = this.table.all();
    const exact = all.find((network) => network.Id === idOrName) ?? all.find((network) => network.Name === idOrName);
    if (exact) return exact;
    const byPrefix = /^[a-f0-9]+$/.test(idOrName) ? all.filter((network) => network.Id.startsWith(idOrName)) : [];
    if (byPrefix.length > 1) throw conflict(`network ${idOrName} is ambiguous (${byPrefix.length} matches found based on ID prefix)`);
    return byPrefix[0];
  }

  resolve(idOrName: string): NetworkRecord {
    const network = this.find(idOrName);
    if (!network) throw notFound(`network ${idOrName} not found`);
    return network;
  }

  create(request: NetworkCreateRequest): NetworkRecord {
    const name = request.Name ?? '';
    if (!networkNamePattern.test(name)) throw invalidArgument(`invalid network name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if (this.find(name)?.Name === name) throw conflict(`network with name ${name} already exists`);
    const driver = request.Driver || 'bridge';
    if (driver !== 'bridge') throw invalidArgument(`network driver "${driver}" is not supported: Minato creates bridge networks (host and none exist already)`);
    if (request.EnableIPv6) throw invalidArgument('IPv6 networks are not supported yet');
    const configs = request.IPAM?.Config ?? [];
    if (configs.length > 1) throw invalidArgument('a network takes one IPAM configuration (one --subnet)');
    const taken = this.list().filter((network) => network.Subnet).map((network) => parseCidr(network.Subnet!));
    let subnet: Ipv4Cidr;
    if (configs[0]?.Subnet) {
      subnet = parseCidr(configs[0].Subnet, 'subnet');
      const clash = this.list().find((network) => network.Subnet && overlaps(parseCidr(network.Subnet), subnet));
      if (clash) throw conflict(`invalid pool request: Pool overlaps with other one on this address space (network ${clash.Name} has ${clash.Subnet})`);
    } else {
      const hostNets = hostSubnets();
      const free = nextFreeSubnet(parseCidr(userSubnetPool), [...taken, ...hostNets]);
      if (!free) throw new MinatoError('Unavailable', `no free subnet left in ${userSubnetPool}: give one with --subnet`);
      subnet = free;
    }
    let gateway = firstHost(subnet);
    if (configs[0]?.Gateway) {
      const address = parseIpv4(configs[0].Gateway);
      if (address === undefined) throw invalidArgument(`invalid gateway ${configs[0].Gateway}: want an IPv4 address`);
      if (!contains(subnet, address)) throw invalidArgument(`gateway ${configs[0].Gateway} is not in subnet ${formatCidr(subnet)}`);
      gateway = configs[0].Gateway;
    }
    const id = newId();
    const record: NetworkRecord = {
      Id: id,
      Name: name,
      Driver: 'bridge',
      Created: new Date().toISOString(),
      Subnet: formatCidr(subnet),
      Gateway: gateway,
      BridgeName: request.Options?.['com.docker.network.bridge.name'] || `mbr-${id.slice(0, 11)}`,
      Internal: !!request.Internal,
      Labels: request.Labels ?? {},
      Options: request.Options ?? {},
      Builtin: false,
    };
    if (record.BridgeName!.length > 15) throw invalidArgument(`bridge name ${record.BridgeName} is longer than 15 characters`);
    this.save(record);
    return record;
  }

  usedBy(network: NetworkRecord): string[] {
    return this.users(network.Id);
  }

  remove(idOrName: string): NetworkRecord {
    const network = this.resolve(idOrName);
    if (network.Builtin) throw new MinatoError('Forbidden', `${network.Name} is a pre-defined network and cannot be removed`);
    const users = this.users(network.Id);
    if (users.length > 0) throw conflict(`error while removing network: network ${network.Name} id ${network.Id} has active endpoints`);
    this.table.delete(network.Id);
    return network;
  }

  prune(): NetworkRecord[] {
    const removed: NetworkRecord[] = [];
    for (const network of this.list()) {
      if (network.Builtin || this.users(network.Id).length > 0) continue;
      this.table.delete(network.Id);
      removed.push(network);
    }
    return removed;
  }

  /** The CNI plugins that attach a container to a bridge network (portmap is added per container). */
  cniNetwork(network: NetworkRecord, options: { defaultRoute: boolean } = { defaultRoute: true }): CniNetworkList {
    if (network.Driver !== 'bridge' || !network.Subnet || !network.Gateway) throw invalidArgument(`network ${network.Name} is not a bridge network`);
    const bridge: CniPluginConfig = {
      type: 'bridge',
      bridge: network.BridgeName,
      isGateway: true,
      ipMasq: !network.Internal,
      hairpinMode: true,
      ipam: {
        type: 'host-local',
        dataDir: this.o.ipamDir,
        ranges: [[{ subnet: network.Subnet, gateway: network.Gateway }]],
        routes: network.Internal || !options.defaultRoute ? [] : [{ dst: '0.0.0.0/0' }],
      },
    };
    // The firewall plugin lets the container's traffic through a FORWARD chain whose policy is
    // DROP (as Docker leaves it); it removes its rules on DEL.
    const firewall: CniPluginConfig = { type: 'firewall', backend: 'iptables' };
    return { name: cniNetworkName(network), plugins: [bridge, firewall] };
  }

  portmapPlugin(): CniPluginConfig {
    return { type: 'portmap', capabilities: { portMappings: true }, snat: true };
  }

  ipamDirOf(network: NetworkRecord): string {
    return path.join(this.o.ipamDir, cniNetworkName(network));
  }
}

/** CNI network names must be unique per data root and stable: the network's name is both. */
export function cniNetworkName(network: NetworkRecord): string {
  return `minato-${network.Name}`;
}

/**
 * The default bridge's interface name for an engine instance: minato0 for the standard one,
 * a name of its own for each other data root (interface names have at most 15 characters).
 */
export function defaultBridgeName(instance: string): string {
  if (instance === 'minato') return 'minato0';
  return `mb-${createHash('sha256').update(instance).digest('hex').slice(0, 10)}`;
}

/** Subnets already on this machine's interfaces: new networks must not collide with them. */
function hostSubnets(): Ipv4Cidr[] {
  const subnets: Ipv4Cidr[] = [];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family !== 'IPv4' || !address.cidr || address.internal) continue;
      subnets.push(parseCidr(address.cidr));
    }
  }
  return subnets;
}
