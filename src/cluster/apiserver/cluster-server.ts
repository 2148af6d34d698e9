// `minato server` assembled: the store (embedded SQLite in the data dir, or etcd), the cluster
// PKI and admin kubeconfig, Secrets encrypted at rest, RBAC with Kubernetes' bootstrap policy,
// authentication by client certificate and bearer token, and the API server on HTTPS.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Server } from 'node:https';
import type { Secret } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../util/log.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import { systemPriorityClasses } from '../api/kinds/priority-class.ts';
import { allResources } from '../api/registry.ts';
import type { Storage } from '../storage/storage.ts';
import { ApiServer } from './api-server.ts';
import type { RequestAttributes } from './auth/attributes.ts';
import { ClusterAuth } from './auth/cluster-auth.ts';
import type { UserInfo } from './auth/user.ts';
import { bootstrapRbacObjects } from './auth/rbac/bootstrap-policy.ts';
import { RbacCache, type RbacObject } from './auth/rbac/source.ts';
import { ensureNodeJoin } from './node-join.ts';
import { fillNewObjectMetadata } from './object-metadata.ts';
import { ObjectMirror } from './object-mirror.ts';
import { ensureClusterPki } from './pki/cluster-pki.ts';
import { writeAdminKubeconfig } from './pki/kubeconfig.ts';
import { apiServerTlsOptions } from './pki/tls-options.ts';
import { AesGcmTransformer, loadEncryptionKey } from './secret-encryption.ts';
import { ServiceAllocator } from './service-allocator.ts';
import { isMinatoError } from '../../util/errors.ts';
import type { WatchSettings } from './rest/watch-handler.ts';

export interface ClusterServerConfig {
  dataDir: string;
  port: number;
  bindAddress: string;
  /** Where to write the admin kubeconfig (default DATA-DIR/kubeconfig.yaml). */
  kubeconfigPath?: string;
  /** etcd (http://host:port or etcd://host:port); embedded SQLite when absent. */
  datastoreEndpoint?: string;
  tlsSans?: string[];
  tokenAuthFile?: string;
  /** --service-cidr (default 10.43.0.0/16, as k3s). */
  serviceCidr?: string;
  /** --service-node-port-range (default 30000-32767). */
  nodePortRange?: [number, number];
  watch?: Partial<WatchSettings>;
  /** How often history is compacted (kube-apiserver's --etcd-compaction-interval; default 5 minutes; 0: never). */
  compactionIntervalMs?: number;
  /** How many revisions compaction keeps (kine keeps 1000). */
  compactionRetainRevisions?: number;
  log: Logger;
}

export interface ClusterServer {
  apiServer: ApiServer;
  /** The port actually listened on (config.port, or the one picked for 0). */
  port: number;
  kubeconfigPath: string;
  /** The cluster CA's files: what the CSR signer signs with. */
  caFiles: { certFile: string; keyFile: string };
  /** The server's authorizer (RBAC), for in-process components that must ask it (the CSR approver). */
  authorize(user: UserInfo, attributes: RequestAttributes): boolean;
  close(): Promise<void>;
}

async function openStorage(config: ClusterServerConfig): Promise<Storage> {
  if (config.datastoreEndpoint) {
    const { openEtcdStorage } = await import('../storage/etcd/etcd-storage.ts');
    return openEtcdStorage(config.datastoreEndpoint.replace(/^etcd:\/\//, 'http://'));
  }
  const { openSqliteStorage } = await import('../storage/sqlite/sqlite-storage.ts');
  await fsp.mkdir(path.join(config.dataDir, 'db'), { recursive: true, mode: 0o700 });
  return openSqliteStorage(path.join(config.dataDir, 'db', 'state.db'));
}

function find(resources: ResourceType[], group: string, plural: string): ResourceType {
  const type = resources.find((candidate) => candidate.group === group && candidate.plural === plural);
  if (!type) throw new Error(`the registry has no ${plural}.${group}`);
  return type;
}

/** Creates an object the cluster must have, unless it is there already (a user may have changed it). */
async function ensureObject(apiServer: ApiServer, type: ResourceType, object: KubeObject, now: Date): Promise<void> {
  if (await apiServer.store.get(type, object.metadata?.namespace, object.metadata!.name!)) return;
  const copy = structuredClone(object);
  fillNewObjectMetadata(copy, now);
  type.prepareForCreate?.(copy);
  type.defaults(copy);
  await apiServer.store.create(type, copy).catch((err: unknown) => {
    if (!isMinatoError(err, 'Conflict')) throw err;
  });
}

/** The `kubernetes` Service in default (the first service IP, port 443) and its Endpoints: the API server. */
async function ensureKubernetesService(apiServer: ApiServer, resources: ResourceType[], allocator: ServiceAllocator, address: string, port: number, now: Date): Promise<void> {
  const services = find(resources, '', 'services');
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: allocator.kubernetesServiceIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }], sessionAffinity: 'None' },
  };
  if (!(await apiServer.store.get(services, 'default', 'kubernetes'))) {
    await allocator.allocate(service);
    await ensureObject(apiServer, services, service, now);
  }
  const endpointsType = find(resources, '', 'endpoints');
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: address }], ports: [{ name: 'https', port, protocol: 'TCP' }] }],
  };
  const current = await apiServer.store.get(endpointsType, 'default', 'kubernetes');
  if (!current) await ensureObject(apiServer, endpointsType, endpoints, now);
  else if (JSON.stringify(current.object.subsets) !== JSON.stringify(endpoints.subsets)) {
    await apiServer.store.update(endpointsType, { ...current.object, subsets: endpoints.subsets }, current.revision).catch((err: unknown) => {
      if (!isMinatoError(err, 'Conflict')) throw err;
    });
  }
}

