// Kubernetes' metav1.Time as it travels: RFC 3339 in UTC with whole seconds
// ("2026-11-22T07:50:00Z"), what every server, controller and agent writes into objects.
export function kubeTime(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d+Z$/, 'Z');
}
