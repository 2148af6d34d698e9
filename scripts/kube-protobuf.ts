// Maintains Minato's copy of the Kubernetes protobuf schema (src/cluster/api/protobuf/proto/)
// and the descriptor module the server loads (src/cluster/api/protobuf/descriptor.generated.ts).
//
//   node scripts/kube-protobuf.ts descriptor
//       Recompiles descriptor.generated.ts from the .proto files. Run after editing them; a unit
//       test fails while the two disagree.
//
//   node scripts/kube-protobuf.ts transcribe <k8s.io/api dir> <k8s.io/apimachinery dir> <version>
//       Rewrites the .proto files from upstream checkouts (e.g. `git archive v0.33.13 | tar -x`),
//       then recompiles the descriptor. Only for moving to a new Kubernetes version.
//
// Transcribing keeps each upstream message and field (name, number, type) and drops the doc
// comments. It adds what the wire format does not say but the JSON form needs, read from the
// struct tags of the Go types beside each generated.proto: the json tag's option (omitempty or
// inline) and whether the Go field is a pointer (present-but-zero then differs from absent).
import protobuf from 'protobufjs';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileProtoDescriptor, descriptorModuleSource } from '../src/cluster/api/protobuf/compile-descriptor.ts';

const protobufDir = path.resolve(import.meta.dirname, '..', 'src', 'cluster', 'api', 'protobuf');
const protoDir = path.join(protobufDir, 'proto');

/** The upstream packages Minato carries: every kind the API server serves and what they use. */
const apiPackages = [
  'core/v1',
  'apps/v1',
  'batch/v1',
  'networking/v1',
  'storage/v1',
  'rbac/v1',
  'coordination/v1',
  'discovery/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'policy/v1',
  'scheduling/v1',
  'authentication/v1',
  'certificates/v1',
];
const apimachineryPackages = ['pkg/apis/meta/v1', 'pkg/runtime', 'pkg/runtime/schema', 'pkg/api/resource', 'pkg/util/intstr'];

interface GoField {
  /** The json tag's options: "omitempty", "inline", or "" for neither. */
  json: string;
  pointer: boolean;
  jsonName: string;
}

/** Struct name → protobuf field number → what the Go field says. */
type GoStructs = Map<string, Map<number, GoField>>;

