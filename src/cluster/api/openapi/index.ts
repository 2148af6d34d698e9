// The OpenAPI module: what the API server publishes at /openapi/v3 and what it knows about
// each kind's shape — for kubectl (explain, apply's field validation and patch computation),
// for server-side field validation, and for the patch algorithms. The schemas are generated
// from kubernetes-types by scripts/generate-openapi.ts (run by the build).
export type { OpenAPIResource } from './openapi-resource.ts';
export { createOpenAPIV3Service, openAPIV3ServiceFor, type OpenAPIV3Service, type ServedDocument } from './service.ts';
export { openAPIV3Response, type OpenAPIRequest, type OpenAPIResponse } from './http.ts';
export { buildDocument, type OpenAPIDocument, type DocumentOptions } from './document.ts';
export { patchSchemaFor } from './patch-schema-for.ts';
export { unknownFieldPaths, unknownFieldMessage } from './unknown-fields.ts';
export { definitions, definitionNameOf } from './definitions.ts';
export type { Schema, Definitions, GroupVersionKind } from './schema.ts';
