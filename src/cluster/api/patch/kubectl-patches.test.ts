// The real kubectl (1.32 and 1.33) against a minimal API server built on this module: the
// patches kubectl computes for apply, set image, rollout restart, label, scale and
// apply --server-side are recorded, and applying them must give what the manifests say.
// Skipped where kubectl is not installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { KubeObject } from '../resource-type.ts';
import type { JsonObject } from './json-value.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { FakeApiServer, type RecordedRequest } from './testing/fake-apiserver.ts';
import { deploymentSchema } from './testing/kube-schemas.ts';

const exec = promisify(execFile);

function kubectlDirectory(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'kubectl');
    if (existsSync(candidate)) return path.dirname(realpathSync(candidate));
  }
  return undefined;
}

const kubectlDir = kubectlDirectory();
const versions = ['1.32', '1.33'].filter((version) => kubectlDir && existsSync(path.join(kubectlDir, `kubectl.${version}`)));

interface Container {
  name: string;
  image: string;
  env?: { name: string; value: string }[];
}

function manifest(options: { replicas?: number; containers?: Container[] } = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: (options.containers ?? [{ name: 'web', image: 'busybox:1' }]) as unknown as JsonObject[] } },
    },
  };
}

const containersOf = (object: KubeObject | JsonObject) => (object.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
const managers = (object: KubeObject) => ((object.metadata?.managedFields ?? []) as unknown as JsonObject[]).map((entry) => `${entry.manager}/${entry.operation}${entry.subresource ? `/${entry.subresource}` : ''}`);

for (const version of versions) {
  describe(`kubectl ${version}`, () => {
    const server = new FakeApiServer();
    let url = '';
    let dir = '';

    before(async () => {
      url = await server.start();
      dir = mkdtempSync(path.join(tmpdir(), 'minato-kubectl-patch-'));
      writeFileSync(path.join(dir, 'kubeconfig'), '');
    });

    after(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    async function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      const binary = path.join(kubectlDir!, `kubectl.${version}`);
      const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: path.join(dir, 'kubeconfig') };
      try {
        const { stdout, stderr } = await exec(binary, ['--server', url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', ...args], { env, encoding: 'utf8' });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const failed = err as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
      }
    }

    async function applyFile(object: JsonObject, ...flags: string[]) {
      const file = path.join(dir, 'manifest.json');
      writeFileSync(file, JSON.stringify(object));
      return kubectl('apply', '-f', file, '--validate=false', ...flags);
    }

    /** Runs a command and returns the one PATCH it sent, with the object as it was before. */
    async function patchOf(run: () => Promise<{ code: number; stderr: string }>): Promise<{ request: RecordedRequest; before: KubeObject }> {
      const before = structuredClone(server.objects.get('default/web')!);
      const mark = server.requests.length;
      const result = await run();
      assert.equal(result.code, 0, result.stderr);
      const patches = server.requests.slice(mark).filter((r) => r.method === 'PATCH');
      assert.equal(patches.length, 1, `one PATCH, got ${patches.map((p) => p.path).join(', ')}`);
      return { request: patches[0]!, before };
    }

    test('client-side apply: create, then a strategic merge patch that gives the second manifest', async () => {
      const created = await applyFile(manifest());
      assert.equal(created.code, 0, created.stderr);
      const post = server.requests.find((r) => r.method === 'POST')!;
      assert.equal(post.query.get('fieldManager'), 'kubectl-client-side-apply');
      const stored = server.objects.get('default/web')!;
      assert.deepEqual(managers(stored), ['kubectl-client-side-apply/Update']);

      const second = manifest({ containers: [{ name: 'web', image: 'busybox:2' }] });
      const { request, before } = await patchOf(() => applyFile(second));
      assert.equal(request.contentType, 'application/strategic-merge-patch+json');
      assert.equal(request.query.get('fieldManager'), 'kubectl-client-side-apply');
      const patch = JSON.parse(request.body) as JsonObject;
      assert.deepEqual(((patch.spec as JsonObject).template as { spec: JsonObject }).spec['$setElementOrder/containers'], [{ name: 'web' }]);
      // Applying the recorded patch to the stored object gives what the second manifest says.
      const patched = applyStrategicMergePatch(before, patch, deploymentSchema);
      assert.deepEqual(patched.spec, second.spec);
      const lastApplied = JSON.parse((patched.metadata as { annotations: Record<string, string> }).annotations['kubectl.kubernetes.io/last-applied-configuration']!);
      assert.deepEqual(lastApplied.spec, second.spec);
      assert.deepEqual(server.objects.get('default/web')!.spec, second.spec);

      // Nothing changed: kubectl sends no patch at all.
      const mark = server.requests.length;
      assert.equal((await applyFile(second)).code, 0);
      assert.equal(server.requests.slice(mark).filter((r) => r.method === 'PATCH').length, 0);
    });

    test('client-side apply: adding and removing containers and env vars ($patch: delete, $setElementOrder)', async () => {
      const three = manifest({
        containers: [
          { name: 'log', image: 'log:1' },
          { name: 'web', image: 'busybox:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        ],
      });
      const added = await patchOf(() => applyFile(three));
      assert.deepEqual(applyStrategicMergePatch(added.before, JSON.parse(added.request.body), deploymentSchema).spec, three.spec);
      assert.deepEqual(server.objects.get('default/web')!.spec, three.spec);

      const four = manifest({ containers: [{ name: 'web', image: 'busybox:2', env: [{ name: 'B', value: '2' }] }] });
      const removed = await patchOf(() => applyFile(four));
      assert.match(removed.request.body, /"\$patch":"delete"/);
      assert.deepEqual(applyStrategicMergePatch(removed.before, JSON.parse(removed.request.body), deploymentSchema).spec, four.spec);
      assert.deepEqual(server.objects.get('default/web')!.spec, four.spec);
    });

    test('set image, rollout restart, label and scale', async () => {
      const image = await patchOf(() => kubectl('set', 'image', 'deployment/web', 'web=busybox:3'));
      assert.equal(image.request.contentType, 'application/strategic-merge-patch+json');
      assert.equal(image.request.query.get('fieldManager'), 'kubectl-set');
      assert.deepEqual(containersOf(server.objects.get('default/web')!).map((c) => c.image), ['busybox:3']);

      const restart = await patchOf(() => kubectl('rollout', 'restart', 'deployment/web'));
      assert.equal(restart.request.contentType, 'application/strategic-merge-patch+json');
      const template = (server.objects.get('default/web')!.spec as { template: { metadata: { annotations: Record<string, string>; labels: Record<string, string> } } }).template;
      assert.match(template.metadata.annotations['kubectl.kubernetes.io/restartedAt']!, /^\d{4}-\d\d-\d\dT/);
      assert.deepEqual(template.metadata.labels, { app: 'web' });

      const label = await patchOf(() => kubectl('label', 'deployment', 'web', 'tier=frontend'));
      assert.equal(label.request.contentType, 'application/merge-patch+json');
      assert.deepEqual(server.objects.get('default/web')!.metadata?.labels, { app: 'web', tier: 'frontend' });

      const scale = await patchOf(() => kubectl('scale', 'deployment', 'web', '--replicas=5'));
      assert.equal(scale.request.path, '/apis/apps/v1/namespaces/default/deployments/web/scale');
      assert.equal(scale.request.contentType, 'application/merge-patch+json');
      assert.equal((server.objects.get('default/web')!.spec as JsonObject).replicas, 5);

      assert.deepEqual(managers(server.objects.get('default/web')!).sort(), [
        `${scale.request.userAgent.split('/')[0]}/Update/scale`,
        'kubectl-client-side-apply/Update',
        'kubectl-label/Update',
        'kubectl-rollout/Update',
        'kubectl-set/Update',
      ].sort());
    });

    test('apply --server-side: conflicts with set image and scale, --force-conflicts, then the client-side-apply migration', async () => {
      const desired = manifest({ replicas: 3, containers: [{ name: 'web', image: 'busybox:4' }] });
      const conflicting = await applyFile(desired, '--server-side');
      assert.equal(conflicting.code, 1);
      assert.match(conflicting.stderr, /Apply failed with 2 conflicts: conflicts with "kubectl-set" using apps\/v1:\n- \.spec\.template\.spec\.containers\[name="web"\]\.image\nconflicts with "kubectl[^"]*" with subresource "scale" using apps\/v1:\n- \.spec\.replicas/);
      assert.equal((server.objects.get('default/web')!.spec as JsonObject).replicas, 5, 'a conflict changes nothing');

      const mark = server.requests.length;
      const forced = await applyFile(desired, '--server-side', '--force-conflicts');
      assert.equal(forced.code, 0, forced.stderr);
      const sent = server.requests.slice(mark).filter((r) => r.method === 'PATCH');
      // The apply, kubectl's re-apply of the annotation, the managedFields migration, and a final apply.
      assert.deepEqual(
        sent.map((r) => [r.contentType, r.query.get('fieldManager')]),
        [
          ['application/apply-patch+yaml', 'kubectl'],
          ['application/apply-patch+yaml', 'kubectl-last-applied'],
          ['application/json-patch+json', 'kubectl'],
          ['application/apply-patch+yaml', 'kubectl'],
        ],
      );
      assert.ok(sent.every((r) => r.status === 200));
      const object = server.objects.get('default/web')!;
      // The restart annotation belongs to kubectl-rollout, so the apply leaves it alone.
      const restartedAt = (object.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;
      assert.deepEqual(Object.keys(restartedAt), ['kubectl.kubernetes.io/restartedAt']);
      assert.deepEqual(object.spec, { ...(desired.spec as JsonObject), template: { ...((desired.spec as JsonObject).template as JsonObject), metadata: { labels: { app: 'web' }, annotations: restartedAt } } });
      // The annotation follows what was applied, and client-side apply's fields were folded into "kubectl".
      assert.deepEqual(JSON.parse(object.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration']!).spec, desired.spec);
      assert.deepEqual(managers(object), ['kubectl-last-applied/Apply', 'kubectl/Apply', 'kubectl-label/Update', 'kubectl-rollout/Update']);
      assert.deepEqual(object.metadata?.labels, { app: 'web', tier: 'frontend' });

      // Applying again: no conflict, nothing changes.
      const before = structuredClone(object);
      const again = await applyFile(desired, '--server-side');
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(server.objects.get('default/web'), before);
    });

    test('apply --server-side of a new object creates it; twice changes nothing', async () => {
      const other = { ...manifest(), metadata: { name: 'web2', labels: { app: 'web' } } };
      const first = await applyFile(other, '--server-side');
      assert.equal(first.code, 0, first.stderr);
      const created = server.objects.get('default/web2')!;
      assert.deepEqual(managers(created), ['kubectl/Apply']);
      assert.equal(created.metadata?.annotations, undefined, 'server-side apply writes no last-applied annotation');
      const second = await applyFile(other, '--server-side');
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(server.objects.get('default/web2'), created);
    });
  });
}

test('kubectl is installed for the kubectl tests', { skip: versions.length > 0 ? false : 'kubectl.1.32/1.33 not found on PATH' }, () => {
  assert.ok(versions.length > 0);
});
