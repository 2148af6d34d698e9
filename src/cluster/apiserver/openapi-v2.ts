// /openapi/v2: kubectl falls back to it (in protobuf only) for a kind the v3 documents do not
// describe, and gives up with "failed to download openapi" when it is missing — where
// Kubernetes' kubectl would say the kind does not exist. The server describes everything in
// v3; v2 is served as an empty document (no paths, no definitions), so kubectl goes on to its
// own, clearer error. The protobuf form is gnostic's openapi.v2.Document: swagger = 1,
// info = 2 (title = 1, version = 2), paths = 8.
import type { IncomingMessage, ServerResponse } from 'node:http';
import protobuf from 'protobufjs/light.js';
import { kubernetesVersion } from './discovery.ts';

// kubectl asks with "…spec.v2@v1.0+protobuf"; kube-openapi answers "…spec.v2.v1.0+protobuf" (Go's mime parser refuses the @).
export const openApiV2ProtobufType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function protobufDocument(): Uint8Array {
  const info = protobuf.Writer.create().uint32((1 << 3) | 2).string('Kubernetes').uint32((2 << 3) | 2).string(kubernetesVersion.gitVersion).finish();
  return protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .string('2.0')
    .uint32((2 << 3) | 2)
    .bytes(info)
    .uint32((8 << 3) | 2)
    .bytes(new Uint8Array(0))
    .finish();
}

export function serveOpenApiV2(req: IncomingMessage, res: ServerResponse): void {
  const accept = req.headers.accept ?? '';
  if (accept.includes('protobuf')) {
    const body = protobufDocument();
    res.writeHead(200, { 'Content-Type': openApiV2ProtobufType, 'Content-Length': body.length });
    res.end(body);
    return;
  }
  const body = JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: kubernetesVersion.gitVersion }, paths: {}, definitions: {} });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
