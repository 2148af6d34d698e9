// A small stand-in for metrics-server running beside the API server (its pkg/scraper): every
// resolution (15 s, metrics-server's default) it scrapes each Ready node's kubelet
// /metrics/resource and feeds the samples to a MetricsStore, which turns the last two into rates.
//
// It runs only while metrics are being asked for, so an idle cluster pays nothing: the first
// request starts it, and it stops (forgetting every sample) after `idleMs` without a request.
// metrics-server needs two scrapes before it has a rate — a fresh one answers nothing for the
// first resolution — so on start this scrapes twice, `firstWindowMs` (1 s) apart, and the first
// request waits for that: `kubectl top` works at once.
//
//   const scraper = new MetricsScraper({ readyNodes, fetchMetrics, log });
//   await scraper.ready();           // on every metrics request
//   scraper.store.nodeUsage('n1');
//   scraper.stop();                   // on shutdown
import type { Node } from 'kubernetes-types/core/v1.js';
import { messageOf } from '../../../util/errors.ts';
import type { Logger } from '../../../util/log.ts';
import { parseSamples } from '../../../util/prometheus-text.ts';
import { batchOf, MetricsStore } from './metrics-store.ts';

export interface MetricsScraperOptions {
  /** The nodes to scrape: the Ready ones. */
  readyNodes(): Promise<Node[]>;
  /** The node's kubelet /metrics/resource body. */
  fetchMetrics(node: Node): Promise<string>;
  log: Logger;
  /** Default 15 s. */
  resolutionMs?: number;
  /** Default 1 s. */
  firstWindowMs?: number;
  /** Default 5 min. */
  idleMs?: number;
}

export class MetricsScraper {
  private readonly options: MetricsScraperOptions;
  private readonly resolutionMs: number;
  private readonly idleMs: number;
  private current: MetricsStore | undefined;
  private starting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRequest = 0;
  /** Bumped by stop(), so that a start under way when it came does not begin scraping after all. */
  private generation = 0;

  constructor(options: MetricsScraperOptions) {
    this.options = options;
    this.resolutionMs = options.resolutionMs ?? 15_000;
    this.idleMs = options.idleMs ?? 5 * 60_000;
  }

  /** Whether it is scraping now. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** What the scrapes found; empty while stopped. */
  get store(): MetricsStore {
    return this.current ?? new MetricsStore();
  }

  /** Marks a metrics request; starts scraping (and waits for the first two scrapes) when stopped. */
  ready(): Promise<void> {
    this.lastRequest = Date.now();
    if (this.current) return Promise.resolve();
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<void> {
    const store = new MetricsStore();
    const generation = this.generation;
    this.options.log.info({ resolutionMs: this.resolutionMs }, 'metrics scraping started: metrics.k8s.io was asked for');
    await this.scrape(store);
    await new Promise((resolve) => setTimeout(resolve, this.options.firstWindowMs ?? 1000));
    await this.scrape(store);
    if (generation !== this.generation) return;
    this.current = store;
    this.timer = setInterval(() => {
      if (Date.now() - this.lastRequest > this.idleMs) {
        this.options.log.info('metrics scraping stopped: no metrics request for a while');
        this.stop();
        return;
      }
      void this.scrape(store);
    }, this.resolutionMs);
    this.timer.unref();
  }

  stop(): void {
    this.generation++;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.current = undefined;
  }

  /** One round over the Ready nodes; a node that fails is logged and loses its samples, the others go on. */
  private async scrape(store: MetricsStore): Promise<void> {
    let nodes: Node[];
    try {
      nodes = await this.options.readyNodes();
    } catch (err) {
      this.options.log.warn({ err }, 'metrics scrape: the nodes could not be listed');
      return;
    }
    const names = new Set(nodes.map((node) => node.metadata?.name ?? ''));
    await Promise.all(
      nodes.map(async (node) => {
        const name = node.metadata?.name ?? '';
        try {
          store.storeNode(name, batchOf(parseSamples(await this.options.fetchMetrics(node))));
        } catch (err) {
          names.delete(name);
          this.options.log.warn({ node: name }, `metrics scrape of node "${name}" failed: ${messageOf(err)}`);
        }
      }),
    );
    store.retainNodes(names);
  }
}
