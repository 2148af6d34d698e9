// storage.k8s.io/v1 StorageClass. Nothing about it may change after creation but its
// annotations, labels, mount options and allowVolumeExpansion.
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { forbidden, invalid, notSupported, required } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { isQualifiedName, nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { defaultTo, view } from './object-view.ts';
import { age, ageColumn, column, nameColumn } from './table.ts';
import { standardVerbs } from './verbs.ts';

const reclaimPolicies = ['Delete', 'Retain'];
const bindingModes = ['Immediate', 'WaitForFirstConsumer'];
const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

function validateClass(storageClass: StorageClass): FieldError[] {
  const errors: FieldError[] = [];
  if (!storageClass.provisioner) errors.push(required('provisioner'));
  else errors.push(...isQualifiedName(storageClass.provisioner.toLowerCase()).map((message) => invalid('provisioner', storageClass.provisioner, message)));
  const parameters = storageClass.parameters ?? {};
  if (Object.keys(parameters).length > 512) errors.push({ type: 'FieldValueTooLong', field: 'parameters', detail: 'may not be more than 512 bytes' });
  if (storageClass.reclaimPolicy && !reclaimPolicies.includes(storageClass.reclaimPolicy)) {
    errors.push(notSupported('reclaimPolicy', storageClass.reclaimPolicy, reclaimPolicies));
  }
  if (!storageClass.volumeBindingMode) errors.push(required('volumeBindingMode'));
  else if (!bindingModes.includes(storageClass.volumeBindingMode)) errors.push(notSupported('volumeBindingMode', storageClass.volumeBindingMode, bindingModes));
  return errors;
}

function validateUpdate(storageClass: StorageClass, old: StorageClass): FieldError[] {
  const errors: FieldError[] = [];
  if (!semanticEqual(storageClass.parameters, old.parameters)) errors.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (storageClass.provisioner !== old.provisioner) errors.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (storageClass.reclaimPolicy !== old.reclaimPolicy) errors.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (storageClass.volumeBindingMode !== old.volumeBindingMode) errors.push(invalid('volumeBindingMode', storageClass.volumeBindingMode, 'field is immutable'));
  return errors;
}

export const storageClassResource: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  listKind: 'StorageClassList',
  plural: 'storageclasses',
  singular: 'storageclass',
  namespaced: false,
  shortNames: ['sc'],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults(object: KubeObject) {
    const storageClass = view<StorageClass>(object);
    defaultTo(storageClass, 'reclaimPolicy', 'Delete');
    defaultTo(storageClass, 'volumeBindingMode', 'Immediate');
  },

  validate(object, old) {
    const storageClass = view<StorageClass>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: false, name: nameIsDNSSubdomain });
    errors.push(...validateClass(storageClass));
    if (old) errors.push(...validateUpdate(storageClass, view<StorageClass>(old)));
    return errors;
  },

  table: {
    columns: [
      nameColumn(),
      column('Provisioner', 'provisioner indicates the type of the provisioner.'),
      column('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
      column('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
      column('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
      ageColumn(),
    ],
    row(object, now) {
      const storageClass = view<StorageClass>(object);
      const annotations = object.metadata?.annotations ?? {};
      const isDefault = defaultClassAnnotations.some((key) => annotations[key] === 'true');
      const name = `${object.metadata?.name ?? ''}${isDefault ? ' (default)' : ''}`;
      return [
        name,
        storageClass.provisioner ?? '',
        storageClass.reclaimPolicy ?? 'Delete',
        storageClass.volumeBindingMode ?? 'Immediate',
        storageClass.allowVolumeExpansion ?? false,
        age(object, now),
      ];
    },
  },
};
