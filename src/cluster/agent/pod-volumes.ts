// A pod's volumes on the node, under <dataDir>/pods/<uid>/volumes/<kind>/<name>: emptyDir (a
// directory; medium Memory: a tmpfs mounted there, shared by the pod's containers), hostPath
// (the node's path, made for DirectoryOrCreate / FileOrCreate), configMap, secret, downwardAPI
// and projected (files written with items / keys / modes; any volume holding secret data lives
// on a tmpfs, never on disk). Containers get them as bind mounts (subPath: a path inside).
// Setting up is idempotent (an agent restart finds the tmpfs mounts there and writes the files
// again); teardown unmounts everything under the pod's directory and removes it.
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Container, DownwardAPIVolumeFile, KeyToPath, Pod, Volume } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../api/validation/quantity.ts';
import { runCommand } from '../../util/exec.ts';
import { type ConfigSources, ContainerConfigError, configMapData, type PodFacts, podFieldValue, resourceFieldValue, secretData } from './pod-env.ts';
import type { Mount } from './runtime-service.ts';

export interface PreparedVolume {
  hostPath: string;
  /** configMap, secret, downwardAPI and projected volumes are always mounted read-only. */
  readOnly: boolean;
}

export function podDir(dataDir: string, uid: string): string {
  return path.join(dataDir, 'pods', uid);
}

function mountPoints(): string[] {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4])
      .filter((point): point is string => !!point)
      .map((point) => point.replace(/\\040/g, ' '));
  } catch {
    return [];
  }
}

async function ensureTmpfs(dir: string, sizeBytes?: number): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  if (mountPoints().includes(dir)) return;
  const options = ['mode=0755', ...(sizeBytes ? [`size=${sizeBytes}`] : [])].join(',');
  await runCommand('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
}

/** A relative path that stays inside its directory. */
function checkRelative(rel: string, what: string): void {
  if (!rel || path.isAbsolute(rel) || rel.split('/').includes('..')) throw new ContainerConfigError(`invalid ${what} "${rel}": must be a relative path without '..'`);
}

type Files = Map<string, { data: Buffer; mode: number }>;

function selectKeys(data: Map<string, Buffer>, items: KeyToPath[] | undefined, defaultMode: number, what: string, optional: boolean): Files {
  const files: Files = new Map();
  if (!items || items.length === 0) {
    for (const [key, value] of data) files.set(key, { data: value, mode: defaultMode });
    return files;
  }
  for (const item of items) {
    const value = data.get(item.key);
    if (value === undefined) {
      if (optional) continue;
      throw new ContainerConfigError(`configuration key "${item.key}" not found in ${what}`);
    }
    checkRelative(item.path, 'item path');
    files.set(item.path, { data: value, mode: item.mode ?? defaultMode });
  }
  return files;
}

function downwardFiles(pod: Pod, items: DownwardAPIVolumeFile[] | undefined, defaultMode: number, facts: PodFacts): Files {
  const files: Files = new Map();
  for (const item of items ?? []) {
    checkRelative(item.path, 'item path');
    let value = '';
    if (item.fieldRef) value = podFieldValue(pod, item.fieldRef.fieldPath, facts);
    else if (item.resourceFieldRef) {
      const container = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === item.resourceFieldRef!.containerName);
      if (!container) throw new ContainerConfigError(`downwardAPI item ${item.path}: no container "${item.resourceFieldRef.containerName}"`);
      value = resourceFieldValue(container, item.resourceFieldRef.resource, item.resourceFieldRef.divisor, facts);
    }
    files.set(item.path, { data: Buffer.from(value), mode: item.mode ?? defaultMode });
  }
  return files;
}

/** Writes `files` into `dir`, replacing what was there. */
async function writeFiles(dir: string, files: Files): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  for (const entry of await fsp.readdir(dir)) await fsp.rm(path.join(dir, entry), { recursive: true, force: true });
  for (const [rel, file] of files) {
    const target = path.join(dir, rel);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, file.data, { mode: file.mode });
    await fsp.chmod(target, file.mode);
  }
}

