// Every kind the registry serves has its schemas among the generated definitions (the
// generator reads only the kubernetes-types groups it lists) and its paths in its
// group-version's document — HorizontalPodAutoscaler in both autoscaling/v2 and v1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allResources } from '../registry.ts';
import { definitionNameOf } from './definitions.ts';
import { createOpenAPIV3Service } from './service.ts';
import { documentPathOf } from './openapi-resource.ts';
import type { OpenAPIDocument } from './document.ts';

test('every served kind: its definitions, and its paths in its group-version document', () => {
  const service = createOpenAPIV3Service(allResources());
  for (const type of allResources()) {
    const name = `${type.group}/${type.version} ${type.kind}`;
    const object = definitionNameOf(type.group, type.version, type.kind);
    const list = definitionNameOf(type.group, type.version, type.listKind);
    assert.ok(object && list, name);
    const doc = JSON.parse(service.document(documentPathOf(type))!.body.toString()) as OpenAPIDocument;
    assert.ok(doc.components.schemas[object] && doc.components.schemas[list], name);
    const root = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
    const collection = type.namespaced ? `${root}/namespaces/{namespace}/${type.plural}` : `${root}/${type.plural}`;
    assert.ok(doc.paths[collection]?.post, `${name}: ${collection}`);
  }
});

test('the new groups: policy/v1, scheduling.k8s.io/v1, and autoscaling/v1 beside v2', () => {
  const paths = createOpenAPIV3Service(allResources()).paths();
  for (const path of ['apis/policy/v1', 'apis/scheduling.k8s.io/v1', 'apis/autoscaling/v1', 'apis/autoscaling/v2']) assert.ok(paths.includes(path), path);
  assert.equal(definitionNameOf('policy', 'v1', 'PodDisruptionBudget'), 'io.k8s.api.policy.v1.PodDisruptionBudget');
  assert.equal(definitionNameOf('scheduling.k8s.io', 'v1', 'PriorityClass'), 'io.k8s.api.scheduling.v1.PriorityClass');
  assert.equal(definitionNameOf('autoscaling', 'v1', 'HorizontalPodAutoscaler'), 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler');
});
