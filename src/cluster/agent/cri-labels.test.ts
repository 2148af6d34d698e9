import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isMinatoError } from '../../util/errors.ts';
import {
  annotationPrefix,
  containerName,
  decodeLabels,
  engineLabels,
  matchesSelector,
  recordSandboxConfig,
  sandboxConfigLabel,
  sandboxIdLabel,
  sandboxName,
  typeLabel,
} from './cri-labels.ts';

const pod = { name: 'web-7d9f', namespace: 'default', uid: '0b1c2d3e-aaaa-bbbb-cccc-1234567890ab', attempt: 1 };

describe('names', () => {
  test('dockershim names: k8s_POD_… for the sandbox, k8s_<container>_… for containers', () => {
    assert.equal(sandboxName(pod), 'k8s_POD_web-7d9f_default_0b1c2d3e-aaaa-bbbb-cccc-1234567890ab_1');
    assert.equal(containerName({ name: 'nginx', attempt: 3 }, pod), 'k8s_nginx_web-7d9f_default_0b1c2d3e-aaaa-bbbb-cccc-1234567890ab_3');
  });

  test('parts that would break the name are refused', () => {
    for (const bad of [{ ...pod, name: 'a_b' }, { ...pod, namespace: '' }, { ...pod, uid: '-x' }, { ...pod, attempt: -1 }, { ...pod, attempt: 1.5 }]) {
      assert.throws(() => sandboxName(bad), (err) => isMinatoError(err, 'InvalidArgument'));
    }
    assert.throws(() => containerName({ name: 'POD', attempt: 0 }, pod), /reserved/);
  });
});

describe('labels', () => {
  test('a container\'s labels round-trip: identity, user labels, annotations, sandbox ID', () => {
    const labels = engineLabels('container', pod, { name: 'nginx', attempt: 2 }, { labels: { app: 'web' }, annotations: { 'kubernetes.io/config.source': 'api' } }, { [sandboxIdLabel]: 'abc' });
    assert.equal(labels['io.kubernetes.pod.name'], 'web-7d9f');
    assert.equal(labels['io.kubernetes.container.name'], 'nginx');
    assert.equal(labels[typeLabel], 'container');
    assert.equal(labels[`${annotationPrefix}kubernetes.io/config.source`], 'api');
    // Labels the image brings are not the agent's.
    const decoded = decodeLabels({ ...labels, 'org.opencontainers.image.title': 'nginx' });
    assert.ok(decoded);
    assert.equal(decoded.type, 'container');
    assert.deepEqual(decoded.metadata, { name: 'nginx', attempt: 2 });
    assert.equal(decoded.sandboxId, 'abc');
    assert.deepEqual(decoded.labels, {
      'io.kubernetes.pod.name': 'web-7d9f',
      'io.kubernetes.pod.namespace': 'default',
      'io.kubernetes.pod.uid': pod.uid,
      'io.kubernetes.container.name': 'nginx',
      app: 'web',
    });
    assert.deepEqual(decoded.annotations, { 'kubernetes.io/config.source': 'api' });
  });

  test('a sandbox keeps its config and attempt; bookkeeping wins over the agent\'s labels', () => {
    const recorded = recordSandboxConfig({ ...pod, hostname: 'web', dns: { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] } });
    const labels = engineLabels('sandbox', pod, undefined, { labels: { [typeLabel]: 'container', tier: 'front' } }, { [sandboxConfigLabel]: JSON.stringify(recorded) });
    const decoded = decodeLabels(labels);
    assert.ok(decoded);
    assert.equal(decoded.type, 'sandbox');
    assert.deepEqual(decoded.pod, pod);
    assert.deepEqual(decoded.metadata, { name: 'POD', attempt: 1 });
    assert.deepEqual(decoded.sandboxConfig, recorded);
    assert.equal(decoded.sandboxConfig?.hostname, 'web');
    assert.equal(decoded.labels.tier, 'front');
    assert.equal(decoded.labels['io.kubernetes.container.name'], undefined);
  });

  test('containers that are not the runtime\'s decode to nothing', () => {
    assert.equal(decodeLabels(undefined), undefined);
    assert.equal(decodeLabels({ 'com.docker.compose.project': 'x' }), undefined);
  });

  test('label selectors match every pair', () => {
    assert.ok(matchesSelector({ a: '1', b: '2' }, { a: '1' }));
    assert.ok(matchesSelector({ a: '1' }, undefined));
    assert.ok(!matchesSelector({ a: '1' }, { a: '1', b: '2' }));
    assert.ok(!matchesSelector({ a: '1' }, { a: '2' }));
  });
});
