// Docker's restart policies: whether a container that exited comes back, and after how long.
// The delay starts at 100 ms and doubles with each restart, up to a minute; a container that
// ran for 10 s or more starts over at 100 ms (moby's restartmanager).
import type { RestartPolicy } from './types.ts';

export const initialRestartDelayMs = 100;
export const maxRestartDelayMs = 60_000;
export const stableRunMs = 10_000;

export interface ExitFacts {
  exitCode: number;
  /** `docker stop`/`kill` by the user, or the daemon shutting down. */
  manuallyStopped: boolean;
  /** Restarts since the container was last started by the user. */
  restartCount: number;
}

export function shouldRestart(policy: RestartPolicy | undefined, facts: ExitFacts): boolean {
  if (facts.manuallyStopped) return false;
  switch (policy?.Name) {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure': {
      if (facts.exitCode === 0) return false;
      const max = policy.MaximumRetryCount ?? 0;
      return max === 0 || facts.restartCount < max;
    }
    default:
      return false;
  }
}

export function nextRestartDelay(previousDelayMs: number, ranForMs: number): number {
  if (ranForMs >= stableRunMs || previousDelayMs <= 0) return initialRestartDelayMs;
  return Math.min(previousDelayMs * 2, maxRestartDelayMs);
}

/** On daemon start: which containers Docker brings back up. */
export function restartsOnDaemonStart(policy: RestartPolicy | undefined, wasRunning: boolean, manuallyStopped: boolean): boolean {
  if (policy?.Name === 'always') return wasRunning || !manuallyStopped;
  if (policy?.Name === 'unless-stopped') return !manuallyStopped;
  return false;
}
