// The Job controller against a real `minato server` (no scheduler or node agent: the test plays
// the kubelet, marking pods Succeeded or Failed): parallelism and completions, backoffLimit,
// activeDeadlineSeconds, suspend and resume, Indexed completion, ttlSecondsAfterFinished,
// events, and `kubectl wait --for=condition=complete` (kubectl 1.32) returning.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ControllerTestCluster } from '../../../../test/helpers/controller-test-cluster.ts';
import { kubectlVersionsDir } from '../../../../test/helpers/kubectl-versions.ts';
import { podIsActive } from '../pod-readiness.ts';

const jobSpec = (name: string, spec: Partial<NonNullable<Job['spec']>> = {}): Job => ({
  metadata: { name },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } }, ...spec },
});
const condition = (job: Job, type: string): JobCondition | undefined => job.status?.conditions?.find((c) => c.type === type && c.status === 'True');

describe('Job controller against minato server', { timeout: 180_000 }, () => {
  const cluster = new ControllerTestCluster();
  const ns = 'job-test';
  const podsOf = async (name: string) => (await cluster.podsIn(ns, `batch.kubernetes.io/job-name=${name}`)).sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const activeOf = async (name: string) => (await podsOf(name)).filter(podIsActive);
  const untilActive = (name: string, n: number) => cluster.until(`${n} active pods of ${name}`, async () => {
    const pods = await activeOf(name);
    return pods.length === n ? pods : undefined;
  });
  const untilCondition = (name: string, type: string) => cluster.until(`job ${name} ${type}`, async () => {
    const job = await cluster.jobs.get(ns, name);
    return condition(job, type) ? job : undefined;
  });
  const eventsOf = async (name: string) => (await cluster.events.list(ns)).items.filter((e) => e.involvedObject.name === name && e.involvedObject.kind === 'Job');

  before(async () => {
    await cluster.start(['job'], { podFailureBackoffMs: 200 });
    await cluster.namespace(ns);
  });
  after(async () => {
    await cluster.stop();
  });

  test('completions 3 / parallelism 2: never more than 2 active, ends Complete with succeeded 3', async () => {
    const created = await cluster.jobs.create(ns, jobSpec('three', { completions: 3, parallelism: 2 }));
    let maxActive = 0;
    for (let done = 0; done < 3; done++) {
      const pods = await cluster.until('an active pod', async () => {
        const active = await activeOf('three');
        maxActive = Math.max(maxActive, active.length);
        return active.length >= Math.min(2, 3 - done) ? active : undefined;
      });
      for (const pod of pods) {
        assert.deepEqual(pod.metadata?.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'three', uid: created.metadata!.uid!, controller: true, blockOwnerDeletion: true }]);
        assert.equal(pod.metadata?.labels?.['batch.kubernetes.io/controller-uid'], created.metadata!.uid);
      }
      await cluster.setReady(pods[0]!);
      await cluster.setPhase(pods[0]!, 'Succeeded');
      await cluster.until(`succeeded ${done + 1}`, async () => ((await cluster.jobs.get(ns, 'three')).status?.succeeded === done + 1 ? true : undefined));
      maxActive = Math.max(maxActive, (await activeOf('three')).length);
    }
    const job = await untilCondition('three', 'Complete');
    assert.ok(maxActive <= 2, `at most 2 active, saw ${maxActive}`);
    assert.equal(job.status?.succeeded, 3);
    assert.equal(job.status?.active ?? 0, 0);
    assert.ok(job.status?.startTime && job.status.completionTime);
    assert.ok(condition(job, 'SuccessCriteriaMet'));
    assert.equal(condition(job, 'Complete')?.reason, 'CompletionsReached');
    // No more pods; the finished ones stay.
    const pods = await cluster.settle(() => podsOf('three'));
    assert.equal(pods.length, 3);
    assert.ok(pods.every((pod) => pod.status?.phase === 'Succeeded'));
    const events = await cluster.until('events', async () => {
      const list = await eventsOf('three');
      return list.some((e) => e.reason === 'Completed') ? list : undefined;
    });
    assert.equal(events.filter((e) => e.reason === 'SuccessfulCreate').reduce((n, e) => n + (e.count ?? 1), 0), 3);
    assert.match(events.find((e) => e.reason === 'SuccessfulCreate')!.message!, /^Created pod: three-/);
    assert.equal(events.find((e) => e.reason === 'Completed')!.message, 'Job completed');
  });

  test('backoffLimit 1: the second failed pod fails the job (BackoffLimitExceeded); active pods deleted', async () => {
    await cluster.jobs.create(ns, jobSpec('flaky', { completions: 4, parallelism: 2, backoffLimit: 1 }));
    const [first] = await untilActive('flaky', 2);
    await cluster.setPhase(first!, 'Failed');
    // Replaced (after the back-off) and counted.
    const replaced = await untilActive('flaky', 2);
    assert.ok(!replaced.some((pod) => pod.metadata?.uid === first!.metadata?.uid));
    assert.equal((await cluster.jobs.get(ns, 'flaky')).status?.failed, 1);
    await cluster.setPhase(replaced[0]!, 'Failed');
    const job = await untilCondition('flaky', 'Failed');
    assert.equal(condition(job, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(condition(job, 'Failed')?.message, 'Job has reached the specified backoff limit');
    assert.ok(condition(job, 'FailureTarget'));
    assert.equal(job.status?.failed, 2);
    assert.equal(job.status?.completionTime, undefined);
    await untilActive('flaky', 0);
    const events = await cluster.until('BackoffLimitExceeded event', async () => (await eventsOf('flaky')).find((e) => e.reason === 'BackoffLimitExceeded'));
    assert.equal(events.type, 'Warning');
  });

  test('activeDeadlineSeconds: DeadlineExceeded, pods deleted', async () => {
    await cluster.jobs.create(ns, jobSpec('slow', { activeDeadlineSeconds: 1 }));
    await untilActive('slow', 1);
    const job = await untilCondition('slow', 'Failed');
    assert.equal(condition(job, 'Failed')?.reason, 'DeadlineExceeded');
    assert.equal(condition(job, 'Failed')?.message, 'Job was active longer than specified deadline');
    await untilActive('slow', 0);
  });

  test('suspend: no pods while suspended (condition Suspended); resume creates them; suspending again deletes them', async () => {
    await cluster.jobs.create(ns, jobSpec('paused', { suspend: true, parallelism: 2, completions: 2 }));
    let job = await untilCondition('paused', 'Suspended');
    assert.equal(condition(job, 'Suspended')?.reason, 'JobSuspended');
    assert.equal(job.status?.startTime, undefined);
    assert.equal((await cluster.settle(() => podsOf('paused'))).length, 0);
    await cluster.jobs.patch(ns, 'paused', 'merge', { spec: { suspend: false } });
    await untilActive('paused', 2);
    job = await cluster.until('resumed', async () => {
      const fresh = await cluster.jobs.get(ns, 'paused');
      return fresh.status?.conditions?.find((c) => c.type === 'Suspended' && c.status === 'False') ? fresh : undefined;
    });
    assert.ok(job.status?.startTime);
    await cluster.jobs.patch(ns, 'paused', 'merge', { spec: { suspend: true } });
    await untilActive('paused', 0);
    await untilCondition('paused', 'Suspended');
    const reasons = (await eventsOf('paused')).map((e) => e.reason);
    assert.ok(reasons.includes('Suspended') && reasons.includes('Resumed'), reasons.join());
  });

  test('Indexed: one pod per index with the index annotation, label and env; completedIndexes', async () => {
    await cluster.jobs.create(ns, jobSpec('indexed', { completionMode: 'Indexed', completions: 3, parallelism: 3 }));
    const pods = await untilActive('indexed', 3);
    const indexes = pods.map((pod) => pod.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    assert.deepEqual(indexes, ['0', '1', '2']);
    for (const pod of pods) {
      const index = pod.metadata!.annotations!['batch.kubernetes.io/job-completion-index'];
      assert.equal(pod.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], index);
      assert.equal(pod.spec?.hostname, `indexed-${index}`);
      assert.ok(pod.spec?.containers[0]!.env?.some((env) => env.name === 'JOB_COMPLETION_INDEX'));
    }
    const byIndex = (i: string) => pods.find((pod) => pod.metadata!.annotations!['batch.kubernetes.io/job-completion-index'] === i)!;
    await cluster.setPhase(byIndex('1'), 'Succeeded');
    // A failed index is retried with a pod of the same index.
    await cluster.setPhase(byIndex('0'), 'Failed');
    const retried = await cluster.until('index 0 again', async () => (await activeOf('indexed')).find((pod: Pod) => pod.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] === '0'));
    await cluster.until('completedIndexes 1', async () => ((await cluster.jobs.get(ns, 'indexed')).status?.completedIndexes === '1' ? true : undefined));
    await cluster.setPhase(retried, 'Succeeded');
    await cluster.setPhase(byIndex('2'), 'Succeeded');
    const job = await untilCondition('indexed', 'Complete');
    assert.equal(job.status?.completedIndexes, '0-2');
    assert.equal(job.status?.succeeded, 3);
    assert.equal(job.status?.failed, 1);
  });

  test('ttlSecondsAfterFinished: the finished job is deleted', async () => {
    await cluster.jobs.create(ns, jobSpec('short-lived', { ttlSecondsAfterFinished: 1 }));
    const [pod] = await untilActive('short-lived', 1);
    await cluster.setPhase(pod!, 'Succeeded');
    await untilCondition('short-lived', 'Complete');
    await cluster.until('job deleted', async () => {
      try {
        await cluster.jobs.get(ns, 'short-lived');
        return undefined;
      } catch {
        return true;
      }
    });
  });

  test('kubectl wait --for=condition=complete returns once the job completes', { skip: kubectlVersionsDir() ? false : 'kubectl 1.32 is not installed' }, async () => {
    await cluster.jobs.create(ns, jobSpec('waited'));
    const waiting = cluster.server.kubectl('32', ['-n', ns, 'wait', '--for=condition=complete', 'job/waited', '--timeout=60s'], { timeoutMs: 70_000 });
    const [pod] = await untilActive('waited', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cluster.setPhase(pod!, 'Succeeded');
    const result = await waiting;
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /job.batch\/waited condition met/);
    const get = await cluster.server.kubectl('32', ['-n', ns, 'get', 'job', 'waited']);
    assert.match(get.stdout, /waited\s+Complete\s+1\/1/);
  });
});
