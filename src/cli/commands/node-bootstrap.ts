// How `minato agent --server URL --token TOKEN` becomes a node with its own credentials, as
// `kubeadm join` and the kubelet's TLS bootstrapping do it:
//
//   1. discovery: read ConfigMap kube-public/cluster-info anonymously — over TLS left unverified
//      for this one read, since the CA is what we are learning — and take the CA from its
//      kubeconfig; with --discovery-token-ca-cert-hash the CA must match a pinned hash (else the
//      join stops), without one a warning says it was not verified; then read it again over TLS
//      verified with that CA, which proves the server holds a certificate from it;
//   2. a new ECDSA key and a certificate request for CN=system:node:<name>, O=system:nodes,
//      created as a CertificateSigningRequest (signer kubernetes.io/kube-apiserver-client-kubelet)
//      with the bootstrap token;
//   3. waiting until the request is approved and issued (the control plane auto-approves it);
//   4. DATA-ROOT/kubelet.kubeconfig (0600): the server, the CA, the certificate and key. Later
//      starts reuse it while it is for the same server and its certificate is valid for this node
//      (and from its CA), so the token is needed once. The certificate is not rotated before it
//      expires (the kubelet's rotation is not done): after a year, a start with a token joins anew.
import { createHash, X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { parse as parseYaml } from 'yaml';
import { KUBE_APISERVER_CLIENT_KUBELET_SIGNER, NODE_USER_PREFIX, NODES_GROUP } from '../../cluster/api/certificates/signers.ts';
import type { ClientConfig } from '../../cluster/client/index.ts';
import type { Logger } from '../../util/log.ts';
import { CliFailure } from '../command.ts';

export const NODE_KUBECONFIG = 'kubelet.kubeconfig';
const clusterInfoPath = '/api/v1/namespaces/kube-public/configmaps/cluster-info';

export interface NodeBootstrapOptions {
  /** --server: https://HOST:PORT */
  server: string;
  /** --token; needed only when no valid kubelet.kubeconfig exists yet. */
  token?: string;
  /** --discovery-token-ca-cert-hash values (sha256:HEX). */
  caCertHashes: string[];
  nodeName: string;
  /** DATA-ROOT: where kubelet.kubeconfig is kept. */
  dataRoot: string;
  log: Pick<Logger, 'info' | 'warn'>;
  /** How long to wait for the certificate; default 10 minutes. */
  timeoutMs?: number;
}

/** The node's credentials: from DATA-ROOT/kubelet.kubeconfig if still good, else by TLS bootstrapping. */
export async function nodeCredentials(options: NodeBootstrapOptions): Promise<ClientConfig> {
  const file = path.join(options.dataRoot, NODE_KUBECONFIG);
  const { loadKubeconfig } = await import('../../cluster/client/index.ts');
  const existing = await fsp.access(file).then(() => loadKubeconfig(file), () => undefined);
  const problem = existing ? (existing.server !== options.server ? `it is for ${existing.server}, not --server ${options.server}` : certificateProblem(existing, options.nodeName)) : 'no node kubeconfig yet';
  if (!problem) {
    options.log.info({ kubeconfig: file }, 'using the node credentials from an earlier join');
    return existing!;
  }
  if (!options.token) throw new CliFailure(`minato agent needs --token to join: ${file}: ${problem}`, 125);
  options.log.info({ kubeconfig: file, reason: problem }, 'joining the cluster with the bootstrap token');
  const caCertPem = await discoverCa(options);
  const { keyPem, certPem } = await requestCertificate(options, caCertPem);
  const { writeAdminKubeconfig } = await import('../../cluster/apiserver/pki/kubeconfig.ts');
  await fsp.mkdir(options.dataRoot, { recursive: true, mode: 0o711 });
  await writeAdminKubeconfig(file, { server: options.server, caCertPem, clientCertPem: certPem, clientKeyPem: keyPem, mode: 0o600 });
  options.log.info({ kubeconfig: file, user: nodeUser(options.nodeName) }, 'node certificate issued; node kubeconfig written');
  return loadKubeconfig(file);
}

function nodeUser(nodeName: string): string {
  return `${NODE_USER_PREFIX}${nodeName}`;
}

/** Why a kubeconfig's client certificate cannot serve this node, or undefined when it can. */
function certificateProblem(config: ClientConfig, nodeName: string): string | undefined {
  if (!config.cert || !config.key) return 'it has no client certificate';
  const cert = new X509Certificate(config.cert);
  if (config.ca && !cert.verify(new X509Certificate(config.ca).publicKey)) return 'its certificate is not from the cluster CA it names (was the cluster made anew?)';
  const now = Date.now();
  if (cert.validToDate.getTime() <= now) return `its certificate expired on ${cert.validToDate.toISOString()}`;
  if (cert.validFromDate.getTime() > now + 5 * 60_000) return 'its certificate is not valid yet';
  const commonName = cert.subject.split('\n').find((line) => line.startsWith('CN='))?.slice(3);
  if (commonName !== nodeUser(nodeName)) return `its certificate is for ${commonName ?? 'no common name'}, not ${nodeUser(nodeName)}`;
  return undefined;
}

async function readClusterInfo(config: ClientConfig): Promise<string> {
  const { RestClient } = await import('../../cluster/client/index.ts');
  const rest = new RestClient(config, { component: 'agent-bootstrap', timeoutMs: 15_000 });
  try {
    const configMap = await rest.request<{ data?: Record<string, string> }>('GET', clusterInfoPath);
    const kubeconfig = configMap.data?.kubeconfig;
    if (!kubeconfig) throw new CliFailure(`${config.server}${clusterInfoPath} has no kubeconfig key: is this a Minato (or kubeadm) cluster?`);
    return kubeconfig;
  } finally {
    rest.close();
  }
}

/** Step 1: the cluster CA from kube-public/cluster-info, pinned by the hashes when given. */
async function discoverCa(options: NodeBootstrapOptions): Promise<string> {
  const unverified = await readClusterInfo({ server: options.server, insecureSkipTlsVerify: true }).catch((err: unknown) => {
    if (err instanceof CliFailure) throw err;
    throw new CliFailure(`cannot read cluster-info from ${options.server}: ${(err as Error).message}`);
  });
  const document = parseYaml(unverified) as { clusters?: { cluster?: Record<string, string> }[] } | null;
  const caData = document?.clusters?.[0]?.cluster?.['certificate-authority-data'];
  if (!caData) throw new CliFailure(`cluster-info from ${options.server} names no certificate-authority-data`);
  const caCertPem = Buffer.from(caData, 'base64').toString('utf8');
  const { caCertHash, matchesCaCertHash } = await import('../../cluster/apiserver/pki/ca-cert-hash.ts');
  if (options.caCertHashes.length > 0) {
    if (!matchesCaCertHash(caCertPem, options.caCertHashes)) {
      throw new CliFailure(`the cluster CA of ${options.server} (${caCertHash(caCertPem)}) matches no --discovery-token-ca-cert-hash: refusing to join`);
    }
  } else {
    options.log.warn({ caCertHash: caCertHash(caCertPem) }, 'joining without --discovery-token-ca-cert-hash: the cluster CA is NOT verified (anyone between this node and the server could pose as it)');
  }
  // The same read over verified TLS: the server holds a certificate from that CA.
  await readClusterInfo({ server: options.server, ca: caCertPem }).catch((err: unknown) => {
    throw new CliFailure(`${options.server} does not present a certificate from the CA in its cluster-info: ${(err as Error).message}`);
  });
  return caCertPem;
}

/** Steps 2 and 3: key, CSR, wait for the certificate. */
async function requestCertificate(options: NodeBootstrapOptions, caCertPem: string): Promise<{ keyPem: string; certPem: string }> {
  const { generateEcKeyPem } = await import('../../cluster/apiserver/pki/keys.ts');
  const { createCertificateRequest } = await import('../../cluster/apiserver/pki/openssl.ts');
  const { RestClient, resources, ResourceClient, isAlreadyExists } = await import('../../cluster/client/index.ts');
  const keyPem = await generateEcKeyPem();
  await fsp.mkdir(options.dataRoot, { recursive: true, mode: 0o711 });
  const requestPem = await createCertificateRequest({ commonName: nodeUser(options.nodeName), organizations: [NODES_GROUP], keyPem }, options.dataRoot);
  const rest = new RestClient({ server: options.server, ca: caCertPem, token: options.token! }, { component: 'agent-bootstrap' });
  try {
    const csrs = new ResourceClient(rest, resources.certificateSigningRequests);
    // The kubelet names its request after a digest of the key and subject: a retry finds its own.
    const name = `node-csr-${createHash('sha256').update(requestPem).digest('base64url').slice(0, 43)}`;
    const csr: CertificateSigningRequest = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: { request: Buffer.from(requestPem).toString('base64'), signerName: KUBE_APISERVER_CLIENT_KUBELET_SIGNER, usages: ['digital signature', 'client auth'] },
    };
    await csrs.create(undefined, csr).catch((err: unknown) => {
      if (isAlreadyExists(err)) return;
      throw new CliFailure(`cannot create the certificate signing request with the bootstrap token: ${(err as Error).message}`);
    });
    options.log.info({ csr: name, user: nodeUser(options.nodeName) }, 'certificate signing request created; waiting for approval and the certificate');
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    for (;;) {
      const current = await csrs.get(undefined, name);
      const refused = (current.status?.conditions ?? []).find((condition) => condition.type === 'Denied' || condition.type === 'Failed');
      if (refused) throw new CliFailure(`certificate signing request ${name} was ${refused.type === 'Denied' ? 'denied' : 'failed'}: ${refused.reason ?? ''} ${refused.message ?? ''}`.trim());
      if (current.status?.certificate) return { keyPem, certPem: Buffer.from(current.status.certificate, 'base64').toString('utf8') };
      if (Date.now() > deadline) throw new CliFailure(`certificate signing request ${name} was not issued in time: approve it with \`kubectl certificate approve ${name}\`, or check the control plane's csrapproving/csrsigning controllers`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    rest.close();
  }
}
