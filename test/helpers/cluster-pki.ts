// Test helpers for code that needs the cluster PKI: a throwaway data dir with a real CA, serving
// and admin certificates (made by openssl, as `minato server` makes them), and a tiny HTTPS
// server configured the way the API server is (client certificates requested, verified against
// the CA, but not required).
import { promises as fsp } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ClusterPki, type ClusterPkiOptions, ensureClusterPki } from '../../src/cluster/apiserver/pki/cluster-pki.ts';
import { apiServerTlsOptions } from '../../src/cluster/apiserver/pki/tls-options.ts';

export interface TempPki {
  dataDir: string;
  pki: ClusterPki;
  /** Removes the data dir. */
  cleanup(): Promise<void>;
}

/** A fresh PKI in a temp dir; hostname and interfaces are fixed so the SANs do not depend on the machine. */
export async function tempClusterPki(options: ClusterPkiOptions = {}): Promise<TempPki> {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minato-pki-'));
  try {
    const pki = await ensureClusterPki(dataDir, { hostname: 'minato-test-host', interfaces: {}, ...options });
    return { dataDir, pki, cleanup: () => fsp.rm(dataDir, { recursive: true, force: true }) };
  } catch (err) {
    await fsp.rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

export interface RunningTlsServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 with the API server's TLS options (serving certificate, client certificates requested). */
export async function startTlsServer(pki: ClusterPki, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<RunningTlsServer> {
  const server = createServer(apiServerTlsOptions(pki), handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A node's client certificate (CN=system:node:NAME, O=system:nodes) from the cluster CA in a
 * server's data dir — what csrsigning-controller issues after TLS bootstrapping — for tests that
 * run a node agent as its node without going through a CSR.
 */
export async function nodeClientCredentials(dataDir: string, nodeName: string): Promise<{ cert: string; key: string }> {
  const { createCertificate } = await import('../../src/cluster/apiserver/pki/openssl.ts');
  const { generateEcKeyPem } = await import('../../src/cluster/apiserver/pki/keys.ts');
  const tls = path.join(dataDir, 'tls');
  const [certPem, keyPem] = await Promise.all([fsp.readFile(path.join(tls, 'ca.crt'), 'utf8'), fsp.readFile(path.join(tls, 'ca.key'), 'utf8')]);
  const key = await generateEcKeyPem();
  const cert = await createCertificate({ commonName: `system:node:${nodeName}`, organizations: ['system:nodes'], usage: 'client', keyPem: key, days: 1, signer: { certPem, keyPem } }, tls);
  return { cert, key };
}
