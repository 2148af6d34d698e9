// The STATUS column of `docker ps`: "Up 5 minutes", "Exited (0) 2 hours ago", "Created", ...
import { humanDuration } from '../../util/human.ts';
import type { ContainerState } from './types.ts';

export function statusText(state: ContainerState, now = Date.now()): string {
  const since = (iso: string) => humanDuration(Math.max(0, now - Date.parse(iso)));
  switch (state.Status) {
    case 'running':
      return `Up ${since(state.StartedAt)}`;
    case 'paused':
      return `Up ${since(state.StartedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    case 'created':
      return 'Created';
    case 'exited':
      return state.FinishedAt.startsWith('0001-') ? 'Created' : `Exited (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
  }
}
