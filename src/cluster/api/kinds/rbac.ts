// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding. Their names
// need only be valid path segments. Roles have no printer in Kubernetes (NAME, CREATED AT);
// bindings show their role and, with -o wide, their subjects.
import type { ClusterRole, PolicyRule, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid, notSupported, required } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { validateLabelSelector } from '../validation/label-selector.ts';
import { isValidPathSegmentName, nameIsPathSegment } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { age, ageColumn, column, defaultTable, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

export const rbacGroup = 'rbac.authorization.k8s.io';

function validateRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0) errors.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced) errors.push(invalid(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if ((rule.apiGroups ?? []).length > 0 || (rule.resources ?? []).length > 0 || (rule.resourceNames ?? []).length > 0) {
      errors.push(invalid(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errors;
  }
  if ((rule.apiGroups ?? []).length === 0) errors.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if ((rule.resources ?? []).length === 0) errors.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errors;
}

function validateRules(object: KubeObject, namespaced: boolean): FieldError[] {
  const rules = (object.rules as PolicyRule[] | undefined) ?? [];
  return rules.flatMap((rule, index) => validateRule(rule, namespaced, `rules[${index}]`));
}

function defaultBinding(object: KubeObject): void {
  const binding = view<RoleBinding>(object);
  if (binding.roleRef && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = rbacGroup;
  for (const subject of binding.subjects ?? []) {
    if (subject.apiGroup) continue;
    if (subject.kind === 'ServiceAccount') subject.apiGroup = '';
    else if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = rbacGroup;
  }
}

function validateSubject(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!subject.name) errors.push(required(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (subject.name) errors.push(...isValidPathSegmentName(subject.name).map((message) => invalid(`${path}.name`, subject.name, message)));
      if (subject.apiGroup) errors.push(notSupported(`${path}.apiGroup`, subject.apiGroup, ['']));
      if (!namespaced && !subject.namespace) errors.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (subject.apiGroup !== rbacGroup) errors.push(notSupported(`${path}.apiGroup`, subject.apiGroup ?? '', [rbacGroup]));
      break;
    default:
      errors.push(notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errors;
}

function validateBinding(object: KubeObject, old: KubeObject | undefined, namespaced: boolean): FieldError[] {
  const binding = view<RoleBinding>(object);
  const errors: FieldError[] = [];
  const roleRef = binding.roleRef ?? ({} as RoleBinding['roleRef']);
  if (roleRef.apiGroup !== rbacGroup) errors.push(notSupported('roleRef.apiGroup', roleRef.apiGroup ?? '', [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(roleRef.kind)) errors.push(notSupported('roleRef.kind', roleRef.kind ?? '', kinds));
  if (!roleRef.name) errors.push(required('roleRef.name'));
  else errors.push(...isValidPathSegmentName(roleRef.name).map((message) => invalid('roleRef.name', roleRef.name, message)));
  (binding.subjects ?? []).forEach((subject, index) => errors.push(...validateSubject(subject, namespaced, `subjects[${index}]`)));
  if (old && !semanticEqual(binding.roleRef, view<RoleBinding>(old).roleRef)) errors.push(invalid('roleRef', binding.roleRef, 'cannot change roleRef'));
  return errors;
}

/** SubjectsStrings: users, groups, and service accounts as namespace/name. */
function subjectCells(object: KubeObject): [string, string, string] {
  const subjects = view<RoleBinding>(object).subjects ?? [];
  const of = (kind: string, format: (subject: Subject) => string) => subjects.filter((subject) => subject.kind === kind).map(format).join(', ');
  return [of('User', (s) => s.name), of('Group', (s) => s.name), of('ServiceAccount', (s) => `${s.namespace ?? ''}/${s.name}`)];
}

function bindingTable(kind: string) {
  return {
    columns: [
      nameColumn(),
      column('Role', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
      ageColumn(),
      column('Users', `Users in the ${kind}`, { wide: true }),
      column('Groups', `Groups in the ${kind}`, { wide: true }),
      column('ServiceAccounts', `ServiceAccounts in the ${kind}`, { wide: true }),
    ],
    row(object: KubeObject, now: Date): unknown[] {
      const roleRef = view<RoleBinding>(object).roleRef;
      return [nameOf(object), `${roleRef?.kind ?? ''}/${roleRef?.name ?? ''}`, age(object, now), ...subjectCells(object)];
    },
  };
}

const common = { group: rbacGroup, version: 'v1', shortNames: [], categories: [], verbs: standardVerbs, subresources: {} };

export const roleResource: ResourceType = {
  ...common,
  kind: 'Role',
  listKind: 'RoleList',
  plural: 'roles',
  singular: 'role',
  namespaced: true,
  defaults() {},
  validate: (object, old) => [...validateMeta(object, old, { namespaced: true, name: nameIsPathSegment }), ...validateRules(object, true)],
  table: defaultTable,
};

export const clusterRoleResource: ResourceType = {
  ...common,
  kind: 'ClusterRole',
  listKind: 'ClusterRoleList',
  plural: 'clusterroles',
  singular: 'clusterrole',
  namespaced: false,
  defaults() {},
  validate(object, old) {
    const errors = [...validateMeta(object, old, { namespaced: false, name: nameIsPathSegment }), ...validateRules(object, false)];
    const aggregation = view<ClusterRole>(object).aggregationRule;
    if (aggregation) {
      const selectors = aggregation.clusterRoleSelectors ?? [];
      if (selectors.length === 0) errors.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
      selectors.forEach((selector, index) => errors.push(...validateLabelSelector(selector, `aggregationRule.clusterRoleSelectors[${index}]`)));
    }
    return errors;
  },
  table: defaultTable,
};

export const roleBindingResource: ResourceType = {
  ...common,
  kind: 'RoleBinding',
  listKind: 'RoleBindingList',
  plural: 'rolebindings',
  singular: 'rolebinding',
  namespaced: true,
  defaults: defaultBinding,
  validate: (object, old) => [...validateMeta(object, old, { namespaced: true, name: nameIsPathSegment }), ...validateBinding(object, old, true)],
  table: bindingTable('roleBinding'),
};

export const clusterRoleBindingResource: ResourceType = {
  ...common,
  kind: 'ClusterRoleBinding',
  listKind: 'ClusterRoleBindingList',
  plural: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  namespaced: false,
  defaults: defaultBinding,
  validate: (object, old) => [...validateMeta(object, old, { namespaced: false, name: nameIsPathSegment }), ...validateBinding(object, old, false)],
  table: bindingTable('clusterRoleBinding'),
};
