// How containers look through the Docker API: the `docker ps` summary (with its filters) and
// the `docker inspect` document.
import { invalidArgument } from '../../util/errors.ts';
import type { ImageStore } from '../images/image-store.ts';
import { familiarString, parseReference } from '../images/reference.ts';
import { containerHostname } from './bundle.ts';
import { statusText } from './status-text.ts';
import type { EndpointSettings } from '../network/network-types.ts';
import { portMapView } from '../network/ports.ts';
import type { ContainerRecord } from './types.ts';

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
  Labels: Record<string, string>;
  State: string;
  Status: string;
  HostConfig: { NetworkMode: string };
  NetworkSettings: { Networks: Record<string, EndpointSettings> };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string; Driver?: string; Mode: string; RW: boolean; Propagation: string }[];
}

function publicMounts(record: ContainerRecord) {
  return record.Mounts.map(({ Anonymous: _anonymous, ...mount }) => mount);
}

export function containerSummary(record: ContainerRecord, images: ImageStore): ContainerSummary {
  return {
    Id: record.Id,
    Names: [record.Name],
    Image: imageDisplayName(record, images),
    ImageID: record.Image,
    Command: [record.Path, ...record.Args].join(' '),
    Created: Math.floor(Date.parse(record.Created) / 1000),
    Ports: summaryPorts(record),
    Labels: record.Config.Labels ?? {},
    State: record.State.Status,
    Status: statusText(record.State),
    HostConfig: { NetworkMode: record.HostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: networksView(record) },
    Mounts: publicMounts(record),
  };
}

/** ps PORTS: published ports with their host side, exposed-only ports without. */
function summaryPorts(record: ContainerRecord): ContainerSummary['Ports'] {
  const published = (record.Network?.ports ?? []).map((port) => ({ IP: port.hostIp, PrivatePort: port.containerPort, PublicPort: port.hostPort, Type: port.protocol }));
  const exposed = Object.keys(record.Config.ExposedPorts ?? {}).flatMap((key) => {
    const [port, protocol = 'tcp'] = key.split('/');
    return published.some((item) => String(item.PrivatePort) === port && item.Type === protocol) ? [] : [{ PrivatePort: Number(port), Type: protocol }];
  });
  return [...published, ...exposed];
}

/** Networks by name; a stopped container shows the ones it will join, without addresses. */
function networksView(record: ContainerRecord): Record<string, EndpointSettings> {
  if (record.Network) return record.Network.endpoints;
  const mode = record.HostConfig.NetworkMode ?? 'default';
  const names = [mode === 'default' ? 'bridge' : mode, ...Object.keys(record.NetworkingConfig ?? {})].filter((name) => !name.startsWith('container:'));
  return Object.fromEntries(
    names.map((name) => [
      name,
      { NetworkID: '', EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, MacAddress: '', Aliases: record.NetworkingConfig?.[name]?.Aliases ?? null, DNSNames: null, IPAMConfig: null, Links: null, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0 },
    ]),
  );
}

/** What ps shows as IMAGE: the name the container was created with, or the ID if that name moved on. */
function imageDisplayName(record: ContainerRecord, images: ImageStore): string {
  const name = record.Config.Image;
  try {
    if (images.find(name)?.id === record.Image) return name;
  } catch {
    // not a valid reference any more: show the ID
  }
  return record.Image;
}

const psFilterKeys = ['id', 'name', 'label', 'status', 'exited', 'ancestor', 'before', 'since', 'volume', 'network', 'health', 'is-task', 'publish', 'expose'];
const statuses = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

function matchesLabel(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return filter in labels;
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}

