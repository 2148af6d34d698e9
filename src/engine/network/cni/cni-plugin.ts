// Running a CNI plugin as the CNI spec says: the plugin binary from CNI_PATH, the command and
// the container in environment variables, the network configuration as JSON on stdin, the
// result (or an error object) as JSON on stdout.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { internal, MinatoError } from '../../../util/errors.ts';

export const defaultCniPath = '/usr/lib/cni';

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION';

/** One plugin's configuration: `type` names the binary; the rest is the plugin's own. */
export interface CniPluginConfig {
  type: string;
  capabilities?: Record<string, boolean>;
  [field: string]: unknown;
}

export interface CniRuntime {
  containerId: string;
  /** Path of the network namespace (e.g. /run/netns/NAME). */
  netns: string;
  ifname: string;
  /** Values for plugins that declare the capability (portMappings, …). */
  capabilityArgs?: Record<string, unknown>;
}

export interface CniIp {
  address: string; // CIDR, e.g. 10.88.0.5/16
  gateway?: string;
  interface?: number;
}

export interface CniResult {
  cniVersion: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: CniIp[];
  routes?: { dst: string; gw?: string }[];
  dns?: Record<string, unknown>;
}

export class CniError extends MinatoError {
  readonly cniCode: number;

  constructor(plugin: string, command: CniCommand, code: number, message: string) {
    super('Internal', `CNI plugin ${plugin} ${command} failed: ${message}`);
    this.cniCode = code;
  }
}

/** Runs one plugin. `config` must already carry cniVersion and name (and prevResult if chained). */
export function invokeCniPlugin(cniPath: string, command: CniCommand, config: CniPluginConfig & { cniVersion: string; name: string }, runtime: CniRuntime): Promise<CniResult | undefined> {
  const stdinConfig: Record<string, unknown> = { ...config };
  const wanted = Object.entries(config.capabilities ?? {}).filter(([, enabled]) => enabled).map(([key]) => key);
  const runtimeConfig = Object.fromEntries(wanted.filter((key) => runtime.capabilityArgs?.[key] !== undefined).map((key) => [key, runtime.capabilityArgs![key]]));
  if (Object.keys(runtimeConfig).length > 0) stdinConfig.runtimeConfig = runtimeConfig;
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(cniPath, config.type), [], {
      env: {
        PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        CNI_COMMAND: command,
        CNI_CONTAINERID: runtime.containerId,
        CNI_NETNS: runtime.netns,
        CNI_IFNAME: runtime.ifname,
        CNI_PATH: cniPath,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => reject(internal(`cannot run CNI plugin ${config.type} (from ${cniPath}): ${error.message}`, error)));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8').trim();
      if (code === 0) {
        if (!stdout) return resolve(undefined);
        try {
          return resolve(JSON.parse(stdout) as CniResult);
        } catch {
          return reject(new CniError(config.type, command, 999, `unreadable result: ${stdout.slice(0, 200)}`));
        }
      }
      let message = Buffer.concat(err).toString('utf8').trim() || `exit status ${code}`;
      let cniCode = 999;
      try {
        const parsed = JSON.parse(stdout) as { code?: number; msg?: string; details?: string };
        cniCode = parsed.code ?? cniCode;
        message = [parsed.msg, parsed.details].filter(Boolean).join(': ') || message;
      } catch {
        if (stdout) message = stdout;
      }
      reject(new CniError(config.type, command, cniCode, message));
    });
    child.stdin.end(JSON.stringify(stdinConfig));
  });
}
