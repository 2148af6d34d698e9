// For tests: where the real kubectl binaries are (kubectl.1.<minor> sit beside the `kubectl`
// dispatcher), the commands that POST protobuf (client-go ≥ 1.32 typed clients), and the
// format of test/fixtures/kubectl-protobuf-bodies.json, the bodies they sent.
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { lookPath } from '../../src/util/which.ts';

export interface KubectlCommand {
  /** What the command creates, for test names. */
  what: string;
  args: string[];
  /** Whether `--dry-run=client -o json` works for it (create token has no dry run). */
  dryRun: boolean;
}

/** Every `kubectl create` generator and `autoscale`; files named {dir}/… are made by the test. */
export function protobufKubectlCommands(dir: string): KubectlCommand[] {
  const commands: [string, string[]][] = [
    ['Secret (generic, literal and file)', ['create', 'secret', 'generic', 's1', '--from-literal=a=b', `--from-file=blob=${dir}/blob.bin`]],
    ['Secret (docker-registry)', ['create', 'secret', 'docker-registry', 'reg1', '--docker-server=registry.example', '--docker-username=u', '--docker-password=p']],
    ['ConfigMap (literal and file)', ['create', 'configmap', 'c1', '--from-literal=a=b', `--from-file=${dir}/app.conf`]],
    ['Deployment', ['create', 'deployment', 'web', '--image=busybox', '--replicas=2', '--port=80']],
    ['Deployment (zero replicas, two images)', ['create', 'deployment', 'idle', '--image=busybox', '--image=nginx', '--replicas=0']],
    ['Namespace', ['create', 'namespace', 'ns1']],
    ['Service (ClusterIP)', ['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080', '--tcp=443:https']],
    ['Service (NodePort)', ['create', 'service', 'nodeport', 'np1', '--tcp=80:8080', '--node-port=30080']],
    ['Service (ExternalName)', ['create', 'service', 'externalname', 'ext1', '--external-name=example.com']],
    ['ServiceAccount', ['create', 'serviceaccount', 'sa1']],
    ['Job', ['create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi']],
    ['CronJob', ['create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure']],
    ['Role', ['create', 'role', 'r1', '--verb=get', '--verb=list', '--resource=pods', '--resource=deployments.apps', '--resource-name=x']],
    ['RoleBinding', ['create', 'rolebinding', 'rb1', '--role=r1', '--user=alice', '--serviceaccount=default:sa1']],
    ['ClusterRole', ['create', 'clusterrole', 'cr1', '--verb=get', '--resource=pods', '--non-resource-url=/healthz']],
    ['ClusterRoleBinding', ['create', 'clusterrolebinding', 'crb1', '--clusterrole=cr1', '--user=alice', '--group=devs']],
    ['ResourceQuota', ['create', 'quota', 'q1', '--hard=pods=10,requests.cpu=1500m,requests.memory=1Gi', '--scopes=BestEffort']],
    ['Ingress', ['create', 'ingress', 'ing1', '--rule=foo.com/bar*=svc1:80,tls=my-cert', '--class=nginx', '--annotation=a=b']],
    ['PodDisruptionBudget', ['create', 'poddisruptionbudget', 'pdb1', '--selector=app=web', '--min-available=50%']],
    ['PriorityClass', ['create', 'priorityclass', 'pc1', '--value=1000', '--description=high', '--preemption-policy=Never']],
    ['TokenRequest', ['create', 'token', 'sa1', '--duration=1h', '--audience=api']],
    ['HorizontalPodAutoscaler', ['autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=80']],
  ];
  return commands.map(([what, args]) => ({ what, args, dryRun: args[1] !== 'token' }));
}

/** The directory holding kubectl.1.32, kubectl.1.33, …, or undefined when kubectl is not installed. */
export function kubectlVersionsDir(): string | undefined {
  const dispatcher = lookPath('kubectl');
  if (!dispatcher) return undefined;
  // The dispatcher is a symlink into the Cloud SDK's bin directory, where the versions are.
  const dir = path.dirname(realpathSync(dispatcher));
  return existsSync(path.join(dir, 'kubectl.1.32')) ? dir : undefined;
}

/** One body kubectl POSTed, as test/fixtures/kubectl-protobuf-bodies.json keeps it. */
export interface RecordedBody {
  /** The kubectl minor version, "1.32". */
  kubectl: string;
  what: string;
  args: string[];
  url: string;
  /** base64 of the body. */
  body: string;
  /** The object as kubectl prints it in JSON (--dry-run=client -o json). */
  json: Record<string, unknown>;
}

export const kubectlFixturesFile = path.resolve(import.meta.dirname, '..', 'fixtures', 'kubectl-protobuf-bodies.json');
