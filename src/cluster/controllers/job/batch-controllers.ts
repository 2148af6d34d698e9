// The batch/v1 controllers (Job, CronJob) as startControllers runs them: one place for their
// names, settings and construction, so the controller-manager's index stays one block each.
import type { InformerFactory, RestClient } from '../../client/index.ts';
import { resources } from '../../client/index.ts';
import type { Controller, ControllerLog } from '../controller-runtime.ts';
import { CronJobController, cronJobControllerName } from '../cronjob/cronjob-controller.ts';
import { ControllerEvents } from '../event-recorder.ts';
import { JobController, jobControllerName } from './job-controller.ts';

export { CronJobController, cronJobControllerName } from '../cronjob/cronjob-controller.ts';
export { JobController, jobControllerName } from './job-controller.ts';

export const batchControllerNames = [jobControllerName, cronJobControllerName] as const;

export interface BatchControllerSettings {
  /** The Job controller's first pod-failure back-off; default 10 s (0: replace failed pods at once). */
  podFailureBackoffMs?: number;
  /** The wall clock both use (schedules, deadlines, conditions); default new Date(). For tests. */
  now?: () => Date;
}

/** The batch controllers among `wanted`, with their event recorders. */
export function batchControllers(
  wanted: ReadonlySet<string>,
  context: { rest: RestClient; factory: InformerFactory; log: ControllerLog; workers: number; settings?: BatchControllerSettings },
): { controllers: Controller[]; recorders: ControllerEvents[] } {
  const { rest, factory, log, workers, settings = {} } = context;
  const now = settings.now ? { now: settings.now } : {};
  const controllers: Controller[] = [];
  const recorders: ControllerEvents[] = [];
  if (wanted.has(jobControllerName)) {
    const events = new ControllerEvents(rest, jobControllerName, resources.jobs, log);
    recorders.push(events);
    const backoff = settings.podFailureBackoffMs !== undefined ? { podFailureBackoffMs: settings.podFailureBackoffMs } : {};
    controllers.push(new JobController({ factory, events, log, workers, ...backoff, ...now }));
  }
  if (wanted.has(cronJobControllerName)) {
    const events = new ControllerEvents(rest, cronJobControllerName, resources.cronJobs, log);
    recorders.push(events);
    controllers.push(new CronJobController({ factory, events, log, workers, ...now }));
  }
  return { controllers, recorders };
}
