// Every verb of the minato CLI, loaded on demand. Docker's management-command forms
// (`container ls`, `image rm`, …) map onto the same modules.
import type { CommandModule } from './context.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  aliases?: string[];
  load(): Promise<CommandModule>;
}

export const commandTable: CommandEntry[] = [
  { name: 'run', summary: 'Create and run a new container from an image', load: () => import('./commands/run.ts') },
  { name: 'create', summary: 'Create a new container', load: () => import('./commands/create.ts') },
  { name: 'start', summary: 'Start one or more stopped containers', load: () => import('./commands/start.ts') },
  { name: 'stop', summary: 'Stop one or more running containers', load: () => import('./commands/stop.ts') },
  { name: 'restart', summary: 'Restart one or more containers', load: () => import('./commands/restart.ts') },
  { name: 'kill', summary: 'Kill one or more running containers', load: () => import('./commands/kill.ts') },
  { name: 'rm', summary: 'Remove one or more containers', load: () => import('./commands/rm.ts') },
  { name: 'ps', summary: 'List containers', load: () => import('./commands/ps.ts') },
  { name: 'logs', summary: 'Fetch the logs of a container', load: () => import('./commands/logs.ts') },
  { name: 'exec', summary: 'Execute a command in a running container', load: () => import('./commands/exec.ts') },
  { name: 'attach', summary: "Attach local standard input, output, and error streams to a running container", load: () => import('./commands/attach.ts') },
  { name: 'inspect', summary: 'Return low-level information on containers, images or volumes', load: () => import('./commands/inspect.ts') },
  { name: 'wait', summary: 'Block until one or more containers stop, then print their exit codes', load: () => import('./commands/wait.ts') },
  { name: 'stats', summary: 'Display a live stream of container(s) resource usage statistics', load: () => import('./commands/stats.ts') },
  { name: 'rename', summary: 'Rename a container', load: () => import('./commands/rename.ts') },
  { name: 'commit', summary: "Create a new image from a container's changes", load: () => import('./commands/commit.ts') },
  { name: 'build', summary: 'Build an image from a Dockerfile', load: () => import('./commands/build.ts') },
  { name: 'builder', summary: 'Manage builds', load: () => import('./commands/builder.ts') },
  { name: 'pull', summary: 'Download an image from a registry', load: () => import('./commands/pull.ts') },
  { name: 'push', summary: 'Upload an image to a registry', load: () => import('./commands/push.ts') },
  { name: 'login', summary: 'Authenticate to a registry', load: () => import('./commands/login.ts') },
  { name: 'logout', summary: 'Log out from a registry', load: () => import('./commands/logout.ts') },
  { name: 'registry', summary: 'Run an OCI distribution registry', load: () => import('./commands/registry.ts') },
  { name: 'images', summary: 'List images', load: () => import('./commands/images.ts') },
  { name: 'import', summary: 'Import the contents from a tarball to create a filesystem image', load: () => import('./commands/import.ts') },
  { name: 'load', summary: 'Load an image from a tar archive or STDIN', load: () => import('./commands/load.ts') },
  { name: 'save', summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)', load: () => import('./commands/save.ts') },
  { name: 'tag', summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE', load: () => import('./commands/tag.ts') },
  { name: 'rmi', summary: 'Remove one or more images', load: () => import('./commands/rmi.ts') },
  { name: 'history', summary: 'Show the history of an image', load: () => import('./commands/history.ts') },
  { name: 'image', summary: 'Manage images', load: () => import('./commands/image.ts') },
  { name: 'container', summary: 'Manage containers', load: () => import('./commands/container.ts') },
  { name: 'volume', summary: 'Manage volumes', load: () => import('./commands/volume.ts') },
  { name: 'network', summary: 'Manage networks', load: () => import('./commands/network.ts') },
  { name: 'port', summary: 'List port mappings or a specific mapping for the container', load: () => import('./commands/port.ts') },
  { name: 'version', summary: 'Show the Minato version information', load: () => import('./commands/version.ts') },
  { name: 'info', summary: 'Display system-wide information', load: () => import('./commands/info.ts') },
  { name: 'daemon', summary: 'Run the engine daemon (Docker Engine API)', load: () => import('./commands/daemon.ts') },
  { name: 'server', summary: 'Run the Kubernetes API server', load: () => import('./commands/server.ts') },
  { name: 'up', summary: 'Run a single-node cluster (engine, API server, controllers, scheduler, node agent)', load: () => import('./commands/up.ts') },
  { name: 'agent', summary: 'Run a node that joins an existing cluster (engine and node agent)', load: () => import('./commands/agent.ts') },
  { name: 'token', summary: 'Manage bootstrap tokens for joining nodes', load: () => import('./commands/token.ts') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return commandTable.find((entry) => entry.name === name || entry.aliases?.includes(name));
}
