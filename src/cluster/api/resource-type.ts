// What the API server knows about one kind of object: where it lives in the API (group,
// version, plural), how kubectl names it (shortNames, categories), whether it is namespaced,
// its subresources, and its strategy — defaulting, validation, what an update may change, and
// how `kubectl get` prints it (a Table). One ResourceType per kind, all listed in the registry
// (api/registry.ts); the API server serves exactly what the registry holds.
import type { FieldError } from './field-error.ts';

/** Any Kubernetes object in its JSON form. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  [field: string]: unknown;
}

/** Who writes: some kinds record it (a CertificateSigningRequest's spec.username, groups, uid, extra). */
export interface RequestUser {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** A column of `kubectl get` (meta.k8s.io/v1 TableColumnDefinition). priority 0: always shown; 1: with -o wide. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  priority: number;
}

export interface ScaleSubresource {
  /** JSON paths (dotted) of the replica counts and the label selector, as in a CRD's scale subresource. */
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  /** The list kind, e.g. PodList. */
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** The verbs discovery advertises (create, delete, deletecollection, get, list, patch, update, watch). */
  verbs: string[];
  /**
   * approval: CertificateSigningRequest's subresource, written like status but changing only
   * status.conditions; finalize: Namespace's, changing only spec.finalizers.
   */
  subresources: { status?: boolean; scale?: ScaleSubresource; approval?: boolean; finalize?: boolean };
  /**
   * Kubernetes' defaulting, in place: what `kubectl get -o yaml` shows that the user did not
   * write (e.g. a Deployment's strategy, a container's terminationMessagePath, a Service's
   * sessionAffinity). Runs on create, update and patch results.
   */
  defaults(object: KubeObject): void;
  /** Validation of a new object (old absent) or of an update (old given: immutable fields). */
  validate(object: KubeObject, old?: KubeObject): FieldError[];
  /**
   * What create resets (status, for kinds with a status subresource) and what an update of the
   * main resource keeps from the old object (its status) — and whether the spec changed, so the
   * server bumps metadata.generation. Kinds without a status subresource leave both alone.
   */
  prepareForCreate?(object: KubeObject, user?: RequestUser): void;
  prepareForUpdate?(object: KubeObject, old: KubeObject): void;
  /**
   * After the server kept the spec and labels of a /status (or /approval) update: what else the
   * kind keeps from `old` (a CSR's /approval changes only the conditions, its /status never them).
   * For a kind's own subresource (a Namespace's /finalize) it alone says what the update changes.
   */
  prepareForSubresourceUpdate?(subresource: string, object: KubeObject, old: KubeObject): void;
  /** Fields `fieldSelector` may use besides metadata.name and metadata.namespace (e.g. status.phase, spec.nodeName). */
  selectableFields?(object: KubeObject): Record<string, string>;
  /**
   * For a kind served in several versions (HorizontalPodAutoscaler autoscaling/v1 and v2): the
   * version objects are stored in, and the conversions between this version and it. The store
   * keeps one copy of each object; every served version reads and writes it through these.
   * Absent: this version is the storage version.
   */
  storageConversion?: {
    storageVersion: string;
    /** This version's object → the storage version's (apiVersion set accordingly). */
    toStorage(object: KubeObject): KubeObject;
    /** The storage version's object → this version's (apiVersion set accordingly). */
    fromStorage(object: KubeObject): KubeObject;
  };
  /** How `kubectl get` prints it. */
  table: {
    columns: TableColumn[];
    /** The cells of one row, one per column (the first, NAME, included). */
    row(object: KubeObject, now: Date): unknown[];
  };
}

export function groupVersion(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}
