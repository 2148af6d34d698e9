// Resource limits for containers, derived from the engine's own: a process cannot raise its
// hard limit without CAP_SYS_RESOURCE, which root on these machines lacks (machine-notes), so
// asking the runtime for more than we have (podman's nofile=1048576) fails the container.
import { readFileSync } from 'node:fs';

export interface OciRlimit {
  type: string;
  hard: number;
  soft: number;
}

const limitNames: Record<string, string> = {
  'Max open files': 'RLIMIT_NOFILE',
  'Max processes': 'RLIMIT_NPROC',
};

/** Parses /proc/<pid>/limits text into the limits Minato passes on. */
export function parseProcLimits(text: string): Map<string, { soft: number; hard: number }> {
  const limits = new Map<string, { soft: number; hard: number }>();
  for (const line of text.split('\n')) {
    for (const [label, type] of Object.entries(limitNames)) {
      if (!line.startsWith(label)) continue;
      const [soft, hard] = line.slice(label.length).trim().split(/\s+/);
      const parse = (value: string | undefined) => (value === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(value));
      limits.set(type, { soft: parse(soft), hard: parse(hard) });
    }
  }
  return limits;
}

let cached: OciRlimit[] | undefined;

/** Docker's default (nofile 1048576) capped at what this process may grant. */
export function defaultContainerRlimits(): OciRlimit[] {
  if (cached) return cached;
  const own = parseProcLimits(readFileSync('/proc/self/limits', 'utf8'));
  const nofile = Math.min(1_048_576, own.get('RLIMIT_NOFILE')?.hard ?? 1024);
  cached = [{ type: 'RLIMIT_NOFILE', hard: nofile, soft: nofile }];
  return cached;
}
