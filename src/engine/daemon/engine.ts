// The engine's composition root: opens the stores in the data root, picks and prepares the OCI
// runtime, wires the services together, and catches up with containers that ran on while no
// daemon was watching.
import { promises as fsp } from 'node:fs';
import { totalmem } from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../util/log.ts';
import { runCommand } from '../../util/exec.ts';
import { findExecutable } from '../../util/which.ts';
import { ContentStore } from '../content/content-store.ts';
import { AttachHub } from '../containers/attach-hub.ts';
import { ContainerService } from '../containers/container-service.ts';
import { ContainerStore } from '../containers/container-store.ts';
import { ExecService } from '../containers/exec-service.ts';
import { ExitMonitor } from '../containers/exit-monitor.ts';
import { ImageService } from '../images/image-service.ts';
import { ImageStore } from '../images/image-store.ts';
import { MetadataDatabase } from '../metadata/database.ts';
import { EnginePaths } from '../paths.ts';
import { prepareCgroupsForRuntime, removeCgroup, type RuntimeChoice } from '../runtime/cgroup-setup.ts';
import { OciRuntime, type RuntimeName } from '../runtime/oci-runtime.ts';
import { DEFAULT_CAPABILITIES } from '../runtime/capabilities.ts';
import { loadDefaultSeccomp } from '../runtime/seccomp.ts';
import { SeccompBpfCache } from '../runtime/seccomp-bpf-cache.ts';
import { OverlaySnapshotter } from '../snapshots/overlay.ts';
import { VolumeService } from '../volume/volume-service.ts';
import { defaultCniPath } from '../network/cni/cni-plugin.ts';
import { ContainerNetworking } from '../network/container-networking.ts';
import { EmbeddedDns, type NetworkMember } from '../network/embedded-dns.ts';
import { defaultBridgeName, NetworkService } from '../network/network-service.ts';
import { hasEmbeddedDns, type NetworkRecord } from '../network/network-types.ts';
import { deleteInterface } from '../network/netns.ts';
import { PortAllocator } from '../network/ports.ts';
import { SandboxManager } from '../network/sandbox-manager.ts';
import type { Builder } from '../build/builder.ts';

export interface EngineConfig {
  dataRoot: string;
  execRoot: string;
  /** The runtime containers use unless they ask (--runtime); default: crun where it can run. */
  runtime?: RuntimeName;
  /** Parent cgroup of all containers (one per engine, so engines on one machine stay apart). */
  cgroupParent: string;
  /** The default bridge network's subnet or bridge address (--bip), default 10.88.0.1/16. */
  defaultSubnet?: string;
  /** How many default-bridge network sandboxes to keep prepared (--network-pool-size). */
  networkPoolSize?: number;
  /** --insecure-registry: registries (host[:port] or CIDR) that may be spoken to over plain HTTP. */
  insecureRegistries?: string[];
  log: Logger;
}

export class Engine {
  readonly config: EngineConfig;
  readonly paths: EnginePaths;
  readonly database: MetadataDatabase;
  readonly images: ImageService;
  readonly volumes: VolumeService;
  readonly containers: ContainerService;
  readonly execs: ExecService;
  readonly networks: NetworkService;
  readonly sandboxes: SandboxManager;
  readonly dns: EmbeddedDns;
  readonly attachHub = new AttachHub();
  readonly runtimeChoice: RuntimeChoice;
  readonly runtimes: Record<RuntimeName, OciRuntime>;
  readonly hostMemory = totalmem();
  readonly conmonPath: string;
  private readonly exitMonitor: ExitMonitor;
  private readonly seccompCache: SeccompBpfCache;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private builderInstance: Promise<Builder> | undefined;

