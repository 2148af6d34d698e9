// The node agent (the kubelet's role): registers its Node, keeps its Lease and status fresh, and
// runs the pods bound to it through a RuntimeService. `minato agent` and `minato up` start it.
//
//   const agent = await startAgent({ rest, runtime, nodeName, dataDir, log });
//   …
//   await agent.stop();   // stops following the API; pods keep running (a restart picks them up)
import { promises as fsp } from 'node:fs';
import type { Node } from 'kubernetes-types/core/v1.js';
import { type Clock, InformerFactory, realClock, ResourceClient, resources, type RestClient } from '../client/index.ts';
import type { Logger } from '../../util/log.ts';
import { NodeLease } from './node-lease.ts';
import { registerNode } from './node-registration.ts';
import { allocatableMemory, gatherHostFacts, type HostFacts, NodeStatusReporter } from './node-status.ts';
import { eventRecorder } from './pod-events.ts';
import { PodManager } from './pod-manager.ts';
import { type KubeletServer, startKubeletServer } from './kubelet-server.ts';
import type { RuntimeService } from './runtime-service.ts';

export interface AgentOptions {
  rest: RestClient;
  runtime: RuntimeService;
  nodeName: string;
  /** Where the agent keeps pod volumes and logs (<dataDir>/pods/<uid>, <dataDir>/logs). */
  dataDir: string;
  log: Logger;
  clock?: Clock;
  /** The node's InternalIP (and every pod's hostIP); default: detected. */
  nodeIP?: string;
  /** Lease renewal period; default 10 s. */
  leaseRenewMs?: number;
  /** Heartbeat period of the node status; default 60 s. */
  statusReportMs?: number;
  /** Runtime relist period (how soon container exits are noticed); default 1 s. */
  relistMs?: number;
  /**
   * The kubelet API (logs, exec) for the API server: served when the cluster CA is given (client
   * certificates must chain to it). Port default 10250 (0: any free one), address default the node IP.
   */
  kubelet?: { caCertPem?: string; port?: number; address?: string };
}

export interface Agent {
  readonly nodeName: string;
  readonly facts: HostFacts;
  stop(): Promise<void>;
}

export async function startAgent(options: AgentOptions): Promise<Agent> {
  const clock = options.clock ?? realClock;
  const log = options.log.child({ component: 'agent', node: options.nodeName });
  await fsp.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const version = await options.runtime.version();
  const facts = gatherHostFacts(options.dataDir, `${version.runtimeName}://${version.runtimeVersion}`, options.nodeIP);

  let kubelet: KubeletServer | undefined;
  if (options.kubelet?.caCertPem) {
    kubelet = await startKubeletServer({
      runtime: options.runtime,
      caCertPem: options.kubelet.caCertPem,
      address: options.kubelet.address ?? facts.nodeIP,
      port: options.kubelet.port ?? 10250,
      nodeName: options.nodeName,
      dataDir: options.dataDir,
      log,
    });
    facts.kubeletPort = kubelet.port;
  } else {
    log.warn('no cluster CA given: the kubelet API (kubectl logs/exec) is not served');
  }

  const nodes = new ResourceClient(options.rest, resources.nodes);
  let node: Node | undefined;
  try {
    node = await registerNode(nodes, options.nodeName, facts);
  } catch (err) {
    await kubelet?.close();
    throw err;
  }
  log.info({ nodeIP: facts.nodeIP }, 'node registered');

  const lease = new NodeLease({ leases: new ResourceClient(options.rest, resources.leases), node: () => node, nodeName: options.nodeName, clock, log, renewEveryMs: options.leaseRenewMs });
  lease.start();
  const reporter = new NodeStatusReporter({ nodes, nodeName: options.nodeName, facts, clock, log, reportEveryMs: options.statusReportMs });
  reporter.start();

  const factory = new InformerFactory(options.rest, { log, clock });
  const events = eventRecorder(new ResourceClient(options.rest, resources.events), options.nodeName, log);
  const pods = new PodManager({
    factory,
    runtime: options.runtime,
    nodeName: options.nodeName,
    dataDir: options.dataDir,
    hostIP: facts.nodeIP,
    nodeCpuMillis: facts.cpuCores * 1000,
    nodeMemoryBytes: allocatableMemory(facts),
    event: events.sink,
    clock,
    log,
    relistMs: options.relistMs,
  });
  const abort = new AbortController();
  try {
    await pods.start(abort.signal);
  } catch (err) {
    lease.stop();
    reporter.stop();
    await pods.stop();
    await events.close();
    await kubelet?.close();
    throw err;
  }

  let stopped = false;
  return {
    nodeName: options.nodeName,
    facts,
    async stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      lease.stop();
      reporter.stop();
      await pods.stop();
      await factory.stopAll();
      await events.close();
      await kubelet?.close();
      node = undefined;
    },
  };
}
