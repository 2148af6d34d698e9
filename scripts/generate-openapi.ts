// Generates the OpenAPI schema definitions the API server publishes (/openapi/v3) and checks
// objects against, from the npm package kubernetes-types: its .d.ts files are generated from
// Kubernetes' own OpenAPI spec and keep each definition's fields, which are required, and the
// descriptions (as JSDoc) — everything `kubectl explain` prints. No npm package ships the spec
// itself, so this reads those declarations back with the TypeScript compiler API.
//
// What the declarations lost, and where it comes back from:
//  - integer vs number and int32/int64, and `byte` strings (TypeScript has only `number` and
//    `string`): from the attribute type maps of @kubernetes/client-node, generated from the
//    same spec (a dev dependency, like this script's other inputs);
//  - the special types (IntOrString is written `number | string`; Quantity, Time, MicroTime
//    are `string` aliases): written here the way Kubernetes publishes them;
//  - the list and map merge semantics (x-kubernetes-patch-strategy, …-list-type, …): not
//    here — the runtime lays Minato's own table (src/cluster/api/openapi/list-semantics.ts)
//    over these definitions when it loads them, so editing the table needs no regeneration.
//
// Output: src/cluster/api/openapi/generated/definitions.ts (gitignored), the definitions as
// gzipped JSON in a base64 string — a plain module, so it loads the same way from src/ (node
// strips types) and from the esbuild bundle, without files beside the bundle. Written only
// when its content changes. scripts/build.ts runs this before bundling; run it by hand with
// `node scripts/generate-openapi.ts` after changing it.
import ts from 'typescript';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Definitions, GroupVersionKind, Schema } from '../src/cluster/api/openapi/schema.ts';
import { refTo } from '../src/cluster/api/openapi/schema.ts';

const root = path.resolve(import.meta.dirname, '..');
const typesRoot = path.join(root, 'node_modules', 'kubernetes-types');
const clientModels = path.join(root, 'node_modules', '@kubernetes', 'client-node', 'dist', 'gen', 'models');
const outFile = path.join(root, 'src', 'cluster', 'api', 'openapi', 'generated', 'definitions.ts');

/** The declaration files read, by their path under kubernetes-types, and the definition-name prefix of each. */
const sources: Record<string, string> = {
  'meta/v1': 'io.k8s.apimachinery.pkg.apis.meta.v1',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
  'core/v1': 'io.k8s.api.core.v1',
  'apps/v1': 'io.k8s.api.apps.v1',
  'batch/v1': 'io.k8s.api.batch.v1',
  'networking/v1': 'io.k8s.api.networking.v1',
  'storage/v1': 'io.k8s.api.storage.v1',
  'rbac/v1': 'io.k8s.api.rbac.v1',
  'coordination/v1': 'io.k8s.api.coordination.v1',
  'discovery/v1': 'io.k8s.api.discovery.v1',
  'policy/v1': 'io.k8s.api.policy.v1',
  'scheduling/v1': 'io.k8s.api.scheduling.v1',
  'autoscaling/v1': 'io.k8s.api.autoscaling.v1',
  'autoscaling/v2': 'io.k8s.api.autoscaling.v2',
  'certificates/v1': 'io.k8s.api.certificates.v1',
};

const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

// The special types, as Kubernetes' /openapi/v3 documents publish them (kube-openapi's
// OpenAPIV3Definition of each): kubectl explain shows a field whose definition has no `type`
// by the definition's name (`maxSurge <IntOrString>`, `limits <map[string]Quantity>`).
const specialBodies: Record<string, Schema> = {
  [intOrString]: { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
};
// kubernetes-types writes IntOrString inline, so its description is not among the JSDoc.
const intOrStringDescription =
  'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.';

interface SourceFile {
  key: string; // 'core/v1'
  prefix: string;
  file: ts.SourceFile;
  /** Local name → definition name, for this file's own declarations and its imports. */
  names: Map<string, string>;
}

function readSource(key: string): SourceFile {
  const fileName = path.join(typesRoot, `${key}.d.ts`);
  const file = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), ts.ScriptTarget.Latest, true);
  const prefix = sources[key]!;
  const names = new Map<string, string>();
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      names.set(statement.name.text, `${prefix}.${statement.name.text}`);
    } else if (ts.isImportDeclaration(statement)) {
      const from = path.posix.join(path.posix.dirname(key), (statement.moduleSpecifier as ts.StringLiteral).text);
      const fromPrefix = sources[from];
      if (!fromPrefix) throw new Error(`${key}.d.ts imports ${from}, which is not among the sources`);
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) throw new Error(`${key}.d.ts: unexpected import form`);
      for (const element of bindings.elements) names.set(element.name.text, `${fromPrefix}.${(element.propertyName ?? element.name).text}`);
    }
  }
  return { key, prefix, file, names };
}

