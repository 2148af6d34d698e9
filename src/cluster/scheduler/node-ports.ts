// NodePorts: a pod asking for host ports fits only nodes where none of them is taken.
import { type FilterPlugin, rejection, SKIP } from './framework.ts';

export const errReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

const rejected = rejection('NodePorts', 'Unschedulable', errReasonNodePorts);

export const nodePorts: FilterPlugin<null> = {
  name: 'NodePorts',
  preFilter(pod) {
    return pod.hostPorts.length > 0 ? { state: null } : SKIP;
  },
  filter(_state, pod, node) {
    if (node.usedPorts.isEmpty) return null;
    for (const port of pod.hostPorts) if (node.usedPorts.conflicts(port)) return rejected;
    return null;
  },
};
