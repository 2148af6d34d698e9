// The real docker CLI (28.x) against a real Minato daemon: every everyday verb, with its output,
// exit code and the state it leaves (read back through `docker inspect -f`). One daemon serves
// the whole suite; after() removes every container, mount, cgroup and file it made.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isRoot, leftoversMentioning, type RunResult, runProcess, TestDaemon } from '../helpers/test-daemon.ts';
import { writeBusyboxRootfs } from '../fixtures/busybox-rootfs.ts';
import { lookPath } from '../../src/util/which.ts';


const dockerBin = lookPath('docker');
const skip = !dockerBin
  ? 'docker CLI not found: install the docker-ce-cli or docker.io package to run this test'
  : !isRoot()
    ? 'needs root: the Minato daemon mounts overlays and creates namespaces and cgroups'
    : false;

if (skip) {
  test('docker CLI against a Minato daemon', { skip }, () => {});
} else {
  describe('docker CLI against a Minato daemon', { timeout: 110_000 }, () => {
    const daemon = new TestDaemon();
    let env: NodeJS.ProcessEnv = {};

    /** Runs `docker ARGS` against the test daemon; never throws on a non-zero exit. */
    const docker = (args: string[], options: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> =>
      runProcess(dockerBin!, args, { env: { ...env, ...options.env }, input: options.input, timeoutMs: options.timeoutMs ?? 30_000 });

    const describeRun = (args: string[], result: RunResult) =>
      `docker ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}\ndaemon log (tail):\n${daemon.log.split('\n').slice(-20).join('\n')}`;

    /** `docker ARGS` that must succeed: returns its stdout. */
    const ok = async (args: string[], options: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<string> => {
      const result = await docker(args, options);
      assert.equal(result.code, 0, describeRun(args, result));
      return result.stdout;
    };

    /** `docker ARGS` that must fail with `code`: returns the result. */
    const fails = async (args: string[], code: number, options: { input?: string | Buffer } = {}): Promise<RunResult> => {
      const result = await docker(args, options);
      assert.equal(result.code, code, describeRun(args, result));
      return result;
    };

    const inspect = async (name: string, format: string): Promise<string> => (await ok(['inspect', '-f', format, name])).trim();

    /** Polls `docker logs` until stdout contains `text` (detached output arrives asynchronously). */
    const waitForLog = async (name: string, text: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      let last: RunResult | undefined;
      while (Date.now() < deadline) {
        last = await docker(['logs', name]);
        if (last.stdout.includes(text)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail(`"${text}" never appeared in the logs of ${name}: ${JSON.stringify(last)}`);
    };

    before(async () => {
      await daemon.start();
      await daemon.importBusybox();
      const config = path.join(daemon.dir, 'docker-config');
      mkdirSync(config);
      // Only this daemon, none of the caller's docker settings.
      env = { ...process.env, DOCKER_HOST: daemon.host, DOCKER_CONFIG: config, DOCKER_CLI_HINTS: 'false' };
      for (const name of ['DOCKER_CONTEXT', 'DOCKER_API_VERSION', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_BUILDKIT']) delete env[name];
    });

    after(async () => {
      const cgroupParent = daemon.cgroupParent;
      const dir = daemon.dir;
      await daemon.cleanup();
      const leftovers = leftoversMentioning(dir, cgroupParent);
      assert.deepEqual(leftovers, [], 'the test daemon left things behind');
    });

    test('docker version shows the server and API 1.50', async () => {
      const out = await ok(['version']);
      assert.match(out, /^Server: /m, out);
      assert.match(out, /^ Engine:\n\s+Version:\s+\S+\n\s+API version:\s+1\.50 \(minimum version \d+\.\d+\)/m, out);
      assert.equal((await ok(['version', '-f', '{{.Server.APIVersion}}'])).trim(), '1.50');
      assert.equal((await ok(['version', '-f', '{{.Server.Os}}/{{.Server.Arch}}'])).trim().split('/')[0], 'linux');
    });

    test('docker info', async () => {
      const result = await docker(['info']);
      assert.equal(result.code, 0, describeRun(['info'], result));
      assert.match(result.stdout, /^Server:$/m);
      assert.match(result.stdout, /^ Server Version: \S+/m);
      assert.match(result.stdout, /^ Storage Driver: overlay2$/m);
      assert.match(result.stdout, /^ Images: 1$/m);
      assert.doesNotMatch(result.stderr, /error/i);
      assert.equal((await ok(['info', '-f', '{{.OSType}} {{.Images}}'])).trim(), 'linux 1');
    });

    test('docker images lists busybox', async () => {
      const out = await ok(['images']);
      assert.match(out, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/m);
      assert.match(out, /^busybox\s+latest\s+[0-9a-f]{12}\s+/m, out);
      assert.deepEqual((await ok(['images', '--format', '{{.Repository}}:{{.Tag}}'])).trim().split('\n'), ['busybox:latest']);
      const id = (await ok(['images', '-q', '--no-trunc', 'busybox'])).trim();
      assert.match(id, /^sha256:[0-9a-f]{64}$/);
      assert.equal((await ok(['image', 'inspect', '-f', '{{.Id}}', 'busybox'])).trim(), id);
    });

    test('docker run attached: stdout and stderr apart, exit code propagated, --rm removes', async () => {
      const result = await docker(['run', '--name', 'e2e-attached', 'busybox', 'sh', '-c', 'echo to-stdout; echo to-stderr >&2']);
      assert.equal(result.code, 0, describeRun(['run'], result));
      assert.equal(result.stdout, 'to-stdout\n');
      assert.equal(result.stderr, 'to-stderr\n');
      assert.equal(await inspect('e2e-attached', '{{.State.Status}} {{.State.ExitCode}}'), 'exited 0');

      await fails(['run', 'busybox', 'sh', '-c', 'exit 7'], 7);
      await fails(['run', '--rm', 'busybox', 'sh', '-c', 'exit 4'], 4);

      assert.equal(await ok(['run', '--rm', '--name', 'e2e-rm', 'busybox', 'echo', 'removed after']), 'removed after\n');
      assert.equal(await ok(['ps', '-a', '-q', '--filter', 'name=^e2e-rm$']), '');
      const gone = await fails(['inspect', 'e2e-rm'], 1);
      assert.match(gone.stderr, /No such (object|container): e2e-rm/);

      assert.equal(await ok(['run', '--rm', '-u', '33', '-w', '/www', '-e', 'GREETING=hello', 'busybox', 'sh', '-c', 'id -u; pwd; echo $GREETING']), '33\n/www\nhello\n');
    });

    test('docker run -i with piped stdin', async () => {
      assert.equal(await ok(['run', '-i', '--rm', 'busybox', 'cat'], { input: 'hi\n' }), 'hi\n');
      // Bigger than any pipe buffer, and stdin's end must reach the container.
      const big = 'x'.repeat(300_000);
      assert.equal((await ok(['run', '-i', '--rm', 'busybox', 'wc', '-c'], { input: big })).trim(), '300000');
    });

    test('docker run -d prints the ID and the container runs', async () => {
      const out = await ok(['run', '-d', '--name', 'e2e-bg', 'busybox', 'sh', '-c', 'echo line1; echo line2; echo line3; trap "" TERM; while true; do sleep 1; done']);
      assert.match(out, /^[0-9a-f]{64}\n$/);
      const id = out.trim();
      assert.equal(await inspect('e2e-bg', '{{.Id}}'), id);
      assert.equal(await inspect(id.slice(0, 12), '{{.State.Status}} {{.State.Running}}'), 'running true');
      assert.ok(Number(await inspect('e2e-bg', '{{.State.Pid}}')) > 0);
    });

    test('docker ps, ps -a, ps -q', async () => {
      const id = await inspect('e2e-bg', '{{.Id}}');
      const attached = await inspect('e2e-attached', '{{.Id}}');
      const table = await ok(['ps']);
      assert.match(table, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/m);
      assert.match(table, new RegExp(`^${id.slice(0, 12)}\\s+busybox\\s+"sh -c .*"\\s+.*\\s+Up .*\\s+e2e-bg$`, 'm'), table);
      assert.doesNotMatch(table, /e2e-attached/);

      const all = await ok(['ps', '-a']);
      assert.match(all, new RegExp(`^${attached.slice(0, 12)}\\s+busybox\\s+.*Exited \\(0\\) .*\\s+e2e-attached$`, 'm'), all);

      const quiet = (await ok(['ps', '-q'])).trim().split('\n');
      assert.deepEqual(quiet, [id.slice(0, 12)]);
      const quietAll = (await ok(['ps', '-a', '-q', '--no-trunc'])).trim().split('\n');
      assert.ok(quietAll.includes(id) && quietAll.includes(attached), quietAll.join(' '));
      assert.equal((await ok(['ps', '-l', '-q'])).trim(), id.slice(0, 12), 'ps -l shows the newest container');
      assert.equal((await ok(['ps', '-a', '--filter', 'status=exited', '--filter', 'name=e2e-attached', '--format', '{{.Names}} {{.State}}'])).trim(), 'e2e-attached exited');
    });

    test('docker logs, logs --tail 1, logs -t, logs -f', async () => {
      await waitForLog('e2e-bg', 'line3');
      const all = await docker(['logs', 'e2e-bg']);
      assert.equal(all.code, 0);
      assert.equal(all.stdout, 'line1\nline2\nline3\n');
      assert.equal(all.stderr, '');
      assert.equal(await ok(['logs', '--tail', '1', 'e2e-bg']), 'line3\n');
      const stamped = (await ok(['logs', '-t', 'e2e-bg'])).trim().split('\n');
      assert.equal(stamped.length, 3);
      stamped.forEach((line, index) => assert.match(line, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z line${index + 1}$`)));

      const split = await docker(['logs', 'e2e-attached']);
      assert.equal(split.stdout, 'to-stdout\n');
      assert.equal(split.stderr, 'to-stderr\n');

      const id = (await ok(['run', '-d', 'busybox', 'sh', '-c', 'echo first; sleep 0.5; echo second'])).trim();
      assert.equal(await ok(['logs', '-f', id], { timeoutMs: 10_000 }), 'first\nsecond\n', 'logs -f follows until the container exits');
    });

    test('docker exec: output, exit code, -i, -u, -w, -e', async () => {
      const result = await docker(['exec', 'e2e-bg', 'sh', '-c', 'echo exec-out; echo exec-err >&2; exit 3']);
      assert.equal(result.code, 3, describeRun(['exec'], result));
      assert.equal(result.stdout, 'exec-out\n');
      assert.equal(result.stderr, 'exec-err\n');
      assert.equal(await ok(['exec', '-i', 'e2e-bg', 'cat'], { input: 'piped into exec\n' }), 'piped into exec\n');
      assert.equal(await ok(['exec', '-u', 'nobody', 'e2e-bg', 'id', '-u']), '65534\n');
      assert.equal(await ok(['exec', '-u', '33:33', 'e2e-bg', 'sh', '-c', 'echo $(id -u):$(id -g) $(id -un)']), '33:33 www\n');
      assert.equal(await ok(['exec', '-w', '/tmp', 'e2e-bg', 'pwd']), '/tmp\n');
      assert.equal(await ok(['exec', '-e', 'FOO=bar', '-e', 'EMPTY=', 'e2e-bg', 'sh', '-c', 'echo "$FOO[$EMPTY]"']), 'bar[]\n');
      const missing = await fails(['exec', 'e2e-bg', 'nosuchcmd'], 127);
      assert.match(missing.stderr, /nosuchcmd.*executable file not found/);
    });

    test('docker run -t and exec -t: a terminal, raw (unframed) output', async () => {
      assert.match(await ok(['run', '-t', '--rm', 'busybox', 'sh', '-c', 'echo on-a-tty; tty']), /^on-a-tty\r\n\/dev\/pts\/\d+\r\n$/);
      await fails(['run', '-t', '--rm', 'busybox', 'sh', '-c', 'exit 9'], 9);
      assert.match(await ok(['exec', '-t', 'e2e-bg', 'tty']), /^\/dev\/pts\/\d+\r\n$/);
    });

    test('docker stop -t 1 kills a container that ignores SIGTERM (137); wait reports it', async () => {
      const started = Date.now();
      assert.equal(await ok(['stop', '-t', '1', 'e2e-bg'], { timeoutMs: 15_000 }), 'e2e-bg\n');
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 900 && elapsed < 8_000, `stop -t 1 took ${elapsed} ms`);
      assert.equal(await inspect('e2e-bg', '{{.State.Status}} {{.State.Running}} {{.State.ExitCode}} {{.State.Pid}}'), 'exited false 137 0');
      assert.ok(Date.parse(await inspect('e2e-bg', '{{.State.FinishedAt}}')) >= Date.parse(await inspect('e2e-bg', '{{.State.StartedAt}}')));
      assert.equal(await ok(['wait', 'e2e-bg']), '137\n');
      assert.equal(await ok(['ps', '-q', '--filter', 'name=e2e-bg']), '');
      const notRunning = await fails(['exec', 'e2e-bg', 'true'], 1);
      assert.match(notRunning.stderr, /is not running/);
    });

    test('docker start, then rm refuses a running container and rm -f removes it', async () => {
      assert.equal(await ok(['start', 'e2e-bg']), 'e2e-bg\n');
      assert.equal(await inspect('e2e-bg', '{{.State.Status}} {{.State.Running}}'), 'running true');
      await waitForLog('e2e-bg', 'line3\nline1'); // the second run's output follows the first's
      const refused = await fails(['rm', 'e2e-bg'], 1);
      assert.match(refused.stderr, /running.*(stop|force)/i);
      assert.equal(await ok(['rm', '-f', 'e2e-bg']), 'e2e-bg\n');
      const gone = await fails(['inspect', 'e2e-bg'], 1);
      assert.match(gone.stderr, /No such (object|container): e2e-bg/);

      const exited = (await ok(['create', 'busybox', 'true'])).trim();
      assert.equal(await inspect(exited, '{{.State.Status}}'), 'created');
      assert.equal(await ok(['rm', exited.slice(0, 12)]), `${exited.slice(0, 12)}\n`);
      assert.match((await fails(['rm', 'e2e-no-such-container'], 1)).stderr, /No such container: e2e-no-such-container/);
    });

    test('docker inspect: the whole document and State fields', async () => {
      const id = (await ok(['run', '-d', '--name', 'e2e-inspect', 'busybox', 'sleep', '60'])).trim();
      const [doc] = JSON.parse(await ok(['inspect', 'e2e-inspect'])) as { Id: string; Name: string; Path: string; Args: string[]; Image: string; Config: { Image: string; Cmd: string[] }; State: Record<string, unknown> }[];
      assert.ok(doc);
      assert.equal(doc.Id, id);
      assert.equal(doc.Name, '/e2e-inspect');
      assert.equal(doc.Path, 'sleep');
      assert.deepEqual(doc.Args, ['60']);
      assert.equal(doc.Config.Image, 'busybox');
      assert.deepEqual(doc.Config.Cmd, ['sleep', '60']);
      assert.equal(doc.Image, (await ok(['images', '-q', '--no-trunc', 'busybox'])).trim());
      assert.equal(doc.State.Status, 'running');
      assert.equal(doc.State.Running, true);
      assert.equal(doc.State.Paused, false);
      assert.equal(doc.State.ExitCode, 0);
      assert.ok(Number(doc.State.Pid) > 0);
      assert.ok(Date.parse(String(doc.State.StartedAt)) > Date.now() - 60_000);
      assert.equal(await ok(['kill', 'e2e-inspect']), 'e2e-inspect\n');
      assert.equal(await ok(['wait', 'e2e-inspect']), '137\n');
      assert.equal(await inspect('e2e-inspect', '{{.State.Status}} {{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}'), 'exited false 137 false');
    });

    test('docker wait prints exit codes', async () => {
      const first = (await ok(['run', '-d', 'busybox', 'sh', '-c', 'sleep 0.3; exit 5'])).trim();
      const second = (await ok(['run', '-d', 'busybox', 'sh', '-c', 'exit 0'])).trim();
      assert.equal(await ok(['wait', first, second]), '5\n0\n');
      assert.match((await fails(['wait', 'e2e-no-such-container'], 1)).stderr, /No such container: e2e-no-such-container/);

      // start -a and attach hand back the container's output and exit code, as run does.
      const created = (await ok(['create', 'busybox', 'sh', '-c', 'echo attached-start; exit 6'])).trim();
      const started = await fails(['start', '-a', created], 6);
      assert.equal(started.stdout, 'attached-start\n');
      const running = (await ok(['run', '-d', 'busybox', 'sh', '-c', 'sleep 0.3; echo attached-late; exit 2'])).trim();
      const attached = await fails(['attach', running], 2);
      assert.equal(attached.stdout, 'attached-late\n');
    });

    test('docker import from a root filesystem tar', async () => {
      const tar = path.join(daemon.dir, 'imported-rootfs.tar');
      await writeBusyboxRootfs(tar, { files: { 'hello.txt': 'hello from an imported image\n' } });
      assert.match(await ok(['import', tar, 'e2e-imported:v1']), /^sha256:[0-9a-f]{64}\n$/);
      assert.equal(await ok(['run', '--rm', 'e2e-imported:v1', 'cat', '/hello.txt']), 'hello from an imported image\n');
      // From stdin, with a CMD set by --change.
      const id = (await ok(['import', '-c', 'CMD ["cat", "/hello.txt"]', '-', 'e2e-imported:v2'], { input: readFileSync(tar) })).trim();
      assert.equal((await ok(['images', '-q', '--no-trunc', 'e2e-imported:v2'])).trim(), id);
      assert.equal(await ok(['image', 'inspect', '-f', '{{json .Config.Cmd}}', 'e2e-imported:v2']), '["cat","/hello.txt"]\n');
      assert.equal(await ok(['run', '--rm', 'e2e-imported:v2']), 'hello from an imported image\n');
    });

    test('docker tag and rmi', async () => {
      const busybox = (await ok(['images', '-q', '--no-trunc', 'busybox'])).trim();
      assert.equal(await ok(['tag', 'busybox', 'e2e/mybox:1']), '');
      assert.equal((await ok(['images', '-q', '--no-trunc', 'e2e/mybox:1'])).trim(), busybox);
      assert.equal((await ok(['images', '--format', '{{.Repository}}:{{.Tag}}', 'e2e/mybox'])).trim(), 'e2e/mybox:1', 'a reference filter shows only the matching tags');
      assert.equal(await ok(['rmi', 'e2e/mybox:1']), 'Untagged: e2e/mybox:1\n');
      assert.equal((await ok(['images', '-q', '--no-trunc', 'busybox'])).trim(), busybox, 'untagging one name keeps the image');

      const removed = await ok(['rmi', 'e2e-imported:v1', 'e2e-imported:v2']);
      assert.match(removed, /^Untagged: e2e-imported:v1$/m);
      assert.match(removed, /^Untagged: e2e-imported:v2$/m);
      assert.match(removed, /^Deleted: sha256:[0-9a-f]{64}$/m);
      assert.equal(await ok(['images', '-q', 'e2e-imported']), '');
      assert.match((await fails(['rmi', 'e2e-no-such-image'], 1)).stderr, /No such image: e2e-no-such-image/);
    });

    test('errors: unknown image, command not found, duplicate --name', async () => {
      // Not here, so docker pulls it — and no registry is reachable from the test's namespace.
      const unknown = await fails(['run', 'nosuchimage'], 125);
      assert.match(unknown.stderr, /Unable to find image 'nosuchimage:latest' locally/);
      assert.match(unknown.stderr, /Error response from daemon: .*registry-1\.docker\.io/);
      const neverPulled = await fails(['run', '--pull', 'never', 'nosuchimage'], 125);
      assert.match(neverPulled.stderr, /Error response from daemon: No such image: nosuchimage:latest/);

      const notFound = await fails(['run', '--name', 'e2e-nosuchcmd', 'busybox', 'nosuchcmd'], 127);
      assert.match(notFound.stderr, /"nosuchcmd": executable file not found in \$PATH/);
      await fails(['run', '--rm', 'busybox', 'nosuchcmd'], 127);

      assert.match(await ok(['run', '-d', '--name', 'e2e-dup', 'busybox', 'sleep', '60']), /^[0-9a-f]{64}\n$/);
      const duplicate = await fails(['run', '--name', 'e2e-dup', 'busybox', 'true'], 125);
      assert.match(duplicate.stderr, /The container name "\/e2e-dup" is already in use/);
      assert.equal((await ok(['ps', '-a', '-q', '--filter', 'name=^e2e-dup$'])).trim().split('\n').length, 1);
      assert.equal(await ok(['rm', '-f', 'e2e-dup']), 'e2e-dup\n');
    });

    // Last: it removes every container so that busybox can be deleted and loaded back.
    test('docker run -p, docker port and ps show a published port that answers', async () => {
      await ok(['run', '-d', '--name', 'e2e-web', '-p', '8085:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
      assert.equal((await ok(['port', 'e2e-web'])).trim(), '80/tcp -> 0.0.0.0:8085');
      assert.equal((await ok(['port', 'e2e-web', '80'])).trim(), '0.0.0.0:8085');
      assert.match(await ok(['ps', '--filter', 'name=e2e-web']), /0\.0\.0\.0:8085->80\/tcp/);
      const response = await daemon.inNetns('curl', ['-s', '-m', '5', 'http://127.0.0.1:8085/']);
      assert.equal(response.stdout.trim(), '<h1>hello from minato</h1>');
      const clash = await fails(['run', '-d', '-p', '8085:80', 'busybox', 'true'], 125);
      assert.match(clash.stderr, /port is already allocated/);
      await ok(['rm', '-f', 'e2e-web']);
    });

    test('docker network create, ls, inspect, connect, disconnect, rm and prune', async () => {
      const id = (await ok(['network', 'create', '--subnet', '10.124.0.0/24', 'e2e-net'])).trim();
      assert.match(id, /^[a-f0-9]{64}$/);
      assert.match(await ok(['network', 'ls']), /e2e-net\s+bridge\s+local/);
      assert.equal(await inspect(id.slice(0, 12), '{{.Name}}'), 'e2e-net');
      assert.equal((await ok(['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}}', 'e2e-net'])).trim(), '10.124.0.0/24');
      await ok(['run', '-d', '--name', 'e2e-server', '--network', 'e2e-net', '--network-alias', 'svc', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
      const fetched = await ok(['run', '--rm', '--network', 'e2e-net', 'busybox', 'sh', '-c', "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 svc 80 | tail -n 1"]);
      assert.equal(fetched.trim(), '<h1>hello from minato</h1>');
      await ok(['run', '-d', '--name', 'e2e-joiner', 'busybox', 'sleep', '300']);
      await ok(['network', 'connect', 'e2e-net', 'e2e-joiner']);
      assert.match(await inspect('e2e-joiner', '{{range $name, $n := .NetworkSettings.Networks}}{{$name}}={{$n.IPAddress}} {{end}}'), /bridge=10\.88\.\S+ e2e-net=10\.124\.0\.\d+/);
      await ok(['network', 'disconnect', 'e2e-net', 'e2e-joiner']);
      assert.match((await fails(['network', 'rm', 'e2e-net'], 1)).stderr, /has active endpoints/);
      await ok(['rm', '-f', 'e2e-server', 'e2e-joiner']);
      await ok(['network', 'create', 'e2e-unused']);
      assert.equal((await ok(['network', 'rm', 'e2e-net'])).trim(), 'e2e-net');
      assert.match(await ok(['network', 'prune', '-f']), /e2e-unused/);
    });

    test('docker save and load round trip', async () => {
      const id = (await ok(['images', '-q', '--no-trunc', 'busybox'])).trim();
      const archive = path.join(daemon.dir, 'busybox-saved.tar');
      assert.equal(await ok(['save', '-o', archive, 'busybox']), '');
      const listing = await runProcess('tar', ['-tf', archive]);
      assert.equal(listing.code, 0, listing.stderr);
      assert.match(listing.stdout, /^manifest\.json$/m);
      assert.match(listing.stdout, /^index\.json$/m);

      const containers = (await ok(['ps', '-a', '-q'])).trim().split('\n').filter(Boolean);
      if (containers.length > 0) await ok(['rm', '-f', ...containers]);
      assert.equal(await ok(['ps', '-a', '-q']), '');
      const removed = await ok(['rmi', 'busybox']);
      assert.match(removed, /^Untagged: busybox:latest$/m);
      assert.match(removed, new RegExp(`^Deleted: ${id}$`, 'm'));
      assert.equal(await ok(['images', '-q']), '');
      await fails(['run', '--rm', 'busybox', 'true'], 125);

      assert.equal(await ok(['load', '-i', archive]), 'Loaded image: busybox:latest\n');
      assert.equal((await ok(['images', '-q', '--no-trunc', 'busybox'])).trim(), id, 'the loaded image has the saved ID');
      assert.equal(await ok(['run', '--rm', 'busybox', 'echo', 'loaded and running']), 'loaded and running\n');

      // Through stdin too, as in `docker save busybox | docker load`.
      await ok(['rmi', 'busybox']);
      assert.match(await ok(['load'], { input: readFileSync(archive) }), /^Loaded image: busybox:latest$/m);
      assert.equal(await ok(['run', '--rm', 'busybox', 'echo', 'again']), 'again\n');
    });

    test('docker build (the classic builder API): steps, build args, the cache, -q, a failing step', async () => {
      const dir = path.join(daemon.dir, 'docker-build-context');
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\nARG WHO=nobody\nCOPY greeting.txt /greeting.txt\nRUN echo "built for $WHO" >> /greeting.txt\nCMD ["cat", "/greeting.txt"]\n');
      writeFileSync(path.join(dir, 'greeting.txt'), 'hello\n');
      const buildEnv = { DOCKER_BUILDKIT: '0' };
      const first = await docker(['build', '-t', 'e2e-built:1', '--build-arg', 'WHO=docker', dir], { env: buildEnv, timeoutMs: 120_000 });
      assert.equal(first.code, 0, describeRun(['build'], first));
      assert.match(first.stdout, /^Sending build context to Docker daemon/m);
      assert.match(first.stdout, /^Successfully tagged e2e-built:1$/m);
      assert.equal(await ok(['run', '--rm', 'e2e-built:1']), 'hello\nbuilt for docker\n');

      const again = await docker(['build', '-t', 'e2e-built:1', '--build-arg', 'WHO=docker', dir], { env: buildEnv, timeoutMs: 120_000 });
      assert.equal(again.code, 0, describeRun(['build'], again));
      assert.equal(again.stdout.split('\n').filter((line) => / CACHED$/.test(line)).length, 3, again.stdout);

      const quiet = await docker(['build', '-q', '--build-arg', 'WHO=docker', dir], { env: buildEnv, timeoutMs: 120_000 });
      assert.equal(quiet.code, 0, describeRun(['build', '-q'], quiet));
      assert.equal(quiet.stdout.trim(), await inspect('e2e-built:1', '{{.Id}}'), '-q prints the image ID alone');

      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\nRUN echo failing-step-output; exit 4\n');
      const failed = await docker(['build', '-t', 'e2e-broken:1', dir], { env: buildEnv, timeoutMs: 120_000 });
      assert.equal(failed.code, 1, describeRun(['build'], failed));
      assert.match(failed.stdout, /failing-step-output/);
      assert.match(failed.stderr, /Dockerfile:2: RUN echo failing-step-output; exit 4: .*exit code: 4/);
      assert.equal(await ok(['images', '-q', 'e2e-broken']), '');
    });
  });
}