export async function startClusterServer(config: ClusterServerConfig): Promise<ClusterServer> {
  const log = config.log;
  await fsp.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const storage = await openStorage(config);
  const allocator = new ServiceAllocator(storage, { serviceCidr: config.serviceCidr ?? '10.43.0.0/16', nodePortRange: config.nodePortRange ?? [30000, 32767], log: log.child({ component: 'service-allocator' }) });
  // Pods reach the API server at the `kubernetes` Service's address: the certificate names it.
  const pki = await ensureClusterPki(config.dataDir, { bindAddress: config.bindAddress, extraSans: [...(config.tlsSans ?? []), allocator.kubernetesServiceIP] });
  for (const made of (pki as { generated?: unknown[] }).generated ?? []) log.info({ made }, 'cluster PKI');
  const kubeconfigPath = config.kubeconfigPath ?? path.join(config.dataDir, 'kubeconfig.yaml');
  const encryption = new AesGcmTransformer(await loadEncryptionKey(config.dataDir));
  const resources = allResources();
  const secrets = find(resources, '', 'secrets');
  const rbac = new RbacCache();
  let auth: ClusterAuth | undefined;
  const apiServer = new ApiServer({
    storage,
    resources,
    serverAddress: `${config.bindAddress}:${config.port}`,
    transformerFor: (type) => (type === secrets ? encryption : undefined),
    authenticate: (req) => auth!.authenticate(req as Parameters<ClusterAuth['authenticate']>[0]),
    authorize: (user, info) => auth!.authorize(user, info),
    issueToken: (request) => auth!.issueServiceAccountToken(request),
    serviceAllocator: allocator,
    watch: config.watch,
    kubeletClient: { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem },
    log,
  });
  await apiServer.start();
  const now = new Date();
  const policy = bootstrapRbacObjects();
  for (const role of policy.clusterRoles) await ensureObject(apiServer, find(resources, 'rbac.authorization.k8s.io', 'clusterroles'), role as unknown as KubeObject, now);
  for (const priorityClass of systemPriorityClasses) await ensureObject(apiServer, find(resources, 'scheduling.k8s.io', 'priorityclasses'), structuredClone(priorityClass) as unknown as KubeObject, now);
  for (const binding of policy.clusterRoleBindings) await ensureObject(apiServer, find(resources, 'rbac.authorization.k8s.io', 'clusterrolebindings'), binding as unknown as KubeObject, now);

  // What every request consults, kept in memory from the store's changes.
  const rbacListener = { upsert: (object: KubeObject) => rbac.upsert(object as unknown as RbacObject), remove: (object: KubeObject) => rbac.remove(object as unknown as RbacObject) };
  const mirrors = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].map(
    (plural) => new ObjectMirror(find(resources, 'rbac.authorization.k8s.io', plural), apiServer.watchCache(find(resources, 'rbac.authorization.k8s.io', plural)), log, rbacListener),
  );
  const serviceAccounts = new ObjectMirror(find(resources, '', 'serviceaccounts'), apiServer.watchCache(find(resources, '', 'serviceaccounts')), log);
  await Promise.all([...mirrors, serviceAccounts].map((mirror) => mirror.start()));
  const identity = (object: KubeObject | undefined) => (object ? { uid: object.metadata!.uid!, ...(object.metadata!.deletionTimestamp ? { deletionTimestamp: object.metadata!.deletionTimestamp } : {}) } : undefined);
  // Pods are many (a copy of each would cost the server ~5 kB per pod): a token bound to one is
  // checked against the store.
  const podType = find(resources, '', 'pods');
  auth = await ClusterAuth.create({
    pki,
    rbac,
    serviceAccounts: {
      serviceAccount: (namespace, name) => identity(serviceAccounts.get(namespace, name)),
      pod: async (namespace, name) => identity((await apiServer.store.get(podType, namespace, name))?.object),
    },
    // Bootstrap tokens are read from the store (decrypted) when one is presented: only joining nodes use them.
    bootstrapSecrets: async (name) => (await apiServer.store.get(secrets, 'kube-system', name))?.object as Secret | undefined,
    tokenAuthFile: config.tokenAuthFile,
  });

  const { createServer } = process.getBuiltinModule('node:https') as typeof import('node:https');
  const server: Server = createServer(apiServerTlsOptions(pki), (req, res) => {
    void apiServer.handle(req, res);
  });
  // kubectl exec's WebSocket (or SPDY) upgrade: relayed to the pod's node agent.
  server.on('upgrade', (req, socket, head: Buffer) => {
    void apiServer.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (err, socket) => {
    log.debug({ err }, 'client error');
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  await ensureKubernetesService(apiServer, resources, allocator, config.bindAddress === '0.0.0.0' ? '127.0.0.1' : config.bindAddress, port, now);
  // Allocations older than one repair interval that no Service holds are freed.
  let repairedUpTo = await storage.currentRevision();
  const repairTimer = setInterval(() => {
    void (async () => {
      const upTo = repairedUpTo;
      repairedUpTo = await storage.currentRevision();
      await apiServer.repairServiceAllocations(upTo);
    })().catch((err: unknown) => log.warn({ err }, 'service allocation repair failed'));
  }, 60_000);
  repairTimer.unref();
  // History older than the last `retain` revisions goes: watches and continue tokens from before
  // it get 410 Expired, as with Kubernetes on etcd.
  const retain = config.compactionRetainRevisions ?? 1000;
  const compactionTimer = (config.compactionIntervalMs ?? 300_000) > 0
    ? setInterval(() => {
        void (async () => {
          const target = (await storage.currentRevision()) - retain;
          if (target > (await storage.compactedRevision())) await storage.compact(target);
        })().catch((err: unknown) => log.warn({ err }, 'compaction failed'));
      }, config.compactionIntervalMs ?? 300_000)
    : undefined;
  compactionTimer?.unref();
  const serverUrl = `https://${config.bindAddress.includes(':') ? `[${config.bindAddress}]` : config.bindAddress === '0.0.0.0' ? '127.0.0.1' : config.bindAddress}:${port}`;
  await ensureNodeJoin(
    {
      ensure: (plural, group, object) => ensureObject(apiServer, find(resources, group, plural), object, new Date()),
      get: async (plural, group, namespace, name) => (await apiServer.store.get(find(resources, group, plural), namespace, name))?.object,
      replace: async (plural, group, object) => {
        const type = find(resources, group, plural);
        const current = await apiServer.store.get(type, object.metadata?.namespace, object.metadata!.name!);
        if (current) await apiServer.store.update(type, object, current.revision);
      },
    },
    { dataDir: config.dataDir, serverUrl, caCertPem: pki.caCertPem, log },
  );
  // The kubeconfig last: its appearance tells scripts and tests the server is ready, node token included.
  await writeAdminKubeconfig(kubeconfigPath, { server: serverUrl, caCertPem: pki.caCertPem, clientCertPem: pki.adminCertPem, clientKeyPem: pki.adminKeyPem });
  log.info({ address: `https://${config.bindAddress}:${port}`, kubeconfig: kubeconfigPath, datastore: config.datastoreEndpoint ?? 'sqlite' }, 'API server listening');
  return {
    apiServer,
    port,
    kubeconfigPath,
    caFiles: { certFile: pki.files.caCert, keyFile: pki.files.caKey },
    authorize: (user, attributes) => auth!.authorize(user, attributes).allowed,
    close: async () => {
      clearInterval(repairTimer);
      clearInterval(compactionTimer);
      for (const mirror of [...mirrors, serviceAccounts]) mirror.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apiServer.close();
      await storage.close();
    },
  };
}
