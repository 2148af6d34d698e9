// core/v1 Secret. `stringData` is a write-only convenience: Kubernetes folds it into `data`
// (base64-encoded, overriding keys of the same name) and never stores it.
import type { Secret } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { forbidden, invalid, required, tooLong } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { isConfigMapKey, nameIsDNSSubdomain } from '../validation/names.ts';
import { base64Error, decodedLength, isBase64, maxDataSizeBytes } from './data-size.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const immutableWhenSet = 'field is immutable when `immutable` is set';

/** The keys each well-known secret type must carry. */
function typeErrors(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  const has = (key: string) => Object.hasOwn(data, key);
  const json = (key: string): FieldError[] => {
    if (!has(key)) return [required(`data[${key}]`)];
    try {
      JSON.parse(Buffer.from(data[key]!, 'base64').toString('utf8'));
      return [];
    } catch (error) {
      return [invalid(`data[${key}]`, '<secret contents redacted>', (error as Error).message)];
    }
  };
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      return secret.metadata?.annotations?.['kubernetes.io/service-account.name'] ? [] : [required('metadata.annotations[kubernetes.io/service-account.name]')];
    case 'kubernetes.io/dockercfg':
      return json('.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return json('.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password') ? [] : [required('data[username]'), required('data[password]')];
    case 'kubernetes.io/ssh-auth':
      return data['ssh-privatekey'] ? [] : [required('data[ssh-privatekey]')];
    case 'kubernetes.io/tls':
      return [...(has('tls.crt') ? [] : [required('data[tls.crt]')]), ...(has('tls.key') ? [] : [required('data[tls.key]')])];
    default:
      return [];
  }
}

export const secretResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  listKind: 'SecretList',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  shortNames: [],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults(object) {
    const secret = view<Secret>(object);
    secret.type ||= 'Opaque';
    if (secret.stringData) {
      secret.data = { ...secret.data };
      for (const [key, value] of Object.entries(secret.stringData)) secret.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
      delete secret.stringData;
    }
  },

  validate(object, old) {
    const secret = view<Secret>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    let size = 0;
    for (const [key, value] of Object.entries(secret.data ?? {})) {
      for (const message of isConfigMapKey(key)) errors.push(invalid(`data[${key}]`, key, message));
      if (!isBase64(value)) errors.push(invalid(`data[${key}]`, '<secret contents redacted>', base64Error(String(value))));
      else size += decodedLength(value);
    }
    if (size > maxDataSizeBytes) errors.push(tooLong('data', maxDataSizeBytes));
    errors.push(...typeErrors(secret));
    if (old) {
      const previous = view<Secret>(old);
      if ((secret.type ?? '') !== (previous.type ?? '')) errors.push(invalid('type', secret.type, 'field is immutable'));
      if (previous.immutable) {
        if (!secret.immutable) errors.push(forbidden('immutable', immutableWhenSet));
        if (!semanticEqual(secret.data, previous.data)) errors.push(forbidden('data', immutableWhenSet));
      }
    }
    return errors;
  },

  selectableFields(object) {
    return { type: view<Secret>(object).type ?? '' };
  },

  table: {
    columns: [
      nameColumn(),
      column('Type', 'Used to facilitate programmatic handling of secret data.'),
      column('Data', 'Data contains the secret data.'),
      ageColumn(),
    ],
    row: (object, now) => {
      const secret = view<Secret>(object);
      return [nameOf(object), secret.type ?? '', Object.keys(secret.data ?? {}).length, age(object, now)];
    },
  },
};
