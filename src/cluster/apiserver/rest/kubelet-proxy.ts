// What pods/log, pods/exec, pods/attach and pods/portforward share: the pod's container as Kubernetes picks and checks it
// (pkg/registry/core/pod/strategy.go LogLocation/ExecLocation), the node agent that runs it
// (the Node's address and status.daemonEndpoints.kubeletEndpoint.Port), and the API server's
// client certificate for the agent's kubelet API.
//
// The agent's serving certificate is self-signed and is NOT verified (rejectUnauthorized:
// false), as kube-apiserver without --kubelet-certificate-authority and k3s by default do: the
// connection is authenticated the other way round — the agent only accepts the API server's
// CA-signed client certificate — so a man in the middle would have to be on the node network.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod, Node } from 'kubernetes-types/core/v1.js';
import type { ResourceType } from '../../api/resource-type.ts';
import type { ObjectStore } from '../object-store.ts';
import { errors } from '../status.ts';

export interface KubeletClientCredentials {
  certPem: string;
  keyPem: string;
}

export interface KubeletTarget {
  pod: Pod;
  container: string;
  host: string;
  port: number;
}

export interface KubeletAccess {
  store: ObjectStore;
  pods: ResourceType;
  nodes: ResourceType;
  credentials?: KubeletClientCredentials;
}

/** The container a request means: the one named, or the only one; kubectl's messages otherwise. */
export function chooseContainer(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata?.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).map((c) => c.name);
  if (!requested) {
    if (containers.length === 1) return containers[0]!;
    let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (inits.length > 0) message += ` or one of the init containers: [${inits.join(' ')}]`;
    if (ephemeral.length > 0) message += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw errors.badRequest(message);
  }
  if (![...containers, ...inits, ...ephemeral].includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** The address to reach a node's agent at: InternalIP first, as kube-apiserver's default preference. */
export function nodeAddress(node: Node): string | undefined {
  const addresses = node.status?.addresses ?? [];
  for (const type of ['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS']) {
    const found = addresses.find((address) => address.type === type && address.address);
    if (found) return found.address;
  }
  return undefined;
}

export async function locateContainer(access: KubeletAccess, namespace: string, name: string, requested: string | undefined): Promise<KubeletTarget> {
  let container = '';
  const located = await locatePod(access, namespace, name, (pod) => (container = chooseContainer(pod, requested)));
  return { ...located, container };
}

/** The pod and the agent of its node; `check` sees the pod before its node is looked up. */
export async function locatePod(access: KubeletAccess, namespace: string, name: string, check?: (pod: Pod) => void): Promise<Omit<KubeletTarget, 'container'>> {
  if (!access.credentials) throw errors.badRequest('this API server has no client certificate for node agents: pods/log, pods/exec, pods/attach and pods/portforward are not available');
  const stored = await access.store.get(access.pods, namespace, name);
  if (!stored) throw errors.notFound({ group: '', plural: 'pods' }, name);
  const pod = stored.object as Pod;
  check?.(pod);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  const node = (await access.store.get(access.nodes, undefined, nodeName))?.object as Node | undefined;
  if (!node) throw errors.badRequest(`node "${nodeName}" of pod ${name} not found`);
  const endpoint = kubeletEndpoint(node);
  if (!endpoint) throw errors.badRequest(`node "${nodeName}" has no address: its agent cannot be reached`);
  return { pod, ...endpoint };
}

/** Where the node's agent serves the kubelet API; undefined when the node has no address. */
export function kubeletEndpoint(node: Node): { host: string; port: number } | undefined {
  const host = nodeAddress(node);
  return host ? { host, port: node.status?.daemonEndpoints?.kubeletEndpoint?.Port || 10250 } : undefined;
}

/** A non-2xx answer of the agent as the Status to give the client (the agent sends Status JSON). */
export function statusFromKubelet(code: number, body: string): Error {
  try {
    const status = JSON.parse(body) as { message?: string; reason?: string; code?: number };
    if (typeof status.message === 'string') {
      if (code === 400) return errors.badRequest(status.message);
      if (code === 404) return errors.badRequest(status.message);
      if (code === 403) return errors.internal(`the node agent refused the API server: ${status.message}`);
      return errors.internal(status.message);
    }
  } catch {
    // not JSON: below
  }
  return errors.internal(`the node agent answered ${code}: ${body.slice(0, 200)}`);
}

/** TLS options for requests to an agent. */
export function kubeletTlsOptions(credentials: KubeletClientCredentials) {
  return { cert: credentials.certPem, key: credentials.keyPem, rejectUnauthorized: false, minVersion: 'TLSv1.2' as const };
}

/**
 * An agent's 101 goes back to the client as it is (its Sec-WebSocket-Accept was computed from the
 * client's own key), then the two upgraded connections are joined byte for byte until either ends.
 */
export function relayUpgraded(client: Duplex, clientHead: Buffer, agentResponse: IncomingMessage, agent: Duplex, agentHead: Buffer): void {
  const lines = ['HTTP/1.1 101 Switching Protocols'];
  for (let i = 0; i + 1 < agentResponse.rawHeaders.length; i += 2) lines.push(`${agentResponse.rawHeaders[i]}: ${agentResponse.rawHeaders[i + 1]}`);
  client.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (agentHead.length > 0) client.write(agentHead);
  if (clientHead.length > 0) agent.write(clientHead);
  const closeBoth = () => {
    client.destroy();
    agent.destroy();
  };
  client.on('error', closeBoth);
  agent.on('error', closeBoth);
  client.once('close', closeBoth);
  agent.once('close', closeBoth);
  client.pipe(agent);
  agent.pipe(client);
}
