// RuntimeService over Minato's in-process engine, the way Kubernetes' dockershim ran pods on
// Docker: a pod sandbox is a "pause" container (catatonit -P) on the pod network that holds the
// pod's network and IPC namespaces (and its PID namespace with shareProcessNamespace); each of
// the pod's containers is an engine container that joins them ("container:<pause id>"). Who is
// who lives in the engine containers' names and labels (cri-labels.ts) and nowhere else, so a
// restarted agent — or a second EngineRuntime on the same engine — finds every pod again.
import { promises as fsp } from 'node:fs';
import { hostname as osHostname, totalmem } from 'node:os';
import * as path from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { sampleUsage } from '../../engine/containers/stats.ts';
import type { ContainerRecord } from '../../engine/containers/types.ts';
import type { Engine } from '../../engine/daemon/engine.ts';
import type { ImageWithTags } from '../../engine/images/image-store.ts';
import { conflict, isMinatoError, notFound } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { minatoVersion } from '../../util/project.ts';
import { type DecodedLabels, decodeLabels, matchesSelector, type RecordedSandboxConfig, recordSandboxConfig } from './cri-labels.ts';
import { containerCreateRequest, containerOf, containerStatusOf, podSandboxOf, podSandboxStatusOf, sandboxCreateRequest, sandboxState } from './cri-mapping.ts';
import { attachStreaming, execStreaming, execSync, logStream } from './engine-streams.ts';
import { forwardToPodPort } from './netns-port-forward.ts';
import { PauseImage } from './pause-image.ts';
import { defaultShmBytes, PodShm } from './pod-shm.ts';
import type {
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerStats,
  ContainerStatus,
  ExecSyncResult,
  Image,
  LogOptions,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStatus,
  RegistryAuth,
  RuntimeService,
  RuntimeVersion,
  StreamingSession,
  StreamOptions,
} from './runtime-service.ts';

export interface EngineRuntimeOptions {
  engine: Engine;
  /** The engine network pods get their addresses on; default the engine's own default bridge. */
  podNetwork?: string;
  /** The pause image; built from catatonitPath when absent. Default minato.local/pause:3. */
  pauseImage?: string;
  catatonitPath?: string;
  /** Where the runtime keeps per-sandbox host state (the pods' /dev/shm); default <exec root>/cri. */
  stateDir?: string;
  /** How long stopPodSandbox gives the pause container before SIGKILL. */
  sandboxStopTimeoutSeconds?: number;
  log?: Logger;
}

type Found = { record: ContainerRecord; decoded: DecodedLabels };

export class EngineRuntime implements RuntimeService {
  private readonly engine: Engine;
  private readonly podNetwork: string;
  private readonly pause: PauseImage;
  private readonly shm: PodShm;
  private readonly sandboxStopTimeout: number;
  private readonly log: Logger;

  constructor(options: EngineRuntimeOptions) {
    this.engine = options.engine;
    this.podNetwork = options.podNetwork ?? 'bridge';
    this.pause = new PauseImage(options.engine.images, { reference: options.pauseImage, catatonitPath: options.catatonitPath });
    this.shm = new PodShm(options.stateDir ?? path.join(options.engine.config.execRoot, 'cri'));
    this.sandboxStopTimeout = options.sandboxStopTimeoutSeconds ?? 10;
    this.log = options.log ?? options.engine.config.log.child({ component: 'cri' });
  }

  async version(): Promise<RuntimeVersion> {
    return { runtimeName: 'minato', runtimeVersion: minatoVersion(), runtimeApiVersion: 'v1' };
  }

  // ---- lookups ----------------------------------------------------------------------------------

  /** Every engine container that is one of ours, decoded. */
  private all(): Found[] {
    return this.engine.containers.store.all().flatMap((record) => {
      const decoded = decodeLabels(record.Config.Labels);
      return decoded ? [{ record, decoded }] : [];
    });
  }

  /** A sandbox or container by full ID (or unique prefix, as the engine resolves); undefined when absent. */
  private find(id: string, type: 'sandbox' | 'container'): Found | undefined {
    if (!id) return undefined;
    let record: ContainerRecord | undefined;
    try {
      record = this.engine.containers.store.find(id);
    } catch {
      return undefined;
    }
    // By ID only: a name must not reach a container that is not ours.
    if (!record || !record.Id.startsWith(id)) return undefined;
    const decoded = decodeLabels(record.Config.Labels);
    return decoded?.type === type ? { record, decoded } : undefined;
  }

