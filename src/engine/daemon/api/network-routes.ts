// /networks/…: `docker network create|ls|inspect|rm|connect|disconnect|prune`.
import { invalidArgument } from '../../../util/errors.ts';
import type { NetworkCreateRequest } from '../../network/network-service.ts';
import type { NetworkRecord } from '../../network/network-types.ts';
import type { Engine } from '../engine.ts';
import { checkFilterKeys, queryFilters, readJson, sendEmpty, sendJson } from './http.ts';
import type { ApiRouter } from './router.ts';

function networkView(engine: Engine, network: NetworkRecord) {
  const containers: Record<string, { Name: string; EndpointID: string; MacAddress: string; IPv4Address: string; IPv6Address: string }> = {};
  for (const record of engine.containers.store.all()) {
    if (!record.State.Running) continue;
    const endpoint = Object.values(record.Network?.endpoints ?? {}).find((candidate) => candidate.NetworkID === network.Id);
    if (endpoint) containers[record.Id] = { Name: record.Name.slice(1), EndpointID: endpoint.EndpointID, MacAddress: endpoint.MacAddress, IPv4Address: `${endpoint.IPAddress}/${endpoint.IPPrefixLen}`, IPv6Address: '' };
  }
  return {
    Name: network.Name,
    Id: network.Id,
    Created: network.Created,
    Scope: 'local',
    Driver: network.Driver,
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: network.Subnet ? [{ Subnet: network.Subnet, Gateway: network.Gateway }] : [] },
    Internal: network.Internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: network.BridgeName ? { 'com.docker.network.bridge.name': network.BridgeName, ...network.Options } : network.Options,
    Labels: network.Labels,
  };
}

function matchesFilters(network: NetworkRecord, filters: Map<string, string[]>, inUse: boolean): boolean {
  const any = (key: string, test: (value: string) => boolean) => !filters.has(key) || filters.get(key)!.some(test);
  return (
    any('name', (value) => network.Name.includes(value)) &&
    any('id', (value) => network.Id.startsWith(value)) &&
    any('driver', (value) => network.Driver === value) &&
    any('type', (value) => (value === 'builtin' ? network.Builtin : value === 'custom' ? !network.Builtin : false)) &&
    any('dangling', (value) => (value === 'true' || value === '1') === (!inUse && !network.Builtin)) &&
    (filters.get('label') ?? []).every((label) => {
      const [key, value] = label.split('=', 2) as [string, string?];
      return key in network.Labels && (value === undefined || network.Labels[key] === value);
    })
  );
}

export function registerNetworkRoutes(router: ApiRouter, engine: Engine): void {
  const networks = engine.networks;

  router.on('GET', '/networks', ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ['name', 'id', 'driver', 'type', 'label', 'dangling', 'scope']);
    const list = networks.list().filter((network) => matchesFilters(network, filters, networks.usedBy(network).length > 0));
    sendJson(res, 200, list.map((network) => networkView(engine, network)));
  });

  router.on('GET', '/networks/:id', ({ res, params }) => {
    sendJson(res, 200, networkView(engine, networks.resolve(params.id!)));
  });

  router.on('POST', '/networks/create', async ({ req, res }) => {
    const request = await readJson<NetworkCreateRequest>(req, {});
    if (typeof request !== 'object' || request === null) throw invalidArgument('network config must be a JSON object');
    const network = networks.create(request);
    sendJson(res, 201, { Id: network.Id, Warning: '' });
  });

  router.on('DELETE', '/networks/:id', async ({ res, params }) => {
    await engine.removeNetwork(networks.remove(params.id!));
    sendEmpty(res, 204);
  });

  router.on('POST', '/networks/:id/connect', async ({ req, res, params }) => {
    const body = await readJson<{ Container?: string; EndpointConfig?: { Aliases?: string[] | null } | null }>(req, {});
    if (!body.Container) throw invalidArgument('a container is required to connect to a network (Container)');
    await engine.containers.connectNetwork(body.Container, networks.resolve(params.id!), body.EndpointConfig?.Aliases ?? []);
    sendEmpty(res, 200);
  });

  router.on('POST', '/networks/:id/disconnect', async ({ req, res, params }) => {
    const body = await readJson<{ Container?: string; Force?: boolean }>(req, {});
    if (!body.Container) throw invalidArgument('a container is required to disconnect from a network (Container)');
    await engine.containers.disconnectNetwork(body.Container, networks.resolve(params.id!));
    sendEmpty(res, 200);
  });

  router.on('POST', '/networks/prune', async ({ res, query }) => {
    const filters = queryFilters(query);
    checkFilterKeys(filters, ['label', 'until']);
    const removed = networks.prune();
    for (const network of removed) await engine.removeNetwork(network);
    sendJson(res, 200, { NetworksDeleted: removed.map((network) => network.Name) });
  });
}
