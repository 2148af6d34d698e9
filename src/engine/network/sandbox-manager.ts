// Network sandboxes: a named network namespace with the container's interfaces in it, made
// before the container starts (CNI ADD) and taken apart after it exits (CNI DEL, then the
// namespace). CNI is slow here (ADD ~110 ms, DEL ~220 ms, engine-notes §4), so:
//   - a few sandboxes on the default bridge are prepared ahead of time (the pool), and a
//     container that asks for nothing more takes one;
//   - a sandbox whose container could not have changed its network (no CAP_NET_ADMIN, no
//     sysctls, nobody joined it) goes back to the pool when the container exits, instead of
//     being torn down and made again;
//   - teardown runs after the container is reported gone, and its address stays reserved in
//     host-local until DEL has finished — it is never handed out twice.
// Every sandbox is written to disk, so a restarted daemon knows what exists and what to undo.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { messageOf } from '../../util/errors.ts';
import { writeFileAtomic } from '../../util/fs.ts';
import type { Logger } from '../../util/log.ts';
import { addNetworkList, delNetworkList } from './cni/cni-network.ts';
import type { CniPluginConfig, CniResult } from './cni/cni-plugin.ts';
import { createNetns, deleteNetns, listNetns, netnsPath } from './netns.ts';
import type { NetworkService } from './network-service.ts';
import type { NetworkRecord, PortBinding } from './network-types.ts';

export interface Attachment {
  networkId: string;
  networkName: string;
  cniName: string;
  ifname: string;
  plugins: CniPluginConfig[];
  result: CniResult;
  aliases: string[];
  /** Published ports (portmap), on the container's first network only. */
  ports: PortBinding[];
  portmapResult?: CniResult;
}

export interface SandboxRecord {
  id: string;
  netns: string;
  path: string;
  /** The container using it; '' while it waits in the pool. */
  owner: string;
  attachments: Attachment[];
}

export interface SandboxRequest {
  networks: { network: NetworkRecord; aliases: string[] }[];
  ports: PortBinding[];
}

export interface SandboxManagerOptions {
  dir: string;
  cniPath: string;
  networks: NetworkService;
  /** Names of the namespaces this engine makes start with it. */
  netnsPrefix: string;
  /** How many prepared default-bridge sandboxes to keep ready. */
  poolSize: number;
  log: Logger;
}

/** How long a pool larger than its size may stay so before the surplus is taken apart. */
const poolTrimDelayMs = 10_000;

