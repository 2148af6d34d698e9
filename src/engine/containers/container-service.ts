// The container lifecycle: create, start, stop, kill, restart, remove, wait — and what happens
// when a container exits (restart policy, --rm), including exits that happened while the
// daemon was down. Operations on one container are serialised; exit handling runs apart from
// them so that an operation can wait for the exit it caused.
import { EventEmitter } from 'node:events';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { conflict, invalidArgument, isMinatoError, messageOf, MinatoError, notModified } from '../../util/errors.ts';
import { runCommand } from '../../util/exec.ts';
import { pathExists, readFileIfExists, removePath } from '../../util/fs.ts';
import { containerNamePattern } from '../../util/ids.ts';
import type { Logger } from '../../util/log.ts';
import { resolveInRoot } from '../../util/safe-path.ts';
import { StepTimer } from '../../util/step-timer.ts';
import { parseSignal } from '../../util/signals.ts';
import type { ImageService } from '../images/image-service.ts';
import { attachKey, type EnginePaths } from '../paths.ts';
import { createContainerMonitor, RuntimeCreateError } from '../runtime/conmon.ts';
import type { OciRuntime, RuntimeName } from '../runtime/oci-runtime.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import type { VolumeService } from '../volume/volume-service.ts';
import type { AttachHub } from './attach-hub.ts';
import { type BundleEnvironment, rootfsPath, writeBundle } from './bundle.ts';
import type { ContainerStore } from './container-store.ts';
import { KeyedLock } from '../../util/keyed-lock.ts';
import { ContainerFactory } from './container-factory.ts';
import type { ExitMonitor } from './exit-monitor.ts';
import { isMountPoint } from './mountinfo.ts';
import type { ContainerNetworking, EndpointRequests } from '../network/container-networking.ts';
import type { NetworkRecord } from '../network/network-types.ts';
import { portRequests } from '../network/ports.ts';
import { nextRestartDelay, restartsOnDaemonStart, shouldRestart } from './restart-policy.ts';
import { explainStartFailure } from './runtime-errors.ts';
import type { ContainerConfig, ContainerRecord, HostConfig, MountPoint } from './types.ts';

export interface CreateRequest {
  name?: string;
  config: ContainerConfig;
  hostConfig: HostConfig;
  /** NetworkingConfig.EndpointsConfig: aliases per network. */
  endpoints?: EndpointRequests;
}

export interface ContainerServiceOptions {
  paths: EnginePaths;
  store: ContainerStore;
  images: ImageService;
  volumes: VolumeService;
  snapshots: Snapshotter;
  runtimes: Record<RuntimeName, OciRuntime>;
  defaultRuntime: RuntimeName;
  conmonPath: string;
  bundleEnvironment: BundleEnvironment;
  attachHub: AttachHub;
  exitMonitor: () => ExitMonitor;
  networking: ContainerNetworking;
  log: Logger;
}

interface ContainerEvents {
  start: [id: string];
  exit: [id: string, exitCode: number];
  removed: [id: string];
}

export class ContainerService extends EventEmitter<ContainerEvents> {
  private readonly o: ContainerServiceOptions;
  private readonly locks = new KeyedLock();
  private readonly restartTimers = new Map<string, { timer: NodeJS.Timeout; delayMs: number }>();
  private readonly restartDelays = new Map<string, number>();
  /** Containers between conmon create and their state being saved as running. */
  private readonly starting = new Set<string>();
  /** Exits seen for containers still starting: handled once the start has been recorded. */
  private readonly deferredExits = new Map<string, number>();
  /** Containers whose last run has been cleaned up (runtime state deleted, rootfs unmounted). */
  private readonly cleaned = new Set<string>();

  private readonly factory: ContainerFactory;

  constructor(options: ContainerServiceOptions) {
    super();
    this.setMaxListeners(0);
    this.o = options;
    this.factory = new ContainerFactory(options);
  }

