// Named and anonymous volumes with the "local" driver: a directory per volume under
// <data-root>/volumes/<name>/_data, as Docker lays them out.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { conflict, invalidArgument, notFound } from '../../util/errors.ts';
import { removePath } from '../../util/fs.ts';
import { newId } from '../../util/ids.ts';
import { type MetadataDatabase, RecordTable } from '../metadata/database.ts';

export interface VolumeRecord {
  Name: string;
  Driver: 'local';
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  Options: Record<string, string>;
  Scope: 'local';
  /** Created for a container (`-v /path`, image VOLUME) rather than by name. */
  Anonymous: boolean;
}

export interface VolumeCreateRequest {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

const volumeNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Who uses which volume: the container service answers. */
export type VolumeUsage = (name: string) => string[];

export class VolumeService {
  private readonly root: string;
  private readonly table: RecordTable<VolumeRecord>;
  private readonly database: MetadataDatabase;
  private usage: VolumeUsage = () => [];

  constructor(database: MetadataDatabase, root: string) {
    this.database = database;
    this.root = root;
    this.table = new RecordTable<VolumeRecord>(database, 'volumes', 'name');
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.root, { recursive: true, mode: 0o700 });
  }

  setUsage(usage: VolumeUsage): void {
    this.usage = usage;
  }

  static validateName(name: string): void {
    if (name.length < 2 && /^[a-zA-Z0-9]*$/.test(name)) {
      throw invalidArgument(`volume name is too short, names should be at least two alphanumeric characters`);
    }
    if (!volumeNamePattern.test(name)) {
      throw invalidArgument(`"${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    }
  }

  /** Creates a volume, or returns the existing one of that name (as Docker does). */
  async create(request: VolumeCreateRequest, options: { anonymous?: boolean } = {}): Promise<VolumeRecord> {
    const driver = request.Driver || 'local';
    if (driver !== 'local') throw notFound(`error looking up volume plugin ${driver}: plugin "${driver}" not found`);
    const opts = request.DriverOpts ?? {};
    if (Object.keys(opts).length > 0) throw invalidArgument(`the local driver takes no options here; got ${Object.keys(opts).join(', ')}`);
    const name = request.Name || newId();
    VolumeService.validateName(name);
    const existing = this.table.get(name);
    if (existing) return existing;
    const mountpoint = path.join(this.root, name, '_data');
    await fsp.mkdir(mountpoint, { recursive: true, mode: 0o755 });
    const record: VolumeRecord = {
      Name: name,
      Driver: 'local',
      Mountpoint: mountpoint,
      CreatedAt: new Date().toISOString(),
      Labels: request.Labels ?? {},
      Options: {},
      Scope: 'local',
      Anonymous: options.anonymous ?? !request.Name,
    };
    this.database.statement('INSERT INTO volumes (name, record) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(name, JSON.stringify(record));
    return this.table.get(name) ?? record;
  }

  get(name: string): VolumeRecord | undefined {
    return this.table.get(name);
  }

  inspect(name: string): VolumeRecord {
    const volume = this.table.get(name);
    if (!volume) throw notFound(`get ${name}: no such volume`);
    return volume;
  }

  list(): VolumeRecord[] {
    return this.table.all().sort((a, b) => a.Name.localeCompare(b.Name));
  }

  usedBy(name: string): string[] {
    return this.usage(name);
  }

  async remove(name: string, options: { force?: boolean } = {}): Promise<void> {
    const volume = this.table.get(name);
    if (!volume) {
      if (options.force) return;
      throw notFound(`get ${name}: no such volume`);
    }
    const users = this.usage(name);
    if (users.length > 0) throw conflict(`remove ${name}: volume is in use - [${users.join(', ')}]`);
    this.table.delete(name);
    await removePath(path.join(this.root, name));
  }

  /** Removes unused volumes: anonymous ones, or all with `all`. Returns names and bytes freed. */
  async prune(options: { all?: boolean } = {}): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const volume of this.list()) {
      if (this.usage(volume.Name).length > 0 || (!volume.Anonymous && !options.all)) continue;
      reclaimed += await directorySize(path.join(this.root, volume.Name));
      await this.remove(volume.Name);
      deleted.push(volume.Name);
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: reclaimed };
  }
}

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  const entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += (await fsp.lstat(path.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
