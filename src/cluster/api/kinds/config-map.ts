// core/v1 ConfigMap.
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { forbidden, invalid, tooLong } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { isConfigMapKey, nameIsDNSSubdomain } from '../validation/names.ts';
import { base64Error, decodedLength, isBase64, maxDataSizeBytes } from './data-size.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const immutableWhenSet = 'field is immutable when `immutable` is set';

export const configMapResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  plural: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults() {},

  validate(object, old) {
    const configMap = view<ConfigMap>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    let size = 0;
    for (const [key, value] of Object.entries(configMap.data ?? {})) {
      for (const message of isConfigMapKey(key)) errors.push(invalid(`data[${key}]`, key, message));
      if (configMap.binaryData && key in configMap.binaryData) errors.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
      size += Buffer.byteLength(String(value));
    }
    for (const [key, value] of Object.entries(configMap.binaryData ?? {})) {
      for (const message of isConfigMapKey(key)) errors.push(invalid(`binaryData[${key}]`, key, message));
      if (!isBase64(value)) errors.push(invalid(`binaryData[${key}]`, '<binary data>', base64Error(String(value))));
      else size += decodedLength(value);
    }
    // Kubernetes reports the size of the whole object on an empty path.
    if (size > maxDataSizeBytes) errors.push(tooLong('', maxDataSizeBytes));
    if (old) {
      const previous = view<ConfigMap>(old);
      if (previous.immutable) {
        if (!configMap.immutable) errors.push(forbidden('immutable', immutableWhenSet));
        if (!semanticEqual(configMap.data, previous.data)) errors.push(forbidden('data', immutableWhenSet));
        if (!semanticEqual(configMap.binaryData, previous.binaryData)) errors.push(forbidden('binaryData', immutableWhenSet));
      }
    }
    return errors;
  },

  table: {
    columns: [nameColumn(), column('Data', 'Data contains the configuration data.'), ageColumn()],
    row: (object, now) => {
      const configMap = view<ConfigMap>(object);
      return [nameOf(object), Object.keys(configMap.data ?? {}).length + Object.keys(configMap.binaryData ?? {}).length, age(object, now)];
    },
  },
};