function describe(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join('\n').trim();
  return text || undefined;
}

// ---- formats from @kubernetes/client-node ---------------------------------------------------

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

const attributeCache = new Map<string, Attribute[] | undefined>();

/** client-node names io.k8s.api.core.v1.Pod V1Pod, and prefixes the group when two groups share a name (CoreV1Event). */
function clientModelNames(definition: string): string[] {
  const parts = definition.split('.');
  const name = parts.at(-1)!;
  const version = parts.at(-2)!;
  const group = definition.startsWith('io.k8s.api.') ? parts[3]! : '';
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const names = [`${capital(version)}${name}`];
  if (group) names.unshift(`${capital(group)}${capital(version)}${name}`);
  return names;
}

async function attributesOf(definition: string, fields: string[]): Promise<Attribute[] | undefined> {
  if (attributeCache.has(definition)) return attributeCache.get(definition);
  let found: Attribute[] | undefined;
  for (const className of clientModelNames(definition)) {
    const file = path.join(clientModels, `${className}.js`);
    if (!existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as Record<string, { attributeTypeMap?: Attribute[] }>;
    const attributes = module[className]?.attributeTypeMap;
    // A same-named model of another group would lack our fields: take it only when it has them all.
    if (attributes && fields.every((field) => attributes.some((a) => a.baseName === field))) {
      found = attributes;
      break;
    }
  }
  attributeCache.set(definition, found);
  return found;
}

// ---- declarations to schemas ----------------------------------------------------------------

interface Context {
  source: SourceFile;
  definition: string;
  /** The published format of this property's scalar leaves (int32, int64, double, byte), if any. */
  format?: string;
  missingFormats: string[];
}

function typeSchema(node: ts.TypeNode, context: Context, where: string): Schema {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: {
      return context.format === 'byte' ? { type: 'string', format: 'byte' } : { type: 'string' };
    }
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.NumberKeyword: {
      if (context.format === 'double') return { type: 'number', format: 'double' };
      if (context.format === 'int32' || context.format === 'int64') return { type: 'integer', format: context.format };
      context.missingFormats.push(where);
      return { type: 'integer', format: 'int32' };
    }
    case ts.SyntaxKind.LiteralType:
      return { type: 'string' }; // apiVersion?: "apps/v1", kind?: "Deployment"
  }
  if (ts.isParenthesizedTypeNode(node)) return typeSchema(node.type, context, where);
  if (ts.isUnionTypeNode(node)) {
    const kinds = node.types.map((t) => t.kind).sort();
    if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) {
      return { $ref: refTo(intOrString) };
    }
  }
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: typeSchema(node.elementType, context, where) };
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    if (name === 'Array' && node.typeArguments?.length === 1) {
      return { type: 'array', items: typeSchema(node.typeArguments[0]!, context, where) };
    }
    const target = context.source.names.get(name);
    if (target) return { $ref: refTo(target) };
  }
  if (ts.isTypeLiteralNode(node) && node.members.length === 1) {
    const member = node.members[0]!;
    if (ts.isIndexSignatureDeclaration(member) && member.type) {
      return { type: 'object', additionalProperties: typeSchema(member.type, context, where) };
    }
  }
  throw new Error(`${where}: unsupported type ${node.getText()}`);
}

/** A field's schema with its description; a bare reference is wrapped in allOf (see schema.ts). */
function withDescription(schema: Schema, description: string | undefined): Schema {
  if (!description) return schema;
  if (schema.$ref !== undefined) return { allOf: [schema], description };
  return { description, ...schema };
}

