// Containers in the metadata database, found the way Docker finds them: by full ID, by name,
// or by a unique ID prefix.
import { conflict, notFound } from '../../util/errors.ts';
import { type MetadataDatabase, RecordTable } from '../metadata/database.ts';
import type { ContainerRecord } from './types.ts';

export class ContainerStore {
  private readonly database: MetadataDatabase;
  private readonly table: RecordTable<ContainerRecord>;

  constructor(database: MetadataDatabase) {
    this.database = database;
    this.table = new RecordTable<ContainerRecord>(database, 'containers', 'id');
  }

  /** Inserts a new container; 409 when the name is taken. */
  insert(record: ContainerRecord): void {
    const taken = this.database.statement('SELECT id FROM containers WHERE name = ?').get(record.Name) as { id: string } | undefined;
    if (taken) {
      throw conflict(`Conflict. The container name "${record.Name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    this.database.statement('INSERT INTO containers (id, name, record) VALUES (?, ?, ?)').run(record.Id, record.Name, JSON.stringify(record));
  }

  save(record: ContainerRecord): void {
    this.database.statement('UPDATE containers SET name = ?, record = ? WHERE id = ?').run(record.Name, JSON.stringify(record), record.Id);
  }

  get(id: string): ContainerRecord | undefined {
    return this.table.get(id);
  }

  all(): ContainerRecord[] {
    return this.table.all();
  }

  delete(id: string): void {
    this.table.delete(id);
  }

  /** By full ID, exact name (with or without "/"), or unique ID prefix. */
  find(idOrName: string): ContainerRecord | undefined {
    if (idOrName === '') return undefined;
    const byId = this.table.get(idOrName);
    if (byId) return byId;
    const name = idOrName.startsWith('/') ? idOrName : `/${idOrName}`;
    const byName = this.database.statement('SELECT record FROM containers WHERE name = ?').get(name) as { record: string } | undefined;
    if (byName) return JSON.parse(byName.record) as ContainerRecord;
    if (!/^[a-f0-9]+$/.test(idOrName)) return undefined;
    const matches = this.database.statement('SELECT record FROM containers WHERE substr(id, 1, ?) = ?').all(idOrName.length, idOrName) as { record: string }[];
    if (matches.length > 1) throw conflict(`multiple containers found with provided prefix: ${idOrName}`);
    return matches[0] ? (JSON.parse(matches[0].record) as ContainerRecord) : undefined;
  }

  resolve(idOrName: string): ContainerRecord {
    const record = this.find(idOrName);
    if (!record) throw notFound(`No such container: ${idOrName}`);
    return record;
  }
}
