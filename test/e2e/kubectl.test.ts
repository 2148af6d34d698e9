// The real kubectl (1.32 and 1.33, called directly) against a real `minato server`: the verbs
// and outputs users rely on, each checked by what kubectl prints and by what the server then
// holds. One server (embedded SQLite) per kubectl version, each in its own temp dir.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { TestClusterServer } from '../helpers/test-cluster-server.ts';
import type { RunResult } from '../helpers/test-daemon.ts';

const skip = kubectlVersionsDir() ? false : 'kubectl (with kubectl.1.32 and kubectl.1.33 beside it) is not installed';

const manifest = (replicas: number, image: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web, tier: frontend}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels: {app: web}
data:
  mode: production
`;

for (const minor of ['32', '33']) {
  describe(`kubectl 1.${minor} against minato server`, { skip, timeout: 300_000 }, () => {
    // The API server as kubectl sees it, with the two controllers deletion needs (cascades,
    // namespaces); no workload controller or scheduler changes what the tests check.
    const server = new TestClusterServer({ extraArgs: ['--controllers', 'garbage-collector,namespace', '--disable-scheduler'] });
    const kubectl = (args: string[], options: { input?: string; timeoutMs?: number } = {}) => server.kubectl(minor, args, options);
    const describeRun = (args: string[], result: RunResult) => `kubectl ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}\nserver log (tail):\n${server.log.split('\n').slice(-8).join('\n')}`;
    const ok = async (args: string[], options: { input?: string; timeoutMs?: number } = {}) => {
      const result = await kubectl(args, options);
      assert.equal(result.code, 0, describeRun(args, result));
      return result.stdout;
    };
    const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));
    const file = (name: string, content: string) => {
      const full = path.join(server.dir, name);
      writeFileSync(full, content);
      return full;
    };

    before(async () => {
      await server.start();
    });

    after(async () => {
      await server.cleanup();
    });

    test('version, the namespaces a cluster starts with, api-resources with short names', async () => {
      const version = JSON.parse(await ok(['version', '-o', 'json']));
      assert.equal(version.serverVersion.major, '1');
      assert.equal(version.serverVersion.minor, '32');
      assert.match(version.clientVersion.gitVersion, new RegExp(`^v1\\.${minor}\\.`));
      const namespaces = (await ok(['get', 'ns', '-o', 'name'])).trim().split('\n');
      assert.deepEqual(namespaces.sort(), ['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
      const resources = await ok(['api-resources']);
      for (const line of [/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^pods\s+po\s+v1\s+true\s+Pod$/m, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m, /^services\s+svc\s+v1\s+true\s+Service$/m]) {
        assert.match(resources, line);
      }
      assert.match(await ok(['get', 'svc', 'kubernetes', '-n', 'default']), /^kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443\/TCP\s+/m);
    });

    test('apply -f of a multi-document file: created, then unchanged, then a change applied as a patch', async () => {
      const first = file('app.yaml', manifest(2, 'busybox:1.36'));
      assert.equal(await ok(['apply', '-f', first]), 'namespace/shop created\ndeployment.apps/web created\nservice/web created\nconfigmap/settings created\n');
      assert.equal(await ok(['apply', '-f', first]), 'namespace/shop unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\nconfigmap/settings unchanged\n');
      const generation = (await json(['get', 'deploy', 'web', '-n', 'shop'])).metadata.generation;
      const changed = file('app.yaml', manifest(3, 'busybox:1.37'));
      assert.match(await ok(['apply', '-f', changed]), /^deployment\.apps\/web configured$/m);
      const deployment = await json(['get', 'deploy', 'web', '-n', 'shop']);
      assert.equal(deployment.spec.replicas, 3);
      assert.equal(deployment.spec.template.spec.containers[0].image, 'busybox:1.37');
      assert.equal(deployment.metadata.generation, generation + 1, 'a spec change bumps the generation');
      // Kubernetes' defaults are there though the manifest did not say them.
      assert.equal(deployment.spec.strategy.type, 'RollingUpdate');
      assert.equal(deployment.spec.template.spec.containers[0].terminationMessagePath, '/dev/termination-log');
      const service = await json(['get', 'svc', 'web', '-n', 'shop']);
      assert.match(service.spec.clusterIP, /^10\.43\.\d+\.\d+$/);
      assert.ok(deployment.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].includes('busybox:1.37'));
    });

    test('apply --server-side: applied, a conflict with another manager, then --force-conflicts', async () => {
      const applied = file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: shop\ndata:\n  a: "1"\n');
      assert.equal(await ok(['apply', '--server-side', '-f', applied]), 'configmap/ssa serverside-applied\n');
      const stored = await json(['get', 'cm', 'ssa', '-n', 'shop', '--show-managed-fields']);
      assert.deepEqual(stored.metadata.managedFields.map((entry: { manager: string; operation: string }) => `${entry.manager}/${entry.operation}`), ['kubectl/Apply']);
      await ok(['patch', 'cm', 'ssa', '-n', 'shop', '--type=merge', '-p', '{"data":{"a":"2"}}', '--field-manager=someone-else']);
      const conflict = await kubectl(['apply', '--server-side', '-f', applied]);
      assert.notEqual(conflict.code, 0);
      assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "someone-else" using v1: \.data\.a/);
      assert.equal(await ok(['apply', '--server-side', '--force-conflicts', '-f', applied]), 'configmap/ssa serverside-applied\n');
      assert.equal((await json(['get', 'cm', 'ssa', '-n', 'shop'])).data.a, '1');
    });

    test('create namespace, secret generic --from-literal, configmap --from-file (protobuf bodies)', async () => {
      assert.equal(await ok(['create', 'namespace', 'team-a']), 'namespace/team-a created\n');
      assert.equal(await ok(['create', 'secret', 'generic', 'db', '--from-literal=password=s3cret', '-n', 'team-a']), 'secret/db created\n');
      const secret = await json(['get', 'secret', 'db', '-n', 'team-a']);
      assert.equal(Buffer.from(secret.data.password, 'base64').toString(), 's3cret');
      assert.equal(secret.type, 'Opaque');
      const config = file('app.properties', 'color=blue\nsize=3\n');
      assert.equal(await ok(['create', 'configmap', 'props', `--from-file=${config}`, '-n', 'team-a']), 'configmap/props created\n');
      assert.equal((await json(['get', 'cm', 'props', '-n', 'team-a'])).data['app.properties'], 'color=blue\nsize=3\n');
      const duplicate = await kubectl(['create', 'namespace', 'team-a']);
      assert.equal(duplicate.code, 1);
      assert.match(duplicate.stderr, /Error from server \(AlreadyExists\): namespaces "team-a" already exists/);
    });

    test('autoscale (autoscaling/v1 from 1.32, v2 from 1.33), pdb and priorityclass; system priority classes stay', async () => {
      await ok(['create', 'deployment', 'scaled', '--image=busybox', '-n', 'team-a']);
      assert.equal(await ok(['autoscale', 'deployment', 'scaled', '--min=1', '--max=3', '--cpu-percent=50', '-n', 'team-a']), 'horizontalpodautoscaler.autoscaling/scaled autoscaled\n');
      assert.match(await ok(['get', 'hpa', '-n', 'team-a']), /^scaled\s+Deployment\/scaled\s+cpu: <unknown>\/50%\s+1\s+3\s+0\s+/m);
      const v1 = await json(['get', 'horizontalpodautoscalers.v1.autoscaling', 'scaled', '-n', 'team-a']);
      assert.equal(v1.apiVersion, 'autoscaling/v1');
      assert.equal(v1.spec.targetCPUUtilizationPercentage, 50);
      assert.equal(await ok(['create', 'pdb', 'budget', '--selector=app=x', '--min-available=1', '-n', 'team-a']), 'poddisruptionbudget.policy/budget created\n');
      assert.match(await ok(['get', 'pdb', '-n', 'team-a']), /^budget\s+1\s+N\/A\s+0\s+/m);
      await ok(['create', 'priorityclass', `high-${minor}`, '--value=1000']);
      const classes = await ok(['get', 'pc']);
      assert.match(classes, /^system-cluster-critical\s+2000000000\s+false\s+/m);
      assert.match(classes, new RegExp(`^high-${minor}\\s+1000\\s+false\\s+`, 'm'));
      const protectedDelete = await kubectl(['delete', 'pc', 'system-node-critical']);
      assert.equal(protectedDelete.code, 1);
      assert.match(protectedDelete.stderr, /this is a system priority class and cannot be deleted/);
    });

    test('get: -o wide, -o yaml, -o json, -o jsonpath, -l, -A', async () => {
      const wide = await ok(['get', 'deploy', '-n', 'shop', '-o', 'wide']);
      assert.match(wide, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
      assert.match(wide, /^web\s+0\/3\s+0\s+0\s+\S+\s+web\s+busybox:1\.37\s+app=web$/m);
      const yaml = parseYaml(await ok(['get', 'svc', 'web', '-n', 'shop', '-o', 'yaml'])) as { kind: string; spec: { ports: { protocol: string }[] } };
      assert.equal(yaml.kind, 'Service');
      assert.equal(yaml.spec.ports[0]!.protocol, 'TCP');
      assert.equal(await ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}/{.spec.template.spec.containers[0].name}']), '3/web');
      const labelled = await json(['get', 'deploy,cm', '-n', 'shop', '-l', 'app=web']);
      assert.deepEqual(labelled.items.map((item: { kind: string; metadata: { name: string } }) => `${item.kind}/${item.metadata.name}`).sort(), ['ConfigMap/settings', 'Deployment/web']);
      assert.equal((await json(['get', 'deploy', '-n', 'shop', '-l', 'app=nothing'])).items.length, 0);
      const all = await ok(['get', 'secrets,cm', '-A']);
      assert.match(all, /^team-a\s+secret\/db\s+Opaque\s+1\s+/m);
      assert.match(all, /^shop\s+configmap\/settings\s+1\s+/m);
    });

    test('describe shows what kubectl users expect', async () => {
      const described = await ok(['describe', 'deploy', 'web', '-n', 'shop']);
      assert.match(described, /^Name:\s+web$/m);
      assert.match(described, /^Namespace:\s+shop$/m);
      assert.match(described, /^Selector:\s+app=web$/m);
      assert.match(described, /^Replicas:\s+3 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
      assert.match(described, /^StrategyType:\s+RollingUpdate$/m);
      assert.match(described, /^\s+Image:\s+busybox:1\.37$/m);
    });

    test('label, annotate, scale', async () => {
      assert.equal(await ok(['label', 'deploy', 'web', 'env=prod', '-n', 'shop']), 'deployment.apps/web labeled\n');
      assert.equal(await ok(['annotate', 'deploy', 'web', 'owner=team-a', '-n', 'shop']), 'deployment.apps/web annotated\n');
      assert.equal(await ok(['scale', 'deploy', 'web', '--replicas=5', '-n', 'shop']), 'deployment.apps/web scaled\n');
      const deployment = await json(['get', 'deploy', 'web', '-n', 'shop']);
      assert.equal(deployment.metadata.labels.env, 'prod');
      assert.equal(deployment.metadata.annotations.owner, 'team-a');
      assert.equal(deployment.spec.replicas, 5);
      const relabel = await kubectl(['label', 'deploy', 'web', 'env=dev', '-n', 'shop']);
      assert.notEqual(relabel.code, 0, 'changing a label needs --overwrite');
      assert.match(await ok(['label', 'deploy', 'web', 'env=dev', '--overwrite', '-n', 'shop']), /labeled/);
      const stale = await kubectl(['scale', 'deploy', 'web', '--current-replicas=4', '--replicas=1', '-n', 'shop']);
      assert.notEqual(stale.code, 0, '--current-replicas that does not hold refuses the scale');
      assert.match(stale.stderr, /Expected replicas to be 4, was 5/);
      assert.equal((await json(['get', 'deploy', 'web', '-n', 'shop'])).spec.replicas, 5);
    });

    test('get -w prints the changes as they happen', async () => {
      const watching = kubectl(['get', 'cm', '-n', 'team-a', '-w', '--request-timeout=5s'], { timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await ok(['create', 'cm', 'watched', '--from-literal=x=y', '-n', 'team-a']);
      await ok(['delete', 'cm', 'watched', '-n', 'team-a']);
      const result = await watching;
      const lines = result.stdout.trim().split('\n');
      assert.match(lines[0]!, /^NAME\s+DATA\s+AGE$/);
      assert.ok(lines.some((line) => /^props\s+1\s+/.test(line)), result.stdout);
      assert.equal(lines.filter((line) => /^watched\s+1\s+/.test(line)).length, 2, `an ADDED and a DELETED row:\n${result.stdout}`);
    });

    test('wait --for=condition and --for=delete', async () => {
      const waiting = kubectl(['wait', '--for=condition=Available', 'deploy/web', '-n', 'shop', '--timeout=20s'], { timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await ok(['patch', 'deploy', 'web', '-n', 'shop', '--subresource=status', '--type=merge', '-p', '{"status":{"conditions":[{"type":"Available","status":"True","reason":"Test","message":"set by the test"}]}}']);
      const waited = await waiting;
      assert.equal(waited.code, 0, describeRun(['wait'], waited));
      assert.equal(waited.stdout, 'deployment.apps/web condition met\n');
      const deleting = kubectl(['wait', '--for=delete', 'cm/ssa', '-n', 'shop', '--timeout=20s'], { timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await ok(['delete', 'cm', 'ssa', '-n', 'shop']);
      const deleted = await deleting;
      assert.equal(deleted.code, 0, describeRun(['wait', '--for=delete'], deleted));
      assert.match(deleted.stdout, /condition met/);
    });

    test('explain reads the OpenAPI documents', async () => {
      const explained = await ok(['explain', 'deployment.spec.strategy']);
      assert.match(explained, /^GROUP:\s+apps$/m);
      assert.match(explained, /rollingUpdate\s+<RollingUpdateDeployment>/);
      assert.match(await ok(['explain', 'pods.spec.containers.image']), /Container image name/);
    });

    test('delete --cascade and of a namespace with everything in it', async () => {
      assert.equal(await ok(['delete', 'deploy', 'web', '-n', 'shop', '--cascade=background']), 'deployment.apps "web" deleted\n');
      const orphan = await kubectl(['delete', 'cm', 'settings', '-n', 'shop', '--cascade=orphan', '--wait=false']);
      assert.equal(orphan.code, 0, describeRun(['delete', '--cascade=orphan'], orphan));
      assert.equal(await ok(['delete', 'namespace', 'shop', '--timeout=30s']), 'namespace "shop" deleted\n');
      const gone = await kubectl(['get', 'ns', 'shop']);
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, /namespaces "shop" not found/);
      assert.equal((await json(['get', 'svc,cm', '-n', 'shop'])).items.length, 0);
      const intoGone = await kubectl(['create', 'cm', 'late', '-n', 'shop', '--from-literal=a=b']);
      assert.equal(intoGone.code, 1);
      assert.match(intoGone.stderr, /namespaces "shop" not found/);
    });

    test('ownerReferences: --cascade=background removes dependents, orphan keeps them unowned, foreground waits for them', async () => {
      await ok(['create', 'namespace', 'gc']);
      const ownedConfigMap = (name: string, owner: { name: string; uid: string }) =>
        JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'gc', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.name, uid: owner.uid, blockOwnerDeletion: true }] }, data: { a: 'b' } });
      const owner = async (name: string) => {
        await ok(['create', 'cm', name, '-n', 'gc', '--from-literal=x=y']);
        return { name, uid: (await json(['get', 'cm', name, '-n', 'gc'])).metadata.uid as string };
      };
      const exists = async (name: string) => (await kubectl(['get', 'cm', name, '-n', 'gc'])).code === 0;
      const eventually = async (what: string, check: () => Promise<boolean>) => {
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          if (await check()) return;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.fail(`${what} did not happen within 15 s`);
      };

      const background = await owner('owner-bg');
      await ok(['create', '-f', '-'], { input: ownedConfigMap('dep-bg', background) });
      await ok(['delete', 'cm', 'owner-bg', '-n', 'gc', '--cascade=background']);
      await eventually('the dependent of a deleted owner is collected', async () => !(await exists('dep-bg')));

      const orphaning = await owner('owner-orphan');
      await ok(['create', '-f', '-'], { input: ownedConfigMap('dep-orphan', orphaning) });
      await ok(['delete', 'cm', 'owner-orphan', '-n', 'gc', '--cascade=orphan']);
      assert.equal(await exists('owner-orphan'), false);
      const orphan = await json(['get', 'cm', 'dep-orphan', '-n', 'gc']);
      assert.equal(orphan.metadata.ownerReferences, undefined, 'the orphan no longer names its owner');

      const foreground = await owner('owner-fg');
      await ok(['create', '-f', '-'], { input: ownedConfigMap('dep-fg', foreground) });
      // Hold the dependent with a finalizer: the owner must wait, marked, until it is gone.
      await ok(['patch', 'cm', 'dep-fg', '-n', 'gc', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
      await ok(['delete', 'cm', 'owner-fg', '-n', 'gc', '--cascade=foreground', '--wait=false']);
      await eventually('the dependent is marked for deletion', async () => Boolean((await json(['get', 'cm', 'dep-fg', '-n', 'gc'])).metadata.deletionTimestamp));
      const waitingOwner = await json(['get', 'cm', 'owner-fg', '-n', 'gc']);
      assert.ok(waitingOwner.metadata.deletionTimestamp);
      assert.deepEqual(waitingOwner.metadata.finalizers, ['foregroundDeletion']);
      await ok(['patch', 'cm', 'dep-fg', '-n', 'gc', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
      await eventually('the owner goes once its dependent is gone', async () => !(await exists('owner-fg')) && !(await exists('dep-fg')));
    });

    test('bad input: an invalid name, an unknown kind, a wrong apiVersion, an unknown field, an oversized object', async () => {
      const badName = await kubectl(['create', '-f', '-'], { input: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name","namespace":"default"}}' });
      assert.equal(badName.code, 1);
      assert.match(badName.stderr, /The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
      const unknownKind = await kubectl(['create', '-f', '-'], { input: '{"apiVersion":"v1","kind":"Frobnicator","metadata":{"name":"x"}}' });
      assert.equal(unknownKind.code, 1);
      assert.match(unknownKind.stderr, /no matches for kind "Frobnicator" in version "v1"/);
      const wrongVersion = await kubectl(['create', '-f', '-'], { input: '{"apiVersion":"apps/v9","kind":"Deployment","metadata":{"name":"x"}}' });
      assert.match(wrongVersion.stderr, /no matches for kind "Deployment" in version "apps\/v9"/);
      const unknownField = await kubectl(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo, namespace: default}\ndatta: {a: b}\n' });
      assert.equal(unknownField.code, 1);
      assert.match(unknownField.stderr, /strict decoding error: unknown field "datta"/);
      const big = file('big.txt', 'x'.repeat(3_200_000));
      const oversized = await kubectl(['create', 'configmap', 'big', `--from-file=${big}`, '-n', 'default']);
      assert.equal(oversized.code, 1);
      assert.match(oversized.stderr, /Request entity too large: limit is 3145728/);
    });
  });
}