const defaultFileMode = 0o644;

/** The files of a configMap / secret / downwardAPI / projected volume, and whether it holds secret data. */
async function projectedFiles(pod: Pod, volume: Volume, sources: ConfigSources, facts: PodFacts): Promise<{ files: Files; secret: boolean } | undefined> {
  const namespace = pod.metadata?.namespace ?? 'default';
  if (volume.configMap) {
    const source = volume.configMap;
    const configMap = await sources.configMap(namespace, source.name ?? '');
    if (!configMap) {
      if (source.optional) return { files: new Map(), secret: false };
      throw new ContainerConfigError(`configmap "${source.name}" not found`);
    }
    return { files: selectKeys(configMapData(configMap), source.items, source.defaultMode ?? defaultFileMode, `ConfigMap ${namespace}/${source.name}`, source.optional ?? false), secret: false };
  }
  if (volume.secret) {
    const source = volume.secret;
    const secret = await sources.secret(namespace, source.secretName ?? '');
    if (!secret) {
      if (source.optional) return { files: new Map(), secret: true };
      throw new ContainerConfigError(`secret "${source.secretName}" not found`);
    }
    return { files: selectKeys(secretData(secret), source.items, source.defaultMode ?? defaultFileMode, `Secret ${namespace}/${source.secretName}`, source.optional ?? false), secret: true };
  }
  if (volume.downwardAPI) return { files: downwardFiles(pod, volume.downwardAPI.items, volume.downwardAPI.defaultMode ?? defaultFileMode, facts), secret: false };
  if (volume.projected) {
    const defaultMode = volume.projected.defaultMode ?? defaultFileMode;
    const files: Files = new Map();
    let secret = false;
    for (const source of volume.projected.sources ?? []) {
      let part: Files = new Map();
      if (source.configMap) {
        const ref = source.configMap;
        const configMap = await sources.configMap(namespace, ref.name ?? '');
        if (configMap) part = selectKeys(configMapData(configMap), ref.items, defaultMode, `ConfigMap ${namespace}/${ref.name}`, ref.optional ?? false);
        else if (!ref.optional) throw new ContainerConfigError(`configmap "${ref.name}" not found`);
      } else if (source.secret) {
        secret = true;
        const ref = source.secret;
        const found = await sources.secret(namespace, ref.name ?? '');
        if (found) part = selectKeys(secretData(found), ref.items, defaultMode, `Secret ${namespace}/${ref.name}`, ref.optional ?? false);
        else if (!ref.optional) throw new ContainerConfigError(`secret "${ref.name}" not found`);
      } else if (source.downwardAPI) {
        part = downwardFiles(pod, source.downwardAPI.items, defaultMode, facts);
      }
      // serviceAccountToken and clusterTrustBundle sources are not supported yet: left out.
      for (const [rel, file] of part) files.set(rel, file);
    }
    return { files, secret };
  }
  return undefined;
}

