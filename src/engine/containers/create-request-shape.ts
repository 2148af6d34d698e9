// Type checks for the JSON body of POST /containers/create: a wrong type anywhere is refused
// with the field's path (as Docker's JSON decoding refuses it), never carried into the engine
// where it would fail obscurely.
import { invalidArgument } from '../../util/errors.ts';

type Kind = 'string' | 'number' | 'boolean' | 'strings' | 'stringMap' | 'object' | 'objects' | 'setMap';

const configFields: Record<string, Kind> = {
  Hostname: 'string', Domainname: 'string', User: 'string', AttachStdin: 'boolean', AttachStdout: 'boolean', AttachStderr: 'boolean',
  Tty: 'boolean', OpenStdin: 'boolean', StdinOnce: 'boolean', Env: 'strings', Cmd: 'strings', Entrypoint: 'strings', Image: 'string',
  WorkingDir: 'string', Labels: 'stringMap', StopSignal: 'string', StopTimeout: 'number', ExposedPorts: 'setMap', Volumes: 'setMap',
  Healthcheck: 'object', ArgsEscaped: 'boolean', NetworkDisabled: 'boolean', OnBuild: 'strings', Shell: 'strings', MacAddress: 'string',
};

const hostConfigFields: Record<string, Kind> = {
  Binds: 'strings', Mounts: 'objects', Tmpfs: 'stringMap', NetworkMode: 'string', PortBindings: 'object', PublishAllPorts: 'boolean',
  RestartPolicy: 'object', AutoRemove: 'boolean', CapAdd: 'strings', CapDrop: 'strings', Dns: 'strings', DnsOptions: 'strings',
  DnsSearch: 'strings', ExtraHosts: 'strings', Init: 'boolean', Privileged: 'boolean', ReadonlyRootfs: 'boolean', SecurityOpt: 'strings',
  Memory: 'number', MemorySwap: 'number', MemoryReservation: 'number', NanoCpus: 'number', CpuShares: 'number', CpuPeriod: 'number',
  CpuQuota: 'number', CpusetCpus: 'string', CpusetMems: 'string', PidsLimit: 'number', OomKillDisable: 'boolean', ShmSize: 'number',
  Sysctls: 'stringMap', PidMode: 'string', IpcMode: 'string', UTSMode: 'string', Runtime: 'string', LogConfig: 'object',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function check(value: unknown, kind: Kind, where: string): void {
  if (value === null || value === undefined) return; // Docker treats null as "not set"
  const fail = (want: string) => {
    throw invalidArgument(`invalid ${where}: want ${want}, got ${describe(value)} (${JSON.stringify(value)?.slice(0, 60)})`);
  };
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') fail('a string');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('a boolean');
      return;
    case 'strings':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) fail('an array of strings');
      return;
    case 'stringMap':
      if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value as object).every((item) => typeof item === 'string')) fail('an object of strings');
      return;
    case 'setMap':
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) fail('an object');
      return;
    case 'objects':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) fail('an array of objects');
      return;
  }
}

/** Throws InvalidArgument naming the first field of the wrong type. */
export function checkCreateRequestShape(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidArgument('container config must be a JSON object');
  const record = body as Record<string, unknown>;
  for (const [field, kind] of Object.entries(configFields)) check(record[field], kind, `Config.${field}`);
  const host = record.HostConfig;
  if (host === undefined || host === null) return;
  check(host, 'object', 'HostConfig');
  for (const [field, kind] of Object.entries(hostConfigFields)) check((host as Record<string, unknown>)[field], kind, `HostConfig.${field}`);
  const policy = (host as { RestartPolicy?: { Name?: unknown; MaximumRetryCount?: unknown } }).RestartPolicy;
  if (policy) {
    check(policy.Name, 'string', 'HostConfig.RestartPolicy.Name');
    check(policy.MaximumRetryCount, 'number', 'HostConfig.RestartPolicy.MaximumRetryCount');
  }
}
