// `docker import --change`: the Dockerfile instructions that may adjust an imported image's
// run-time config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME,
// WORKDIR), one instruction per string.
import { invalidArgument } from '../../util/errors.ts';
import type { ImageRunConfig } from './oci-types.ts';

function jsonOrShell(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // not JSON: Docker then takes the whole text as a shell command
    }
  }
  return ['/bin/sh', '-c', trimmed];
}

function jsonOrWords(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // fall through to words
    }
  }
  return trimmed.split(/\s+/).filter(Boolean);
}

function unquote(value: string): string {
  return /^"(.*)"$/.test(value) || /^'(.*)'$/.test(value) ? value.slice(1, -1) : value;
}

/** key=value pairs (several per line), or the legacy `KEY value` form. */
function keyValues(instruction: string, args: string): [string, string][] {
  if (!/^[^\s=]+=/.test(args.trim())) {
    const match = /^(\S+)\s+(.*)$/.exec(args.trim());
    if (!match) throw invalidArgument(`--change "${instruction} ${args}": ${instruction} needs a name and a value`);
    return [[match[1]!, match[2]!]];
  }
  const pairs: [string, string][] = [];
  for (const token of args.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw invalidArgument(`--change "${instruction} ${args}": "${token}" is not NAME=VALUE`);
    pairs.push([token.slice(0, eq), unquote(token.slice(eq + 1))]);
  }
  return pairs;
}

export function applyImportChanges(config: ImageRunConfig, changes: readonly string[]): ImageRunConfig {
  const result: ImageRunConfig = structuredClone(config);
  for (const change of changes) {
    const match = /^\s*(\w+)\s*(.*)$/s.exec(change);
    if (!match) throw invalidArgument(`--change "${change}": empty instruction`);
    const instruction = match[1]!.toUpperCase();
    const args = match[2]!;
    switch (instruction) {
      case 'CMD':
        result.Cmd = jsonOrShell(args);
        break;
      case 'ENTRYPOINT':
        result.Entrypoint = jsonOrShell(args);
        break;
      case 'ENV': {
        const env = result.Env ?? [];
        for (const [key, value] of keyValues(instruction, args)) {
          const index = env.findIndex((entry) => entry.split('=')[0] === key);
          if (index >= 0) env[index] = `${key}=${value}`;
          else env.push(`${key}=${value}`);
        }
        result.Env = env;
        break;
      }
      case 'LABEL':
        result.Labels = { ...result.Labels, ...Object.fromEntries(keyValues(instruction, args)) };
        break;
      case 'EXPOSE':
        for (const port of args.trim().split(/\s+/).filter(Boolean)) {
          if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(port)) throw invalidArgument(`--change "${change}": invalid port "${port}"`);
          result.ExposedPorts = { ...result.ExposedPorts, [port.includes('/') ? port : `${port}/tcp`]: {} };
        }
        break;
      case 'VOLUME':
        for (const volume of jsonOrWords(args)) result.Volumes = { ...result.Volumes, [volume]: {} };
        break;
      case 'WORKDIR':
        result.WorkingDir = args.trim();
        break;
      case 'USER':
        result.User = args.trim();
        break;
      case 'STOPSIGNAL':
        result.StopSignal = args.trim();
        break;
      case 'ONBUILD':
        result.OnBuild = [...(result.OnBuild ?? []), args.trim()];
        break;
      default:
        throw invalidArgument(`--change "${change}": ${instruction} is not a valid change command (allowed: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)`);
    }
  }
  return result;
}
