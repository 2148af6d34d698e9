// `docker create`: from a request to a container record with its writable snapshot, its
// volumes and its mounts checked — everything but running it.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { conflict, invalidArgument, isMinatoError, notFound } from '../../util/errors.ts';
import { pathExists, removePath } from '../../util/fs.ts';
import { containerNamePattern, newId, randomName } from '../../util/ids.ts';
import { familiarString, parseReference, withDefaultTag } from '../images/reference.ts';
import { portRequests } from '../network/ports.ts';
import type { RuntimeName } from '../runtime/oci-runtime.ts';
import { rootfsPath } from './bundle.ts';
import type { ContainerServiceOptions, CreateRequest } from './container-service.ts';
import { commandOf, mergeImageConfig, validateHostConfig } from './create-config.ts';
import { type PlannedMount, planMounts } from './mount-requests.ts';
import { type ContainerRecord, initialState, type MountPoint } from './types.ts';

export class ContainerFactory {
  private readonly o: ContainerServiceOptions;

  constructor(options: ContainerServiceOptions) {
    this.o = options;
  }

  async create(request: CreateRequest): Promise<{ Id: string; Warnings: string[] }> {
    const { config: requested, hostConfig: host } = request;
    if (request.name !== undefined && request.name !== '' && !containerNamePattern.test(request.name)) {
      throw invalidArgument(`Invalid container name (${request.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    if (!requested.Image) throw invalidArgument('no image specified: Config.Image must be set');
    const image = this.resolveImage(requested.Image);
    const imageConfig = (await this.o.images.config(image)).config ?? {};
    const config = mergeImageConfig(requested, imageConfig);
    validateHostConfig(host, config);
    const { path: command, args } = commandOf(config);
    const endpoints = request.endpoints ?? {};
    this.o.networking.validate(host.NetworkMode, endpoints, portRequests(config.ExposedPorts, host.PortBindings, !!host.PublishAllPorts));
    const runtime = (host.Runtime || this.o.defaultRuntime) as RuntimeName;
    if (!(runtime in this.o.runtimes)) throw invalidArgument(`unknown or invalid runtime name: ${host.Runtime}`);

    const name = `/${(request.name || this.uniqueName()).replace(/^\//, '')}`;
    const existing = this.o.store.find(name);
    if (existing) {
      throw conflict(`Conflict. The container name "${name}" is already in use by container "${existing.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    const planned = planMounts(host);
    for (const volumePath of Object.keys(config.Volumes ?? {})) {
      if (!planned.some((mount) => mount.target === path.posix.normalize(volumePath))) {
        planned.push({ type: 'volume', target: path.posix.normalize(volumePath), readonly: false, noCopy: false });
      }
    }

    const id = newId();
    const bundle = this.o.paths.container(id);
    const mounts = await this.resolveMounts(planned);
    const record: ContainerRecord = {
      Id: id,
      Name: name,
      Created: new Date().toISOString(),
      Path: command,
      Args: args,
      Config: config,
      HostConfig: { NetworkMode: 'default', RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, ...host },
      Image: image.id,
      State: initialState(),
      RestartCount: 0,
      Mounts: mounts,
      LogPath: path.join(bundle, `${id}-json.log`),
      HostnamePath: path.join(bundle, 'hostname'),
      HostsPath: path.join(bundle, 'hosts'),
      ResolvConfPath: path.join(bundle, 'resolv.conf'),
      runtime,
      manuallyStopped: false,
      layers: image.chainIds,
      // The network mode's own network needs no entry; others (or aliases on it) do.
      NetworkingConfig: endpoints,
    };
    try {
      this.o.store.insert(record);
    } catch (err) {
      await this.removeAnonymousVolumes(mounts);
      throw err;
    }
    try {
      await fsp.mkdir(rootfsPath(bundle), { recursive: true, mode: 0o700 });
      // Held so that a prune cannot remove the layers between unpacking and the snapshot that uses them.
      await this.o.images.holdContent(async () => {
        await this.o.images.unpack(image);
        await this.o.snapshots.prepare(id, image.chainIds);
      });
    } catch (err) {
      await this.discard(record).catch(() => undefined);
      throw err;
    }
    this.o.log.info({ container: id, name, image: image.id }, 'container created');
    return { Id: id, Warnings: [] };
  }

  /** As Docker words it for create: the reference with its default tag ("No such image: x:latest"). */
  private resolveImage(reference: string) {
    try {
      return this.o.images.resolve(reference);
    } catch (err) {
      if (!isMinatoError(err, 'NotFound')) throw err;
      let shown = reference;
      try {
        shown = familiarString(withDefaultTag(parseReference(reference)));
      } catch {
        // an ID prefix: shown as given
      }
      throw notFound(`No such image: ${shown}`);
    }
  }

  private uniqueName(): string {
    for (;;) {
      const name = randomName();
      if (!this.o.store.find(name)) return name;
    }
  }

  private async resolveMounts(planned: PlannedMount[]): Promise<MountPoint[]> {
    const mounts: MountPoint[] = [];
    for (const mount of planned) {
      if (mount.type === 'bind') {
        // Like `docker run -v`, a missing host directory is created.
        if (!(await pathExists(mount.source))) await fsp.mkdir(mount.source, { recursive: true });
        mounts.push({ Type: 'bind', Source: mount.source, Destination: mount.target, Mode: mount.readonly ? 'ro' : '', RW: !mount.readonly, Propagation: mount.propagation });
      } else if (mount.type === 'volume') {
        const volume = await this.o.volumes.create({ Name: mount.name }, { anonymous: !mount.name });
        mounts.push({ Type: 'volume', Name: volume.Name, Source: volume.Mountpoint, Destination: mount.target, Driver: 'local', Mode: mount.noCopy ? 'nocopy' : mount.readonly ? 'ro' : 'z', RW: !mount.readonly, Propagation: '', Anonymous: volume.Anonymous });
      } else {
        mounts.push({ Type: 'tmpfs', Source: '', Destination: mount.target, Mode: mount.options.join(','), RW: true, Propagation: '' });
      }
    }
    return mounts;
  }

  /** Undoes a create that failed half-way. */
  private async discard(record: ContainerRecord): Promise<void> {
    await this.o.snapshots.remove(record.Id);
    await removePath(this.o.paths.container(record.Id));
    this.o.store.delete(record.Id);
    await this.removeAnonymousVolumes(record.Mounts);
  }

  private async removeAnonymousVolumes(mounts: MountPoint[]): Promise<void> {
    for (const mount of mounts) {
      if (mount.Type !== 'volume' || !mount.Anonymous || !mount.Name) continue;
      await this.o.volumes.remove(mount.Name).catch(() => undefined);
    }
  }
}