  private mustFind(id: string, type: 'sandbox' | 'container'): Found {
    const found = this.find(id, type);
    if (!found) throw notFound(type === 'sandbox' ? `pod sandbox ${id} not found` : `container ${id} not found`);
    return found;
  }

  private imageRef(record: ContainerRecord): string {
    const image = this.engine.images.store.get(record.Image);
    return image?.repoDigests[0] ?? record.Image;
  }

  private containersOf(sandboxId: string): Found[] {
    return this.all().filter(({ decoded }) => decoded.type === 'container' && decoded.sandboxId === sandboxId);
  }

  // ---- sandboxes --------------------------------------------------------------------------------

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const image = await this.pause.ensure();
    const request = sandboxCreateRequest({
      config: config.hostNetwork && !config.hostname ? { ...config, hostname: osHostname() } : config,
      image: this.pause.reference,
      podNetwork: this.podNetwork,
    });
    const { Id } = await this.engine.containers.create(request);
    try {
      await this.engine.containers.start(Id);
    } catch (err) {
      await this.engine.containers.remove(Id, { force: true }).catch((removeErr: unknown) => this.log.warn({ err: removeErr, sandbox: Id }, 'removing a sandbox that did not start'));
      throw err;
    }
    this.log.info({ sandbox: Id, pod: `${config.namespace}/${config.name}`, attempt: config.attempt, image }, 'pod sandbox running');
    return Id;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    const sandbox = this.find(podSandboxId, 'sandbox');
    if (!sandbox) return; // already gone: nothing to stop
    const id = sandbox.record.Id;
    // Whatever still runs in the pod goes at once (the agent stopped its containers gracefully first).
    await Promise.all(this.containersOf(id).map(({ record }) => this.stopQuietly(record.Id, 0)));
    await this.stopQuietly(id, this.sandboxStopTimeout);
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    const sandbox = this.find(podSandboxId, 'sandbox');
    if (!sandbox) return;
    const id = sandbox.record.Id;
    for (const { record } of this.containersOf(id)) await this.removeContainer(record.Id);
    await this.removeQuietly(id);
    await this.shm.remove(id);
    this.log.info({ sandbox: id }, 'pod sandbox removed');
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus> {
    const { record, decoded } = this.mustFind(podSandboxId, 'sandbox');
    return podSandboxStatusOf(record, decoded);
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    return this.all()
      .filter(({ record, decoded }) => decoded.type === 'sandbox' && (!filter.id || record.Id.startsWith(filter.id)))
      .map(({ record, decoded }) => podSandboxOf(record, decoded))
      .filter((sandbox) => (!filter.state || sandbox.state === filter.state) && matchesSelector(sandbox.labels, filter.labelSelector))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  // ---- containers ------------------------------------------------------------------------------

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    const sandbox = this.mustFind(podSandboxId, 'sandbox');
    const id = sandbox.record.Id;
    const recorded: RecordedSandboxConfig = sandbox.decoded.sandboxConfig ?? recordSandboxConfig({ ...sandbox.decoded.pod, ...sandboxConfig });
    // The log directory is the agent's to say; the rest is what the sandbox was made with.
    const effective: RecordedSandboxConfig = sandboxConfig?.logDirectory ? { ...recorded, logDirectory: sandboxConfig.logDirectory } : recorded;
    const status = podSandboxStatusOf(sandbox.record, sandbox.decoded);
    const shmDir = effective.hostIPC ? undefined : await this.shm.ensure(id, effective.shmSizeBytes ?? defaultShmBytes);
    const request = containerCreateRequest({
      config,
      sandboxId: id,
      pod: sandbox.decoded.pod,
      sandbox: effective,
      podIp: status.network.ip,
      shmDir,
      defaultTmpfsBytes: Math.floor(totalmem() / 2),
    });
    const { Id } = await this.engine.containers.create(request);
    const logPath = decodeLabels(request.config.Labels)?.logPath;
    if (logPath) {
      try {
        await linkLog(logPath, this.engine.containers.store.resolve(Id).LogPath);
      } catch (err) {
        await this.engine.containers.remove(Id, { force: true }).catch(() => undefined);
        throw err;
      }
    }
    this.log.debug({ container: Id, sandbox: id, name: config.name, attempt: config.attempt }, 'container created');
    return Id;
  }

