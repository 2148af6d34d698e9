// Containers through the minato CLI against a real daemon (crun, conmon, overlayfs): run
// semantics, exit codes, logs, exec, stop/kill/restart, restart policies, volumes, commit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isRoot, TestDaemon } from '../../../test/helpers/test-daemon.ts';

const skip = isRoot() ? false : 'needs root: runs real containers';

describe('container lifecycle', { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();
  const inspect = async (name: string, format: string) => daemon.ok(['inspect', '-f', format, name]);

  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  test('run prints the output and exits with the container\'s exit code', async () => {
    const result = await daemon.minato(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
  });

  test('exit codes 125, 126 and 127 when the command cannot be run', async () => {
    const notFound = await daemon.minato(['run', '--rm', 'busybox', 'nosuchcommand']);
    assert.equal(notFound.code, 127);
    assert.match(notFound.stderr, /executable file not found in \$PATH/);
    const notExecutable = await daemon.minato(['run', '--rm', 'busybox', '/etc/passwd']);
    assert.equal(notExecutable.code, 126);
    assert.match(notExecutable.stderr, /permission denied/);
    const badFlag = await daemon.minato(['run', '--no-such-flag', 'busybox', 'true']);
    assert.equal(badFlag.code, 125);
    assert.match(badFlag.stderr, /unknown flag: --no-such-flag/);
    // Not here: run pulls it (no registry is reachable from the test's network namespace).
    const noImage = await daemon.minato(['run', '--rm', 'nosuchimage', 'true']);
    assert.equal(noImage.code, 125);
    assert.match(noImage.stderr, /^Unable to find image 'nosuchimage:latest' locally\nminato: Error response from daemon: .*registry-1\.docker\.io.*\nSee 'minato run --help'\.$/ms);
    const neverPull = await daemon.minato(['run', '--rm', '--pull', 'never', 'nosuchimage', 'true']);
    assert.equal(neverPull.code, 125);
    assert.match(neverPull.stderr, /^minato: Error response from daemon: No such image: nosuchimage:latest\nSee 'minato run --help'\.$/m);
    const badPull = await daemon.minato(['run', '--pull', 'sometimes', 'busybox', 'true']);
    assert.equal(badPull.code, 125);
    assert.match(badPull.stderr, /invalid pull option: 'sometimes'/);
  });

  test('--rm removes the container; without it the container stays exited', async () => {
    await daemon.ok(['run', '--rm', '--name', 'gone', 'busybox', 'true']);
    assert.equal((await daemon.minato(['inspect', 'gone'])).code, 1);
    await daemon.ok(['run', '--name', 'kept', 'busybox', 'true']);
    assert.equal(await inspect('kept', '{{.State.Status}} {{.State.ExitCode}}'), 'exited 0');
    await daemon.ok(['rm', 'kept']);
  });

  test('stdin with -i reaches the container and its end closes it', async () => {
    const result = await daemon.minato(['run', '-i', '--rm', 'busybox', 'sh', '-c', 'wc -l'], { input: 'a\nb\nc\n' });
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), '3');
  });

  test('image config and flags combine as Docker combines them', async () => {
    await daemon.ok(['import', '--change', 'ENTRYPOINT ["/bin/echo", "entry"]', '--change', 'CMD ["default"]', '--change', 'ENV GREETING=hi', '--change', 'WORKDIR /srv/app', path.join(daemon.dir, 'busybox-rootfs.tar'), 'combo']);
    assert.equal(await daemon.ok(['run', '--rm', 'combo']), 'entry default');
    assert.equal(await daemon.ok(['run', '--rm', 'combo', 'given']), 'entry given');
    assert.equal(await daemon.ok(['run', '--rm', '--entrypoint', 'pwd', 'combo']), '/srv/app');
    assert.equal(await daemon.ok(['run', '--rm', '--entrypoint', '', 'combo', 'sh', '-c', 'echo $GREETING $X']), 'hi');
    assert.equal(await daemon.ok(['run', '--rm', '-e', 'GREETING=hello', '-e', 'X=1', '--entrypoint', 'sh', 'combo', '-c', 'echo $GREETING $X']), 'hello 1');
    const envFile = path.join(daemon.dir, 'env.list');
    writeFileSync(envFile, '# comment\nFROM_FILE=yes\n\n');
    assert.equal(await daemon.ok(['run', '--rm', '--env-file', envFile, 'busybox', 'sh', '-c', 'echo $FROM_FILE']), 'yes');
    assert.equal(await daemon.ok(['run', '--rm', '-w', '/tmp', '-u', 'www', '-h', 'myhost', 'busybox', 'sh', '-c', 'echo $(pwd) $(id -u) $(hostname)']), '/tmp 33 myhost');
    assert.match(await daemon.ok(['run', '--rm', '-u', '1234:5678', 'busybox', 'id']), /^uid=1234 gid=5678\b/);
    await daemon.ok(['rmi', 'combo']);
  });

  test('logs: --tail, --since, -t and -f until the container exits', async () => {
    const id = await daemon.ok(['run', '-d', 'busybox', 'sh', '-c', 'echo one; echo two >&2; sleep 1; echo three']);
    const followed = await daemon.minato(['logs', '-f', id]);
    assert.equal(followed.stdout, 'one\nthree\n');
    assert.equal(followed.stderr, 'two\n');
    assert.equal((await daemon.minato(['logs', '--tail', '1', id])).stdout, 'three\n');
    assert.match((await daemon.minato(['logs', '-t', id])).stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n/);
    assert.equal((await daemon.minato(['logs', '--since', '1h', id])).stdout, 'one\nthree\n');
    assert.equal((await daemon.minato(['logs', '--since', String(Math.floor(Date.now() / 1000) + 3600), id])).stdout, '');
    await daemon.ok(['rm', id]);
  });

  test('exec: output, exit code, stdin, user, workdir and env', async () => {
    await daemon.ok(['run', '-d', '--name', 'execd', 'busybox', 'sleep', '300']);
    const result = await daemon.minato(['exec', 'execd', 'sh', '-c', 'echo in; echo err >&2; exit 5']);
    assert.deepEqual([result.code, result.stdout, result.stderr], [5, 'in\n', 'err\n']);
    assert.equal(await daemon.ok(['exec', '-i', 'execd', 'cat'], { input: 'piped\n' }), 'piped');
    assert.equal(await daemon.ok(['exec', '-u', 'www', '-w', '/tmp', '-e', 'V=9', 'execd', 'sh', '-c', 'echo $(id -un) $(pwd) $V']), 'www /tmp 9');
    const missing = await daemon.minato(['exec', 'execd', 'nosuchcommand']);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /executable file not found/);
    await daemon.ok(['rm', '-f', 'execd']);
    const stopped = await daemon.minato(['exec', 'execd', 'true']);
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /No such container: execd/);
  });

  test('stop sends the stop signal, then SIGKILL after the timeout', async () => {
    // sleep as PID 1 has no SIGTERM handler, and PID 1 ignores unhandled signals: stop -t 1 has to kill it.
    await daemon.ok(['run', '-d', '--name', 'stubborn', 'busybox', 'sleep', '300']);
    const started = Date.now();
    await daemon.ok(['stop', '-t', '1', 'stubborn']);
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 8000, `stop took ${took} ms`);
    assert.equal(await inspect('stubborn', '{{.State.Status}} {{.State.ExitCode}}'), 'exited 137');
    // A container that handles its stop signal exits with its own code, at once.
    await daemon.ok(['run', '-d', '--name', 'polite', '--stop-signal', 'SIGUSR1', 'busybox', 'sh', '-c', 'trap "exit 42" USR1; while true; do sleep 0.1; done']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const quick = Date.now();
    await daemon.ok(['stop', '-t', '10', 'polite']);
    assert.ok(Date.now() - quick < 5000);
    assert.equal(await inspect('polite', '{{.State.ExitCode}}'), '42');
    const again = await daemon.minato(['stop', 'polite']);
    assert.equal(again.code, 0, 'stopping a stopped container is not an error (304)');
    await daemon.ok(['start', 'polite']);
    assert.equal(await inspect('polite', '{{.State.Running}}'), 'true');
    await daemon.ok(['restart', '-t', '5', 'polite']);
    assert.equal(await inspect('polite', '{{.State.Running}}'), 'true');
    await daemon.ok(['kill', '-s', 'USR1', 'polite']);
    assert.equal(await daemon.ok(['wait', 'polite']), '42');
    // --stop-timeout is the container's own default for stop.
    await daemon.ok(['run', '-d', '--name', 'patient', '--stop-timeout', '1', 'busybox', 'sleep', '300']);
    const patient = Date.now();
    await daemon.ok(['stop', 'patient']);
    const waited = Date.now() - patient;
    assert.ok(waited >= 900 && waited < 8000, `stop honoured --stop-timeout 1 (took ${waited} ms)`);
    await daemon.ok(['rm', 'stubborn', 'polite', 'patient']);
  });

  test('rm refuses a running container unless forced; kill needs a running one', async () => {
    await daemon.ok(['run', '-d', '--name', 'busy', 'busybox', 'sleep', '300']);
    const refused = await daemon.minato(['rm', 'busy']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /cannot remove container "\/busy": container is running/);
    await daemon.ok(['rm', '-f', 'busy']);
    const gone = await daemon.minato(['kill', 'busy']);
    assert.match(gone.stderr, /No such container: busy/);
    await daemon.ok(['create', '--name', 'idle', 'busybox', 'true']);
    const notRunning = await daemon.minato(['kill', 'idle']);
    assert.equal(notRunning.code, 1);
    assert.match(notRunning.stderr, /is not running/);
    const duplicate = await daemon.minato(['create', '--name', 'idle', 'busybox', 'true']);
    assert.equal(duplicate.code, 125, 'docker create exits 125 when the daemon refuses');
    assert.match(duplicate.stderr, /The container name "\/idle" is already in use/);
    await daemon.ok(['rm', 'idle']);
  });

  test('ps: default, -a, -q, filters and the columns docker prints', async () => {
    await daemon.ok(['run', '-d', '--name', 'listed', '--label', 'team=blue', 'busybox', 'sleep', '300']);
    assert.equal((await daemon.minato(['run', '--name', 'done', 'busybox', 'sh', '-c', 'exit 2'])).code, 2);
    const ps = await daemon.ok(['ps']);
    assert.match(ps.split('\n')[0]!, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
    assert.match(ps, /busybox\s+"sleep 300"\s+.* ago\s+Up .*\s+listed/);
    assert.doesNotMatch(ps, /done/);
    assert.match(await daemon.ok(['ps', '-a']), /Exited \(2\) .* ago\s+done/);
    assert.equal(await daemon.ok(['ps', '-a', '-q', '--filter', 'exited=2']), (await inspect('done', '{{.Id}}')).slice(0, 12));
    assert.equal(await daemon.ok(['ps', '--filter', 'label=team=blue', '--format', '{{.Names}}']), 'listed');
    assert.equal(await daemon.ok(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}} {{.Status}}']).then((out) => out.split('\n').some((line) => line.startsWith('done Exited (2)'))), true);
    await daemon.ok(['rm', '-f', 'listed', 'done']);
  });

  test('restart policies: on-failure:N retries N times; always comes back after a crash', async () => {
    await daemon.ok(['run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'exit 1']);
    await waitFor(async () => (await inspect('flaky', '{{.State.Status}}')) === 'exited', 'on-failure container to give up');
    assert.equal(await inspect('flaky', '{{.RestartCount}}'), '2');
    await daemon.ok(['run', '-d', '--name', 'phoenix', '--restart', 'always', 'busybox', 'sleep', '300']);
    const firstPid = await inspect('phoenix', '{{.State.Pid}}');
    process.kill(Number(firstPid), 'SIGKILL');
    await waitFor(async () => {
      const [running, pid] = (await inspect('phoenix', '{{.State.Running}} {{.State.Pid}}')).split(' ');
      return running === 'true' && pid !== firstPid && pid !== '0';
    }, 'always container to be restarted');
    assert.equal(await inspect('phoenix', '{{.RestartCount}}'), '1');
    await daemon.ok(['stop', '-t', '1', 'phoenix']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await inspect('phoenix', '{{.State.Status}}'), 'exited', 'a user stop is not undone by the restart policy');
    await daemon.ok(['rm', 'flaky', 'phoenix']);
  });

  test('volumes: bind mounts (ro), named volumes that persist and copy image content, tmpfs', async () => {
    const hostDir = path.join(daemon.dir, 'shared');
    mkdirSync(hostDir);
    writeFileSync(path.join(hostDir, 'from-host'), 'host data\n');
    assert.equal(await daemon.ok(['run', '--rm', '-v', `${hostDir}:/data:ro`, 'busybox', 'cat', '/data/from-host']), 'host data');
    const readOnly = await daemon.minato(['run', '--rm', '-v', `${hostDir}:/data:ro`, 'busybox', 'touch', '/data/x']);
    assert.notEqual(readOnly.code, 0);
    assert.match(readOnly.stderr, /Read-only file system/);
    await daemon.ok(['run', '--rm', '-v', `${hostDir}:/data`, 'busybox', 'sh', '-c', 'echo back > /data/from-container']);
    assert.ok(existsSync(path.join(hostDir, 'from-container')));

    await daemon.ok(['volume', 'create', 'keep']);
    await daemon.ok(['run', '--rm', '-v', 'keep:/store', 'busybox', 'sh', '-c', 'echo persisted > /store/file']);
    assert.equal(await daemon.ok(['run', '--rm', '-v', 'keep:/store', 'busybox', 'cat', '/store/file']), 'persisted');
    assert.match(await daemon.ok(['volume', 'ls']), /local\s+keep/);
    assert.equal(await daemon.ok(['volume', 'inspect', '-f', '{{.Driver}} {{.Name}}', 'keep']), 'local keep');
    // A new volume mounted over image content starts with a copy of it.
    assert.equal(await daemon.ok(['run', '--rm', '-v', 'etccopy:/etc', 'busybox', 'grep', '-c', 'root', '/etc/passwd']), '1');
    const inUse = await daemon.ok(['run', '-d', '--name', 'holder', '-v', 'keep:/store', 'busybox', 'sleep', '300']);
    const refused = await daemon.minato(['volume', 'rm', 'keep']);
    assert.match(refused.stderr, /volume is in use/);
    await daemon.ok(['rm', '-f', inUse]);
    await daemon.ok(['volume', 'rm', 'keep', 'etccopy']);

    assert.match(await daemon.ok(['run', '--rm', '--tmpfs', '/scratch:size=1m', 'busybox', 'sh', '-c', 'grep /scratch /proc/mounts']), /tmpfs \/scratch tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k/);
    // An anonymous volume is removed with the container by rm -v.
    await daemon.ok(['create', '--name', 'anon', '-v', '/anon', 'busybox', 'true']);
    const anonymous = await inspect('anon', '{{range .Mounts}}{{.Name}}{{end}}');
    assert.match(anonymous, /^[a-f0-9]{64}$/);
    await daemon.ok(['rm', '-v', 'anon']);
    assert.equal((await daemon.minato(['volume', 'inspect', anonymous])).code, 1);
  });

  test('--read-only root and --init', async () => {
    const readOnly = await daemon.minato(['run', '--rm', '--read-only', 'busybox', 'touch', '/x']);
    assert.match(readOnly.stderr, /Read-only file system/);
    assert.equal(await daemon.ok(['run', '--rm', '--read-only', '--tmpfs', '/tmp', 'busybox', 'sh', '-c', 'touch /tmp/ok && echo ok']), 'ok');
    assert.equal(await daemon.ok(['run', '--rm', '--init', 'busybox', 'sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "']), '/sbin/docker-init -- sh -c cat /proc/1/cmdline | tr "\\0" " "');
    // With an init as PID 1, SIGTERM reaches the shell's default handler and stop is quick.
    await daemon.ok(['run', '-d', '--init', '--name', 'inited', 'busybox', 'sleep', '300']);
    const started = Date.now();
    await daemon.ok(['stop', 'inited']);
    assert.ok(Date.now() - started < 5000, 'stop with --init does not wait for the timeout');
    await daemon.ok(['rm', 'inited']);
  });

  test('commit makes an image of the container\'s changes', async () => {
    await daemon.ok(['run', '--name', 'changer', 'busybox', 'sh', '-c', 'echo committed > /note && rm /etc/group']);
    await daemon.ok(['commit', '-c', 'CMD ["cat", "/note"]', '-m', 'a note', 'changer', 'noted:v1']);
    assert.equal(await daemon.ok(['run', '--rm', 'noted:v1']), 'committed');
    assert.equal((await daemon.minato(['run', '--rm', 'noted:v1', 'cat', '/etc/group'])).code, 1, 'the deletion is part of the image');
    assert.match(await daemon.ok(['history', 'noted:v1']), /a note/);
    await daemon.ok(['rm', 'changer']);
    await daemon.ok(['rmi', 'noted:v1']);
  });

  test('stats --no-stream reports the container\'s cgroup', async () => {
    await daemon.ok(['run', '-d', '--name', 'measured', '--memory', '64m', 'busybox', 'sleep', '300']);
    const stats = await daemon.ok(['stats', '--no-stream', 'measured']);
    assert.match(stats.split('\n')[0]!, /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
    assert.match(stats.split('\n')[1]!, /measured\s+\d+\.\d\d%\s+[\d.]+[KMG]?i?B \/ 64MiB\s+[\d.]+%\s+.*\s+1$/);
    await daemon.ok(['rm', '-f', 'measured']);
  });

  async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
});
