// core/v1 PersistentVolume.
import type { PersistentVolume } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { forbidden, invalid, notSupported, required } from '../validation/errors.ts';
import { differingPaths, semanticEqual } from '../validation/equality.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { Quantity } from '../validation/quantity.ts';
import { canonicalizeResourceList, validateResourceQuantities } from '../validation/resources.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { accessModes, accessModesCell, storageClassOf, volumeModes } from './storage-columns.ts';
import { keepStatus } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';
import { kubeTime } from '../kube-time.ts';

const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
/** Spec fields that are not the volume source. */
const specFields = new Set([
  'accessModes', 'capacity', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'volumeMode', 'nodeAffinity', 'volumeAttributesClassName',
]);

function volumeSource(spec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([key]) => !specFields.has(key)));
}

function validateSpec(volume: PersistentVolume): FieldError[] {
  const spec = volume.spec ?? {};
  const errors: FieldError[] = [];
  const modes = spec.accessModes ?? [];
  if (modes.length === 0) errors.push(required('spec.accessModes'));
  for (const mode of modes) if (!accessModes.includes(mode)) errors.push(notSupported('spec.accessModes', mode, accessModes));
  const capacity = spec.capacity ?? {};
  if (Object.keys(capacity).length === 0) errors.push(required('spec.capacity'));
  else if (!('storage' in capacity) || Object.keys(capacity).length > 1) errors.push(notSupported('spec.capacity', capacity, ['storage']));
  errors.push(...validateResourceQuantities(capacity, 'spec.capacity'));
  const sources = Object.keys(volumeSource(spec as Record<string, unknown>));
  if (sources.length === 0) errors.push(required('spec', 'must specify a volume type'));
  for (const extra of sources.slice(1)) errors.push(forbidden(`spec.${extra}`, 'may not specify more than 1 volume type'));
  const hostPath = spec.hostPath;
  if (hostPath && !hostPath.path) errors.push(required('spec.hostPath.path'));
  if (spec.persistentVolumeReclaimPolicy && !reclaimPolicies.includes(spec.persistentVolumeReclaimPolicy)) {
    errors.push(notSupported('spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, reclaimPolicies));
  }
  if (spec.volumeMode && !volumeModes.includes(spec.volumeMode)) errors.push(notSupported('spec.volumeMode', spec.volumeMode, volumeModes));
  return errors;
}

function validateUpdate(volume: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errors: FieldError[] = [];
  const next = volumeSource((volume.spec ?? {}) as Record<string, unknown>);
  const previous = volumeSource((old.spec ?? {}) as Record<string, unknown>);
  if (!semanticEqual(next, previous)) {
    errors.push(forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n  changed: ${differingPaths(previous, next).join(', ')}`));
  }
  if ((volume.spec?.volumeMode ?? '') !== (old.spec?.volumeMode ?? '')) errors.push(invalid('volumeMode', volume.spec?.volumeMode, 'field is immutable'));
  return errors;
}

export const persistentVolumeResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  listKind: 'PersistentVolumeList',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  namespaced: false,
  shortNames: ['pv'],
  categories: [],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults(object: KubeObject) {
    const spec = child<NonNullable<PersistentVolume['spec']>>(object, 'spec');
    defaultTo(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    defaultTo(spec, 'volumeMode', 'Filesystem');
    if (spec.hostPath && spec.hostPath.type === undefined) spec.hostPath.type = '';
    canonicalizeResourceList(spec.capacity);
    const status = child<{ phase?: string }>(object, 'status');
    status.phase ||= 'Pending';
  },

  validate(object, old) {
    const errors: FieldError[] = validateMeta(object, old, { namespaced: false, name: nameIsDNSSubdomain });
    errors.push(...validateSpec(view<PersistentVolume>(object)));
    if (old) errors.push(...validateUpdate(view<PersistentVolume>(object), view<PersistentVolume>(old)));
    return errors;
  },

  /** A new volume is Pending, stamped with the time it entered that phase. */
  prepareForCreate(object) {
    object.status = { phase: 'Pending', lastPhaseTransitionTime: kubeTime(new Date()) };
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
  },

  table: {
    columns: [
      nameColumn(),
      column('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity.'),
      column('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
      column('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
      column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
      column('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
      column('StorageClass', 'StorageClass of the pv'),
      column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
      column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
      ageColumn(),
      column('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', { wide: true }),
    ],
    row(object, now) {
      const volume = view<PersistentVolume>(object);
      const spec = volume.spec ?? {};
      const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
      const capacity = Quantity.parse(spec.capacity?.storage)?.toString() ?? '0';
      const phase = object.metadata?.deletionTimestamp ? 'Terminating' : (volume.status?.phase ?? '');
      return [
        nameOf(object),
        capacity,
        accessModesCell(spec.accessModes),
        spec.persistentVolumeReclaimPolicy ?? '',
        phase,
        claim,
        storageClassOf(object.metadata?.annotations, spec.storageClassName),
        spec.volumeAttributesClassName ?? '<unset>',
        volume.status?.reason ?? '',
        age(object, now),
        spec.volumeMode ?? '<unset>',
      ];
    },
  },
};
