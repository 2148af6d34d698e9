// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import { type FilterPlugin, rejection, SKIP } from './framework.ts';

export const errReasonNodeName = "node(s) didn't match the requested node name";

const rejected = rejection('NodeName', 'UnschedulableAndUnresolvable', errReasonNodeName);

export const nodeName: FilterPlugin<string> = {
  name: 'NodeName',
  preFilter(pod) {
    const wanted = pod.pod.spec?.nodeName;
    return wanted ? { state: wanted } : SKIP;
  },
  filter(wanted, _pod, node) {
    return node.name === wanted ? null : rejected;
  },
};
