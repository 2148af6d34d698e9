import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { expandVars } from './env-expansion.ts';
import { ContainerConfigError, type ConfigSources, expandCommand, type PodFacts, resolveEnv } from './pod-env.ts';

describe('$(VAR) expansion', () => {
  const lookup = (name: string) => ({ A: 'a', B: 'bee', EMPTY: '' })[name];
  test('defined references are replaced, undefined ones stay', () => {
    assert.equal(expandVars('$(A)-$(B)', lookup), 'a-bee');
    assert.equal(expandVars('x$(NOPE)y', lookup), 'x$(NOPE)y');
    assert.equal(expandVars('$(EMPTY)z', lookup), 'z');
  });
  test('$$ escapes, a lone $ and an unclosed reference are literal', () => {
    assert.equal(expandVars('$$(A)', lookup), '$(A)');
    assert.equal(expandVars('$$$(A)', lookup), '$a');
    assert.equal(expandVars('cost: $5 $', lookup), 'cost: $5 $');
    assert.equal(expandVars('$(A', lookup), '$(A');
    assert.equal(expandVars('$()', lookup), '$()');
  });
});

describe('resolveEnv', () => {
  const pod: Pod = {
    metadata: { name: 'web', namespace: 'ns', uid: 'u-1', labels: { app: 'shop' }, annotations: { note: 'hi' } },
    spec: { nodeName: 'node-a', serviceAccountName: 'sa', containers: [] },
  };
  const configMaps: Record<string, ConfigMap> = { settings: { data: { MODE: 'fast', 'bad key': 'x', level: '3' } } };
  const secrets: Record<string, Secret> = { creds: { data: { PASSWORD: Buffer.from('s3cret').toString('base64') } } };
  const sources: ConfigSources = {
    configMap: async (_ns, name) => configMaps[name],
    secret: async (_ns, name) => secrets[name],
  };
  const facts: PodFacts = { podIPs: ['10.88.0.5'], hostIP: '192.168.1.2', nodeCpuMillis: 2000, nodeMemoryBytes: 4 * 1024 ** 3 };

  test('envFrom with prefixes, then env in order with expansion against what came before', async () => {
    const container: Container = {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'S_', secretRef: { name: 'creds' } }],
      env: [
        { name: 'GREETING', value: 'mode=$(MODE) later=$(LATER)' },
        { name: 'LATER', value: 'x' },
        { name: 'MODE', value: 'slow' },
      ],
    };
    const env = await resolveEnv(pod, container, sources, facts);
    assert.deepEqual(env, [
      { name: 'MODE', value: 'slow' },
      { name: 'level', value: '3' },
      { name: 'S_PASSWORD', value: 's3cret' },
      { name: 'GREETING', value: 'mode=fast later=$(LATER)' },
      { name: 'LATER', value: 'x' },
    ]);
  });

  test('valueFrom: configMapKeyRef, secretKeyRef, optional ones, the downward API and resources', async () => {
    const container: Container = {
      name: 'c',
      resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
      env: [
        { name: 'CM', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
        { name: 'SEC', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
        { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'missing', key: 'x', optional: true } } },
        { name: 'OPT2', valueFrom: { secretKeyRef: { name: 'creds', key: 'nokey', optional: true } } },
        { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
        { name: 'CPU_REQ_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      ],
    };
    const env = Object.fromEntries((await resolveEnv(pod, container, sources, facts)).map((v) => [v.name, v.value]));
    assert.deepEqual(env, {
      CM: 'fast',
      SEC: 's3cret',
      NAME: 'web',
      NS: 'ns',
      UID: 'u-1',
      APP: 'shop',
      NODE: 'node-a',
      SA: 'sa',
      POD_IP: '10.88.0.5',
      HOST_IP: '192.168.1.2',
      MEM_MI: '64',
      CPU_REQ: '1',
      CPU_REQ_M: '250',
      CPU_LIMIT: '2',
    });
  });

  test('a missing non-optional source is a ContainerConfigError', async () => {
    await assert.rejects(resolveEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }, sources, facts), (err: unknown) => err instanceof ContainerConfigError && /configmap "nope" not found/.test(err.message));
    await assert.rejects(resolveEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] }, sources, facts), /couldn't find key k in Secret ns\/creds/);
    await assert.rejects(resolveEnv(pod, { name: 'c', envFrom: [{ secretRef: { name: 'nope' } }] }, sources, facts), /secret "nope" not found/);
    assert.deepEqual(await resolveEnv(pod, { name: 'c', envFrom: [{ secretRef: { name: 'nope', optional: true } }] }, sources, facts), []);
  });

  test('command and args are expanded against the final environment', () => {
    const expanded = expandCommand({ name: 'c', command: ['sh', '-c', 'echo $(A) $$(A) $(B)'], args: ['$(A)'] }, [{ name: 'A', value: '1' }]);
    assert.deepEqual(expanded, { command: ['sh', '-c', 'echo 1 $(A) $(B)'], args: ['1'] });
    assert.deepEqual(expandCommand({ name: 'c' }, []), { command: undefined, args: undefined });
  });
});