  private constructor(config: EngineConfig, runtimeChoice: RuntimeChoice) {
    this.config = config;
    this.runtimeChoice = runtimeChoice;
    const log = config.log;
    this.paths = new EnginePaths(config.dataRoot, config.execRoot);
    this.database = new MetadataDatabase(this.paths.database);
    const snapshots = new OverlaySnapshotter(this.paths.snapshots);
    this.images = new ImageService(new ContentStore(this.paths.content), new ImageStore(this.database), snapshots, log.child({ component: 'images' }));
    this.volumes = new VolumeService(this.database, this.paths.volumes);
    this.runtimes = {
      crun: new OciRuntime('crun', findExecutable('crun', 'crun'), this.paths.runtimeState('crun')),
      runc: new OciRuntime('runc', findExecutable('runc', 'runc'), this.paths.runtimeState('runc')),
    };
    const conmonPath = findExecutable('conmon', 'conmon');
    this.conmonPath = conmonPath;
    this.seccompCache = new SeccompBpfCache(path.join(this.paths.dataRoot, 'cache', 'seccomp'), this.runtimes.crun.path);
    const initBinary = findExecutable('catatonit', 'catatonit');
    this.networks = new NetworkService({
      database: this.database,
      ipamDir: path.join(this.paths.dataRoot, 'network', 'ipam'),
      defaultSubnet: config.defaultSubnet ?? '10.88.0.1/16',
      defaultBridgeName: defaultBridgeName(config.cgroupParent),
    });
    this.sandboxes = new SandboxManager({
      dir: path.join(this.paths.dataRoot, 'network', 'sandboxes'),
      cniPath: defaultCniPath,
      networks: this.networks,
      netnsPrefix: `${config.cgroupParent}-`,
      poolSize: config.networkPoolSize ?? 2,
      log: log.child({ component: 'network' }),
    });
    this.dns = new EmbeddedDns((networkId) => this.networkMembers(networkId), log.child({ component: 'dns' }));
    const networking = new ContainerNetworking(this.networks, this.sandboxes, new PortAllocator(), this.dns);
    this.exitMonitor = new ExitMonitor(this.paths.exits, (id, code) => this.containers.handleExit(id, code), log.child({ component: 'exits' }));
    this.containers = new ContainerService({
      paths: this.paths,
      store: new ContainerStore(this.database),
      images: this.images,
      volumes: this.volumes,
      snapshots,
      runtimes: this.runtimes,
      defaultRuntime: runtimeChoice.runtime,
      conmonPath,
      attachHub: this.attachHub,
      exitMonitor: () => this.exitMonitor,
      networking,
      bundleEnvironment: {
        cgroupParent: config.cgroupParent,
        seccompCache: (runtime) => (runtime === 'crun' ? this.seccompCache : undefined),
        initBinary,
        namespaceOfContainer: async (reference, type) => {
          const other = this.containers.store.resolve(reference);
          if (!other.State.Running) throw new Error(`cannot join the ${type} namespace of container ${reference}: it is not running`);
          return `/proc/${other.State.Pid}/ns/${type}`;
        },
      },
      log: log.child({ component: 'containers' }),
    });
    this.execs = new ExecService(this.containers, this.paths, conmonPath, log.child({ component: 'exec' }));
    this.images.setUsers({
      containersUsingImage: (imageId) => this.containers.containersUsingImage(imageId),
      layersInUse: async () => new Set((await Promise.all((await snapshots.listActive()).map((key) => snapshots.layersOf(key).catch(() => [])))).flat()),
    });
    this.volumes.setUsage((name) => this.containers.containersUsingVolume(name));
    this.networks.setUsers((networkId) => this.containers.containersOnNetwork(networkId));
  }

  /**
   * What is left of a removed network: its DNS responder and its bridge (CNI never deletes
   * bridges; a later network on the same subnet would otherwise find the old one in the way).
   */
  async removeNetwork(network: NetworkRecord): Promise<void> {
    await this.dns.stop(network.Id);
    if (network.BridgeName) await deleteInterface(network.BridgeName).catch((err: unknown) => this.config.log.warn({ err, bridge: network.BridgeName }, 'bridge of a removed network not deleted'));
  }

  /** Running containers on a network, for its embedded DNS. */
  private networkMembers(networkId: string): NetworkMember[] {
    return this.containers.store.all().flatMap((record) => {
      if (!record.State.Running) return [];
      const endpoint = Object.values(record.Network?.endpoints ?? {}).find((candidate) => candidate.NetworkID === networkId);
      return endpoint ? [{ name: record.Name.slice(1), id: record.Id, aliases: endpoint.Aliases ?? [], address: endpoint.IPAddress }] : [];
    });
  }

  static async open(config: EngineConfig): Promise<Engine> {
    for (const dir of [config.dataRoot, config.execRoot]) await fsp.mkdir(dir, { recursive: true, mode: 0o711 });
    const runtimeChoice = await prepareCgroupsForRuntime(config.runtime);
    for (const note of runtimeChoice.notes) config.log.warn(note);
    config.log.info({ runtime: runtimeChoice.runtime, cgroups: runtimeChoice.cgroupMode }, 'runtime selected');
    const engine = new Engine(config, runtimeChoice);
    await engine.init();
    return engine;
  }

