// Named network namespaces (iproute2's /run/netns/NAME), which outlive the processes in them:
// a container's network is set up before it starts and torn down after it exits.
import { runCommand } from '../../util/exec.ts';

export const netnsDir = '/run/netns';

export function netnsPath(name: string): string {
  return `${netnsDir}/${name}`;
}

/** Creates the namespace with its loopback up. */
export async function createNetns(name: string): Promise<string> {
  await runCommand('ip', ['netns', 'add', name]);
  try {
    await runCommand('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  } catch (err) {
    await deleteNetns(name).catch(() => undefined);
    throw err;
  }
  return netnsPath(name);
}

export async function deleteNetns(name: string): Promise<void> {
  const result = await runCommand('ip', ['netns', 'delete', name], { allowFailure: true });
  if (result.code !== 0 && !/No such file or directory|Cannot remove namespace file/.test(result.stderr)) {
    throw new Error(`ip netns delete ${name}: ${result.stderr.trim()}`);
  }
}

/** Names of the namespaces whose name starts with `prefix`. */
export async function listNetns(prefix: string): Promise<string[]> {
  const result = await runCommand('ip', ['netns', 'list'], { allowFailure: true });
  return result.stdout
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => name.startsWith(prefix));
}

/** Removes a network interface (a network's bridge once the network is gone); a missing one is fine. */
export async function deleteInterface(name: string): Promise<void> {
  const result = await runCommand('ip', ['link', 'delete', name], { allowFailure: true });
  if (result.code !== 0 && !/Cannot find device|does not exist/.test(result.stderr)) throw new Error(`ip link delete ${name}: ${result.stderr.trim()}`);
}