  get store(): ContainerStore {
    return this.o.store;
  }

  /** Runs fn with the container's operation lock held. */
  private locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(id, fn);
  }


  runtimeOf(record: ContainerRecord): OciRuntime {
    return this.o.runtimes[record.runtime];
  }

  // ---- create -------------------------------------------------------------------------------

  create(request: CreateRequest): Promise<{ Id: string; Warnings: string[] }> {
    return this.factory.create(request);
  }

  // ---- start --------------------------------------------------------------------------------

  async start(idOrName: string): Promise<void> {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      if (record.State.Running && !record.State.Restarting) throw notModified('container already started');
      this.cancelRestart(Id);
      record.manuallyStopped = false;
      record.RestartCount = 0;
      this.restartDelays.delete(Id);
      await this.startLocked(record);
    });
  }

  private async startLocked(record: ContainerRecord): Promise<void> {
    const id = record.Id;
    const bundle = this.o.paths.container(id);
    const rootfs = rootfsPath(bundle);
    const runtime = this.runtimeOf(record);
    const persistDir = path.join(bundle, 'conmon');
    this.starting.add(id);
    const timer = new StepTimer();
    try {
      // A restart can come before the cleanup of the previous run (which queues behind us).
      if (!this.cleaned.has(id) && !record.State.StartedAt.startsWith('0001-')) await this.cleanupAfterRun(record);
      this.cleaned.delete(id);
      if (!(await isMountPoint(rootfs))) await this.o.snapshots.mount(id, rootfs);
      timer.mark('mount');
      await this.copyUpVolumes(record, rootfs);
      await this.o.exitMonitor().forget(id);
      await removePath(persistDir);
      await fsp.mkdir(persistDir, { recursive: true });
      const network = await this.o.networking.start(id, record.Name.slice(1), record.HostConfig.NetworkMode, record.NetworkingConfig ?? {}, portRequests(record.Config.ExposedPorts, record.HostConfig.PortBindings, !!record.HostConfig.PublishAllPorts), (reference) => this.o.bundleEnvironment.namespaceOfContainer(reference, 'net'));
      record.Network = network.state;
      this.o.store.save(record);
      timer.mark('network');
      const written = await writeBundle(bundle, record, this.o.bundleEnvironment, network);
      timer.mark('bundle');
      const pid = await createContainerMonitor(
        { conmonPath: this.o.conmonPath, runtime, exitDir: this.o.paths.exits, socketDir: this.o.paths.sockets },
        {
          id,
          attachKey: attachKey(id),
          name: record.Name.slice(1),
          bundle,
          logPath: record.LogPath,
          pidFile: path.join(bundle, 'pidfile'),
          conmonPidFile: path.join(bundle, 'conmon.pid'),
          persistDir,
          stdin: !!record.Config.OpenStdin,
          terminal: !!record.Config.Tty,
          leaveStdinOpen: !record.Config.StdinOnce,
        },
      );
      timer.mark('create');
      if (written.seccompToLearn) await this.o.bundleEnvironment.seccompCache(record.runtime)?.learn(written.seccompToLearn, path.join(runtime.stateRoot, id, 'seccomp.bpf'));
      await this.o.attachHub.connectWaiting(id, this.attachSocketPath(id));
      timer.mark('attach');
      await runtime.start(id);
      timer.mark('start');
      this.o.log.debug({ container: id, ms: timer.result }, 'start timing');
      record.State = { ...record.State, Status: 'running', Running: true, Restarting: false, Paused: false, OOMKilled: false, Dead: false, Pid: pid, ExitCode: 0, Error: '', StartedAt: new Date().toISOString() };
      this.o.store.save(record);
      this.emit('start', id);
      this.o.log.info({ container: id, pid }, 'container started');
    } catch (err) {
      await this.cleanupAfterRun(record).catch((cleanupErr: unknown) => this.o.log.warn({ err: cleanupErr, container: id }, 'cleanup after failed start'));
      this.o.networking.stop(id, record.Network, false);
      record.Network = undefined;
      const failure = err instanceof RuntimeCreateError ? explainStartFailure(err.message, record.Path) : undefined;
      const message = failure?.message ?? messageOf(err);
      record.State = { ...record.State, Status: record.State.StartedAt.startsWith('0001-') ? 'created' : 'exited', Running: false, Restarting: false, Pid: 0, Error: message, ExitCode: failure?.exitCode ?? 128 };
      this.o.store.save(record);
      this.o.attachHub.cancelWaiting(id, new Error(message));
      this.emit('exit', id, record.State.ExitCode);
      if (record.HostConfig.AutoRemove) void this.autoRemove(id);
      if (failure) throw invalidArgument(failure.message);
      if (err instanceof MinatoError) throw err;
      throw new MinatoError('Internal', message, { cause: err });
    } finally {
      this.starting.delete(id);
      const deferred = this.deferredExits.get(id);
      if (deferred !== undefined) {
        this.deferredExits.delete(id);
        this.handleExit(id, deferred);
      }
    }
  }

  attachSocketPath(idOrExecId: string): string {
    return path.join(this.o.paths.sockets, attachKey(idOrExecId), 'attach');
  }

  /** Docker copies what the image has at a volume's path into a new, empty volume. */
  private async copyUpVolumes(record: ContainerRecord, rootfs: string): Promise<void> {
    for (const mount of record.Mounts) {
      if (mount.Type !== 'volume' || mount.Mode === 'nocopy') continue;
      const entries = await fsp.readdir(mount.Source).catch(() => ['unreadable']);
      if (entries.length > 0) continue;
      const source = await resolveInRoot(rootfs, mount.Destination);
      const stat = await fsp.lstat(source).catch(() => undefined);
      if (!stat?.isDirectory()) continue;
      await runCommand('cp', ['-a', '--', `${source}/.`, `${mount.Source}/`]);
    }
  }

  // ---- exits --------------------------------------------------------------------------------

  /** Called by the exit monitor when conmon has written a container's exit file. */
  handleExit(id: string, exitCode: number): void {
    if (this.starting.has(id)) {
      this.deferredExits.set(id, exitCode);
      return;
    }
    void this.finishExit(id, exitCode).catch((err: unknown) => this.o.log.error({ err, container: id }, 'handling container exit failed'));
  }

  private async finishExit(id: string, exitCode: number): Promise<void> {
    const record = this.o.store.get(id);
    if (!record || !record.State.Running || record.State.Restarting) {
      await this.o.exitMonitor().forget(id); // stale: from a run already accounted for
      return;
    }
    const oomKilled = await pathExists(path.join(this.o.paths.container(id), 'conmon', 'oom'));
    const startedAt = Date.parse(record.State.StartedAt);
    record.State = { ...record.State, Status: 'exited', Running: false, Paused: false, Restarting: false, Pid: 0, ExitCode: exitCode, OOMKilled: oomKilled, FinishedAt: new Date().toISOString() };
    this.o.networking.stop(id, record.Network, this.networkRecyclable(record));
    record.Network = undefined;
    const restart = shouldRestart(record.HostConfig.RestartPolicy, { exitCode, manuallyStopped: record.manuallyStopped, restartCount: record.RestartCount });
    if (restart) record.State = { ...record.State, Status: 'restarting', Restarting: true, Running: true };
    this.o.store.save(record);
    await this.o.exitMonitor().forget(id);
    this.o.log.info({ container: id, exitCode, oomKilled }, 'container exited');
    // Waiters learn of the exit at once; the runtime's state and the rootfs mount are cleaned
    // up right after, under the container's lock, so a start or removal queues behind it.
    this.emit('exit', id, exitCode);
    await this.locked(id, async () => {
      // Unless an operation queued before us already started the next run.
      const current = this.o.store.get(id);
      if (current && current.State.StartedAt === record.State.StartedAt) await this.cleanupAfterRun(current);
    });
    if (restart) this.scheduleRestart(id, Date.now() - startedAt);
    else if (record.HostConfig.AutoRemove) void this.autoRemove(id);
  }

  /** Runtime state, rootfs mount and conmon's leftovers of a container that is not running. */
  private async cleanupAfterRun(record: ContainerRecord): Promise<void> {
    if (this.cleaned.has(record.Id)) return;
    const bundle = this.o.paths.container(record.Id);
    await this.runtimeOf(record).delete(record.Id, true).catch((err: unknown) => this.o.log.warn({ err, container: record.Id }, 'runtime delete failed'));
    await this.o.snapshots.unmount(rootfsPath(bundle));
    await Promise.all([
      removePath(path.join(this.o.paths.sockets, attachKey(record.Id))),
      removePath(path.join(bundle, 'ctl')),
      removePath(path.join(bundle, 'winsz')),
      removePath(path.join(bundle, 'attach')),
    ]);
    this.cleaned.add(record.Id);
  }

  private scheduleRestart(id: string, ranForMs: number): void {
    const delayMs = nextRestartDelay(this.restartDelays.get(id) ?? 0, ranForMs);
    this.restartDelays.set(id, delayMs);
    const timer = setTimeout(() => {
      this.restartTimers.delete(id);
      void this.locked(id, async () => {
        const record = this.o.store.get(id);
        if (!record || !record.State.Restarting) return;
        record.RestartCount += 1;
        await this.startLocked(record);
      }).catch((err: unknown) => this.o.log.warn({ err, container: id }, 'restart failed'));
    }, delayMs);
    this.restartTimers.set(id, { timer, delayMs });
  }

  private cancelRestart(id: string): boolean {
    const pending = this.restartTimers.get(id);
    if (!pending) return false;
    clearTimeout(pending.timer);
    this.restartTimers.delete(id);
    return true;
  }

  private async autoRemove(id: string): Promise<void> {
    await this.remove(id, { force: true, volumes: true }).catch((err: unknown) => {
      if (!isMinatoError(err, 'NotFound')) this.o.log.warn({ err, container: id }, 'auto-remove failed');
    });
  }

  /** Resolves with the exit code of the container's next exit. */
  nextExit(id: string): Promise<number> {
    return new Promise((resolve) => {
      const onExit = (exitedId: string, code: number) => {
        if (exitedId !== id) return;
        this.off('exit', onExit);
        resolve(code);
      };
      this.on('exit', onExit);
    });
  }

  nextRemoval(id: string): Promise<void> {
    return new Promise((resolve) => {
      const onRemoved = (removedId: string) => {
        if (removedId !== id) return;
        this.off('removed', onRemoved);
        resolve();
      };
      this.on('removed', onRemoved);
    });
  }

  // ---- stop, kill, restart ------------------------------------------------------------------

  async stop(idOrName: string, options: { timeoutSeconds?: number; signal?: string } = {}): Promise<void> {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, () => this.stopLocked(Id, options));
  }

  private async stopLocked(id: string, options: { timeoutSeconds?: number; signal?: string }): Promise<void> {
    const record = this.o.store.resolve(id);
    if (record.State.Restarting && this.cancelRestart(id)) {
      record.manuallyStopped = true;
      record.State = { ...record.State, Status: 'exited', Running: false, Restarting: false };
      this.o.store.save(record);
      return;
    }
    if (!record.State.Running) throw notModified('container already stopped');
    record.manuallyStopped = true;
    this.o.store.save(record);
    const exited = this.nextExit(id);
    const runtime = this.runtimeOf(record);
    const signal = parseSignal(options.signal || record.Config.StopSignal || 'SIGTERM').name;
    const timeout = options.timeoutSeconds ?? record.Config.StopTimeout ?? 10;
    await runtime.kill(id, signal).catch((err: unknown) => this.o.log.debug({ err, container: id }, 'stop signal not delivered'));
    if (timeout < 0) {
      await exited;
      return;
    }
    if (await settlesWithin(exited, timeout * 1000)) return;
    this.o.log.info({ container: id, timeout }, 'container did not stop in time: killing it');
    await runtime.kill(id, 'SIGKILL', true).catch((err: unknown) => this.o.log.debug({ err, container: id }, 'SIGKILL not delivered'));
    if (!(await settlesWithin(exited, 30_000))) {
      throw new MinatoError('Internal', `container ${id.slice(0, 12)} did not exit after SIGKILL`);
    }
  }

  async kill(idOrName: string, signalName = 'SIGKILL'): Promise<void> {
    const signal = parseSignal(signalName); // a bad signal is refused before the container is looked up, as in Docker
    const record = this.o.store.resolve(idOrName);
    await this.locked(record.Id, async () => {
      const current = this.o.store.resolve(record.Id);
      if (!current.State.Running || current.State.Restarting) {
        throw conflict(`cannot kill container: ${idOrName}: container ${current.Id} is not running`);
      }
      const stopSignal = parseSignal(current.Config.StopSignal || 'SIGTERM').number;
      if (signal.number === 9 || signal.number === stopSignal) {
        current.manuallyStopped = true;
        this.o.store.save(current);
      }
      await this.runtimeOf(current).kill(current.Id, signal.name, signal.number === 9);
    });
  }

  async restart(idOrName: string, options: { timeoutSeconds?: number; signal?: string } = {}): Promise<void> {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      try {
        await this.stopLocked(Id, options);
      } catch (err) {
        if (!isMinatoError(err, 'NotModified')) throw err;
      }
      const record = this.o.store.resolve(Id);
      record.manuallyStopped = false;
      await this.startLocked(record);
    });
  }

  /** `docker rename`: names stay unique; the container may be running. */
  async rename(idOrName: string, newName: string): Promise<void> {
    const name = newName.replace(/^\//, '');
    if (!containerNamePattern.test(name)) throw invalidArgument(`Invalid container name (${newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      if (record.Name === `/${name}`) throw conflict(`Renaming a container with the same name as its current name`);
      const taken = this.o.store.find(`/${name}`);
      if (taken) throw conflict(`Conflict. The container name "/${name}" is already in use by container "${taken.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
      record.Name = `/${name}`;
      this.o.store.save(record);
    });
  }

  // ---- remove -------------------------------------------------------------------------------

  async remove(idOrName: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      if (record.State.Running && !record.State.Restarting) {
        if (!options.force) {
          throw conflict(`cannot remove container "${record.Name}": container is running: stop the container before removing or force remove`);
        }
        record.manuallyStopped = true;
        this.o.store.save(record);
        const exited = this.nextExit(Id);
        await this.runtimeOf(record).kill(Id, 'SIGKILL', true).catch(() => undefined);
        if (!(await settlesWithin(exited, 30_000))) this.o.log.warn({ container: Id }, 'container did not report its exit after SIGKILL; removing anyway');
      }
      this.cancelRestart(Id);
      this.restartDelays.delete(Id);
      this.o.attachHub.cancelWaiting(Id);
      await this.destroy(this.o.store.get(Id) ?? record);
      if (options.volumes) await this.removeAnonymousVolumes(record.Mounts);
      this.o.log.info({ container: Id }, 'container removed');
      this.emit('removed', Id);
    });
  }

  private async destroy(record: ContainerRecord): Promise<void> {
    await this.cleanupAfterRun(record);
    await this.o.snapshots.remove(record.Id);
    await removePath(path.join(this.o.paths.container(record.Id)));
    this.o.store.delete(record.Id);
    this.cleaned.delete(record.Id);
  }

  private async removeAnonymousVolumes(mounts: MountPoint[]): Promise<void> {
    for (const mount of mounts) {
      if (mount.Type !== 'volume' || !mount.Anonymous || !mount.Name) continue;
      await this.o.volumes.remove(mount.Name).catch((err: unknown) => this.o.log.debug({ err, volume: mount.Name }, 'anonymous volume kept'));
    }
  }

  // ---- wait ---------------------------------------------------------------------------------

  /**
   * `docker wait` / POST /wait: resolves with the exit code once the condition holds.
   * Subscribes before returning, so an exit that happens after the call is never missed.
   */
  waitFor(idOrName: string, condition: 'not-running' | 'next-exit' | 'removed' = 'not-running'): Promise<number> {
    const record = this.o.store.resolve(idOrName);
    const id = record.Id;
    if (condition === 'removed') {
      let lastExit = record.State.ExitCode;
      const onExit = (exitedId: string, code: number) => {
        if (exitedId === id) lastExit = code;
      };
      this.on('exit', onExit);
      return this.nextRemoval(id).then(() => {
        this.off('exit', onExit);
        return lastExit;
      });
    }
    if (condition === 'not-running' && !record.State.Running) return Promise.resolve(record.State.ExitCode);
    return this.nextExit(id);
  }

  // ---- daemon start -------------------------------------------------------------------------

  /**
   * After a daemon (re)start: containers whose conmon still runs are adopted; those that exited
   * meanwhile are finished by the exit monitor's scan; those whose conmon vanished (a reboot)
   * are marked exited. Then restart policies bring back what Docker would bring back.
   */
  async recover(): Promise<void> {
    for (const record of this.o.store.all()) {
      const active = record.State.Running || record.State.Restarting || record.State.Paused;
      if (!active) continue;
      if (await this.o.exitMonitor().hasExited(record.Id)) continue; // the scan handles it
      if (record.State.Restarting || !(await this.conmonAlive(record))) {
        await this.cleanupAfterRun(record).catch(() => undefined);
        this.o.networking.stop(record.Id, record.Network, false);
        record.Network = undefined;
        record.State = { ...record.State, Status: 'exited', Running: false, Restarting: false, Paused: false, Pid: 0, ExitCode: record.State.Restarting ? record.State.ExitCode : 255, FinishedAt: new Date().toISOString() };
        this.o.store.save(record);
        if (restartsOnDaemonStart(record.HostConfig.RestartPolicy, true, record.manuallyStopped)) {
          await this.start(record.Id).catch((err: unknown) => this.o.log.warn({ err, container: record.Id }, 'restart on daemon start failed'));
        }
      } else {
        this.o.networking.adopt(record.Id, record.Network);
        this.o.log.info({ container: record.Id, pid: record.State.Pid }, 're-adopted running container');
      }
    }
  }

  private async conmonAlive(record: ContainerRecord): Promise<boolean> {
    const pid = Number((await readFileIfExists(path.join(this.o.paths.container(record.Id), 'conmon.pid')))?.trim());
    if (!pid) return false;
    const cmdline = await readFileIfExists(`/proc/${pid}/cmdline`);
    return !!cmdline && cmdline.includes(record.Id);
  }

  /** Safety net for lost exit events: a running container whose conmon is gone. */
  async reconcileRunning(): Promise<void> {
    await this.o.exitMonitor().scan();
    for (const record of this.o.store.all()) {
      if (!record.State.Running || record.State.Restarting || this.locks.busy(record.Id)) continue;
      if (await this.o.exitMonitor().hasExited(record.Id)) continue;
      if (!(await this.conmonAlive(record))) {
        this.o.log.warn({ container: record.Id }, 'conmon vanished without an exit file: marking the container exited');
        this.handleExit(record.Id, 255);
      }
    }
  }

  /**
   * Whether the container's network sandbox may go to the next container: only if this one
   * could not have changed it (no CAP_NET_ADMIN, no sysctls, not privileged) and no other
   * running container shares it.
   */
  private networkRecyclable(record: ContainerRecord): boolean {
    const host = record.HostConfig;
    const caps = (host.CapAdd ?? []).map((cap) => cap.toUpperCase().replace(/^CAP_/, ''));
    if (host.Privileged || caps.includes('NET_ADMIN') || caps.includes('ALL') || Object.keys(host.Sysctls ?? {}).length > 0) return false;
    const joiners = this.o.store.all().filter((other) => other.State.Running && other.HostConfig.NetworkMode?.startsWith('container:'));
    return !joiners.some((other) => {
      const reference = other.HostConfig.NetworkMode!.slice('container:'.length);
      return record.Id.startsWith(reference) || record.Name === `/${reference}`;
    });
  }

  /** `docker network connect`: now if the container runs, else at its next start. */
  async connectNetwork(idOrName: string, network: NetworkRecord, aliases: string[]): Promise<void> {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      const mode = this.o.networking.mode(record.HostConfig.NetworkMode);
      if (mode.kind !== 'bridge') throw conflict(`container cannot be disconnected from host network or connected to host network: it runs with --network ${record.HostConfig.NetworkMode}`);
      const already = mode.network.Id === network.Id || record.NetworkingConfig?.[network.Name] !== undefined;
      if (already) throw conflict(`endpoint with name ${record.Name.slice(1)} already exists in network ${network.Name}`);
      if (record.State.Running && record.Network) {
        record.Network.endpoints[network.Name] = await this.o.networking.connect(Id, record.Name.slice(1), record.Network, network, aliases);
      }
      record.NetworkingConfig = { ...record.NetworkingConfig, [network.Name]: { Aliases: aliases } };
      this.o.store.save(record);
    });
  }

  async disconnectNetwork(idOrName: string, network: NetworkRecord): Promise<void> {
    const { Id } = this.o.store.resolve(idOrName);
    await this.locked(Id, async () => {
      const record = this.o.store.resolve(Id);
      const mode = this.o.networking.mode(record.HostConfig.NetworkMode);
      const isMode = mode.kind === 'bridge' && mode.network.Id === network.Id;
      const isExtra = record.NetworkingConfig?.[network.Name] !== undefined;
      if (!isMode && !isExtra) throw conflict(`container ${record.Id.slice(0, 12)} is not connected to network ${network.Name}`);
      if (isMode) throw conflict(`cannot disconnect container ${record.Name.slice(1)} from ${network.Name}: it is the network it was created on (its --network)`);
      if (record.State.Running && record.Network) {
        await this.o.networking.disconnect(record.Network, network);
        delete record.Network.endpoints[network.Name];
      }
      const { [network.Name]: _removed, ...rest } = record.NetworkingConfig;
      record.NetworkingConfig = rest;
      this.o.store.save(record);
    });
  }

  /** Used by the network service: running containers attached to a network. */
  containersOnNetwork(networkId: string): string[] {
    return this.o.store
      .all()
      .filter((record) => record.State.Running && Object.values(record.Network?.endpoints ?? {}).some((endpoint) => endpoint.NetworkID === networkId))
      .map((record) => record.Id);
  }

  /** Used by the image service: which containers use an image. */
  containersUsingImage(imageId: string): { id: string; running: boolean }[] {
    return this.o.store
      .all()
      .filter((record) => record.Image === imageId)
      .map((record) => ({ id: record.Id, running: record.State.Running }));
  }

  /** Used by the volume service: which containers mount a volume. */
  containersUsingVolume(name: string): string[] {
    return this.o.store
      .all()
      .filter((record) => record.Mounts.some((mount) => mount.Type === 'volume' && mount.Name === name))
      .map((record) => record.Id);
  }

  shutdown(): void {
    for (const { timer } of this.restartTimers.values()) clearTimeout(timer);
    this.restartTimers.clear();
  }
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}