async function interfaceSchema(declaration: ts.InterfaceDeclaration, source: SourceFile, missingFormats: string[]): Promise<Schema> {
  const definition = `${source.prefix}.${declaration.name.text}`;
  const members = declaration.members.filter(ts.isPropertySignature);
  if (members.length !== declaration.members.length) throw new Error(`${definition}: members other than properties`);
  const numericFields = members.filter((m) => m.type && /\bnumber\b/.test(m.type.getText()) && !/\bstring\b/.test(m.type.getText())).map((m) => (m.name as ts.Identifier).text);
  const stringFields = members.filter((m) => m.type && /\bstring\b/.test(m.type.getText())).map((m) => (m.name as ts.Identifier).text);
  const attributes = numericFields.length + stringFields.length > 0 ? await attributesOf(definition, [...numericFields, ...stringFields]) : undefined;

  const schema: Schema = {};
  const description = describe(declaration);
  if (description) schema.description = description;
  schema.type = 'object';
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  let apiVersion: string | undefined;
  let kind: string | undefined;
  for (const member of members) {
    const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : member.name.getText();
    if (!member.type) throw new Error(`${definition}.${name}: no type`);
    const format = attributes?.find((a) => a.baseName === name)?.format || undefined;
    const context: Context = { source, definition, missingFormats, ...(format ? { format } : {}) };
    properties[name] = withDescription(typeSchema(member.type, context, `${definition}.${name}`), describe(member));
    if (!member.questionToken) required.push(name);
    if (ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) {
      if (name === 'apiVersion') apiVersion = member.type.literal.text;
      if (name === 'kind') kind = member.type.literal.text;
    }
  }
  if (members.length > 0) schema.properties = properties;
  if (required.length > 0) schema.required = required;
  if (apiVersion !== undefined && kind !== undefined) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const gvk: GroupVersionKind = { group: group!, kind, version: version! };
    schema['x-kubernetes-group-version-kind'] = [gvk];
  }
  return schema;
}

function aliasSchema(declaration: ts.TypeAliasDeclaration, source: SourceFile): Schema {
  const definition = `${source.prefix}.${declaration.name.text}`;
  const body = specialBodies[definition];
  if (!body) throw new Error(`${definition}: a type alias with no known published form (${declaration.type.getText()})`);
  const description = describe(declaration);
  return description ? { description, ...body } : { ...body };
}

export async function generateDefinitions(): Promise<{ definitions: Definitions; missingFormats: string[] }> {
  const definitions: Definitions = {};
  const missingFormats: string[] = [];
  for (const key of Object.keys(sources)) {
    const source = readSource(key);
    for (const statement of source.file.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        definitions[`${source.prefix}.${statement.name.text}`] = await interfaceSchema(statement, source, missingFormats);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        definitions[`${source.prefix}.${statement.name.text}`] = aliasSchema(statement, source);
      }
    }
  }
  definitions[intOrString] = { description: intOrStringDescription, ...specialBodies[intOrString]! };
  const sorted: Definitions = {};
  for (const name of Object.keys(definitions).sort()) sorted[name] = definitions[name]!;
  return { definitions: sorted, missingFormats };
}

function moduleText(definitions: Definitions): string {
  const typesVersion = (JSON.parse(readFileSync(path.join(typesRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const gz = gzipSync(JSON.stringify(definitions), { level: 9 }).toString('base64');
  return [
    '// Generated by scripts/generate-openapi.ts — do not edit, do not commit (see .gitignore).',
    `// The OpenAPI definitions of kubernetes-types ${typesVersion}, as gzipped JSON (base64).`,
    `export const source = 'kubernetes-types ${typesVersion}';`,
    `export const definitionsGzipBase64 =\n  '${gz}';`,
    '',
  ].join('\n');
}

/** Generates the definitions and writes the module if its content changed; returns a one-line summary. */
export async function writeGeneratedDefinitions(): Promise<string> {
  const started = performance.now();
  const { definitions, missingFormats } = await generateDefinitions();
  // A number with no format in client-node: published as int32, the common case; say so, since
  // it means client-node and kubernetes-types disagree about a field.
  for (const where of missingFormats) console.warn(`generate-openapi: no format known for ${where}; using int32`);
  const text = moduleText(definitions);
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (text !== current) {
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, text);
  }
  const ms = Math.round(performance.now() - started);
  return `generate-openapi: ${Object.keys(definitions).length} definitions, ${text.length} bytes${text === current ? ' (unchanged)' : ''}, ${ms} ms`;
}

if (import.meta.main) console.log(await writeGeneratedDefinitions());
