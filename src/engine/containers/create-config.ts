// What `docker create` does before anything touches the disk: combine the request with the
// image's defaults (ENTRYPOINT/CMD/ENV/WORKDIR/USER/…) as Docker combines them, and reject
// host settings Docker would reject, with Docker's messages.
import { availableParallelism } from 'node:os';
import { invalidArgument } from '../../util/errors.ts';
import { parseSignal } from '../../util/signals.ts';
import type { ImageRunConfig } from '../images/oci-types.ts';
import { effectiveCapabilities } from '../runtime/capabilities.ts';
import type { ContainerConfig, HostConfig, RestartPolicy } from './types.ts';

function envKey(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

/** Image variables first, the container's override them by name (Docker's ReplaceOrAppendEnvValues). */
export function mergeEnv(imageEnv: readonly string[] | undefined, userEnv: readonly string[] | undefined): string[] {
  const result = [...(imageEnv ?? [])];
  for (const entry of userEnv ?? []) {
    if (entry === '' || entry.startsWith('=')) throw invalidArgument(`invalid environment variable: "${entry}"`);
    const index = result.findIndex((existing) => envKey(existing) === envKey(entry));
    if (index >= 0) result[index] = entry;
    else result.push(entry);
  }
  return result;
}

/** Fills the container config from the image where the request left things unset. */
export function mergeImageConfig(user: ContainerConfig, image: ImageRunConfig): ContainerConfig {
  const merged: ContainerConfig = { ...user };
  // An explicit (even empty) entrypoint drops the image's CMD as well as its ENTRYPOINT.
  const userEntrypointGiven = user.Entrypoint !== undefined && user.Entrypoint !== null && user.Entrypoint.length > 0;
  if (!userEntrypointGiven) {
    if (!user.Cmd || user.Cmd.length === 0) merged.Cmd = image.Cmd ?? null;
    if (user.Entrypoint === undefined || user.Entrypoint === null) merged.Entrypoint = image.Entrypoint ?? null;
  }
  merged.Env = mergeEnv(image.Env, user.Env);
  merged.WorkingDir = user.WorkingDir || image.WorkingDir || '';
  merged.User = user.User || image.User || '';
  merged.Labels = { ...image.Labels, ...user.Labels };
  merged.ExposedPorts = { ...image.ExposedPorts, ...user.ExposedPorts };
  merged.Volumes = { ...image.Volumes, ...user.Volumes };
  merged.StopSignal = user.StopSignal || image.StopSignal || undefined;
  if (!user.Healthcheck && image.Healthcheck) merged.Healthcheck = image.Healthcheck;
  if (!merged.Env.some((entry) => envKey(entry) === 'PATH')) {
    merged.Env.unshift('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  }
  return merged;
}

/** The process to run: entrypoint then command (an entrypoint of [""] means none). */
export function commandOf(config: ContainerConfig): { path: string; args: string[] } {
  const entrypoint = (config.Entrypoint ?? []).length === 1 && config.Entrypoint![0] === '' ? [] : (config.Entrypoint ?? []);
  const argv = [...entrypoint, ...(config.Cmd ?? [])];
  if (argv.length === 0) throw invalidArgument('no command specified');
  return { path: argv[0]!, args: argv.slice(1) };
}

const restartPolicies = ['', 'no', 'always', 'unless-stopped', 'on-failure'];

export function validateRestartPolicy(policy: RestartPolicy | undefined, autoRemove: boolean): void {
  if (!policy) return;
  if (!restartPolicies.includes(policy.Name)) {
    throw invalidArgument(`invalid restart policy: unknown policy '${policy.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  }
  const count = policy.MaximumRetryCount ?? 0;
  if (count < 0) throw invalidArgument('invalid restart policy: maximum retry count cannot be negative');
  if (count > 0 && policy.Name !== 'on-failure') throw invalidArgument(`invalid restart policy: maximum retry count can only be used with 'on-failure'`);
  if (autoRemove && policy.Name !== '' && policy.Name !== 'no') throw invalidArgument(`can't create 'AutoRemove' container with restart policy`);
}

export function validateHostConfig(host: HostConfig, config: ContainerConfig): void {
  validateRestartPolicy(host.RestartPolicy, !!host.AutoRemove);
  if (host.Memory !== undefined && host.Memory !== 0) {
    if (host.Memory < 6 * 1024 * 1024) throw invalidArgument('Minimum memory limit allowed is 6MB');
  }
  if (host.MemorySwap !== undefined && host.MemorySwap > 0 && host.Memory && host.MemorySwap < host.Memory) {
    throw invalidArgument('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (host.NanoCpus) {
    if (host.CpuQuota || host.CpuPeriod) throw invalidArgument('Conflicting options: Nano CPUs and CPU Period cannot both be set');
    const cpus = availableParallelism();
    if (host.NanoCpus < 0 || host.NanoCpus > cpus * 1e9) {
      throw invalidArgument(`Range of CPUs is from 0.01 to ${cpus.toFixed(2)}, as there are only ${cpus} CPUs available`);
    }
  }
  if (host.PidsLimit !== undefined && host.PidsLimit !== null && host.PidsLimit < -1) throw invalidArgument(`invalid PidsLimit ${host.PidsLimit}: use -1 or 0 for unlimited`);
  if (config.StopSignal) parseSignal(config.StopSignal);
  if (config.StopTimeout !== undefined && config.StopTimeout !== null && config.StopTimeout < -1) throw invalidArgument('invalid StopTimeout: must be -1 (wait forever) or more');
  // Validates --cap-add/--cap-drop names (throws naming the flag).
  effectiveCapabilities(host.CapAdd, host.CapDrop, !!host.Privileged);
  for (const option of host.SecurityOpt ?? []) parseSecurityOpt(option);
}

export interface SecurityOptions {
  noNewPrivileges: boolean;
  seccomp: 'default' | 'unconfined';
}

/** --security-opt values Minato understands (Docker's syntax: key=value or key:value). */
export function parseSecurityOpt(option: string): Partial<SecurityOptions> {
  const match = /^([a-z-]+)(?:[=:](.*))?$/.exec(option);
  const key = match?.[1];
  const value = match?.[2];
  if (key === 'no-new-privileges') {
    if (value === undefined || value === 'true') return { noNewPrivileges: true };
    if (value === 'false') return { noNewPrivileges: false };
  } else if (key === 'seccomp' && value !== undefined) {
    if (value === 'unconfined') return { seccomp: 'unconfined' };
    throw invalidArgument(`--security-opt ${option}: only seccomp=unconfined is supported (the default profile is /usr/share/containers/seccomp.json)`);
  } else if ((key === 'apparmor' || key === 'label') && value !== undefined) {
    return {}; // no AppArmor or SELinux on these machines: accepted and ignored, as Docker does without them
  }
  throw invalidArgument(`invalid --security-opt: "${option}"`);
}

export function securityOptions(host: HostConfig): SecurityOptions {
  let options: SecurityOptions = { noNewPrivileges: !host.Privileged, seccomp: host.Privileged ? 'unconfined' : 'default' };
  for (const option of host.SecurityOpt ?? []) options = { ...options, ...parseSecurityOpt(option) };
  return options;
}
