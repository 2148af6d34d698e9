// networking.k8s.io/v1 IngressClass.
import type { IngressClass } from 'kubernetes-types/networking/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { forbidden, invalid, notSupported, required } from '../validation/errors.ts';
import { domainPrefixedPathErrors, isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { nextGeneration, specChanged, startGeneration } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const maxControllerLength = 250;
const scopes = ['Cluster', 'Namespace'];

function validateSpec(ingressClass: IngressClass): FieldError[] {
  const spec = ingressClass.spec ?? {};
  const errors: FieldError[] = [];
  if (!spec.controller) errors.push(required('spec.controller'));
  else if (spec.controller.length > maxControllerLength) errors.push({ type: 'FieldValueTooLong', field: 'spec.controller', detail: `may not be more than ${maxControllerLength} bytes` });
  else errors.push(...domainPrefixedPathErrors(spec.controller).map((message) => invalid('spec.controller', spec.controller, message)));
  const parameters = spec.parameters;
  if (parameters) {
    const path = 'spec.parameters';
    if (!parameters.kind) errors.push(required(`${path}.kind`));
    if (!parameters.name) errors.push(required(`${path}.name`));
    if (parameters.apiGroup) errors.push(...isDNS1123Subdomain(parameters.apiGroup).map((message) => invalid(`${path}.apiGroup`, parameters.apiGroup, message)));
    const scope = parameters.scope;
    if (!scope) errors.push(required(`${path}.scope`));
    else if (!scopes.includes(scope)) errors.push(notSupported(`${path}.scope`, scope, scopes));
    else if (scope === 'Namespace') {
      if (!parameters.namespace) errors.push(required(`${path}.namespace`, '`parameters.scope` is set to "Namespace"'));
      else errors.push(...isDNS1123Label(parameters.namespace).map((message) => invalid(`${path}.namespace`, parameters.namespace, message)));
    } else if (parameters.namespace) {
      errors.push(forbidden(`${path}.namespace`, '`parameters.scope` is set to "Cluster"'));
    }
  }
  return errors;
}

export const ingressClassResource: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  listKind: 'IngressClassList',
  plural: 'ingressclasses',
  singular: 'ingressclass',
  namespaced: false,
  shortNames: [],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults(object: KubeObject) {
    const parameters = view<IngressClass>(object).spec?.parameters;
    if (parameters && !parameters.scope) parameters.scope = 'Cluster';
  },

  validate(object, old) {
    const errors: FieldError[] = validateMeta(object, old, { namespaced: false, name: nameIsDNSSubdomain });
    errors.push(...validateSpec(view<IngressClass>(object)));
    if (old) {
      const controller = view<IngressClass>(object).spec?.controller;
      if (controller !== view<IngressClass>(old).spec?.controller) errors.push(invalid('spec.controller', controller, 'field is immutable'));
    }
    return errors;
  },

  prepareForCreate: startGeneration,

  prepareForUpdate(object, old) {
    nextGeneration(object, old, specChanged(object, old));
  },

  table: {
    columns: [
      nameColumn(),
      column('Controller', 'Controller that is responsible for handling this class'),
      column('Parameters', 'A reference to a resource with additional parameters'),
      ageColumn(),
    ],
    row(object, now) {
      const spec = view<IngressClass>(object).spec ?? {};
      const parameters = spec.parameters;
      let cell = '<none>';
      if (parameters) cell = `${parameters.kind}${parameters.apiGroup ? `.${parameters.apiGroup}` : ''}/${parameters.name}`;
      return [nameOf(object), spec.controller ?? '', cell, age(object, now)];
    },
  },
};
