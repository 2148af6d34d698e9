// The pods a Job creates: its template, a controller reference to the job and, in Indexed
// mode, the completion index as annotation, label, JOB_COMPLETION_INDEX (through the downward
// API, as Kubernetes does) and hostname "<job>-<index>".
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, EnvVar, Pod } from 'kubernetes-types/core/v1.js';
import { controllerRefTo } from '../controller-ref.ts';
import { completionIndexAnnotation, completionIndexLabel } from './job-status.ts';

const indexEnv = 'JOB_COMPLETION_INDEX';

function withIndexEnv(container: Container): Container {
  if (container.env?.some((env) => env.name === indexEnv)) return container;
  const env: EnvVar = { name: indexEnv, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${completionIndexAnnotation}']` } } };
  return { ...container, env: [...(container.env ?? []), env] };
}

/** The pod to create for `job` (with `index` when the job is Indexed). */
export function podForJob(job: Job, index?: number): Pod {
  const template = job.spec?.template ?? {};
  const metadata = template.metadata ?? {};
  const name = job.metadata!.name!;
  const labels: Record<string, string> = { ...metadata.labels };
  const annotations: Record<string, string> = { ...metadata.annotations };
  const spec = structuredClone(template.spec ?? { containers: [] });
  if (index !== undefined) {
    annotations[completionIndexAnnotation] = String(index);
    labels[completionIndexLabel] = String(index);
    spec.containers = spec.containers.map(withIndexEnv);
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexEnv);
    spec.hostname ??= `${name}-${index}`;
  }
  return {
    metadata: {
      generateName: index !== undefined ? `${name}-${index}-` : `${name}-`,
      namespace: job.metadata!.namespace,
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(metadata.finalizers ? { finalizers: [...metadata.finalizers] } : {}),
      ownerReferences: [controllerRefTo(job, 'batch/v1', 'Job')],
    },
    spec,
  };
}
