// NodeUnschedulable: cordoned nodes (spec.unschedulable) take no new pods, except pods that
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint (DaemonSet pods do).
import { type FilterPlugin, rejection } from './framework.ts';
import { tolerationsTolerateTaint, unschedulableTaint } from './taints.ts';

export const errReasonUnschedulable = "node(s) were unschedulable";

const rejected = rejection('NodeUnschedulable', 'UnschedulableAndUnresolvable', errReasonUnschedulable);

export const nodeUnschedulable: FilterPlugin<boolean> = {
  name: 'NodeUnschedulable',
  preFilter(pod) {
    return { state: tolerationsTolerateTaint(pod.tolerations, unschedulableTaint) };
  },
  filter(toleratesUnschedulable, _pod, node) {
    return node.unschedulable && !toleratesUnschedulable ? rejected : null;
  },
};
