// /_ping, /version, /info: what clients ask first.
import * as os from 'node:os';
import { readFileSync } from 'node:fs';
import { minatoVersion } from '../../../util/project.ts';
import type { Engine } from '../engine.ts';
import { sendJson } from './http.ts';
import { type ApiRouter, apiVersion, minApiVersion } from './router.ts';

const engineVersion = minatoVersion();

const pingHeaders = {
  'Api-Version': apiVersion,
  'Ostype': 'linux',
  'Builder-Version': '1',
  'Docker-Experimental': 'false',
  'Swarm': 'inactive',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  'Pragma': 'no-cache',
};

function architecture(): string {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
}

function goArch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

function operatingSystem(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

export function registerSystemRoutes(router: ApiRouter, engine: Engine): void {
  const ping = ({ res, req }: { res: import('node:http').ServerResponse; req: import('node:http').IncomingMessage }) => {
    res.writeHead(200, { ...pingHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 2 });
    res.end(req.method === 'HEAD' ? undefined : 'OK');
  };
  router.on('GET', '/_ping', ping).on('HEAD', '/_ping', ping);

  router.on('GET', '/version', async ({ res }) => {
    const versions = await engine.componentVersions();
    const details = { ApiVersion: apiVersion, Arch: goArch(), BuildTime: '', Experimental: 'false', GitCommit: '', GoVersion: `node${process.versions.node}`, KernelVersion: os.release(), MinAPIVersion: minApiVersion, Os: 'linux' };
    sendJson(res, 200, {
      Platform: { Name: 'Minato Engine' },
      Components: [
        { Name: 'Engine', Version: engineVersion, Details: details },
        { Name: engine.runtimeChoice.runtime, Version: versions[engine.runtimeChoice.runtime] ?? 'unknown', Details: { GitCommit: '' } },
        { Name: 'conmon', Version: versions.conmon ?? 'unknown', Details: { GitCommit: '' } },
      ],
      Version: engineVersion,
      ...details,
      Experimental: false,
    });
  });

  router.on('GET', '/info', ({ res }) => {
    const containers = engine.containers.store.all();
    const running = containers.filter((c) => c.State.Running && !c.State.Paused).length;
    const paused = containers.filter((c) => c.State.Paused).length;
    sendJson(res, 200, {
      ID: engine.paths.dataRoot,
      Containers: containers.length,
      ContainersRunning: running,
      ContainersPaused: paused,
      ContainersStopped: containers.length - running - paused,
      Images: engine.images.store.list().length,
      Driver: 'overlay2',
      DriverStatus: [['Backing Filesystem', 'overlayfs'], ['Supports d_type', 'true']],
      Plugins: { Volume: ['local'], Network: ['host', 'none'], Authorization: null, Log: ['k8s-file'] },
      MemoryLimit: true,
      SwapLimit: true,
      CpuCfsPeriod: true,
      CpuCfsQuota: true,
      CPUShares: true,
      CPUSet: true,
      PidsLimit: true,
      IPv4Forwarding: true,
      Debug: false,
      NFd: 0,
      NGoroutines: 0,
      SystemTime: new Date().toISOString(),
      LoggingDriver: 'k8s-file',
      CgroupDriver: 'cgroupfs',
      CgroupVersion: engine.runtimeChoice.cgroupMode === 'v2' ? '2' : '1',
      NEventsListener: 0,
      KernelVersion: os.release(),
      OperatingSystem: operatingSystem(),
      OSVersion: '',
      OSType: 'linux',
      Architecture: architecture(),
      NCPU: os.availableParallelism(),
      MemTotal: engine.hostMemory,
      IndexServerAddress: 'https://index.docker.io/v1/',
      RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ['127.0.0.0/8'], Mirrors: [] },
      GenericResources: null,
      DockerRootDir: engine.paths.dataRoot,
      HttpProxy: '',
      HttpsProxy: '',
      NoProxy: '',
      Name: os.hostname(),
      Labels: [],
      ExperimentalBuild: false,
      ServerVersion: engineVersion,
      Runtimes: Object.fromEntries(Object.values(engine.runtimes).map((runtime) => [runtime.name, { path: runtime.path }])),
      DefaultRuntime: engine.runtimeChoice.runtime,
      Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
      LiveRestoreEnabled: true,
      Isolation: '',
      InitBinary: 'catatonit',
      ContainerdCommit: { ID: '' },
      RuncCommit: { ID: '' },
      InitCommit: { ID: '' },
      SecurityOptions: ['name=seccomp,profile=builtin', 'name=no-new-privileges'],
      Warnings: engine.runtimeChoice.notes,
    });
  });
}
