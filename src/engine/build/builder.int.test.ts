// The builder through `minato build` against a real daemon: every instruction people use, read
// back from the image's config and from a container run on it; one layer per file-system step
// (RUN in a real container, overlay whiteouts as OCI whiteouts); the step cache (CACHED, a change
// rebuilds from its step, --no-cache); stages, --target, COPY --from; ARG scoping; .dockerignore;
// errors that name the line; and that a failed or interrupted build leaves nothing behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tarEntries } from '../../../test/helpers/tar-entries.ts';
import { isRoot, minatoBin, type RunResult, TestDaemon } from '../../../test/helpers/test-daemon.ts';

const skip = isRoot() ? false : 'needs root: builds run RUN steps in real containers';

describe('minato build', { skip, timeout: 600_000 }, () => {
  const daemon = new TestDaemon();
  let contexts = 0;

  /** A fresh context directory holding `files` (path → content). */
  function context(files: Record<string, string>): string {
    const dir = path.join(daemon.dir, `context-${++contexts}`);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  const build = (args: string[]): Promise<RunResult> => daemon.minato(['build', '--progress', 'plain', ...args], { timeoutMs: 120_000 });
  const built = async (args: string[]): Promise<RunResult> => {
    const result = await build(args);
    assert.equal(result.code, 0, `minato build ${args.join(' ')} exited ${result.code}\n${result.stderr}\ndaemon log (tail):\n${daemon.log.split('\n').slice(-10).join('\n')}`);
    return result;
  };
  const cachedSteps = (output: string) => output.split('\n').filter((line) => / CACHED$/.test(line)).length;
  const runIn = (image: string, script: string) => daemon.ok(['run', '--rm', image, 'sh', '-c', script]);
  const inspect = async (image: string) => JSON.parse(await daemon.ok(['image', 'inspect', image]))[0];
  const buildMounts = () => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((line) => line.includes(path.join(daemon.dataRoot, 'build')));
  const buildScratch = () => (existsSync(path.join(daemon.dataRoot, 'build')) ? readdirSync(path.join(daemon.dataRoot, 'build')) : []);

  before(async () => {
    await daemon.start();
    await daemon.importBusybox();
  });

  after(async () => {
    await daemon.cleanup();
  });

  test('the instructions people use end up in the image config and its files', async () => {
    const dir = context({
      'Dockerfile': [
        '# syntax=docker/dockerfile:1',
        '# a comment before the first instruction',
        'FROM busybox',
        'ARG VERSION=1.0',
        'ENV APP_HOME=/srv/app \\',
        '    GREETING="hello world"',
        'LABEL org.example.version=$VERSION description="a test image"',
        'WORKDIR $APP_HOME',
        'COPY --chown=1000:1000 app/ ./',
        'COPY notes/*.txt /notes/',
        'ADD bundle.tar.gz /opt/',
        'RUN ["/bin/sh", "-c", "echo json form > /json.txt"]',
        'SHELL ["/bin/sh", "-e", "-c"]',
        'RUN echo "${GREETING:-none} ${UNSET:-fallback} ${APP_HOME:+set}" > /expanded.txt \\',
        '  && echo continued >> /expanded.txt',
        'COPY <<EOF /etc/motd',
        'welcome to $VERSION',
        'EOF',
        'RUN <<EOS',
        'echo first > /heredoc.txt',
        'echo second >> /heredoc.txt',
        'EOS',
        'USER 1000:1000',
        'EXPOSE 8080/tcp 53/udp',
        'VOLUME ["/data"]',
        'STOPSIGNAL SIGINT',
        'HEALTHCHECK --interval=5s --timeout=2s --retries=4 CMD cat /etc/motd',
        'ENTRYPOINT ["/bin/sh", "-c"]',
        'CMD ["cat /srv/app/main.txt"]',
      ].join('\n'),
      'app/main.txt': 'main\n',
      'app/sub/deep.txt': 'deep\n',
      'notes/a.txt': 'a\n',
      'notes/b.txt': 'b\n',
      'notes/c.md': 'not copied\n',
    });
    mkdirSync(path.join(dir, 'bundle', 'inner'), { recursive: true });
    writeFileSync(path.join(dir, 'bundle', 'inner', 'file.txt'), 'from the tarball\n');
    execFileSync('tar', ['-czf', path.join(dir, 'bundle.tar.gz'), '-C', path.join(dir, 'bundle'), 'inner']);
    await built(['-t', 'everything:1', '--build-arg', 'VERSION=2.5', dir]);

    const image = await inspect('everything:1');
    const config = image.Config;
    assert.ok(config.Env.includes('APP_HOME=/srv/app'));
    assert.ok(config.Env.includes('GREETING=hello world'));
    assert.ok(!config.Env.some((entry: string) => entry.startsWith('VERSION=')), 'an ARG is not in the image');
    assert.equal(config.Labels['org.example.version'], '2.5');
    assert.equal(config.Labels.description, 'a test image');
    assert.equal(config.WorkingDir, '/srv/app');
    assert.equal(config.User, '1000:1000');
    assert.deepEqual(Object.keys(config.ExposedPorts).sort(), ['53/udp', '8080/tcp']);
    assert.deepEqual(Object.keys(config.Volumes), ['/data']);
    assert.equal(config.StopSignal, 'SIGINT');
    assert.deepEqual(config.Healthcheck.Test, ['CMD-SHELL', 'cat /etc/motd']);
    assert.equal(config.Healthcheck.Interval, 5_000_000_000);
    assert.equal(config.Healthcheck.Timeout, 2_000_000_000);
    assert.equal(config.Healthcheck.Retries, 4);
    assert.deepEqual(config.Entrypoint, ['/bin/sh', '-c']);
    assert.deepEqual(config.Cmd, ['cat /srv/app/main.txt']);
    assert.deepEqual(config.Shell, ['/bin/sh', '-e', '-c']);

    // The default command (ENTRYPOINT + CMD, as USER 1000) reads what COPY put there.
    assert.equal(await daemon.ok(['run', '--rm', 'everything:1']), 'main');
    const files = await daemon.ok([
      'run', '--rm', '--entrypoint', 'sh', 'everything:1', '-c',
      'stat -c "%u:%g %n" /srv/app/main.txt /srv/app/sub/deep.txt; ls /notes; cat /opt/inner/file.txt /json.txt /expanded.txt /etc/motd /heredoc.txt; id -u',
    ]);
    assert.equal(
      files,
      [
        '1000:1000 /srv/app/main.txt',
        '1000:1000 /srv/app/sub/deep.txt',
        'a.txt',
        'b.txt',
        'from the tarball',
        'json form',
        'hello world fallback set',
        'continued',
        'welcome to 2.5',
        'first',
        'second',
        '1000',
      ].join('\n'),
    );
  });

  test('one layer per file-system step; a file deleted by RUN is an OCI whiteout in its layer', async () => {
    const base = await inspect('busybox');
    const dir = context({
      'Dockerfile': 'FROM busybox\nENV A=1\nCOPY one.txt /one.txt\nRUN rm /bin/vi && echo ran > /ran.txt\nLABEL x=y\n',
      'one.txt': 'one\n',
    });
    await built(['-t', 'layers:1', dir]);
    const image = await inspect('layers:1');
    assert.equal(image.RootFS.Layers.length, base.RootFS.Layers.length + 2, 'COPY and RUN make a layer each; ENV and LABEL none');
    assert.equal(await runIn('layers:1', 'test -e /bin/vi && echo present || echo gone; cat /ran.txt /one.txt'), 'gone\nran\none');
    const saved = execFileSync(minatoBin, ['save', 'layers:1'], { env: { ...process.env, MINATO_HOST: daemon.host }, maxBuffer: 64 * 1024 * 1024 });
    const archive = await tarEntries(saved);
    const manifest = JSON.parse(archive.get('manifest.json')!.toString())[0] as { Layers: string[] };
    const runLayer = await tarEntries(archive.get(manifest.Layers.at(-1)!)!);
    assert.ok(runLayer.has('bin/.wh.vi'), `the RUN layer holds a whiteout for /bin/vi: ${[...runLayer.keys()].join(', ')}`);
    assert.equal(runLayer.get('ran.txt')?.toString(), 'ran\n');
    const copyLayer = await tarEntries(archive.get(manifest.Layers.at(-2)!)!);
    assert.deepEqual([...copyLayer.keys()].filter((name) => !name.endsWith('/')), ['one.txt']);
  });

  test('the cache: an unchanged rebuild is all CACHED, a changed file rebuilds from its step, --no-cache rebuilds all', async () => {
    const dir = context({
      'Dockerfile': 'FROM busybox\nRUN echo first > /first.txt\nCOPY input.txt /input.txt\nRUN cat /input.txt > /derived.txt\n',
      'input.txt': 'version 1\n',
    });
    const first = await built(['-t', 'cached:1', dir]);
    assert.equal(cachedSteps(first.stderr), 0, first.stderr);
    const firstId = (await inspect('cached:1')).Id;

    const again = await built(['-t', 'cached:1', dir]);
    assert.equal(cachedSteps(again.stderr), 3, again.stderr);
    assert.equal((await inspect('cached:1')).Id, firstId, 'an all-cached build gives the same image');

    writeFileSync(path.join(dir, 'input.txt'), 'version 2\n');
    const changed = await built(['-t', 'cached:2', dir]);
    assert.match(changed.stderr, /RUN echo first > \/first.txt\n#\d+ CACHED/);
    assert.match(changed.stderr, /COPY input.txt \/input.txt\n#\d+ DONE/);
    assert.match(changed.stderr, /RUN cat \/input.txt > \/derived.txt\n#\d+ DONE/);
    assert.equal(await runIn('cached:2', 'cat /derived.txt'), 'version 2');

    const rebuilt = await built(['--no-cache', '-t', 'cached:3', dir]);
    assert.equal(cachedSteps(rebuilt.stderr), 0, rebuilt.stderr);
    assert.equal(await runIn('cached:3', 'cat /derived.txt'), 'version 2');
  });

  test('stages: COPY --from by name, index and image; --target builds only what it needs', async () => {
    const dir = context({
      'Dockerfile': [
        'FROM busybox AS builder',
        'RUN echo compiled > /artifact',
        'FROM busybox AS unused',
        'RUN echo unused-stage-ran && exit 7',
        'FROM busybox AS tools',
        'RUN echo tool > /tool',
        'FROM scratch',
        'COPY --from=builder /artifact /artifact',
        'COPY --from=2 /tool /tool',
        'COPY --from=busybox /bin/busybox /bin/busybox',
        'ENTRYPOINT ["/bin/busybox"]',
      ].join('\n'),
    });
    const final = await built(['-t', 'stages:final', dir]);
    assert.doesNotMatch(final.stderr, /unused-stage-ran/, 'a stage nothing needs is not built');
    assert.equal(await daemon.ok(['run', '--rm', 'stages:final', 'cat', '/artifact', '/tool']), 'compiled\ntool');
    const layers = (await inspect('stages:final')).RootFS.Layers;
    assert.equal(layers.length, 3, 'FROM scratch: only the three COPY layers');

    await built(['--target', 'tools', '-t', 'stages:tools', dir]);
    assert.equal(await runIn('stages:tools', 'cat /tool; test -e /artifact && echo has-artifact || echo no-artifact'), 'tool\nno-artifact');

    const missing = await build(['--target', 'nosuch', dir]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /target stage "nosuch" could not be found/);
  });

  test('ARG scoping: global ARGs in FROM, redeclared to be seen in a stage; --build-arg over defaults; ENV wins over ARG', async () => {
    const dir = context({
      'Dockerfile': [
        'ARG BASE=busybox',
        'ARG GLOBAL=global-default',
        'FROM ${BASE}',
        'RUN echo "global inside without redeclaring: [$GLOBAL]" > /args.txt',
        'ARG GLOBAL',
        'RUN echo "redeclared: [$GLOBAL]" >> /args.txt',
        'ARG LOCAL=local-default',
        'RUN echo "local: [$LOCAL]" >> /args.txt',
        'ENV LOCAL=from-env',
        'RUN echo "after ENV: [$LOCAL]" >> /args.txt',
      ].join('\n'),
    });
    await built(['-t', 'args:1', dir]);
    assert.equal(
      await runIn('args:1', 'cat /args.txt'),
      'global inside without redeclaring: []\nredeclared: [global-default]\nlocal: [local-default]\nafter ENV: [from-env]',
    );
    const overridden = await built(['-t', 'args:2', '--build-arg', 'GLOBAL=from-cli', '--build-arg', 'LOCAL=cli-local', '--build-arg', 'NOTUSED=x', dir]);
    assert.match(overridden.stderr, /\[NOTUSED\] were not consumed/);
    assert.equal(
      await runIn('args:2', 'cat /args.txt'),
      'global inside without redeclaring: []\nredeclared: [from-cli]\nlocal: [cli-local]\nafter ENV: [from-env]',
    );
  });

  test('.dockerignore keeps files out of the context; an exception brings one back', async () => {
    const dir = context({
      'Dockerfile': 'FROM busybox\nCOPY . /ctx/\n',
      '.dockerignore': '# comment\nsecrets\n*.log\n!keep.log\nbuild/**\n',
      'secrets/key': 'secret\n',
      'debug.log': 'noise\n',
      'keep.log': 'kept\n',
      'build/out/bin': 'binary\n',
      'src/main.c': 'int main;\n',
    });
    await built(['-t', 'ignored:1', dir]);
    const listing = await runIn('ignored:1', 'cd /ctx && find . -type f | sort');
    assert.deepEqual(listing.split('\n'), ['./.dockerignore', './Dockerfile', './keep.log', './src/main.c']);

    const refused = context({ 'Dockerfile': 'FROM busybox\nCOPY debug.log /\n', '.dockerignore': '*.log\n', 'debug.log': 'x\n' });
    const result = await build([refused]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Dockerfile:2: COPY debug.log \/: .*"\/debug.log": not found/);
  });

  test('-f names a Dockerfile elsewhere; --label and -q', async () => {
    const dir = context({ 'data.txt': 'data\n' });
    const dockerfile = path.join(daemon.dir, 'Other.dockerfile');
    writeFileSync(dockerfile, 'FROM busybox\nCOPY data.txt /\n');
    const quiet = await built(['-q', '-f', dockerfile, '--label', 'team=build', '-t', 'elsewhere:1', dir]);
    const image = await inspect('elsewhere:1');
    assert.equal(quiet.stdout.trim(), image.Id, '-q prints only the image ID');
    assert.equal(quiet.stderr, '');
    assert.equal(image.Config.Labels.team, 'build');
    assert.equal(await runIn('elsewhere:1', 'cat /data.txt'), 'data');
  });

  test('errors name the Dockerfile line; a failed build leaves no container, mount, scratch file or name', async () => {
    const imagesBefore = await daemon.ok(['images', '--format', '{{.Repository}}:{{.Tag}}']);
    const cases: { dockerfile: string; message: RegExp }[] = [
      { dockerfile: 'FROM busybox\nRUN true\nFROBNICATE now\n', message: /Dockerfile:3: unknown instruction: FROBNICATE/ },
      { dockerfile: 'FROM busybox\nRUN echo about to fail; echo on-stderr >&2; exit 3\n', message: /Dockerfile:2: RUN echo about to fail; echo on-stderr >&2; exit 3: .*exit code: 3/ },
      { dockerfile: 'FROM busybox\nWORKDIR /x\nCOPY nothere.txt .\n', message: /Dockerfile:3: COPY nothere.txt \.: .*"\/nothere.txt": not found/ },
      { dockerfile: 'FROM busybox\nRUN true\nFROM 127.0.0.1:1/no/such:image\n', message: /Dockerfile:3: FROM 127.0.0.1:1\/no\/such:image: / },
      { dockerfile: 'FROM busybox\nCOPY --from=nosuchstage /a /a\n', message: /Dockerfile:2: COPY --from=nosuchstage/ },
      { dockerfile: 'FROM busybox\nEXPOSE notaport\n', message: /Dockerfile:2: .*notaport/ },
    ];
    for (const { dockerfile, message } of cases) {
      const result = await build(['-t', 'broken:1', context({ Dockerfile: dockerfile })]);
      assert.equal(result.code, 1, `${dockerfile} should fail`);
      assert.match(result.stderr, message);
    }
    const failedRun = await build([context({ Dockerfile: 'FROM busybox\nRUN echo the-output-of-the-failing-step; exit 9\n' })]);
    assert.match(failedRun.stderr, /the-output-of-the-failing-step/, 'the failing RUN shows its output');
    assert.equal(await daemon.ok(['ps', '-aq']), '', 'no container left');
    assert.deepEqual(buildMounts(), [], 'no mount left');
    assert.deepEqual(buildScratch(), [], 'no scratch directory left');
    assert.equal(await daemon.ok(['images', '--format', '{{.Repository}}:{{.Tag}}']), imagesBefore, 'no new name');
  });

  test('RUN uses the bridge network by default; --network none cuts it off', async () => {
    const dir = context({ Dockerfile: 'FROM busybox\nRUN ip -o link | grep -c eth0 > /links || echo 0 > /links\n' });
    await built(['--no-cache', '-t', 'net:bridge', dir]);
    assert.equal(await runIn('net:bridge', 'cat /links'), '1');
    await built(['--no-cache', '--network', 'none', '-t', 'net:none', dir]);
    assert.equal(await runIn('net:none', 'cat /links'), '0');
  });

  test('a daemon killed in the middle of a RUN: on restart no build container, mount or scratch file remains', async () => {
    const dir = context({ Dockerfile: 'FROM busybox\nRUN echo started; sleep 60\n' });
    const pending = build(['-t', 'interrupted:1', dir]);
    const deadline = Date.now() + 30_000;
    while ((await daemon.ok(['ps', '-q'])) === '' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.notEqual(await daemon.ok(['ps', '-q']), '', 'the RUN step started a container');
    await daemon.killDaemon();
    const result = await pending;
    assert.notEqual(result.code, 0);
    await daemon.start();
    assert.equal(await daemon.ok(['ps', '-aq']), '', 'the build container is gone');
    assert.deepEqual(buildMounts(), []);
    assert.deepEqual(buildScratch(), []);
    assert.equal((await daemon.minato(['image', 'inspect', 'interrupted:1'])).code, 1, 'no image was named');
  });
});
