// /openapi/v3 and its per group-version documents, served with kube-openapi's caching headers
// (ETag, immutable when asked by hash, 301 to the current hash, gzip when accepted).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../api/resource-type.ts';
import { openAPIV3Response, openAPIV3ServiceFor } from '../api/openapi/index.ts';
import { kubernetesVersion } from './discovery.ts';
import { errors } from './status.ts';

export function serveOpenApiV3(req: IncomingMessage, res: ServerResponse, _subpath: string, url: URL, resources: ResourceType[]): void {
  const service = openAPIV3ServiceFor(resources, { serverVersion: kubernetesVersion.gitVersion });
  const answer = openAPIV3Response(service, { path: url.pathname, hash: url.searchParams.get('hash'), headers: req.headers });
  if (!answer) throw errors.notFoundPath();
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
