// The shape every controller shares (Kubernetes' controller pattern): event handlers only
// enqueue keys ("namespace/name"); N workers take keys from one WorkQueue and call sync(key),
// which reads the informers' caches, copies before changing, and writes through the client. A
// sync that throws is retried after the queue's per-key back-off (and logged); one that
// succeeds resets the key's back-off. The queue guarantees one key is never synced by two
// workers at once.
//
// Lifecycle: construct (the subclass registers its informers and handlers), start() — waits
// for every informer to sync, then starts the workers — and stop(), which shuts the queue
// down and waits for the workers to finish what they hold. The informers belong to whoever
// made them (an InformerFactory shared by several controllers).
import type { Logger } from '../../util/log.ts';
import { messageOf } from '../../util/errors.ts';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { type ClientObject, type Clock, isConflict, type LabelMatcher, labelSelectorMatcher, objectKey, type RateLimiter, realClock, type SharedInformer, WorkQueue } from '../client/index.ts';

export type ControllerLog = Pick<Logger, 'info' | 'warn' | 'debug' | 'error'>;

export interface ControllerOptions {
  log: ControllerLog;
  /** Workers calling sync concurrently (on different keys); default 1. */
  workers?: number;
  clock?: Clock;
  rateLimiter?: RateLimiter;
  /** Wall-clock time (conditions, minReadySeconds); default new Date(). */
  now?: () => Date;
}

export abstract class Controller {
  readonly name: string;
  protected readonly queue: WorkQueue;
  protected readonly log: ControllerLog;
  protected readonly clock: Clock;
  protected readonly now: () => Date;
  private readonly workers: number;
  private readonly watched: SharedInformer<ClientObject>[] = [];
  private readonly abort = new AbortController();
  private workerLoops: Promise<void>[] = [];
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  constructor(name: string, options: ControllerOptions) {
    this.name = name;
    this.log = options.log;
    this.clock = options.clock ?? realClock;
    this.now = options.now ?? (() => new Date());
    this.workers = Math.max(1, options.workers ?? 1);
    this.queue = new WorkQueue({ clock: this.clock, ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}) });
  }

  /** Brings `key` in line with what is desired. Throwing retries it with back-off. */
  abstract sync(key: string): Promise<void>;

  /** Informers whose first sync start() waits for. */
  protected watch<T extends ClientObject>(informer: SharedInformer<T>): SharedInformer<T> {
    this.watched.push(informer as unknown as SharedInformer<ClientObject>);
    return informer;
  }

  /**
   * The owner's label selector as a matcher; undefined (logged) when it is invalid, which a retry
   * cannot mend (the API server should have refused it), so the caller skips the sync.
   */
  protected selectorFor(key: string, selector: LabelSelector | undefined): LabelMatcher | undefined {
    try {
      return labelSelectorMatcher(selector);
    } catch (err) {
      this.log.warn({ controller: this.name, key, err: messageOf(err) }, 'invalid selector; not syncing');
      return undefined;
    }
  }

  /** Queues an object (or a key). */
  enqueue(objectOrKey: ClientObject | string): void {
    this.queue.add(typeof objectOrKey === 'string' ? objectOrKey : objectKey(objectOrKey));
  }

  enqueueAfter(objectOrKey: ClientObject | string, ms: number): void {
    this.queue.addAfter(typeof objectOrKey === 'string' ? objectOrKey : objectKey(objectOrKey), ms);
  }

  /** Waits for the informers, then runs the workers (resolves once they run). */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`the ${this.name} controller was started already`);
    this.state = 'starting';
    try {
      await Promise.all(this.watched.map((informer) => informer.waitForSync(this.abort.signal)));
    } catch (err) {
      if (this.abort.signal.aborted) return;
      throw err;
    }
    if (this.abort.signal.aborted) return;
    this.state = 'running';
    this.log.info({ controller: this.name, workers: this.workers }, 'controller started');
    for (let i = 0; i < this.workers; i++) this.workerLoops.push(this.worker());
  }

  /** Stops taking keys and waits for the syncs in progress. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.abort.abort(new Error(`the ${this.name} controller stopped`));
    this.queue.shutDown();
    await Promise.all(this.workerLoops);
    this.workerLoops = [];
  }

  get isStopped(): boolean {
    return this.state === 'stopped';
  }

  /** Processes one key (exposed for tests that drive a controller by hand). */
  async processKey(key: string): Promise<boolean> {
    try {
      await this.sync(key);
      return true;
    } catch (err) {
      if (this.state === 'stopped') return false;
      // A write on a stale cache (409) is routine: the retry reads the newer object.
      const level = isConflict(err) ? 'debug' : 'warn';
      this.log[level]({ controller: this.name, key, err: messageOf(err), requeues: this.queue.numRequeues(key) }, 'sync failed; retrying');
      return false;
    }
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        if (await this.processKey(key)) this.queue.forget(key);
        else this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }
}
