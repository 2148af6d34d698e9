// The instructions that only change the image's run-time config (ENV, LABEL, WORKDIR, USER,
// EXPOSE, VOLUME, CMD, ENTRYPOINT, SHELL, STOPSIGNAL, HEALTHCHECK, ONBUILD), applied to the
// config as Docker applies them. Pure functions of the expanded instruction and the config.
import * as path from 'node:path';
import { invalidArgument } from '../../util/errors.ts';
import { parseSignal } from '../../util/signals.ts';
import type { ImageRunConfig } from '../images/oci-types.ts';
import type { CommandLine, StageInstruction } from './dockerfile/index.ts';

export const defaultShell = ['/bin/sh', '-c'];

/** The environment a config holds, as a map (later entries win). */
export function envMap(config: ImageRunConfig): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq < 0) env.set(entry, '');
    else env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

function setEnv(env: string[] | undefined, key: string, value: string): string[] {
  const result = [...(env ?? [])];
  const index = result.findIndex((entry) => entry === key || entry.startsWith(`${key}=`));
  if (index >= 0) result[index] = `${key}=${value}`;
  else result.push(`${key}=${value}`);
  return result;
}

/** A CMD/ENTRYPOINT/RUN command line as argv: shell form runs under the stage's SHELL. */
export function commandArgv(command: CommandLine, shell: string[] | undefined): string[] {
  return command.form === 'exec' ? [...command.args] : [...(shell ?? defaultShell), command.command];
}

/** WORKDIR and COPY destinations: relative paths are relative to the current WORKDIR. */
export function resolveWorkdir(current: string | undefined, next: string): string {
  return path.posix.normalize(path.posix.isAbsolute(next) ? next : path.posix.join(current || '/', next));
}

type ConfigInstruction = Extract<StageInstruction, { kind: 'env' | 'label' | 'workdir' | 'user' | 'expose' | 'volume' | 'cmd' | 'entrypoint' | 'shell' | 'stopsignal' | 'healthcheck' | 'onbuild' | 'maintainer' }>;

export function isConfigInstruction(instruction: StageInstruction): instruction is ConfigInstruction {
  return !['run', 'copy', 'add', 'arg'].includes(instruction.kind);
}

/** The config after one (expanded) config instruction; `author` is set by MAINTAINER. */
export function applyConfigInstruction(config: ImageRunConfig, instruction: ConfigInstruction): { config: ImageRunConfig; author?: string } {
  const next: ImageRunConfig = structuredClone(config);
  switch (instruction.kind) {
    case 'env':
      for (const pair of instruction.pairs) next.Env = setEnv(next.Env, pair.key, pair.value);
      break;
    case 'label':
      next.Labels = { ...next.Labels, ...Object.fromEntries(instruction.pairs.map((pair) => [pair.key, pair.value])) };
      break;
    case 'workdir':
      next.WorkingDir = resolveWorkdir(next.WorkingDir, instruction.path);
      break;
    case 'user':
      next.User = instruction.user;
      break;
    case 'expose':
      for (const spec of instruction.ports.flatMap((port) => port.split(/\s+/)).filter(Boolean)) {
        const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
        if (!match) throw invalidArgument(`invalid containerPort: ${spec}`);
        const [low, high] = [Number(match[1]), Number(match[2] ?? match[1])];
        if (high < low || high > 65535) throw invalidArgument(`invalid port range: ${spec}`);
        for (let port = low; port <= high; port++) next.ExposedPorts = { ...next.ExposedPorts, [`${port}/${(match[3] ?? 'tcp').toLowerCase()}`]: {} };
      }
      break;
    case 'volume':
      for (const volume of instruction.paths) {
        if (volume.trim() === '') throw invalidArgument('VOLUME specified can not be an empty string');
        next.Volumes = { ...next.Volumes, [volume]: {} };
      }
      break;
    case 'cmd':
      next.Cmd = commandArgv(instruction.command, next.Shell);
      break;
    case 'entrypoint':
      next.Entrypoint = commandArgv(instruction.command, next.Shell);
      // Docker: a new ENTRYPOINT drops the CMD the base image had (a CMD after it stays).
      next.Cmd = null;
      break;
    case 'shell':
      next.Shell = [...instruction.shell];
      break;
    case 'stopsignal':
      parseSignal(instruction.signal);
      next.StopSignal = instruction.signal;
      break;
    case 'healthcheck':
      next.Healthcheck = {
        Test: instruction.test,
        ...(instruction.interval ? { Interval: instruction.interval } : {}),
        ...(instruction.timeout ? { Timeout: instruction.timeout } : {}),
        ...(instruction.startPeriod ? { StartPeriod: instruction.startPeriod } : {}),
        ...(instruction.startInterval ? { StartInterval: instruction.startInterval } : {}),
        ...(instruction.retries ? { Retries: instruction.retries } : {}),
      };
      break;
    case 'onbuild':
      next.OnBuild = [...(next.OnBuild ?? []), instruction.expression];
      break;
    case 'maintainer':
      return { config: next, author: instruction.maintainer };
  }
  return { config: next };
}