  async startContainer(containerId: string): Promise<void> {
    const { record } = this.mustFind(containerId, 'container');
    try {
      await this.engine.containers.start(record.Id);
    } catch (err) {
      if (!isMinatoError(err, 'NotModified')) throw err; // already running: done
    }
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const found = this.find(containerId, 'container');
    if (found) await this.stopQuietly(found.record.Id, Math.max(0, timeoutSeconds));
  }

  async removeContainer(containerId: string): Promise<void> {
    const found = this.find(containerId, 'container');
    if (!found) return;
    await this.removeQuietly(found.record.Id);
    if (found.decoded.logPath) await unlinkLog(found.decoded.logPath, found.record.LogPath);
  }

  async listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    return this.all()
      .filter(({ record, decoded }) => decoded.type === 'container' && (!filter.id || record.Id.startsWith(filter.id)) && (!filter.podSandboxId || decoded.sandboxId?.startsWith(filter.podSandboxId)))
      .map(({ record, decoded }) => containerOf(record, decoded, this.imageRef(record)))
      .filter((container) => (!filter.state || container.state === filter.state) && matchesSelector(container.labels, filter.labelSelector))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    const { record, decoded } = this.mustFind(containerId, 'container');
    return containerStatusOf(record, decoded, this.imageRef(record), (source) => this.shm.owns(source));
  }

  async listContainerStats(filter: ContainerFilter = {}): Promise<ContainerStats[]> {
    const running = await this.listContainers({ ...filter, state: 'RUNNING' });
    const stats = await Promise.all(
      running.map(async (container): Promise<ContainerStats | undefined> => {
        // The engine puts each container in the cgroup <cgroupParent>/<id> (as the Docker API's stats reads it).
        const usage = await sampleUsage(`/${this.engine.config.cgroupParent}/${container.id}`).catch((err: unknown) => {
          this.log.debug({ err, container: container.id }, 'no stats for the container: it may have just exited');
          return undefined;
        });
        return usage && { containerId: container.id, podSandboxId: container.podSandboxId, metadata: container.metadata, ...usage };
      }),
    );
    return stats.filter((entry) => entry !== undefined);
  }

  // ---- exec, attach, logs ---------------------------------------------------------------------

  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult> {
    return execSync(this.engine, this.mustFind(containerId, 'container').record.Id, cmd, timeoutSeconds);
  }

  exec(containerId: string, cmd: string[], options?: StreamOptions): Promise<StreamingSession> {
    return execStreaming(this.engine, this.mustFind(containerId, 'container').record.Id, cmd, options);
  }

  async attach(containerId: string, options?: StreamOptions): Promise<StreamingSession> {
    return attachStreaming(this.engine, this.mustFind(containerId, 'container').record, options);
  }

  async portForward(podSandboxId: string, port: number, stream: Duplex): Promise<void> {
    const { record, decoded } = this.mustFind(podSandboxId, 'sandbox');
    if (sandboxState(record) !== 'READY') throw conflict(`pod sandbox ${record.Id} is not ready`);
    if (podSandboxStatusOf(record, decoded).hostNetwork) return forwardToPodPort({}, port, stream);
    // The pause container holds the pod's network namespace: the engine's named netns, else its process's.
    const netnsPath = record.Network?.sandboxKey || (record.State.Pid > 0 ? `/proc/${record.State.Pid}/ns/net` : '');
    if (!netnsPath) throw conflict(`pod sandbox ${record.Id} has no network namespace`);
    return forwardToPodPort({ netnsPath }, port, stream);
  }

  async containerLogs(containerId: string, options: LogOptions = {}): Promise<Readable> {
    let { record, decoded } = this.mustFind(containerId, 'container');
    if (options.previous) {
      // The latest earlier attempt of the same container in the same sandbox.
      const previous = this.containersOf(decoded.sandboxId ?? '')
        .filter((other) => other.decoded.metadata.name === decoded.metadata.name && other.decoded.metadata.attempt < decoded.metadata.attempt)
        .sort((a, b) => b.decoded.metadata.attempt - a.decoded.metadata.attempt)[0];
      if (!previous) throw notFound(`previous terminated container "${decoded.metadata.name}" in pod "${decoded.pod.name}" not found`);
      ({ record, decoded } = previous);
    }
    return logStream(this.engine, record, options);
  }

  // ---- images -------------------------------------------------------------------------------------

  async pullImage(ref: string, auth?: RegistryAuth): Promise<string> {
    const [{ pullImage }, { InsecureRegistries }, { credentialsOf }, { parseReference, withDefaultTag }] = await Promise.all([
      import('../../engine/registry/client/pull.ts'),
      import('../../engine/registry/client/insecure-registries.ts'),
      import('../../engine/registry/client/registry-auth.ts'),
      import('../../engine/images/reference.ts'),
    ]);
    const credentials = auth
      ? credentialsOf(
          {
            ...(auth.username !== undefined ? { username: auth.username } : {}),
            ...(auth.password !== undefined ? { password: auth.password } : {}),
            ...(auth.auth !== undefined ? { auth: auth.auth } : {}),
            ...(auth.serverAddress !== undefined ? { serveraddress: auth.serverAddress } : {}),
            ...(auth.identityToken !== undefined ? { identitytoken: auth.identityToken } : {}),
            ...(auth.registryToken !== undefined ? { registrytoken: auth.registryToken } : {}),
          },
          'registry auth',
        )
      : undefined;
    const result = await pullImage(this.engine.images, {
      reference: withDefaultTag(parseReference(ref)),
      credentials,
      insecure: new InsecureRegistries(this.engine.config.insecureRegistries ?? []),
      progress: () => undefined,
      log: this.log,
    });
    this.log.info({ image: ref, id: result.image.id, upToDate: result.upToDate }, 'image pulled');
    return result.image.id;
  }

  private findImage(ref: string): ImageWithTags | undefined {
    try {
      const image = this.engine.images.store.find(ref);
      return image ? { ...image, tags: this.engine.images.store.tagsOf(image.id) } : undefined;
    } catch (err) {
      if (isMinatoError(err, 'InvalidArgument') || isMinatoError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  private async imageOf(image: ImageWithTags): Promise<Image> {
    const config = await this.engine.images.config(image).catch(() => undefined);
    const user = (config?.config?.User ?? '').split(':')[0] ?? '';
    return {
      id: image.id,
      repoTags: image.tags,
      repoDigests: image.repoDigests,
      size: image.size,
      ...(/^\d+$/.test(user) ? { uid: Number(user) } : user ? { username: user } : {}),
    };
  }

  async imageStatus(ref: string): Promise<Image | undefined> {
    const image = this.findImage(ref);
    return image ? this.imageOf(image) : undefined;
  }

  async listImages(): Promise<Image[]> {
    // The build cache's step images are the engine's own business.
    const images = this.engine.images.store.list().filter((image) => !image.buildStep || image.tags.length > 0);
    return Promise.all(images.map((image) => this.imageOf(image)));
  }

  async removeImage(ref: string): Promise<void> {
    const image = this.findImage(ref);
    if (!image) return;
    try {
      // By ID with force: every tag goes; a running container still blocks it (Conflict).
      await this.engine.images.remove(image.id, { force: true });
    } catch (err) {
      if (!isMinatoError(err, 'NotFound')) throw err;
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private async stopQuietly(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.engine.containers.stop(id, { timeoutSeconds });
    } catch (err) {
      if (!isMinatoError(err, 'NotModified') && !isMinatoError(err, 'NotFound')) throw err;
    }
  }

  private async removeQuietly(id: string): Promise<void> {
    try {
      await this.engine.containers.remove(id, { force: true, volumes: true });
    } catch (err) {
      if (!isMinatoError(err, 'NotFound')) throw err;
    }
  }
}

/** The agent's log path (logDirectory/logPath) points at the engine's log, as dockershim linked Docker's. */
async function linkLog(link: string, target: string): Promise<void> {
  await fsp.mkdir(path.dirname(link), { recursive: true, mode: 0o755 });
  await fsp.rm(link, { force: true });
  await fsp.symlink(target, link);
}

async function unlinkLog(link: string, target: string): Promise<void> {
  const current = await fsp.readlink(link).catch(() => undefined);
  if (current === target) await fsp.rm(link, { force: true });
}
