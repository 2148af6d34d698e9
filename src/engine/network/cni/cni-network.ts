// A CNI network configuration list (bridge → portmap → firewall …) added to and removed from a
// container, as libcni does: ADD runs the plugins in order, each given the previous result;
// DEL runs them in reverse order, given the result ADD produced.
import { type CniPluginConfig, type CniResult, type CniRuntime, invokeCniPlugin } from './cni-plugin.ts';

export const cniVersion = '1.0.0';

export interface CniNetworkList {
  name: string;
  plugins: CniPluginConfig[];
}

function withCommonFields(list: CniNetworkList, plugin: CniPluginConfig, prevResult: CniResult | undefined) {
  return { ...plugin, cniVersion, name: list.name, ...(prevResult ? { prevResult } : {}) };
}

/**
 * Adds the container to the network. If a plugin fails, the ones before it are undone (DEL in
 * reverse), so a failed ADD leaves nothing behind — no veth, no rule, no address.
 */
export async function addNetworkList(cniPath: string, list: CniNetworkList, runtime: CniRuntime, start?: { after: CniResult }): Promise<CniResult> {
  let result: CniResult | undefined = start?.after;
  const done: CniPluginConfig[] = [];
  try {
    for (const plugin of list.plugins) {
      result = (await invokeCniPlugin(cniPath, 'ADD', withCommonFields(list, plugin, result), runtime)) ?? result;
      done.push(plugin);
    }
  } catch (err) {
    await delNetworkList(cniPath, { name: list.name, plugins: done }, runtime, result).catch(() => undefined);
    throw err;
  }
  if (!result) throw new Error(`CNI network ${list.name} produced no result`);
  return result;
}

/** Removes the container from the network; every plugin runs even if an earlier one failed. */
export async function delNetworkList(cniPath: string, list: CniNetworkList, runtime: CniRuntime, prevResult: CniResult | undefined): Promise<void> {
  let firstError: unknown;
  for (const plugin of list.plugins.toReversed()) {
    try {
      await invokeCniPlugin(cniPath, 'DEL', withCommonFields(list, plugin, prevResult), runtime);
    } catch (err) {
      firstError ??= err;
    }
  }
  if (firstError) throw firstError;
}
