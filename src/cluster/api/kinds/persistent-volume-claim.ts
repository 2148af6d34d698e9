// core/v1 PersistentVolumeClaim.
import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { forbidden, invalid, notSupported, required } from '../validation/errors.ts';
import { cloneJson, differingPaths, semanticEqual } from '../validation/equality.ts';
import { validateLabelSelector } from '../validation/label-selector.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { Quantity, quantityFormatError } from '../validation/quantity.ts';
import { canonicalizeResourceList } from '../validation/resources.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { accessModes, accessModesCell, storageClassOf, volumeModes } from './storage-columns.ts';
import { keepStatus } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

/** SetDefaults_PersistentVolumeClaimSpec, also used for StatefulSet volumeClaimTemplates. */
export function defaultClaimSpec(spec: PersistentVolumeClaimSpec): void {
  defaultTo(spec, 'volumeMode', 'Filesystem');
  canonicalizeResourceList(spec.resources?.requests);
  canonicalizeResourceList(spec.resources?.limits);
}

/** ValidatePersistentVolumeClaimSpec: access modes, a positive storage request, known modes. */
export function validateClaimSpec(spec: PersistentVolumeClaimSpec | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const claim = spec ?? {};
  const modes = claim.accessModes ?? [];
  if (modes.length === 0) errors.push(required(`${path}.accessModes`, 'at least 1 access mode is required'));
  for (const mode of modes) if (!accessModes.includes(mode)) errors.push(notSupported(`${path}.accessModes`, mode, accessModes));
  errors.push(...validateLabelSelector(claim.selector, `${path}.selector`));
  const storagePath = `${path}.resources[storage]`;
  const storage = claim.resources?.requests?.storage;
  if (storage === undefined) {
    errors.push(required(storagePath));
  } else {
    const quantity = Quantity.parse(storage);
    if (!quantity) errors.push(invalid(storagePath, storage, quantityFormatError));
    else if (quantity.sign() <= 0) errors.push(invalid(storagePath, quantity.toString(), 'must be greater than zero'));
  }
  if (claim.volumeMode && !volumeModes.includes(claim.volumeMode)) errors.push(notSupported(`${path}.volumeMode`, claim.volumeMode, volumeModes));
  return errors;
}

/** Claims are immutable except for growing a bound claim's storage request and, once, the volume name. */
function validateUpdate(claim: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const errors: FieldError[] = [];
  const next = cloneJson(claim.spec ?? {});
  const previous = cloneJson(old.spec ?? {});
  if (!previous.volumeName) previous.volumeName = next.volumeName;
  if (!previous.storageClassName && old.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] === next.storageClassName) {
    previous.storageClassName = next.storageClassName;
  }
  if (claim.status?.phase === 'Bound' && next.resources?.requests) next.resources.requests.storage = previous.resources?.requests?.storage ?? next.resources.requests.storage;
  if (!semanticEqual(next, previous)) {
    errors.push(
      forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n  changed: ${differingPaths(previous, next).join(', ')}`),
    );
  }
  const newSize = Quantity.parse(claim.spec?.resources?.requests?.storage);
  const oldSize = Quantity.parse(old.spec?.resources?.requests?.storage);
  if (newSize && oldSize && newSize.cmp(oldSize) < 0) errors.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  return errors;
}

export const persistentVolumeClaimResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  listKind: 'PersistentVolumeClaimList',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  namespaced: true,
  shortNames: ['pvc'],
  categories: [],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults(object: KubeObject) {
    defaultClaimSpec(child<PersistentVolumeClaimSpec>(object, 'spec'));
    const status = child<{ phase?: string }>(object, 'status');
    status.phase ||= 'Pending';
  },

  validate(object, old) {
    const claim = view<PersistentVolumeClaim>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    errors.push(...validateClaimSpec(claim.spec, 'spec'));
    if (old) errors.push(...validateUpdate(claim, view<PersistentVolumeClaim>(old)));
    return errors;
  },

  prepareForCreate(object) {
    object.status = { phase: 'Pending' };
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
  },

  table: {
    columns: [
      nameColumn(),
      column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
      column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
      column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
      column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
      column('StorageClass', 'StorageClass of the pvc'),
      column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
      ageColumn(),
      column('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', { wide: true }),
    ],
    row(object, now) {
      const claim = view<PersistentVolumeClaim>(object);
      const spec = claim.spec ?? {};
      const bound = !!spec.volumeName;
      const phase = object.metadata?.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? '');
      return [
        nameOf(object),
        phase,
        spec.volumeName ?? '',
        bound ? (Quantity.parse(claim.status?.capacity?.storage)?.toString() ?? '0') : '',
        bound ? accessModesCell(claim.status?.accessModes) : '',
        storageClassOf(object.metadata?.annotations, spec.storageClassName),
        spec.volumeAttributesClassName ?? '<unset>',
        age(object, now),
        spec.volumeMode ?? '<unset>',
      ];
    },
  },
};