  private async init(): Promise<void> {
    await this.seccompCache.init();
    await loadDefaultSeccomp([...DEFAULT_CAPABILITIES]); // parse the profile now, not in the first start
    await this.images.content.init();
    await this.images.snapshots.init();
    await this.volumes.init();
    await fsp.mkdir(this.paths.containersDir, { recursive: true, mode: 0o710 });
    await fsp.mkdir(this.paths.sockets, { recursive: true, mode: 0o700 });
    await this.execs.init();
    this.networks.init();
    await this.sandboxes.init(new Set(this.containers.store.all().filter((record) => record.State.Running).map((record) => record.Id)));
    await this.containers.recover();
    // Name resolution for the containers that kept running on user-defined networks.
    for (const record of this.containers.store.all()) {
      if (!record.State.Running) continue;
      for (const endpoint of Object.values(record.Network?.endpoints ?? {})) {
        const network = this.networks.find(endpoint.NetworkID);
        if (network && hasEmbeddedDns(network)) await this.dns.ensure(network).catch((err: unknown) => this.config.log.warn({ err, network: network.Name }, 'embedded DNS did not start'));
      }
    }
    await this.exitMonitor.start();
    // After the exit monitor: removing a running build container waits for its exit.
    await this.removeBuildLeftovers();
    this.reconcileTimer = setInterval(() => {
      void this.containers.reconcileRunning().catch((err: unknown) => this.config.log.warn({ err }, 'reconcile failed'));
    }, 5000);
    this.reconcileTimer.unref();
  }

  /** Where builds unpack their contexts and stage their files (inside the data root: same file system as the layers). */
  get buildWorkRoot(): string {
    return path.join(this.paths.dataRoot, 'build');
  }

  /** What builds interrupted by a crash left: RUN containers, mounts, snapshots, scratch files. */
  private async removeBuildLeftovers(): Promise<void> {
    // Every build unpacks its context under the work root first: no work root, no build ever ran.
    if (!(await fsp.stat(this.buildWorkRoot).then(() => true, () => false))) return;
    const { removeBuildLeftovers } = await import('../build/build-leftovers.ts');
    await removeBuildLeftovers({ workRoot: this.buildWorkRoot, snapshots: this.images.snapshots, containers: this.containers, log: this.config.log });
  }

  /** The image builder, loaded on the first build: an idle daemon does not carry it. */
  builder(): Promise<Builder> {
    this.builderInstance ??= (async () => {
      const [{ Builder }, { BuildCache }, { pullImage }, { InsecureRegistries }, { parseReference, withDefaultTag }] = await Promise.all([
        import('../build/builder.ts'),
        import('../build/build-cache.ts'),
        import('../registry/client/pull.ts'),
        import('../registry/client/insecure-registries.ts'),
        import('../images/reference.ts'),
      ]);
      await fsp.mkdir(this.buildWorkRoot, { recursive: true, mode: 0o700 });
      const insecure = new InsecureRegistries(this.config.insecureRegistries ?? []);
      const log = this.config.log.child({ component: 'build' });
      return new Builder({
        images: this.images,
        containers: this.containers,
        attachHub: this.attachHub,
        snapshots: this.images.snapshots,
        cache: new BuildCache(this.database, this.images),
        pull: async (reference, output) => {
          const result = await pullImage(this.images, {
            reference: withDefaultTag(parseReference(reference)),
            insecure,
            log,
            // Per-layer states, not byte counts: a build log is read, not redrawn.
            progress: (message) => {
              if (message.status && !message.progressDetail?.current) output(message.id ? `${message.id}: ${message.status}` : message.status);
            },
          });
          return result.image;
        },
        workRoot: this.buildWorkRoot,
        log,
      });
    })();
    return this.builderInstance;
  }

  private versions: Promise<Record<string, string>> | undefined;

  /** Versions of the real components under the engine (for /version), asked once. */
  componentVersions(): Promise<Record<string, string>> {
    this.versions ??= (async () => {
      const versionOf = async (binary: string) => {
        const result = await runCommand(binary, ['--version'], { allowFailure: true }).catch(() => undefined);
        return /version\s+(\S+)/.exec(result?.stdout ?? '')?.[1] ?? 'unknown';
      };
      const [crun, runc, conmon] = await Promise.all([versionOf(this.runtimes.crun.path), versionOf(this.runtimes.runc.path), versionOf(this.conmonPath)]);
      return { crun, runc, conmon };
    })();
    return this.versions;
  }

  /** Stops watching; containers keep running under their conmon. */
  async close(): Promise<void> {
    clearInterval(this.reconcileTimer);
    this.exitMonitor.stop();
    this.containers.shutdown();
    await this.sandboxes.close();
    await this.dns.close();
    this.database.close();
    await removeCgroup(this.config.cgroupParent).catch(() => undefined);
  }
}