/** Sets up every volume of `pod`; returns where each one is on the host. */
export async function prepareVolumes(dataDir: string, pod: Pod, sources: ConfigSources, facts: PodFacts): Promise<Map<string, PreparedVolume>> {
  const base = path.join(podDir(dataDir, pod.metadata!.uid!), 'volumes');
  const prepared = new Map<string, PreparedVolume>();
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.emptyDir) {
      const dir = path.join(base, 'empty-dir', volume.name);
      if (volume.emptyDir.medium === 'Memory') {
        const size = volume.emptyDir.sizeLimit ? Quantity.parse(volume.emptyDir.sizeLimit)?.value() : undefined;
        await ensureTmpfs(dir, size ? Number(size) : undefined);
      } else {
        await fsp.mkdir(dir, { recursive: true });
      }
      prepared.set(volume.name, { hostPath: dir, readOnly: false });
      continue;
    }
    if (volume.hostPath) {
      const hostPath = volume.hostPath.path;
      if (volume.hostPath.type === 'DirectoryOrCreate') await fsp.mkdir(hostPath, { recursive: true, mode: 0o755 });
      else if (volume.hostPath.type === 'FileOrCreate') {
        await fsp.mkdir(path.dirname(hostPath), { recursive: true });
        await (await fsp.open(hostPath, 'a', 0o644)).close();
      } else if (volume.hostPath.type && volume.hostPath.type !== '') {
        const stat = await fsp.stat(hostPath).catch(() => undefined);
        if (!stat) throw new ContainerConfigError(`hostPath type check failed: ${hostPath} does not exist`);
        if (volume.hostPath.type === 'Directory' && !stat.isDirectory()) throw new ContainerConfigError(`hostPath type check failed: ${hostPath} is not a directory`);
        if (volume.hostPath.type === 'File' && !stat.isFile()) throw new ContainerConfigError(`hostPath type check failed: ${hostPath} is not a file`);
      }
      prepared.set(volume.name, { hostPath, readOnly: false });
      continue;
    }
    const kind = volume.configMap ? 'configmap' : volume.secret ? 'secret' : volume.downwardAPI ? 'downward-api' : volume.projected ? 'projected' : undefined;
    const projected = kind ? await projectedFiles(pod, volume, sources, facts) : undefined;
    if (!kind || !projected) throw new ContainerConfigError(`volume "${volume.name}": this kind of volume is not supported by the Minato agent`);
    const dir = path.join(base, kind, volume.name);
    if (projected.secret) await ensureTmpfs(dir);
    await writeFiles(dir, projected.files);
    prepared.set(volume.name, { hostPath: dir, readOnly: true });
  }
  return prepared;
}

/** A container's volumeMounts as runtime mounts. */
export async function containerMounts(container: Container, volumes: Map<string, PreparedVolume>): Promise<Mount[]> {
  const mounts: Mount[] = [];
  for (const volumeMount of container.volumeMounts ?? []) {
    const volume = volumes.get(volumeMount.name);
    if (!volume) throw new ContainerConfigError(`volumeMount "${volumeMount.name}" of container "${container.name}" names no volume of the pod`);
    let hostPath = volume.hostPath;
    if (volumeMount.subPath) {
      checkRelative(volumeMount.subPath, 'subPath');
      hostPath = path.join(hostPath, volumeMount.subPath);
      const stat = await fsp.lstat(hostPath).catch(() => undefined);
      if (stat?.isSymbolicLink()) throw new ContainerConfigError(`subPath "${volumeMount.subPath}" is a symbolic link`);
      if (!stat) {
        if (volume.readOnly) throw new ContainerConfigError(`subPath "${volumeMount.subPath}" does not exist in volume "${volumeMount.name}"`);
        await fsp.mkdir(hostPath, { recursive: true });
      }
    }
    const propagation = volumeMount.mountPropagation === 'HostToContainer' ? 'hostToContainer' : volumeMount.mountPropagation === 'Bidirectional' ? 'bidirectional' : 'private';
    mounts.push({ containerPath: volumeMount.mountPath, hostPath, readOnly: volume.readOnly || volumeMount.readOnly === true, propagation });
  }
  return mounts;
}

/** Unmounts every tmpfs under the pod's directory and removes it. */
export async function teardownVolumes(dataDir: string, uid: string): Promise<void> {
  const dir = podDir(dataDir, uid);
  const inside = mountPoints()
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of inside) await runCommand('umount', [point], { allowFailure: true });
  await fsp.rm(dir, { recursive: true, force: true });
}

/** The uids of pods that have a directory under dataDir (to find leftovers). */
export async function podDirs(dataDir: string): Promise<string[]> {
  return fsp.readdir(path.join(dataDir, 'pods')).catch(() => []);
}
