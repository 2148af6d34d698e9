// The three ways a container asks for mounts — `-v` strings (HostConfig.Binds), `--mount`
// objects (HostConfig.Mounts) and `--tmpfs` (HostConfig.Tmpfs) — parsed and checked into one
// list, with Docker's syntax and error messages.
import * as path from 'node:path';
import { invalidArgument } from '../../util/errors.ts';
import type { HostConfig } from './types.ts';

export type PlannedMount =
  | { type: 'bind'; source: string; target: string; readonly: boolean; propagation: string }
  | { type: 'volume'; name?: string; target: string; readonly: boolean; noCopy: boolean }
  | { type: 'tmpfs'; target: string; options: string[] };

const propagations = ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'];

function checkTarget(target: string, spec: string): string {
  if (!path.posix.isAbsolute(target)) throw invalidArgument(`invalid mount config: invalid mount path: '${target}' mount path must be absolute (in "${spec}")`);
  if (path.posix.normalize(target) === '/') throw invalidArgument(`invalid specification: destination can't be '/' (in "${spec}")`);
  return path.posix.normalize(target);
}

/** One `-v`/Binds entry: SRC:DST[:OPTS], or just DST for an anonymous volume. */
export function parseBind(spec: string): PlannedMount {
  const parts = spec.split(':');
  if (parts.length === 1) return { type: 'volume', target: checkTarget(parts[0]!, spec), readonly: false, noCopy: false };
  if (parts.length > 3 || parts.some((part) => part === '')) throw invalidArgument(`invalid volume specification: '${spec}'`);
  const [source, target, modes = ''] = parts as [string, string, string?];
  let readonly = false;
  let propagation = 'rprivate';
  let noCopy = false;
  for (const mode of modes.split(',').filter(Boolean)) {
    if (mode === 'ro') readonly = true;
    else if (mode === 'rw') readonly = false;
    else if (mode === 'nocopy') noCopy = true;
    else if (mode === 'z' || mode === 'Z') continue; // SELinux labels: nothing to do without SELinux
    else if (propagations.includes(mode)) propagation = mode;
    else throw invalidArgument(`invalid mode: ${mode} (in volume specification '${spec}')`);
  }
  const checkedTarget = checkTarget(target, spec);
  if (source.startsWith('/')) return { type: 'bind', source: path.posix.normalize(source), target: checkedTarget, readonly, propagation };
  if (source.startsWith('.')) throw invalidArgument(`invalid volume specification: '${spec}': a host directory must be an absolute path`);
  return { type: 'volume', name: source, target: checkedTarget, readonly, noCopy };
}

/** `--tmpfs /run:rw,size=64m` arrives as { "/run": "rw,size=64m" }. */
export function parseTmpfs(target: string, options: string): PlannedMount {
  const user = options.split(',').map((option) => option.trim()).filter(Boolean);
  for (const option of user) {
    if (!/^[a-z_]+(=[\w.:,/+-]+)?$/.test(option)) throw invalidArgument(`invalid tmpfs option "${option}" for ${target}`);
  }
  // Docker's defaults for --tmpfs: rw,noexec,nosuid,size=65536k; what the user gives wins.
  const defaults = ['noexec', 'nosuid', 'nodev', 'size=65536k'].filter((option) => {
    const key = option.split('=')[0]!;
    if (key === 'noexec') return !user.includes('exec');
    if (key === 'nosuid') return !user.includes('suid');
    if (key === 'nodev') return !user.includes('dev');
    return !user.some((u) => u.startsWith(`${key}=`));
  });
  return { type: 'tmpfs', target: checkTarget(target, `--tmpfs ${target}`), options: [...defaults, ...user] };
}

export function planMounts(hostConfig: HostConfig): PlannedMount[] {
  const planned: PlannedMount[] = [];
  for (const bind of hostConfig.Binds ?? []) planned.push(parseBind(bind));
  for (const [index, mount] of (hostConfig.Mounts ?? []).entries()) {
    const where = `HostConfig.Mounts[${index}]`;
    if (!mount.Target) throw invalidArgument(`${where}: Target must not be empty`);
    const target = checkTarget(mount.Target, where);
    if (mount.Type === 'bind') {
      if (!mount.Source || !mount.Source.startsWith('/')) throw invalidArgument(`${where}: invalid mount config for type "bind": Source must be an absolute host path`);
      planned.push({ type: 'bind', source: mount.Source, target, readonly: !!mount.ReadOnly, propagation: mount.BindOptions?.Propagation || 'rprivate' });
    } else if (mount.Type === 'volume') {
      planned.push({ type: 'volume', ...(mount.Source ? { name: mount.Source } : {}), target, readonly: !!mount.ReadOnly, noCopy: !!mount.VolumeOptions?.NoCopy });
    } else if (mount.Type === 'tmpfs') {
      const options = [mount.TmpfsOptions?.SizeBytes ? `size=${mount.TmpfsOptions.SizeBytes}` : '', mount.TmpfsOptions?.Mode ? `mode=${mount.TmpfsOptions.Mode.toString(8)}` : ''].filter(Boolean);
      planned.push(parseTmpfs(target, options.join(',')));
    } else {
      throw invalidArgument(`${where}: mount type "${String(mount.Type)}" is not supported (bind, volume, tmpfs)`);
    }
  }
  for (const [target, options] of Object.entries(hostConfig.Tmpfs ?? {})) planned.push(parseTmpfs(target, options));
  const seen = new Set<string>();
  for (const mount of planned) {
    if (seen.has(mount.target)) throw invalidArgument(`Duplicate mount point: ${mount.target}`);
    seen.add(mount.target);
  }
  return planned;
}
