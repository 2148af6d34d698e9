// Pod volumes: unique DNS-label names and exactly one source each, with the required field of
// the common sources (ValidateVolumes in Kubernetes' core validation).
import type { Volume } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import { fieldPath } from '../field-error.ts';
import { duplicate, forbidden, invalid, notSupported, required } from './errors.ts';
import { isDNS1123Label } from './names.ts';
import { validateQuantity } from './resources.ts';

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** Returns the errors and the names of the volumes (for volumeMounts to refer to). */
export function validateVolumes(volumes: Volume[] | undefined, path: string): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((volume, index) => {
    const volumePath = fieldPath.index(path, index);
    const namePath = fieldPath.child(volumePath, 'name');
    errors.push(...validateVolumeSource(volume as unknown as Record<string, unknown>, volumePath));
    if (!volume.name) errors.push(required(namePath));
    else errors.push(...isDNS1123Label(volume.name).map((message) => invalid(namePath, volume.name, message)));
    if (names.has(volume.name)) errors.push(duplicate(namePath, volume.name));
    else if (volume.name) names.add(volume.name);
  });
  return { errors, names };
}

/** Every field of a volume but its name is a source; exactly one must be given. */
function validateVolumeSource(volume: Record<string, unknown>, path: string): FieldError[] {
  const sources = Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== undefined && volume[key] !== null);
  if (sources.length === 0) return [required(path, 'must specify a volume type')];
  const errors = sources.slice(1).map((source) => forbidden(fieldPath.child(path, source), 'may not specify more than 1 volume type'));
  const source = sources[0]!;
  const value = (volume[source] ?? {}) as Record<string, unknown>;
  const sourcePath = fieldPath.child(path, source);
  switch (source) {
    case 'hostPath':
      if (!value.path) errors.push(required(fieldPath.child(sourcePath, 'path')));
      if (value.type !== undefined && !hostPathTypes.includes(String(value.type))) {
        errors.push(notSupported(fieldPath.child(sourcePath, 'type'), value.type, hostPathTypes));
      }
      break;
    case 'configMap':
      if (!value.name) errors.push(required(fieldPath.child(sourcePath, 'name')));
      errors.push(...validateMode(value.defaultMode, fieldPath.child(sourcePath, 'defaultMode')));
      break;
    case 'secret':
      if (!value.secretName) errors.push(required(fieldPath.child(sourcePath, 'secretName')));
      errors.push(...validateMode(value.defaultMode, fieldPath.child(sourcePath, 'defaultMode')));
      break;
    case 'persistentVolumeClaim':
      if (!value.claimName) errors.push(required(fieldPath.child(sourcePath, 'claimName')));
      break;
    case 'emptyDir':
      if (value.medium !== undefined && !['', 'Memory', 'HugePages'].includes(String(value.medium)) && !String(value.medium).startsWith('HugePages-')) {
        errors.push(notSupported(fieldPath.child(sourcePath, 'medium'), value.medium, ['', 'Memory', 'HugePages']));
      }
      if (value.sizeLimit !== undefined) errors.push(...validateQuantity(value.sizeLimit, fieldPath.child(sourcePath, 'sizeLimit')).errors);
      break;
    case 'nfs':
      if (!value.server) errors.push(required(fieldPath.child(sourcePath, 'server')));
      if (!value.path) errors.push(required(fieldPath.child(sourcePath, 'path')));
      break;
  }
  return errors;
}

function validateMode(mode: unknown, path: string): FieldError[] {
  if (mode === undefined) return [];
  return typeof mode === 'number' && mode >= 0 && mode <= 0o777 ? [] : [invalid(path, mode, 'must be a number between 0 and 0777 (octal), both inclusive')];
}