export class SandboxManager {
  private readonly o: SandboxManagerOptions;
  private readonly sandboxes = new Map<string, SandboxRecord>();
  private readonly pending = new Set<Promise<unknown>>();
  private refilling = false;
  private trimTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: SandboxManagerOptions) {
    this.o = options;
  }

  get poolSize(): number {
    return [...this.sandboxes.values()].filter((sandbox) => sandbox.owner === '').length;
  }

  /** Loads what exists; undoes sandboxes of containers that are gone and namespaces nobody knows. */
  async init(liveOwners: Set<string>): Promise<void> {
    await fsp.mkdir(this.o.dir, { recursive: true, mode: 0o700 });
    for (const name of await fsp.readdir(this.o.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const sandbox = JSON.parse(await fsp.readFile(path.join(this.o.dir, name), 'utf8')) as SandboxRecord;
        this.sandboxes.set(sandbox.id, sandbox);
      } catch (err) {
        this.o.log.warn({ err, file: name }, 'unreadable sandbox record: removed');
        await fsp.rm(path.join(this.o.dir, name), { force: true });
      }
    }
    const known = new Set([...this.sandboxes.values()].map((sandbox) => sandbox.netns));
    for (const name of await listNetns(this.o.netnsPrefix)) {
      if (!known.has(name)) this.track(deleteNetns(name));
    }
    for (const sandbox of [...this.sandboxes.values()]) {
      // After a reboot /run/netns is empty while the data root remembers: DEL still frees the
      // addresses host-local reserved, and the record goes.
      const namespaceGone = await fsp.access(sandbox.path).then(() => false, () => true);
      if (namespaceGone || sandbox.owner.startsWith('\0') || (sandbox.owner !== '' && !liveOwners.has(sandbox.owner))) this.release(sandbox.id, { recycle: false });
    }
    await this.settled();
    this.refill();
  }

  get(id: string): SandboxRecord | undefined {
    return this.sandboxes.get(id);
  }

  private async persist(sandbox: SandboxRecord): Promise<void> {
    await writeFileAtomic(path.join(this.o.dir, `${sandbox.id}.json`), JSON.stringify(sandbox), 0o600);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.catch((err: unknown) => {
      this.o.log.error({ err }, 'network sandbox work failed');
      return undefined;
    }) as Promise<T>;
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return work;
  }

  /** Resolves once no teardown or refill is under way (tests and shutdown wait on this). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async createSandbox(owner: string): Promise<SandboxRecord> {
    const id = randomBytes(32).toString('hex');
    const name = `${this.o.netnsPrefix}${id.slice(0, 12)}`;
    const sandbox: SandboxRecord = { id, netns: name, path: netnsPath(name), owner, attachments: [] };
    await this.persist(sandbox); // written first: a crash from here on leaves a record to undo
    this.sandboxes.set(id, sandbox);
    try {
      await createNetns(name);
    } catch (err) {
      await this.forget(sandbox);
      throw err;
    }
    return sandbox;
  }

  private async forget(sandbox: SandboxRecord): Promise<void> {
    this.sandboxes.delete(sandbox.id);
    await fsp.rm(path.join(this.o.dir, `${sandbox.id}.json`), { force: true });
  }

  private async attach(sandbox: SandboxRecord, network: NetworkRecord, aliases: string[], ports: PortBinding[]): Promise<Attachment> {
    const ifname = `eth${sandbox.attachments.length}`;
    // Only the first network gives the container its default route (as in Docker).
    const list = this.o.networks.cniNetwork(network, { defaultRoute: ifname === 'eth0' });
    const runtime = { containerId: sandbox.id, netns: sandbox.path, ifname };
    const result = await addNetworkList(this.o.cniPath, list, runtime);
    const attachment: Attachment = { networkId: network.Id, networkName: network.Name, cniName: list.name, ifname, plugins: list.plugins, result, aliases, ports: [] };
    sandbox.attachments.push(attachment);
    await this.persist(sandbox);
    if (ports.length > 0) await this.publish(sandbox, attachment, ports);
    return attachment;
  }

  /** Adds port mappings (portmap) to an attachment; undone on failure. */
  private async publish(sandbox: SandboxRecord, attachment: Attachment, ports: PortBinding[]): Promise<void> {
    const portmap = this.o.networks.portmapPlugin();
    const capabilityArgs = { portMappings: ports.map((port) => ({ hostPort: port.hostPort, containerPort: port.containerPort, protocol: port.protocol, ...(port.hostIp && port.hostIp !== '0.0.0.0' ? { hostIP: port.hostIp } : {}) })) };
    const runtime = { containerId: sandbox.id, netns: sandbox.path, ifname: attachment.ifname, capabilityArgs };
    attachment.portmapResult = await addNetworkList(this.o.cniPath, { name: attachment.cniName, plugins: [portmap] }, runtime, { after: attachment.result });
    attachment.ports = ports;
    await this.persist(sandbox);
  }

  private async unpublish(sandbox: SandboxRecord, attachment: Attachment): Promise<void> {
    if (attachment.ports.length === 0) return;
    const portmap = this.o.networks.portmapPlugin();
    const capabilityArgs = { portMappings: attachment.ports.map((port) => ({ hostPort: port.hostPort, containerPort: port.containerPort, protocol: port.protocol })) };
    await delNetworkList(this.o.cniPath, { name: attachment.cniName, plugins: [portmap] }, { containerId: sandbox.id, netns: sandbox.path, ifname: attachment.ifname, capabilityArgs }, attachment.portmapResult ?? attachment.result);
    attachment.ports = [];
    delete attachment.portmapResult;
    await this.persist(sandbox);
  }

  private async detach(sandbox: SandboxRecord, attachment: Attachment): Promise<void> {
    await this.unpublish(sandbox, attachment);
    await delNetworkList(this.o.cniPath, { name: attachment.cniName, plugins: attachment.plugins }, { containerId: sandbox.id, netns: sandbox.path, ifname: attachment.ifname }, attachment.result);
    sandbox.attachments = sandbox.attachments.filter((other) => other !== attachment);
    await this.persist(sandbox);
  }

  /** A sandbox on the requested networks for `owner`; from the pool when it fits. */
  async acquire(owner: string, request: SandboxRequest): Promise<SandboxRecord> {
    const defaultNetwork = this.o.networks.resolve('bridge');
    const first = request.networks[0];
    const pooled = first && request.networks.length === 1 && first.network.Id === defaultNetwork.Id && first.aliases.length === 0 ? this.takeFromPool(owner) : undefined;
    if (pooled) {
      try {
        if (request.ports.length > 0) await this.publish(pooled, pooled.attachments[0]!, request.ports);
        await this.persist(pooled);
        this.refill();
        return pooled;
      } catch (err) {
        this.release(pooled.id, { recycle: false });
        throw err;
      }
    }
    const sandbox = await this.createSandbox(owner);
    try {
      for (const [index, { network, aliases }] of request.networks.entries()) await this.attach(sandbox, network, aliases, index === 0 ? request.ports : []);
      return sandbox;
    } catch (err) {
      await this.teardown(sandbox).catch((cleanupErr: unknown) => this.o.log.error({ err: cleanupErr }, 'cleanup of a failed sandbox'));
      throw err;
    }
  }

  private takeFromPool(owner: string): SandboxRecord | undefined {
    for (const sandbox of this.sandboxes.values()) {
      if (sandbox.owner === '' && sandbox.attachments.length === 1) {
        sandbox.owner = owner;
        return sandbox;
      }
    }
    return undefined;
  }

  /** Adds another network to a running container's sandbox (docker network connect). */
  async connect(sandboxId: string, network: NetworkRecord, aliases: string[]): Promise<Attachment> {
    const sandbox = this.mustGet(sandboxId);
    if (sandbox.attachments.some((attachment) => attachment.networkId === network.Id)) throw new Error(`already connected to network ${network.Name}`);
    return this.attach(sandbox, network, aliases, []);
  }

  async disconnect(sandboxId: string, networkId: string): Promise<void> {
    const sandbox = this.mustGet(sandboxId);
    const attachment = sandbox.attachments.find((candidate) => candidate.networkId === networkId);
    if (attachment) await this.detach(sandbox, attachment);
  }

  private mustGet(id: string): SandboxRecord {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw new Error(`network sandbox ${id} does not exist`);
    return sandbox;
  }

  /**
   * The container is done with its sandbox. With `recycle`, a sandbox on the default bridge
   * alone goes back to the pool (its published ports removed first); otherwise it is taken
   * apart. Either way in the background: callers do not wait for CNI.
   */
  release(sandboxId: string, options: { recycle: boolean }): void {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return;
    const defaultId = this.o.networks.find('bridge')?.Id;
    const recyclable = options.recycle && !this.closed && sandbox.attachments.length === 1 && sandbox.attachments[0]!.networkId === defaultId && sandbox.attachments[0]!.aliases.length === 0;
    sandbox.owner = recyclable ? '\0returning' : '\0teardown';
    this.track(
      (async () => {
        if (recyclable) {
          try {
            await this.unpublish(sandbox, sandbox.attachments[0]!);
            sandbox.owner = '';
            await this.persist(sandbox);
            this.scheduleTrim();
            return;
          } catch (err) {
            this.o.log.warn({ err, sandbox: sandbox.id }, 'could not recycle network sandbox: taking it apart');
          }
        }
        await this.teardown(sandbox);
      })(),
    );
  }

  /** DEL every attachment (while the namespace still exists), then the namespace, then the record. */
  private async teardown(sandbox: SandboxRecord): Promise<void> {
    for (const attachment of sandbox.attachments.toReversed()) {
      try {
        await this.detach(sandbox, attachment);
      } catch (err) {
        this.o.log.error({ err, sandbox: sandbox.id, network: attachment.networkName }, `CNI DEL failed: ${messageOf(err)}`);
      }
    }
    await deleteNetns(sandbox.netns);
    await this.forget(sandbox);
  }

  /** Keeps the pool at its size, one sandbox at a time, in the background. */
  refill(): void {
    if (this.refilling || this.closed || this.o.poolSize <= 0) return;
    this.refilling = true;
    this.track(
      (async () => {
        try {
          const bridge = this.o.networks.resolve('bridge');
          while (!this.closed && this.poolSize < this.o.poolSize) {
            const sandbox = await this.createSandbox('\0filling');
            try {
              await this.attach(sandbox, bridge, [], []);
            } catch (err) {
              await this.teardown(sandbox).catch(() => undefined);
              throw err;
            }
            sandbox.owner = '';
            await this.persist(sandbox);
          }
        } finally {
          this.refilling = false;
        }
      })(),
    );
  }

  private scheduleTrim(): void {
    clearTimeout(this.trimTimer);
    this.trimTimer = setTimeout(() => {
      let surplus = this.poolSize - this.o.poolSize;
      for (const sandbox of this.sandboxes.values()) {
        if (surplus <= 0) break;
        if (sandbox.owner !== '') continue;
        sandbox.owner = '\0teardown';
        surplus--;
        this.track(this.teardown(sandbox));
      }
    }, poolTrimDelayMs);
    this.trimTimer.unref();
  }

  /** Stops refilling; waits for work under way. The pool (at its size) stays for the next daemon. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.trimTimer);
    await this.settled();
    let surplus = this.poolSize - this.o.poolSize;
    for (const sandbox of [...this.sandboxes.values()]) {
      if (surplus <= 0) break;
      if (sandbox.owner !== '') continue;
      surplus--;
      await this.teardown(sandbox).catch((err: unknown) => this.o.log.warn({ err, sandbox: sandbox.id }, 'surplus sandbox not taken apart'));
    }
  }
}
