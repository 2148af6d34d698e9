// Service cluster IPs and node ports, handed out as Kubernetes' service REST storage does:
// an IP from the service CIDR (default 10.43.0.0/16 as in k3s; the first address is the
// `kubernetes` Service's) for every Service but ExternalName and headless ones, and a port in
// 30000-32767 for every port of a NodePort or LoadBalancer Service. Each allocation is a key of
// its own in the store (/registry/ranges/…), created atomically, so two servers on one etcd
// never hand out the same one; its value names the Service. A repair pass (Kubernetes' repair
// controllers) frees allocations whose Service is gone or no longer uses them — what a failed
// write or a crash between allocation and write leaves behind.
import { isMinatoError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { KubeObject } from '../api/resource-type.ts';
import type { Storage } from '../storage/storage.ts';
import type { FieldError } from '../api/field-error.ts';

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: { nodePort?: number; port?: number; name?: string }[];
}

export interface ServiceAllocatorOptions {
  /** The service CIDR (IPv4), e.g. 10.43.0.0/16. */
  serviceCidr: string;
  nodePortRange: [number, number];
  log: Logger;
}

const ipPrefix = '/registry/ranges/serviceips/';
const portPrefix = '/registry/ranges/servicenodeports/';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

export class InvalidAllocation extends Error {
  readonly fieldErrors: FieldError[];
  constructor(fieldErrors: FieldError[]) {
    super(fieldErrors.map((error) => error.detail).join('; '));
    this.fieldErrors = fieldErrors;
  }
}

export class ServiceAllocator {
  private readonly storage: Storage;
  private readonly options: ServiceAllocatorOptions;
  private readonly base: number;
  private readonly size: number;

  constructor(storage: Storage, options: ServiceAllocatorOptions) {
    this.storage = storage;
    this.options = options;
    const [address, bits] = options.serviceCidr.split('/');
    const prefix = Number(bits);
    if (!address || !/^\d+\.\d+\.\d+\.\d+$/.test(address) || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) throw new Error(`invalid service CIDR ${options.serviceCidr}: want an IPv4 CIDR from /8 to /30`);
    this.size = 2 ** (32 - prefix);
    this.base = ipToNumber(address) & ~(this.size - 1);
  }

  /** The first usable address: the `kubernetes` Service's, as in Kubernetes. */
  get kubernetesServiceIP(): string {
    return numberToIp(this.base + 1);
  }

  private inRange(ip: string): boolean {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
    const value = ipToNumber(ip);
    return value > this.base && value < this.base + this.size - 1;
  }

  private async claim(key: string, owner: string): Promise<boolean> {
    try {
      await this.storage.create(key, encoder.encode(owner));
      return true;
    } catch (err) {
      if (!isMinatoError(err, 'Conflict')) throw err;
      const current = await this.storage.get(key);
      return current !== undefined && decoder.decode(current.value) === owner;
    }
  }

  private async allocateIP(owner: string): Promise<string> {
    // Random picks first (what Kubernetes does), then a scan for a nearly full range.
    for (let attempt = 0; attempt < 32; attempt++) {
      const ip = numberToIp(this.base + 2 + Math.floor(Math.random() * (this.size - 3)));
      if (await this.claim(ipPrefix + ip, owner)) return ip;
    }
    for (let offset = 2; offset < this.size - 1; offset++) {
      const ip = numberToIp(this.base + offset);
      if (await this.claim(ipPrefix + ip, owner)) return ip;
    }
    throw new InvalidAllocation([{ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [], detail: `failed to allocate IP: range is full` }]);
  }

  private async allocatePort(owner: string): Promise<number> {
    const [low, high] = this.options.nodePortRange;
    const span = high - low + 1;
    for (let attempt = 0; attempt < 32; attempt++) {
      const port = low + Math.floor(Math.random() * span);
      if (await this.claim(portPrefix + port, owner)) return port;
    }
    for (let port = low; port <= high; port++) if (await this.claim(portPrefix + port, owner)) return port;
    throw new InvalidAllocation([{ type: 'FieldValueInvalid', field: 'spec.ports', value: [], detail: 'failed to allocate a nodePort: range is full' }]);
  }