function readGoStructs(dir: string, metav1Structs?: GoStructs): GoStructs {
  const structs: GoStructs = new Map();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    let current: Map<number, GoField> | undefined;
    for (const line of lines) {
      // `type List metav1.List` (core/v1): the same fields as the meta/v1 struct.
      const alias = /^type (\w+) metav1\.(\w+)$/.exec(line);
      const aliased = alias && metav1Structs?.get(alias[2]!);
      if (aliased) structs.set(alias[1]!, aliased);
      const start = /^type (\w+) struct \{/.exec(line);
      if (start) {
        current = new Map();
        structs.set(start[1]!, current);
        continue;
      }
      if (line.startsWith('}')) current = undefined;
      if (!current) continue;
      // `Name Type `tags`` or, for an embedded struct, `Type `tags``.
      const field = /^\s+(?:(\w+)\s+)?(\S+)\s+`([^`]*)`/.exec(line);
      if (!field) continue;
      const tags = field[3]!;
      const protobufTag = /protobuf:"(\w+),(\d+),/.exec(tags);
      if (!protobufTag) continue;
      const jsonTag = /json:"([^"]*)"/.exec(tags)?.[1] ?? '';
      const [jsonName = '', ...options] = jsonTag.split(',');
      current.set(Number(protobufTag[2]), {
        json: options.includes('inline') ? 'inline' : options.includes('omitempty') ? 'omitempty' : '',
        pointer: field[2]!.startsWith('*'),
        jsonName,
      });
    }
  }
  return structs;
}

function fieldLine(field: protobuf.Field, go: GoField | undefined, where: string): string {
  const options: string[] = [];
  // protobuf's own option for a JSON name other than the field's (BoundObjectReference.uID is "uid").
  if (go && go.json !== 'inline' && /^\w+$/.test(go.jsonName) && go.jsonName !== field.name) options.push(`json_name = "${go.jsonName}"`);
  if (go?.json) options.push(`(minato.json) = "${go.json}"`);
  if (go?.pointer) options.push('(minato.pointer) = true');
  // Expected for the messages whose JSON form is custom (Time, Quantity, IntOrString, …).
  if (!go) console.warn(`${where}: no Go field with this protobuf tag; transcribed without JSON options`);
  const suffix = options.length > 0 ? ` [${options.join(', ')}]` : '';
  if (field instanceof protobuf.MapField) return `  map<${field.keyType}, ${field.type}> ${field.name} = ${field.id}${suffix};`;
  return `  ${field.repeated ? 'repeated' : 'optional'} ${field.type} ${field.name} = ${field.id}${suffix};`;
}

function transcribe(upstreamFile: string, goDir: string, importPath: string, version: string, module: string, metav1Structs?: GoStructs): void {
  const text = readFileSync(upstreamFile, 'utf8');
  const parsed = protobuf.parse(text, { keepCase: true });
  const structs = readGoStructs(goDir, metav1Structs);
  const namespace = parsed.root.lookup(parsed.package!) as protobuf.Namespace;
  const out: string[] = [
    `// Transcribed from ${module} ${version}, ${importPath.replace(/^k8s\.io\/(api|apimachinery)\//, '')}`,
    '// (Copyright The Kubernetes Authors, Apache License 2.0) by scripts/kube-protobuf.ts: every',
    '// message and field as upstream, doc comments dropped, (minato.*) options from the Go struct tags.',
    '',
    'syntax = "proto2";',
    '',
    `package ${parsed.package};`,
    '',
    ...(parsed.imports ?? []).map((name) => `import "${name}";`),
    'import "minato/json.proto";',
    '',
  ];
  for (const message of namespace.nestedArray) {
    if (!(message instanceof protobuf.Type)) throw new Error(`${upstreamFile}: ${message.name} is not a message`);
    const goFields = structs.get(message.name);
    out.push(`message ${message.name} {`);
    for (const field of message.fieldsArray) {
      out.push(fieldLine(field, goFields?.get(field.id), `${parsed.package}.${message.name}.${field.name}`));
    }
    out.push('}', '');
  }
  const target = path.join(protoDir, importPath);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, out.join('\n'));
}

function writeDescriptor(): void {
  const descriptor = compileProtoDescriptor(protoDir);
  writeFileSync(path.join(protobufDir, 'descriptor.generated.ts'), descriptorModuleSource(descriptor));
  console.log(`descriptor.generated.ts: ${descriptor.length} bytes of JSON`);
}

const [command, apiDir, apimachineryDir, version] = process.argv.slice(2);
if (command === 'transcribe' && apiDir && apimachineryDir && version) {
  rmSync(path.join(protoDir, 'k8s.io'), { recursive: true, force: true });
  const metav1Structs = readGoStructs(path.join(apimachineryDir, 'pkg/apis/meta/v1'));
  for (const pkg of apiPackages) {
    const dir = path.join(apiDir, pkg);
    transcribe(path.join(dir, 'generated.proto'), dir, `k8s.io/api/${pkg}/generated.proto`, version, 'k8s.io/api', metav1Structs);
  }
  for (const pkg of apimachineryPackages) {
    const dir = path.join(apimachineryDir, pkg);
    transcribe(path.join(dir, 'generated.proto'), dir, `k8s.io/apimachinery/${pkg}/generated.proto`, version, 'k8s.io/apimachinery');
  }
  writeDescriptor();
} else if (command === 'descriptor') {
  writeDescriptor();
} else {
  console.error('usage: node scripts/kube-protobuf.ts descriptor | transcribe <k8s.io/api dir> <k8s.io/apimachinery dir> <version>');
  process.exit(2);
}