/** `docker ps [-a] [--filter …] [-n N]` over the engine's containers, newest first. */
export function listContainers(records: ContainerRecord[], images: ImageStore, options: { all: boolean; filters: Map<string, string[]>; limit?: number }): ContainerSummary[] {
  const { filters } = options;
  for (const key of filters.keys()) if (!psFilterKeys.includes(key)) throw invalidArgument(`invalid filter '${key}'`);
  for (const status of filters.get('status') ?? []) {
    if (!statuses.includes(status)) throw invalidArgument(`invalid filter 'status=${status}'`);
  }
  const byRef = (ref: string) => records.find((record) => record.Id.startsWith(ref) || record.Name === `/${ref}` || record.Name === ref);
  const before = filters.get('before')?.map(byRef);
  const since = filters.get('since')?.map(byRef);
  const ancestors = (filters.get('ancestor') ?? []).map((ref) => {
    try {
      return images.find(ref)?.id;
    } catch {
      return undefined;
    }
  });
  const any = (key: string, test: (value: string) => boolean) => {
    const values = filters.get(key);
    return !values || values.some(test);
  };
  let result = records
    .filter((record) => {
      const explicitStatus = filters.has('status') || filters.has('exited');
      if (!options.all && !explicitStatus && !record.State.Running) return false;
      return (
        any('id', (value) => record.Id.startsWith(value)) &&
        any('name', (value) => new RegExp(value).test(record.Name.slice(1))) &&
        (filters.get('label') ?? []).every((value) => matchesLabel(record.Config.Labels ?? {}, value)) &&
        any('status', (value) => record.State.Status === value) &&
        any('exited', (value) => !record.State.Running && record.State.Status === 'exited' && record.State.ExitCode === Number(value)) &&
        (!filters.has('ancestor') || ancestors.some((id) => id === record.Image)) &&
        (!before || before.every((other) => other !== undefined && record.Created < other.Created)) &&
        (!since || since.every((other) => other !== undefined && record.Created > other.Created)) &&
        any('volume', (value) => record.Mounts.some((mount) => mount.Name === value || mount.Destination === value)) &&
        any('network', (value) => (record.HostConfig.NetworkMode ?? 'default') === value)
      );
    })
    .sort((a, b) => b.Created.localeCompare(a.Created));
  if (options.limit !== undefined && options.limit > 0) result = result.slice(0, options.limit);
  return result.map((record) => containerSummary(record, images));
}

/** The `docker inspect` document. */
export function inspectContainer(record: ContainerRecord, extra: { execIds: string[]; lowerDirs: string[]; upperDir: string; workDir: string; mergedDir: string }) {
  const { runtime, manuallyStopped: _stopped, layers: _layers, ...docker } = record;
  return {
    ...docker,
    Config: { Hostname: containerHostname(record), Domainname: '', AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false, StdinOnce: false, ...record.Config },
    HostConfig: { ...record.HostConfig, Runtime: runtime },
    Mounts: publicMounts(record),
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: extra.execIds.length ? extra.execIds : null,
    GraphDriver: { Name: 'overlay2', Data: { LowerDir: extra.lowerDirs.join(':'), UpperDir: extra.upperDir, WorkDir: extra.workDir, MergedDir: extra.mergedDir } },
    NetworkSettings: networkSettings(record),
  };
}

/** inspect's NetworkSettings: the top-level address fields are the default bridge's, as Docker's. */
function networkSettings(record: ContainerRecord) {
  const networks = networksView(record);
  const bridge = record.Network?.endpoints.bridge;
  return {
    Bridge: '',
    SandboxID: record.Network?.sandboxId ?? '',
    SandboxKey: record.Network?.sandboxKey ?? '',
    Ports: record.State.Running ? portMapView(record.Network?.ports ?? [], record.Config.ExposedPorts) : {},
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: bridge?.EndpointID ?? '',
    Gateway: bridge?.Gateway ?? '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: bridge?.IPAddress ?? '',
    IPPrefixLen: bridge?.IPPrefixLen ?? 0,
    IPv6Gateway: '',
    MacAddress: bridge?.MacAddress ?? '',
    Networks: networks,
  };
}

/** The name `docker` prints for an image reference kept in full form. */
export function displayName(reference: string): string {
  try {
    return familiarString(parseReference(reference));
  } catch {
    return reference;
  }
}
