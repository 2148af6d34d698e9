// EngineRuntime over a real in-process Engine (crun, conmon, overlayfs, CNI): pods as pause
// containers holding the namespaces their containers join. The engine gets a data root under
// /tmp, its own cgroup parent, and — because CNI makes a bridge, veths, iptables rules and turns
// on forwarding in the network namespace of the process that runs it — this file re-runs itself
// inside a network namespace of its own, so nothing of it touches the host's network. Everything
// it made is removed in `after`, pass or fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { Engine } from '../../engine/daemon/engine.ts';
import { createLogger } from '../../util/log.ts';
import { writeBusyboxRootfs } from '../../../test/fixtures/busybox-rootfs.ts';
import { isRoot } from '../../../test/helpers/test-daemon.ts';
import { EngineRuntime } from './engine-runtime.ts';
import type { ContainerConfig, ContainerState, ContainerStatus, PodSandboxConfig } from './runtime-service.ts';
import { cleanupLeftovers, runInOwnNetns } from '../../../test/helpers/engine-leftovers.ts';

const netnsVariable = 'MINATO_CRI_TEST_NETNS';
const skip = isRoot() ? false : 'needs root: runs real containers';

if (isRoot() && !process.env[netnsVariable]) {
  await runInOwnNetns(import.meta.url, netnsVariable, 'mcri');
} else {
  describe('EngineRuntime over a real engine', { skip, timeout: 300_000 }, () => {
    const dir = mkdtempSync('/tmp/mcri-');
    const cgroupParent = `minato-cri-${randomBytes(5).toString('hex')}`;
    const stateDir = path.join(dir, 'cri');
    let engine: Engine;
    let runtime: EngineRuntime;

    before(async () => {
      engine = await Engine.open({
        dataRoot: path.join(dir, 'data'),
        execRoot: path.join(dir, 'run'),
        cgroupParent,
        networkPoolSize: 0,
        log: createLogger('cri-test', process.env.MINATO_LOG_LEVEL ?? 'error'),
      });
      const tar = path.join(dir, 'busybox.tar');
      await writeBusyboxRootfs(tar);
      await engine.images.importRootfs(createReadStream(tar), { reference: 'busybox:latest' });
      runtime = new EngineRuntime({ engine, stateDir, sandboxStopTimeoutSeconds: 5 });
    });

    after(async () => {
      try {
        if (runtime) for (const sandbox of await runtime.listPodSandbox()) await runtime.removePodSandbox(sandbox.id).catch(() => undefined);
        if (engine) {
          for (const record of engine.containers.store.all()) await engine.containers.remove(record.Id, { force: true }).catch(() => undefined);
          await engine.sandboxes.settled();
          await engine.close();
        }
      } finally {
        cleanupLeftovers(dir, cgroupParent);
      }
    });

    // ---- helpers ------------------------------------------------------------------------------

    let podCount = 0;
    const podConfig = (extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig => {
      podCount++;
      return { name: `pod${podCount}`, namespace: 'test', uid: `uid-${podCount}-${randomBytes(3).toString('hex')}`, attempt: 0, hostname: `pod${podCount}`, labels: { suite: 'cri' }, ...extra };
    };
    const shell = (script: string, extra: Partial<ContainerConfig> = {}): ContainerConfig => ({ name: 'c', attempt: 0, image: 'busybox', command: ['sh', '-c', script], ...extra });

    async function run(sandboxId: string, config: ContainerConfig): Promise<string> {
      const id = await runtime.createContainer(sandboxId, config);
      await runtime.startContainer(id);
      return id;
    }

    async function waitForState(id: string, state: ContainerState, timeoutMs = 20_000): Promise<ContainerStatus> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await runtime.containerStatus(id);
        if (status.state === state) return status;
        if (Date.now() > deadline) throw new Error(`container ${id.slice(0, 12)} is ${status.state}, not ${state}, after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    async function readAll(stream: Readable): Promise<string> {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString();
    }

    const logsOf = async (id: string) => readAll(await runtime.containerLogs(id));

    /** A cgroup file of a running process (v1: in the controller's hierarchy; v2: the unified one). */
    function cgroupFile(pid: number, controller: string, v1File: string, v2File: string): string {
      const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n').map((line) => line.split(':'));
      const v1 = lines.find(([, controllers]) => controllers!.split(',').includes(controller));
      if (v1) return readFileSync(path.join('/sys/fs/cgroup', controller === 'cpu' ? 'cpu' : controller, v1[2]!, v1File), 'utf8').trim();
      const v2 = lines.find(([hierarchy]) => hierarchy === '0')!;
      return readFileSync(path.join('/sys/fs/cgroup', v2[2]!, v2File), 'utf8').trim();
    }

    test('listContainerStats: cumulative CPU and a working set for running containers only', async () => {
      const sandbox = await runtime.runPodSandbox(podConfig());
      try {
        const busy = await run(sandbox, shell('while :; do :; done', { name: 'busy' }));
        const done = await run(sandbox, shell('true', { name: 'done' }));
        await waitForState(done, 'EXITED');
        const first = (await runtime.listContainerStats({ podSandboxId: sandbox })).find((stats) => stats.containerId === busy);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const all = await runtime.listContainerStats({ podSandboxId: sandbox });
        assert.deepEqual(all.map((stats) => stats.metadata.name), ['busy'], 'the exited container has no stats');
        const second = all[0]!;
        assert.ok(first, 'the running container has stats');
        assert.equal(second.podSandboxId, sandbox);
        assert.ok(second.memoryWorkingSetBytes > 0, `working set ${second.memoryWorkingSetBytes}`);
        const cores = (second.cpuUsageCoreNanoSeconds - first.cpuUsageCoreNanoSeconds) / 1e6 / (second.timestampMs - first.timestampMs);
        assert.ok(cores > 0.5, `a busy loop uses about a core: ${cores.toFixed(2)}`);
      } finally {
        await runtime.removePodSandbox(sandbox);
      }
    });

    // ---- one pod, several containers -------------------------------------------------------

    let podA: PodSandboxConfig;
    let sandboxA = '';
    let podIp = '';
    let web = '';

    test('a sandbox is READY with an IP on the pod network', async () => {
      podA = podConfig({ logDirectory: path.join(dir, 'logs', 'test_poda'), annotations: { owner: 'me' } });
      sandboxA = await runtime.runPodSandbox(podA);
      const status = await runtime.podSandboxStatus(sandboxA);
      assert.equal(status.state, 'READY');
      assert.match(status.network.ip, /^10\.88\.\d+\.\d+$/);
      assert.equal(status.hostNetwork, false);
      assert.deepEqual(status.metadata, { name: podA.name, namespace: 'test', uid: podA.uid, attempt: 0 });
      assert.equal(status.labels.suite, 'cri');
      assert.deepEqual(status.annotations, { owner: 'me' });
      assert.ok(status.pid > 0);
      podIp = status.network.ip;
      // The pause container: catatonit -P, named as dockershim named it.
      const record = engine.containers.store.resolve(sandboxA);
      assert.equal(record.Name, `/k8s_POD_${podA.name}_test_${podA.uid}_0`);
      assert.deepEqual([record.Path, ...record.Args], ['/catatonit', '-P']);
    });

    test('two containers of a pod share its network namespace (and /dev/shm, and the pod\'s hostname)', async () => {
      web = await run(sandboxA, { name: 'web', attempt: 0, image: 'busybox', command: ['httpd', '-f', '-p', '127.0.0.1:8080', '-h', '/www'], labels: { role: 'server' } });
      await waitForState(web, 'RUNNING');
      const fetchScript = 'for i in $(seq 50); do out=$(printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 2 127.0.0.1 8080 | tail -n 1); [ -n "$out" ] && echo "$out" && exit 0; sleep 0.1; done; exit 1';
      const client = await run(sandboxA, shell(fetchScript, { name: 'client', logPath: 'client/0.log' }));
      const status = await waitForState(client, 'EXITED');
      assert.equal(status.exitCode, 0, await logsOf(client));
      assert.equal(status.reason, 'Completed');
      assert.equal(await logsOf(client), '<h1>hello from minato</h1>\n');
      // The agent's log path leads to the container's log, in the CRI format.
      assert.equal(status.logPath, path.join(podA.logDirectory!, 'client/0.log'));
      assert.match(readFileSync(status.logPath!, 'utf8'), /^\S+ stdout F <h1>hello from minato<\/h1>$/m);
      // /dev/shm is one for the pod; the pod's hostname and IP are in every container.
      const write = await runtime.execSync(web, ['sh', '-c', 'echo shared > /dev/shm/token'], 10);
      assert.equal(write.exitCode, 0);
      const reader = await run(sandboxA, shell('cat /dev/shm/token; hostname; grep "$(hostname)" /etc/hosts', { name: 'reader' }));
      await waitForState(reader, 'EXITED');
      assert.equal(await logsOf(reader), `shared\n${podA.hostname}\n${podIp}\t${podA.hostname}\n`);
      assert.deepEqual((await runtime.containerStatus(reader)).mounts, [], 'the pod\'s /dev/shm is not one of the agent\'s mounts');
    });

    test('command, args, env and working directory; stdout and stderr apart in the logs', async () => {
      const id = await run(sandboxA, {
        name: 'env',
        attempt: 0,
        image: 'busybox',
        command: ['sh', '-c'],
        args: ['echo "$GREETING $(pwd) $(id -u):$(id -g)"; echo oops >&2'],
        env: [{ name: 'GREETING', value: 'hello' }],
        workingDir: '/srv/work',
        securityContext: { runAsUser: 33, runAsGroup: 44 },
      });
      const status = await waitForState(id, 'EXITED');
      assert.equal(status.exitCode, 0);
      assert.equal(await logsOf(id), 'hello /srv/work 33:44\noops\n');
      assert.equal(await readAll(await runtime.containerLogs(id, { stream: 'stderr' })), 'oops\n');
      assert.match(await readAll(await runtime.containerLogs(id, { stream: 'stdout', timestamps: true })), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello \/srv\/work 33:44\n$/);
      assert.equal(await readAll(await runtime.containerLogs(id, { tail: 1 })), 'oops\n');
      assert.equal(await readAll(await runtime.containerLogs(id, { sinceTime: new Date(Date.now() + 60_000) })), '');
    });

    test('a host path (read-write and read-only) and a memory-backed tmpfs', async () => {
      const hostDir = path.join(dir, 'host-rw');
      const roDir = path.join(dir, 'host-ro');
      mkdirSync(hostDir);
      mkdirSync(roDir);
      writeFileSync(path.join(hostDir, 'in.txt'), 'from the host\n');
      const id = await run(sandboxA, shell('cat /host/in.txt && echo written > /host/out.txt && grep " /mem " /proc/mounts && (touch /ro/x 2>/dev/null && echo ro-writable || echo ro-refused) && echo "#!/bin/sh" > /mem/x.sh && chmod +x /mem/x.sh && /mem/x.sh && echo tmpfs-exec', {
        name: 'mounts',
        mounts: [
          { hostPath: hostDir, containerPath: '/host' },
          { hostPath: roDir, containerPath: '/ro', readOnly: true },
        ],
        tmpfs: [{ containerPath: '/mem', sizeBytes: 8 * 1024 * 1024 }],
      }));
      const status = await waitForState(id, 'EXITED');
      const logs = await logsOf(id);
      assert.equal(status.exitCode, 0, logs);
      assert.match(logs, /^from the host\ntmpfs \/mem tmpfs rw,[^\n]*size=8192k[^\n]*\nro-refused\ntmpfs-exec\n$/);
      assert.equal(readFileSync(path.join(hostDir, 'out.txt'), 'utf8'), 'written\n');
      assert.deepEqual(status.mounts, [
        { containerPath: '/host', hostPath: hostDir, readOnly: false, propagation: 'private' },
        { containerPath: '/ro', hostPath: roDir, readOnly: true, propagation: 'private' },
      ]);
    });

    test('memory and CPU limits are in the container\'s cgroup', async () => {
      const id = await run(sandboxA, shell('sleep 300', { name: 'limits', resources: { memoryLimitBytes: 64 * 1024 * 1024, cpuRequestMillis: 250, cpuLimitMillis: 500 } }));
      const { pid } = await waitForState(id, 'RUNNING');
      assert.ok(pid && pid > 0);
      assert.equal(cgroupFile(pid, 'memory', 'memory.limit_in_bytes', 'memory.max'), String(64 * 1024 * 1024));
      assert.match(cgroupFile(pid, 'cpu', 'cpu.cfs_quota_us', 'cpu.max'), /^50000( 100000)?$/);
      if (!existsSync('/sys/fs/cgroup/cgroup.controllers')) assert.equal(cgroupFile(pid, 'cpu', 'cpu.shares', 'cpu.weight'), '256');
      await runtime.stopContainer(id, 0);
      const stopped = await runtime.containerStatus(id);
      assert.equal(stopped.state, 'EXITED');
      assert.equal(stopped.exitCode, 137);
    });

    test('stopContainer sends SIGTERM, and SIGKILL once the grace period is over', async () => {
      const polite = await run(sandboxA, shell('trap "echo got TERM; exit 0" TERM; echo ready; while true; do sleep 0.1; done', { name: 'polite' }));
      const stubborn = await run(sandboxA, shell('trap "echo ignoring TERM" TERM; echo ready; while true; do sleep 0.1; done', { name: 'stubborn' }));
      for (const id of [polite, stubborn]) {
        const deadline = Date.now() + 10_000;
        while (!(await logsOf(id)).includes('ready') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      let started = Date.now();
      await runtime.stopContainer(polite, 10);
      assert.ok(Date.now() - started < 5000, `a container that exits on SIGTERM stops at once (took ${Date.now() - started} ms)`);
      const politeStatus = await runtime.containerStatus(polite);
      assert.deepEqual([politeStatus.state, politeStatus.exitCode, politeStatus.reason], ['EXITED', 0, 'Completed']);
      assert.equal(await logsOf(polite), 'ready\ngot TERM\n');
      started = Date.now();
      await runtime.stopContainer(stubborn, 2);
      const took = Date.now() - started;
      assert.ok(took >= 1900 && took < 8000, `killed after the 2 s grace period (took ${took} ms)`);
      const stubbornStatus = await runtime.containerStatus(stubborn);
      assert.deepEqual([stubbornStatus.state, stubbornStatus.exitCode, stubbornStatus.reason], ['EXITED', 137, 'Error']);
      assert.match(await logsOf(stubborn), /^ready\nignoring TERM\n/);
      // Stopping what has stopped is not an error.
      await runtime.stopContainer(stubborn, 2);
    });

    test('exit codes and reasons: exit 3 is Error/3, a normal exit Completed/0, a missing command StartError', async () => {
      const failing = await run(sandboxA, shell('exit 3', { name: 'exit3' }));
      const failed = await waitForState(failing, 'EXITED');
      assert.deepEqual([failed.exitCode, failed.reason], [3, 'Error']);
      assert.ok(failed.startedAt && failed.finishedAt && failed.finishedAt >= failed.startedAt);
      const ok = await run(sandboxA, shell('true', { name: 'exit0' }));
      const done = await waitForState(ok, 'EXITED');
      assert.deepEqual([done.exitCode, done.reason], [0, 'Completed']);
      const missing = await runtime.createContainer(sandboxA, { name: 'missing', attempt: 0, image: 'busybox', command: ['/no/such/binary'] });
      await assert.rejects(runtime.startContainer(missing));
      const never = await runtime.containerStatus(missing);
      assert.equal(never.state, 'EXITED');
      assert.equal(never.reason, 'StartError');
      assert.equal(never.exitCode, 127);
      assert.match(never.message ?? '', /no such file or directory|not found/);
    });

    test('execSync: output, exit code, and a timeout that kills the command', async () => {
      const result = await runtime.execSync(web, ['sh', '-c', 'echo out; echo err >&2; exit 4'], 10);
      assert.deepEqual([result.stdout.toString(), result.stderr.toString(), result.exitCode, result.timedOut], ['out\n', 'err\n', 4, false]);
      const started = Date.now();
      const slow = await runtime.execSync(web, ['sleep', '30'], 1);
      assert.equal(slow.timedOut, true);
      assert.ok(Date.now() - started < 5000);
      const ps = await runtime.execSync(web, ['ps'], 10);
      assert.doesNotMatch(ps.stdout.toString(), /sleep 30/, 'the timed-out command was killed');
      await assert.rejects(runtime.execSync(web, [], 1), /needs a command/);
    });

    test('streaming exec: stdin in, stdout out, exit code; with a TTY', async () => {
      const session = await runtime.exec(web, ['sh', '-c', 'read line; echo "got $line"; echo err >&2; exit 5'], { stdin: true });
      const output = readAll(session.stdout!);
      const errors = readAll(session.stderr!);
      session.stdin!.end('hello\n');
      assert.equal(await session.exit, 5);
      assert.equal(await output, 'got hello\n');
      assert.equal(await errors, 'err\n');
      const tty = await runtime.exec(web, ['sh', '-c', 'stty size; tty'], { tty: true, size: { width: 100, height: 30 } });
      assert.equal(tty.stderr, undefined);
      const ttyOutput = await readAll(tty.stdout!);
      assert.equal(await tty.exit, 0);
      assert.match(ttyOutput, /^30 100\r\n\/dev\/pts\/\d+\r\n$/);
    });

    test('attach: a running container\'s own stdout and stdin', async () => {
      const id = await run(sandboxA, shell('while read line; do echo "echo: $line"; done', { name: 'attached', stdin: true, stdinOnce: true }));
      await waitForState(id, 'RUNNING');
      const session = await runtime.attach(id, { stdin: true });
      const output = readAll(session.stdout!);
      session.stdin!.write('one\n');
      session.stdin!.end('two\n');
      assert.equal(await session.exit, 0);
      assert.equal(await output, 'echo: one\necho: two\n');
    });

    test('attach: without StdinOnce, the end of stdin detaches and the container runs on; no stdin open, none joined', async () => {
      const id = await run(sandboxA, shell('while read line; do echo "echo: $line"; done; echo stdin closed', { name: 'kept-open', stdin: true }));
      await waitForState(id, 'RUNNING');
      const session = await runtime.attach(id, { stdin: true });
      const output = readAll(session.stdout!);
      session.stdin!.write('one\n');
      const deadline = Date.now() + 10_000;
      while (!(await logsOf(id)).includes('echo: one') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      session.stdin!.end();
      await session.done;
      assert.equal(await output, 'echo: one\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await runtime.containerStatus(id)).state, 'RUNNING', 'the container keeps its stdin open');
      assert.equal(await logsOf(id), 'echo: one\n');
      await runtime.removeContainer(id);

      const printer = await run(sandboxA, shell('for i in 1 2 3; do echo line $i; sleep 0.2; done', { name: 'no-stdin' }));
      await waitForState(printer, 'RUNNING');
      const watching = await runtime.attach(printer, { stdin: true });
      assert.equal(watching.stdin, undefined, 'a container without stdin open has none to join');
      const printed = await readAll(watching.stdout!);
      await watching.done;
      assert.equal(await watching.exit, 0);
      assert.match(printed, /line 3\n$/);
    });

    test('following logs streams until the container exits', async () => {
      const id = await run(sandboxA, shell('echo one; sleep 1; echo two', { name: 'follow' }));
      await waitForState(id, 'RUNNING');
      const text = await readAll(await runtime.containerLogs(id, { follow: true }));
      assert.equal(text, 'one\ntwo\n');
      assert.equal((await runtime.containerStatus(id)).state, 'EXITED');
      // --previous: the earlier attempt of a container of the same name.
      const second = await run(sandboxA, shell('echo attempt one', { name: 'follow', attempt: 1 }));
      await waitForState(second, 'EXITED');
      assert.equal(await logsOf(second), 'attempt one\n');
      assert.equal(await readAll(await runtime.containerLogs(second, { previous: true })), 'one\ntwo\n');
      await assert.rejects(runtime.containerLogs(id, { previous: true }), /previous terminated container/);
    });

    // ---- more pods, lists, restart, removal --------------------------------------------------

    let sandboxB = '';

    test('a hostPort reaches the pod from the node; a hostNetwork pod has the node\'s interfaces', async () => {
      const podB = podConfig({ labels: { suite: 'cri', app: 'b' }, portMappings: [{ containerPort: 80, hostPort: 18080 }] });
      sandboxB = await runtime.runPodSandbox(podB);
      const server = await run(sandboxB, { name: 'http', attempt: 0, image: 'busybox', command: ['httpd', '-f', '-p', '80', '-h', '/www'] });
      await waitForState(server, 'RUNNING');
      let body = '';
      for (let attempt = 0; attempt < 50 && !body.includes('hello'); attempt++) {
        body = await fetch('http://127.0.0.1:18080/').then((response) => response.text()).catch(() => '');
        if (!body.includes('hello')) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(body, '<h1>hello from minato</h1>\n');

      const podHost = podConfig({ hostNetwork: true, hostname: 'node-name' });
      const sandboxHost = await runtime.runPodSandbox(podHost);
      const status = await runtime.podSandboxStatus(sandboxHost);
      assert.deepEqual([status.state, status.network.ip, status.hostNetwork], ['READY', '', true]);
      const id = await run(sandboxHost, shell('cat /proc/net/dev', { name: 'netdev' }));
      await waitForState(id, 'EXITED');
      assert.match(await logsOf(id), new RegExp(`\\b${engine.networks.resolve('bridge').BridgeName}:`), 'the bridge is in the node\'s (here: the test\'s) network namespace');
      await runtime.removePodSandbox(sandboxHost);
    });

    test('listPodSandbox and listContainers filter by ID, sandbox, state and labels', async () => {
      const sandboxes = await runtime.listPodSandbox();
      assert.deepEqual(sandboxes.map((sandbox) => sandbox.id).sort(), [sandboxA, sandboxB].sort());
      assert.deepEqual((await runtime.listPodSandbox({ labelSelector: { app: 'b' } })).map((sandbox) => sandbox.id), [sandboxB]);
      assert.deepEqual((await runtime.listPodSandbox({ id: sandboxA.slice(0, 12) })).map((sandbox) => sandbox.id), [sandboxA]);
      assert.equal((await runtime.listPodSandbox({ state: 'NOTREADY' })).length, 0);
      assert.deepEqual((await runtime.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.name': podA.name } })).map((sandbox) => sandbox.id), [sandboxA]);

      const inA = await runtime.listContainers({ podSandboxId: sandboxA });
      assert.ok(inA.length >= 10);
      assert.ok(inA.every((container) => container.podSandboxId === sandboxA));
      assert.equal((await runtime.listContainers({ podSandboxId: sandboxB })).length, 1);
      const running = await runtime.listContainers({ podSandboxId: sandboxA, state: 'RUNNING' });
      assert.ok(running.some((container) => container.id === web));
      assert.ok(running.every((container) => container.state === 'RUNNING'));
      const byLabel = await runtime.listContainers({ labelSelector: { role: 'server' } });
      assert.deepEqual(byLabel.map((container) => [container.id, container.metadata.name, container.image]), [[web, 'web', 'busybox']]);
      assert.match(byLabel[0]!.imageRef, /^sha256:[a-f0-9]{64}$/);
      assert.deepEqual((await runtime.listContainers({ labelSelector: { 'io.kubernetes.container.name': 'web' } })).map((container) => container.id), [web]);
      assert.deepEqual((await runtime.listContainers({ id: web.slice(0, 10) })).map((container) => container.id), [web]);
      // Engine containers that are not the runtime's never show.
      const { Id: other } = await engine.containers.create({ name: 'not-a-pod', config: { Image: 'busybox', Cmd: ['true'] }, hostConfig: {} });
      try {
        assert.ok(!(await runtime.listContainers()).some((container) => container.id === other));
        await assert.rejects(runtime.containerStatus(other), /not found/);
      } finally {
        await engine.containers.remove(other, { force: true });
      }
    });

    test('a second EngineRuntime on the same engine (an agent restart) finds every sandbox and container', async () => {
      const restarted = new EngineRuntime({ engine, stateDir, sandboxStopTimeoutSeconds: 5 });
      assert.deepEqual(await restarted.listPodSandbox(), await runtime.listPodSandbox());
      assert.deepEqual(await restarted.listContainers(), await runtime.listContainers());
      assert.deepEqual(await restarted.podSandboxStatus(sandboxA), await runtime.podSandboxStatus(sandboxA));
      assert.deepEqual(await restarted.containerStatus(web), await runtime.containerStatus(web));
      // It carries on with the pod: a new container joins the same network, from the recorded config.
      const id = await restarted.createContainer(sandboxA, shell('printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 2 127.0.0.1 8080 | tail -n 1; hostname', { name: 'after-restart' }));
      await restarted.startContainer(id);
      await waitForState(id, 'EXITED');
      assert.equal(await logsOf(id), `<h1>hello from minato</h1>\n${podA.hostname}\n`);
    });

    test('stopPodSandbox stops everything in it; removePodSandbox removes it all; both are idempotent', async () => {
      await runtime.stopPodSandbox(sandboxA);
      const stopped = await runtime.podSandboxStatus(sandboxA);
      assert.equal(stopped.state, 'NOTREADY');
      assert.equal(stopped.network.ip, '');
      assert.ok((await runtime.listContainers({ podSandboxId: sandboxA })).every((container) => container.state === 'EXITED'));
      assert.deepEqual((await runtime.listPodSandbox({ state: 'NOTREADY' })).map((sandbox) => sandbox.id), [sandboxA]);
      const logLink = path.join(podA.logDirectory!, 'client/0.log');
      assert.ok(lstatSync(logLink).isSymbolicLink());
      const shmDir = path.join(stateDir, sandboxA, 'shm');
      assert.ok(existsSync(shmDir));

      await runtime.removePodSandbox(sandboxA);
      await runtime.removePodSandbox(sandboxB);
      assert.deepEqual(await runtime.listPodSandbox(), []);
      assert.deepEqual(await runtime.listContainers(), []);
      assert.equal(engine.containers.store.all().length, 0);
      assert.ok(!existsSync(logLink), 'the log link went with the container');
      assert.ok(!existsSync(path.join(stateDir, sandboxA)), 'the pod\'s /dev/shm is unmounted and gone');
      assert.ok(!readFileSync('/proc/self/mountinfo', 'utf8').includes(stateDir));
      await runtime.stopPodSandbox(sandboxA);
      await runtime.removePodSandbox(sandboxA);
      await runtime.removeContainer(web);
      await runtime.stopContainer(web, 1);
      await assert.rejects(runtime.podSandboxStatus(sandboxA), /not found/);
    });

    test('images: status, list, pull errors, removal', async () => {
      const status = await runtime.imageStatus('busybox');
      assert.ok(status);
      assert.deepEqual(status.repoTags, ['docker.io/library/busybox:latest']);
      assert.equal(status.uid, undefined);
      assert.equal(await runtime.imageStatus('nosuchimage:1'), undefined);
      const images = await runtime.listImages();
      assert.deepEqual(images.flatMap((image) => image.repoTags).sort(), ['docker.io/library/busybox:latest', 'minato.local/pause:3']);
      // No registry is reachable from the test's network namespace: the engine's registry client says so.
      await assert.rejects(runtime.pullImage('127.0.0.1:1/nothing:1'));
      await runtime.removeImage('minato.local/pause:3');
      assert.equal(await runtime.imageStatus('minato.local/pause:3'), undefined);
      await runtime.removeImage('minato.local/pause:3');
      assert.deepEqual(await runtime.version(), { runtimeName: 'minato', runtimeVersion: (await runtime.version()).runtimeVersion, runtimeApiVersion: 'v1' });
    });
  });
}
