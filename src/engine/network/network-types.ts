// Networks and a container's place in them, in the Docker Engine API's shapes where the API
// shows them (network inspect, container NetworkSettings).

export type NetworkDriver = 'bridge' | 'host' | 'null';

export interface NetworkRecord {
  Id: string;
  Name: string;
  Driver: NetworkDriver;
  Created: string;
  /** Only bridge networks have these. */
  Subnet?: string;
  Gateway?: string;
  BridgeName?: string;
  Internal: boolean;
  Labels: Record<string, string>;
  Options: Record<string, string>;
  /** bridge, host and none: made by the engine, cannot be removed. */
  Builtin: boolean;
}

/** A user-defined network: Docker gives these name resolution; the default bridge has none. */
export function hasEmbeddedDns(network: NetworkRecord): boolean {
  return network.Driver === 'bridge' && !network.Builtin;
}

export interface PortBinding {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/** One container's interface on one network (Docker's EndpointSettings). */
export interface EndpointSettings {
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  MacAddress: string;
  Aliases: string[] | null;
  DNSNames: string[] | null;
  IPAMConfig: { IPv4Address?: string } | null;
  Links: null;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
}

/** What a running container's network looks like (kept in its record). */
export interface ContainerNetworkState {
  sandboxId?: string;
  sandboxKey?: string;
  ports: PortBinding[];
  /** By network name. */
  endpoints: Record<string, EndpointSettings>;
}
