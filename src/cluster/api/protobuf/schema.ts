// The Kubernetes protobuf schema at run time: the message types from descriptor.generated.ts,
// which message an apiVersion and kind name, and — per message — a plan of how each field maps
// to the JSON form, worked out once from the (minato.*) field options.
import protobuf from 'protobufjs/light.js';
import { kubernetesProtoDescriptor } from './descriptor.generated.ts';

let root: protobuf.Root | undefined;

/** Built on first use: parsing the descriptor takes a few milliseconds that most runs never need. */
export function kubernetesProtoRoot(): protobuf.Root {
  if (!root) {
    root = protobuf.Root.fromJSON(JSON.parse(kubernetesProtoDescriptor) as protobuf.INamespace);
    root.resolveAll();
  }
  return root;
}

const metaV1 = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** meta/v1 kinds that Kubernetes registers in every group version (metav1.AddToGroupVersion, unversioned types). */
const kindsInEveryGroupVersion = new Set([
  'Status',
  'WatchEvent',
  'DeleteOptions',
  'ListOptions',
  'GetOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
  'APIVersions',
  'APIGroupList',
  'APIGroup',
  'APIResourceList',
]);

/** The protobuf package of a group version: apps/v1 → k8s.io.api.apps.v1, rbac.authorization.k8s.io/v1 → k8s.io.api.rbac.v1. */
function packageOf(apiVersion: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (!/^v\d+((alpha|beta)\d+)?$/.test(version)) return undefined;
  if (group === 'meta.k8s.io') return `${metaV1.slice(0, -'.v1'.length)}.${version}`;
  if (group === '') return `k8s.io.api.core.${version}`;
  // Built-in groups are single words (apps, batch) or end in .k8s.io; anything else is someone else's group.
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  return `k8s.io.api.${group.split('.')[0]}.${version}`;
}

/** Whether a message is a kind (a top-level object) rather than a part of one. */
function isKind(type: protobuf.Type): boolean {
  return 'metadata' in type.fields || type.name.endsWith('Options');
}

/** The message of an apiVersion and kind, or undefined when Minato carries none. */
export function messageTypeFor(apiVersion: string, kind: string): protobuf.Type | undefined {
  if (!/^[A-Z]\w*$/.test(kind)) return undefined;
  const pkg = packageOf(apiVersion);
  if (!pkg) return undefined;
  const found = kubernetesProtoRoot().lookup(`${pkg}.${kind}`);
  if (found instanceof protobuf.Type && isKind(found)) return found;
  if (kindsInEveryGroupVersion.has(kind)) return kubernetesProtoRoot().lookupType(`${metaV1}.${kind}`);
  return undefined;
}

export function runtimeUnknownType(): protobuf.Type {
  return kubernetesProtoRoot().lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
}

/** Messages whose JSON form is not an object of their fields (custom MarshalJSON in Go). */
export type SpecialJson = 'time' | 'microTime' | 'duration' | 'quantity' | 'intOrString' | 'rawExtension' | 'unknown' | 'fieldsV1' | 'stringList';

const specialJsonByMessage: Record<string, SpecialJson> = {
  [`.${metaV1}.Time`]: 'time',
  [`.${metaV1}.MicroTime`]: 'microTime',
  [`.${metaV1}.Duration`]: 'duration',
  [`.${metaV1}.FieldsV1`]: 'fieldsV1',
  '.k8s.io.apimachinery.pkg.api.resource.Quantity': 'quantity',
  '.k8s.io.apimachinery.pkg.api.resource.QuantityValue': 'quantity',
  '.k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'intOrString',
  '.k8s.io.apimachinery.pkg.runtime.RawExtension': 'rawExtension',
  '.k8s.io.apimachinery.pkg.runtime.Unknown': 'unknown',
  // Named string slices (metav1.Verbs, authentication and certificates ExtraValue) get a wrapper message {items}; JSON has the bare array.
  [`.${metaV1}.Verbs`]: 'stringList',
  '.k8s.io.api.authentication.v1.ExtraValue': 'stringList',
  '.k8s.io.api.certificates.v1.ExtraValue': 'stringList',
};

export interface FieldPlan {
  /** The property of a protobufjs message. */
  name: string;
  jsonName: string;
  shape: 'scalar' | 'message' | 'repeated' | 'map';
  /** The protobuf scalar type (of the field, its elements or its map values), e.g. "int64", "bytes". */
  scalarType: string;
  /** The message type of the field, its elements or its map values. */
  messageType: protobuf.Type | undefined;
  special: SpecialJson | undefined;
  omitempty: boolean;
  /** The field's message is flattened into the enclosing JSON object (Volume.volumeSource). */
  inline: boolean;
  /** A Go pointer: present-but-zero is kept, absent is null or left out. */
  pointer: boolean;
}

const plans = new WeakMap<protobuf.Type, FieldPlan[]>();

/** The fields of a message in declaration order, which is the Go struct's and so the JSON's. */
export function fieldPlans(type: protobuf.Type): FieldPlan[] {
  let plan = plans.get(type);
  if (!plan) {
    plan = type.fieldsArray.map((field) => {
      const options = field.options ?? {};
      const messageType = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
      const json = options['(minato.json)'] as string | undefined;
      return {
        name: field.name,
        jsonName: (options['json_name'] as string | undefined) ?? field.name,
        shape: field.map ? 'map' : field.repeated ? 'repeated' : messageType ? 'message' : 'scalar',
        scalarType: field.type,
        messageType,
        special: messageType ? specialJsonByMessage[messageType.fullName] : undefined,
        omitempty: json === 'omitempty',
        inline: json === 'inline',
        pointer: options['(minato.pointer)'] === true,
      } satisfies FieldPlan;
    });
    plans.set(type, plan);
  }
  return plan;
}
