import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../resource-type.ts';
import { serviceResource } from './service.ts';
import { causes, cells, create, messages, update } from './testing.ts';

function service(spec: Partial<NonNullable<Service['spec']>> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } } as KubeObject;
}

test('a new service is a ClusterIP service without affinity, TCP, targeting its own port', () => {
  const { object, errors } = create(serviceResource, service());
  assert.deepEqual(errors, []);
  const spec = (object as Service).spec!;
  assert.equal(spec.type, 'ClusterIP');
  assert.equal(spec.sessionAffinity, 'None');
  assert.equal(spec.internalTrafficPolicy, 'Cluster');
  assert.equal(spec.externalTrafficPolicy, undefined);
  assert.deepEqual(spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
  assert.deepEqual(object.status, { loadBalancer: {} });
});

test('NodePort and LoadBalancer services get an external traffic policy; load balancers allocate node ports', () => {
  const nodePort = (create(serviceResource, service({ type: 'NodePort' })).object as Service).spec!;
  assert.equal(nodePort.externalTrafficPolicy, 'Cluster');
  const balancer = (create(serviceResource, service({ type: 'LoadBalancer' })).object as Service).spec!;
  assert.equal(balancer.allocateLoadBalancerNodePorts, true);
  const affinity = (create(serviceResource, service({ sessionAffinity: 'ClientIP' })).object as Service).spec!;
  assert.deepEqual(affinity.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
});

test('common mistakes in services', () => {
  const cases: { name: string; input: KubeObject; expected: string[] }[] = [
    { name: 'no ports', input: service({ ports: [] }), expected: ['spec.ports: FieldValueRequired'] },
    { name: 'unknown type', input: service({ type: 'Internal' }), expected: ['spec.type: FieldValueNotSupported'] },
    { name: 'two ports, unnamed', input: service({ ports: [{ port: 80 }, { port: 443 }] }), expected: ['spec.ports[0].name: FieldValueRequired', 'spec.ports[1].name: FieldValueRequired'] },
    {
      name: 'same port twice',
      input: service({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }),
      expected: ['spec.ports[1]: FieldValueDuplicate'],
    },
    // targetPort defaults to the port, so it is out of range too.
    { name: 'port out of range', input: service({ ports: [{ port: 0 }] }), expected: ['spec.ports[0].port: FieldValueInvalid', 'spec.ports[0].targetPort: FieldValueInvalid'] },
    { name: 'node port on a ClusterIP service', input: service({ ports: [{ port: 80, nodePort: 30080 }] }), expected: ['spec.ports[0].nodePort: FieldValueForbidden'] },
    { name: 'ExternalName without a name', input: service({ type: 'ExternalName', ports: [] }), expected: ['spec.externalName: FieldValueRequired'] },
    { name: 'bad cluster IP', input: service({ clusterIP: '10.0.0.300' }), expected: ['spec.clusterIP: FieldValueInvalid'] },
    { name: 'bad selector label', input: service({ selector: { app: 'web app' } }), expected: ['spec.selector: FieldValueInvalid'] },
  ];
  for (const { name, input, expected } of cases) assert.deepEqual(causes(create(serviceResource, input).errors), expected, name);
  const badName = create(serviceResource, { ...service(), metadata: { name: '1web', namespace: 'default' } });
  assert.deepEqual(causes(badName.errors), ['metadata.name: FieldValueInvalid']);
  assert.deepEqual(messages(create(serviceResource, service({ type: 'Internal' })).errors), [
    'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
  ]);
});

test('a headless service needs no ports', () => {
  assert.deepEqual(create(serviceResource, service({ clusterIP: 'None', ports: [] })).errors, []);
});

test('updates keep the allocated cluster IP and node ports, and may not change the cluster IP', () => {
  const stored = create(serviceResource, service({ type: 'NodePort' })).object;
  const spec = (stored as Service).spec!;
  spec.clusterIP = '10.96.0.10';
  spec.clusterIPs = ['10.96.0.10'];
  spec.ports![0]!.nodePort = 30080;
  const resent = service({ type: 'NodePort', ports: [{ port: 80 }] });
  const kept = update(serviceResource, stored, resent);
  assert.deepEqual(kept.errors, []);
  const keptSpec = (kept.object as Service).spec!;
  assert.equal(keptSpec.clusterIP, '10.96.0.10');
  assert.deepEqual(keptSpec.clusterIPs, ['10.96.0.10']);
  assert.equal(keptSpec.ports![0]!.nodePort, 30080);
  const moved = update(serviceResource, stored, service({ type: 'NodePort', clusterIP: '10.96.0.11' }));
  assert.deepEqual(causes(moved.errors), ['spec.clusterIPs[0]: FieldValueInvalid']);
  assert.equal(moved.errors[0]!.detail, 'may not change once set');
});

test('kubectl get services: TYPE CLUSTER-IP EXTERNAL-IP PORT(S)', () => {
  const clusterIP = create(serviceResource, service({ ports: [{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] })).object;
  (clusterIP as Service).spec!.clusterIPs = ['10.96.0.10'];
  assert.deepEqual(cells(serviceResource, clusterIP), {
    Name: 'web',
    Type: 'ClusterIP',
    'Cluster-IP': '10.96.0.10',
    'External-IP': '<none>',
    'Port(s)': '80/TCP,53/UDP',
    Age: '60m',
    Selector: 'app=web',
  });
  const nodePort = create(serviceResource, service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).object;
  assert.equal(cells(serviceResource, nodePort)['Port(s)'], '80:30080/TCP');
  assert.equal(cells(serviceResource, nodePort)['Cluster-IP'], '<none>');
  const pending = create(serviceResource, service({ type: 'LoadBalancer' })).object;
  assert.equal(cells(serviceResource, pending)['External-IP'], '<pending>');
  pending.status = { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } };
  assert.equal(cells(serviceResource, pending)['External-IP'], '192.0.2.10');
  const external = create(serviceResource, service({ type: 'ExternalName', externalName: 'db.example.com', ports: [] })).object;
  assert.deepEqual([cells(serviceResource, external)['External-IP'], cells(serviceResource, external)['Port(s)']], ['db.example.com', '<none>']);
  const headless = create(serviceResource, service({ clusterIP: 'None' })).object;
  assert.equal(cells(serviceResource, headless)['Cluster-IP'], 'None');
});

test('services select by cluster IP and type', () => {
  const { object } = create(serviceResource, service({ clusterIP: '10.96.0.1' }));
  assert.deepEqual(serviceResource.selectableFields!(object), { 'spec.clusterIP': '10.96.0.1', 'spec.type': 'ClusterIP' });
});