  /** Allocates (or reserves what the Service asks for): the cluster IP and node ports it needs and lacks. */
  async allocate(service: KubeObject, old?: KubeObject): Promise<void> {
    const owner = `${service.metadata?.namespace}/${service.metadata?.name}`;
    const spec = (service.spec ?? {}) as ServiceSpec;
    const type = spec.type ?? 'ClusterIP';
    const oldSpec = (old?.spec ?? {}) as ServiceSpec;
    if (type !== 'ExternalName') {
      const requested = spec.clusterIP || spec.clusterIPs?.[0];
      if (requested === 'None') {
        spec.clusterIP = 'None';
        spec.clusterIPs = ['None'];
      } else if (requested) {
        if (requested !== (oldSpec.clusterIP ?? oldSpec.clusterIPs?.[0])) {
          if (!this.inRange(requested)) {
            throw new InvalidAllocation([{ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [requested], detail: `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.options.serviceCidr}` }]);
          }
          if (!(await this.claim(ipPrefix + requested, owner))) {
            throw new InvalidAllocation([{ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [requested], detail: `failed to allocate IP ${requested}: provided IP is already allocated` }]);
          }
        }
        spec.clusterIP = requested;
        spec.clusterIPs = [requested];
      } else {
        const ip = await this.allocateIP(owner);
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
      spec.ipFamilies = spec.ipFamilies?.length ? spec.ipFamilies : ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
    if (type === 'NodePort' || type === 'LoadBalancer') {
      const [low, high] = this.options.nodePortRange;
      const oldPorts = new Set((oldSpec.ports ?? []).map((port) => port.nodePort).filter((port): port is number => port !== undefined));
      for (const [index, port] of (spec.ports ?? []).entries()) {
        if (port.nodePort) {
          if (oldPorts.has(port.nodePort)) continue;
          if (port.nodePort < low || port.nodePort > high) {
            throw new InvalidAllocation([{ type: 'FieldValueInvalid', field: `spec.ports[${index}].nodePort`, value: port.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${low}-${high}` }]);
          }
          if (!(await this.claim(portPrefix + port.nodePort, owner))) {
            throw new InvalidAllocation([{ type: 'FieldValueInvalid', field: `spec.ports[${index}].nodePort`, value: port.nodePort, detail: 'provided port is already allocated' }]);
          }
        } else port.nodePort = await this.allocatePort(owner);
      }
    }
    service.spec = spec;
  }

  /** Frees what a deleted Service held. */
  async release(service: KubeObject): Promise<void> {
    const owner = `${service.metadata?.namespace}/${service.metadata?.name}`;
    const spec = (service.spec ?? {}) as ServiceSpec;
    const keys = [
      ...(spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ip !== 'None').map((ip) => ipPrefix + ip),
      ...(spec.ports ?? []).flatMap((port) => (port.nodePort ? [portPrefix + port.nodePort] : [])),
    ];
    for (const key of keys) await this.releaseKey(key, owner);
  }

  private async releaseKey(key: string, owner: string): Promise<void> {
    const current = await this.storage.get(key);
    if (!current || decoder.decode(current.value) !== owner) return;
    await this.storage.delete(key, current.modRevision).catch((err: unknown) => {
      if (!isMinatoError(err, 'NotFound') && !isMinatoError(err, 'Conflict')) throw err;
    });
  }

  /**
   * Frees allocations no Service uses any more. `inUse` lists what the Services hold now;
   * allocations younger than `graceRevisions` behind the store are left alone (their write may be in flight).
   */
  async repair(inUse: (key: string, owner: string) => boolean, newerThanRevision: number): Promise<number> {
    let freed = 0;
    for (const prefix of [ipPrefix, portPrefix]) {
      const page = await this.storage.list(prefix);
      for (const kv of page.items) {
        if (kv.modRevision > newerThanRevision) continue;
        const owner = decoder.decode(kv.value);
        if (inUse(kv.key, owner)) continue;
        await this.storage.delete(kv.key, kv.modRevision).then(
          () => freed++,
          (err: unknown) => {
            if (!isMinatoError(err, 'NotFound') && !isMinatoError(err, 'Conflict')) throw err;
          },
        );
      }
    }
    if (freed > 0) this.options.log.info({ freed }, 'service IPs and node ports no Service uses were freed');
    return freed;
  }

  /** The allocation keys a Service holds (for repair). */
  static keysOf(service: KubeObject): string[] {
    const spec = (service.spec ?? {}) as ServiceSpec;
    return [
      ...(spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ip !== 'None').map((ip) => ipPrefix + ip),
      ...(spec.ports ?? []).flatMap((port) => (port.nodePort ? [portPrefix + port.nodePort] : [])),
    ];
  }
}
