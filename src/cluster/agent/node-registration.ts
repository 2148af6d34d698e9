// Registering the agent's Node: created with its labels and status, or — when it exists (an
// agent restart, or a node that was registered before) — its labels brought up to date and its
// status replaced.
import type { Node } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isConflict, type ResourceClient } from '../client/index.ts';
import { type HostFacts, nodeLabels, nodeStatusOf } from './node-status.ts';

/** Creates or updates the Node `nodeName`; returns it as stored (with its status posted). */
export async function registerNode(nodes: ResourceClient<Node>, nodeName: string, facts: HostFacts): Promise<Node> {
  const labels = nodeLabels(nodeName, facts);
  let node: Node;
  try {
    node = await nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName, labels }, spec: {}, status: nodeStatusOf(nodeName, facts, new Date()) });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    node = await updateLabels(nodes, nodeName, labels);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await nodes.updateStatus({ ...node, status: nodeStatusOf(nodeName, facts, new Date(), node.status) });
    } catch (err) {
      if (!isConflict(err) || attempt >= 3) throw err;
      node = await nodes.get(undefined, nodeName);
    }
  }
}

async function updateLabels(nodes: ResourceClient<Node>, nodeName: string, labels: Record<string, string>): Promise<Node> {
  for (let attempt = 0; ; attempt++) {
    const node = await nodes.get(undefined, nodeName);
    const current = node.metadata?.labels ?? {};
    if (Object.entries(labels).every(([key, value]) => current[key] === value)) return node;
    try {
      return await nodes.update({ ...node, metadata: { ...node.metadata, labels: { ...current, ...labels } } });
    } catch (err) {
      if (!isConflict(err) || attempt >= 3) throw err;
    }
  }
}
