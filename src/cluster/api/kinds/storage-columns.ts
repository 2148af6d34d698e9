// Cells the PersistentVolume and PersistentVolumeClaim tables share.

/** GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that order, duplicates dropped. */
export function accessModesCell(modes: string[] | undefined): string {
  const list = modes ?? [];
  const short: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return short.filter(([mode]) => list.includes(mode)).map(([, abbreviation]) => abbreviation).join(',');
}

/** The storage class: the beta annotation, which still wins, or spec.storageClassName. */
export function storageClassOf(annotations: Record<string, string> | undefined, storageClassName: string | undefined): string {
  return annotations?.['volume.beta.kubernetes.io/storage-class'] ?? storageClassName ?? '';
}

export const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const volumeModes = ['Block', 'Filesystem'];
