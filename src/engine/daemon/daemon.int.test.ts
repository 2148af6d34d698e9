// The daemon as a process: containers outlive it (even kill -9), a restarted daemon picks up
// where the old one stopped, and no request — however malformed — takes it down.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isRoot, runProcess, TestDaemon } from '../../../test/helpers/test-daemon.ts';

const skip = isRoot() ? false : 'needs root: runs real containers';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('containers outlive the daemon', { skip, timeout: 300_000 }, () => {
  const daemon = new TestDaemon();
  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  test('after kill -9 the containers keep running; a new daemon adopts them', async () => {
    await daemon.ok(['run', '-d', '--name', 'steady', 'busybox', 'sleep', '300']);
    await daemon.ok(['run', '-d', '--name', 'ends-meanwhile', 'busybox', 'sh', '-c', 'sleep 2; exit 4']);
    await daemon.ok(['run', '-d', '--name', 'talker', 'busybox', 'sh', '-c', 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done']);
    const steadyPid = Number(await daemon.ok(['inspect', '-f', '{{.State.Pid}}', 'steady']));

    await daemon.killDaemon();
    assert.ok(alive(steadyPid), 'the container survived kill -9 of the daemon');
    await new Promise((resolve) => setTimeout(resolve, 2500)); // ends-meanwhile exits while no daemon watches
    assert.ok(alive(steadyPid));

    await daemon.start();
    const ps = await daemon.ok(['ps', '-a', '--format', '{{.Names}} {{.Status}}']);
    assert.match(ps, /^steady Up /m);
    assert.match(ps, /^talker Up /m);
    assert.match(ps, /^ends-meanwhile Exited \(4\) /m);
    assert.equal(await daemon.ok(['inspect', '-f', '{{.State.Pid}}', 'steady']), String(steadyPid));

    // logs -f goes on with what the container writes after the restart.
    const before = (await daemon.ok(['logs', 'talker'])).split('\n').length;
    const follow = daemon.minato(['logs', '-f', '--tail', '0', 'talker'], { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await daemon.ok(['stop', '-t', '1', 'talker']);
    const followed = await follow;
    assert.equal(followed.code, 0);
    assert.match(followed.stdout, /^line \d+$/m, 'logs -f printed new lines and ended when the container stopped');
    assert.ok((await daemon.ok(['logs', 'talker'])).split('\n').length > before);

    await daemon.ok(['stop', '-t', '1', 'steady']);
    assert.equal(alive(steadyPid), false);
    assert.equal(await daemon.ok(['inspect', '-f', '{{.State.Status}}', 'steady']), 'exited');
    await daemon.ok(['rm', 'steady', 'talker', 'ends-meanwhile']);
  });

  test('a graceful daemon stop leaves containers running too, and restart policies come back', async () => {
    await daemon.ok(['run', '-d', '--name', 'calm', 'busybox', 'sleep', '300']);
    const pid = Number(await daemon.ok(['inspect', '-f', '{{.State.Pid}}', 'calm']));
    await daemon.stopDaemon();
    assert.ok(alive(pid));
    await daemon.start();
    assert.equal(await daemon.ok(['inspect', '-f', '{{.State.Running}}', 'calm']), 'true');
    await daemon.ok(['rm', '-f', 'calm']);
    assert.equal(alive(pid), false);
  });
});

describe('bad input never takes the daemon down', { skip, timeout: 120_000 }, () => {
  const daemon = new TestDaemon();
  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });
  after(() => daemon.cleanup());

  const request = async (method: string, urlPath: string, body?: string, contentType = 'application/json') => {
    const args = ['-s', '-g', '-o', '-', '-w', '\n%{http_code}', '--unix-socket', daemon.socket, '-X', method, `http://d${urlPath}`];
    if (body !== undefined) args.push('-H', `Content-Type: ${contentType}`, '--data-binary', body);
    const result = await runProcess('curl', args);
    const lines = result.stdout.split('\n');
    return { status: Number(lines.pop()), body: lines.join('\n') };
  };

  test('each bad request gets a 4xx with a message that says what was wrong', async () => {
    const cases: [string, string, string | undefined, number, RegExp][] = [
      ['POST', '/v1.50/containers/create', '{"Image": "busybox", "Cmd": ', 400, /malformed JSON/],
      ['POST', '/v1.50/containers/create', '[1,2,3]', 400, /must be a JSON object/],
      ['POST', '/v1.50/containers/create', '{"Image": "busybox", "Cmd": "true"}', 400, /Config\.Cmd: want an array of strings/],
      ['POST', '/v1.50/containers/create', '{"Image": "nosuch"}', 404, /No such image: nosuch:latest/],
      ['POST', '/v1.50/containers/create', '{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"NetworkMode": "host", "PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}}', 400, /conflicting options: port publishing and the container type network mode/],
      ['POST', '/v1.50/containers/create', '{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "99999"}]}}}', 400, /invalid host port "99999" for 80\/tcp/],
      ['POST', '/v1.50/containers/create', '{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"NetworkMode": "nosuchnet"}}', 404, /network nosuchnet not found/],
      ['POST', '/v1.50/containers/create', '{"Image": "Not A Name!"}', 400, /invalid reference format/],
      ['POST', '/v1.50/containers/create', '{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"Memory": 1}}', 400, /Minimum memory limit/],
      ['POST', '/v1.50/containers/create?name=bad/name', '{"Image": "busybox", "Cmd": ["true"]}', 400, /Invalid container name/],
      ['GET', '/v1.50/containers/nosuch/json', undefined, 404, /No such container: nosuch/],
      ['POST', '/v1.50/containers/nosuch/start', undefined, 404, /No such container: nosuch/],
      ['GET', '/v1.50/containers/json?filters=notjson', undefined, 400, /invalid filters/],
      ['GET', '/v1.50/containers/json?filters={"color":["red"]}', undefined, 400, /invalid filter 'color'/],
      ['GET', '/v1.99/version', undefined, 400, /client version 1.99 is too new/],
      ['GET', '/v1.50/no/such/endpoint', undefined, 404, /page not found/],
      ['POST', '/v1.50/images/create?fromSrc=-&repo=imported', 'this is not a tar archive', 400, /./],
      ['POST', '/v1.50/images/load', 'not a tar either', 400, /./],
      ['DELETE', '/v1.50/images/nosuch', undefined, 404, /No such image: nosuch/],
      ['POST', '/v1.50/volumes/create', '{"Name": "bad/name"}', 400, /includes invalid characters for a local volume name/],
      ['POST', '/v1.50/containers/nosuch/kill?signal=SIGNOPE', undefined, 400, /Invalid signal: SIGNOPE/],
    ];
    for (const [method, urlPath, body, status, message] of cases) {
      const response = await request(method, urlPath, body);
      assert.equal(response.status, status, `${method} ${urlPath}: ${response.body}`);
      const parsed = JSON.parse(response.body) as { message: string };
      assert.match(parsed.message, message, `${method} ${urlPath}`);
    }
    assert.equal((await request('GET', '/_ping')).body, 'OK');
  });

  test('a duplicate name is a 409 naming the container that holds it', async () => {
    const first = await request('POST', '/v1.50/containers/create?name=twin', '{"Image": "busybox", "Cmd": ["true"]}');
    assert.equal(first.status, 201);
    const second = await request('POST', '/v1.50/containers/create?name=twin', '{"Image": "busybox", "Cmd": ["true"]}');
    assert.equal(second.status, 409);
    assert.match(JSON.parse(second.body).message, /The container name "\/twin" is already in use by container "[a-f0-9]{64}"/);
    await daemon.ok(['rm', 'twin']);
  });

  test('the CLI reports a missing rootfs tar and flag mistakes without involving the daemon', async () => {
    const missing = await daemon.minato(['import', '/nonexistent/rootfs.tar', 'x']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /open \/nonexistent\/rootfs.tar: no such file or directory/);
    const badMemory = await daemon.minato(['run', '--memory', 'lots', 'busybox', 'true']);
    assert.equal(badMemory.code, 125);
    assert.match(badMemory.stderr, /invalid argument "lots" for "--memory" flag/);
    const badRestart = await daemon.minato(['run', '--restart', 'sometimes', 'busybox', 'true']);
    assert.equal(badRestart.code, 125);
    assert.match(badRestart.stderr, /invalid restart policy: unknown policy 'sometimes'/);
    const tooFew = await daemon.minato(['stop']);
    assert.equal(tooFew.code, 125);
    assert.match(tooFew.stderr, /"minato stop" requires at least 1 argument/);
  });

  test('the API socket is 0660 root, and the daemon still serves after all that', async () => {
    const mode = statSync(daemon.socket).mode & 0o777;
    assert.equal(mode, 0o660);
    assert.equal(await daemon.ok(['run', '--rm', 'busybox', 'echo', 'still here']), 'still here');
    assert.ok(existsSync(path.join(daemon.dataRoot, 'minato.db')), 'state is kept in the embedded database');
    assert.ok(readFileSync(path.join(daemon.dataRoot, 'run', 'minato.pid'), 'utf8').trim() === String(daemon.pid));
  });
});
