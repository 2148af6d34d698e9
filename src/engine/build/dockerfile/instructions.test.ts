import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfileInstructions } from './instructions.ts';
import { isMinatoError } from '../../../util/errors.ts';
import type { StageInstruction } from './instruction-types.ts';

const only = (body: string): StageInstruction => {
  const df = parseDockerfileInstructions(`FROM base\n${body}`);
  assert.equal(df.stages[0]!.instructions.length, 1);
  return df.stages[0]!.instructions[0]!;
};

function error(text: string): string {
  try {
    parseDockerfileInstructions(text);
  } catch (err) {
    assert.ok(isMinatoError(err, 'InvalidArgument'), `not an InvalidArgument MinatoError: ${String(err)}`);
    return err.message;
  }
  assert.fail(`expected an error for ${JSON.stringify(text)}`);
}

test('stages: meta args, names, platforms, indexes, lines', () => {
  const df = parseDockerfileInstructions(
    [
      'ARG BASE=alpine',
      'ARG TAG',
      'FROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-3} AS Build',
      'RUN make',
      '',
      'FROM scratch',
      'COPY --from=build /out /',
    ].join('\n'),
  );
  assert.deepEqual(
    df.metaArgs.map((a) => a.args),
    [[{ key: 'BASE', defaultValue: 'alpine' }], [{ key: 'TAG' }]],
  );
  assert.equal(df.stages.length, 2);
  const [build, final] = df.stages;
  assert.equal(build!.index, 0);
  assert.equal(build!.name, 'build');
  assert.equal(build!.baseImage, '${BASE}:${TAG:-3}');
  assert.equal(build!.platform, '$BUILDPLATFORM');
  assert.equal(build!.from.line, 3);
  assert.deepEqual(build!.instructions.map((i) => [i.kind, i.line]), [['run', 4]]);
  assert.equal(final!.name, undefined);
  assert.equal(final!.baseImage, 'scratch');
  const copy = final!.instructions[0]!;
  assert.ok(copy.kind === 'copy');
  assert.equal(copy.from, 'build');
  assert.equal(copy.source, 'COPY --from=build /out /');
});

test('RUN: shell and exec forms, flags kept for the builder', () => {
  const run = only('RUN --mount=type=cache,target=/root/.cache --network=none --security=insecure echo "$HOME"');
  assert.ok(run.kind === 'run');
  assert.deepEqual(run.command, { form: 'shell', command: 'echo "$HOME"' });
  assert.deepEqual(run.mountSpecs, ['type=cache,target=/root/.cache']);
  assert.equal(run.network, 'none');
  assert.equal(run.security, 'insecure');
  assert.deepEqual(run.flagsUsed, ['mount', 'network', 'security']);
  const exec = only('RUN ["echo", "a b"]');
  assert.ok(exec.kind === 'run');
  assert.deepEqual(exec.command, { form: 'exec', args: ['echo', 'a b'] });
  assert.equal(exec.network, 'default');
  const heredoc = only('RUN <<-EOF\n\techo hi\nEOF');
  assert.ok(heredoc.kind === 'run');
  assert.deepEqual(heredoc.heredocs, [{ name: 'EOF', data: '\techo hi\n', chomp: true, expand: true }]);
});

test('COPY and ADD: sources, dest, flags, JSON form, heredocs as inline files', () => {
  const copy = only('COPY --chown=app:app --chmod=0644 --link --exclude=*.md --exclude=.git --parents a "b c" /dst/');
  assert.ok(copy.kind === 'copy');
  assert.deepEqual(copy.sources, ['a', '"b', 'c"']);
  assert.equal(copy.dest, '/dst/');
  assert.equal(copy.chown, 'app:app');
  assert.equal(copy.chmod, '0644');
  assert.equal(copy.link, true);
  assert.equal(copy.parents, true);
  assert.deepEqual(copy.excludes, ['*.md', '.git']);
  const json = only('COPY ["a b", "/c d/"]');
  assert.ok(json.kind === 'copy');
  assert.deepEqual([json.sources, json.dest, json.json, json.link], [['a b'], '/c d/', true, false]);
  const inline = only("COPY <<-A <<'B' file /dst/\n\tone $X\nA\ntwo $X\nB");
  assert.ok(inline.kind === 'copy');
  assert.deepEqual(inline.sources, ['file']);
  assert.deepEqual(inline.inlineFiles, [
    { name: 'A', data: 'one $X\n', expand: true },
    { name: 'B', data: 'two $X\n', expand: false },
  ]);
  const add = only('ADD --checksum=sha256:abc --keep-git-dir=false --unpack=true https://x/y.tar /z');
  assert.ok(add.kind === 'add');
  assert.deepEqual([add.checksum, add.keepGitDir, add.unpack, add.link], ['sha256:abc', false, true, false]);
  assert.equal(add.sources[0], 'https://x/y.tar');
  const plainAdd = only('ADD a b');
  assert.ok(plainAdd.kind === 'add');
  assert.equal(plainAdd.keepGitDir, undefined);
  assert.equal(plainAdd.unpack, undefined);
});

test('ENV, LABEL, ARG keep values raw for expansion; legacy form is flagged', () => {
  const env = only('ENV A=1 B="x y"');
  assert.ok(env.kind === 'env');
  assert.deepEqual(env.pairs, [
    { key: 'A', value: '1', legacy: false },
    { key: 'B', value: '"x y"', legacy: false },
  ]);
  const legacy = only('ENV PATH /a:$PATH');
  assert.ok(legacy.kind === 'env');
  assert.deepEqual(legacy.pairs, [{ key: 'PATH', value: '/a:$PATH', legacy: true }]);
  const label = only('LABEL a=b c="d e"');
  assert.ok(label.kind === 'label');
  assert.equal(label.pairs.length, 2);
  const arg = only('ARG A B= C="1 2"');
  assert.ok(arg.kind === 'arg');
  assert.deepEqual(arg.args, [{ key: 'A' }, { key: 'B', defaultValue: '' }, { key: 'C', defaultValue: '"1 2"' }]);
});

test('CMD, ENTRYPOINT, SHELL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL, MAINTAINER, ONBUILD', () => {
  assert.deepEqual((only('CMD ["a"]') as { command: unknown }).command, { form: 'exec', args: ['a'] });
  assert.deepEqual((only('CMD a b') as { command: unknown }).command, { form: 'shell', command: 'a b' });
  assert.deepEqual((only('ENTRYPOINT []') as { command: unknown }).command, { form: 'exec', args: [] });
  assert.deepEqual((only('SHELL ["/bin/bash", "-eo", "pipefail", "-c"]') as { shell: unknown }).shell, ['/bin/bash', '-eo', 'pipefail', '-c']);
  assert.equal((only('WORKDIR /app dir') as { path: unknown }).path, '/app dir');
  assert.equal((only('USER app:app') as { user: unknown }).user, 'app:app');
  assert.deepEqual((only('EXPOSE 80 443/tcp $PORT') as { ports: unknown }).ports, ['80', '443/tcp', '$PORT']);
  assert.deepEqual((only('VOLUME ["/data", "/logs"]') as { paths: unknown }).paths, ['/data', '/logs']);
  assert.equal((only('STOPSIGNAL SIGTERM') as { signal: unknown }).signal, 'SIGTERM');
  assert.equal((only('MAINTAINER me') as { maintainer: unknown }).maintainer, 'me');
  const onbuild = only('ONBUILD RUN <<EOF\necho hi\nEOF');
  assert.ok(onbuild.kind === 'onbuild');
  assert.equal(onbuild.trigger, 'RUN');
  assert.equal(onbuild.expression, 'RUN <<EOF\necho hi\nEOF');
  assert.equal((only('onbuild copy . /app') as { expression: unknown }).expression, 'copy . /app');
});

test('HEALTHCHECK: NONE, CMD forms, durations in nanoseconds, retries', () => {
  const hc = only('HEALTHCHECK --interval=30s --timeout=1m30s --start-period=1.5s --start-interval=500ms --retries=3 CMD curl -f http://localhost/');
  assert.ok(hc.kind === 'healthcheck');
  assert.deepEqual(hc.test, ['CMD-SHELL', 'curl -f http://localhost/']);
  assert.deepEqual([hc.interval, hc.timeout, hc.startPeriod, hc.startInterval, hc.retries], [30e9, 90e9, 1.5e9, 5e8, 3]);
  const exec = only('HEALTHCHECK cmd ["/check", "-q"]');
  assert.ok(exec.kind === 'healthcheck');
  assert.deepEqual([exec.test, exec.interval, exec.retries], [['CMD', '/check', '-q'], 0, 0]);
  const none = only('HEALTHCHECK none');
  assert.ok(none.kind === 'healthcheck');
  assert.deepEqual(none.test, ['NONE']);
  const zero = only('HEALTHCHECK --interval=0s --retries=0 CMD true');
  assert.ok(zero.kind === 'healthcheck');
  assert.equal(zero.interval, 0);
});

test('validation errors name the line and say what is wrong', () => {
  const cases: [string, string][] = [
    ['FROM a\n\n\n\n\n\nRUNN make', 'Dockerfile:7: unknown instruction: RUNN (did you mean RUN?)'],
    ['FROM a\nfoo bar', 'Dockerfile:2: unknown instruction: foo (did you mean from?)'],
    ['FROM a\nXYZZY bar', 'Dockerfile:2: unknown instruction: XYZZY'],
    ['FROM a\ncopyy a b', 'Dockerfile:2: unknown instruction: copyy (did you mean copy?)'],
    ['FROM a\n\nCOPY onlyone', 'Dockerfile:3: COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
    ['FROM a\nADD', 'Dockerfile:2: ADD requires at least two arguments, but only one was provided. Destination could not be determined'],
    ['FROM a\nCOPY /foo <<EOF\nEOF', 'Dockerfile:2: COPY cannot accept a heredoc as a destination'],
    ['FROM a\nCOPY --form=x a b', 'Dockerfile:2: unknown flag: --form (did you mean from?) (COPY accepts --chown, --from, --chmod, --link, --exclude, --parents)'],
    ['FROM a\nRUN --from=x ls', 'Dockerfile:2: unknown flag: --from (RUN accepts --mount, --network, --security, --device)'],
    ['FROM a\nWORKDIR --x=1 /a', 'Dockerfile:2: unknown flag: --x (WORKDIR takes no flags)'],
    ['FROM a\nMAINTAINER --boo joe@example.com', 'Dockerfile:2: unknown flag: --boo (MAINTAINER takes no flags)'],
    ['FROM a\nCOPY --from=a --from=b x y', 'Dockerfile:2: duplicate flag specified: --from'],
    ['FROM a\nCOPY --from a b', 'Dockerfile:2: missing a value on flag: --from'],
    ['FROM a\nCOPY --link= a b', 'Dockerfile:2: missing a value on flag: --link'],
    ['FROM a\nCOPY --link=yes a b', 'Dockerfile:2: expecting boolean value for flag --link, not: yes'],
    ['FROM a\nCOPY --from=$STAGE a b', 'Dockerfile:2: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround'],
    ['FROM a\nENV', 'Dockerfile:2: ENV requires at least one argument'],
    ['FROM a\nLABEL', 'Dockerfile:2: LABEL requires at least one argument'],
    ['FROM a\nENV =x', 'Dockerfile:2: ENV names can not be blank'],
    ['FROM a\nARG =x', 'Dockerfile:2: ARG names can not be blank'],
    ['FROM a\nARG', 'Dockerfile:2: ARG requires at least one argument'],
    ['FROM a b', 'Dockerfile:1: FROM requires either one or three arguments'],
    ['FROM', 'Dockerfile:1: FROM requires either one or three arguments'],
    ['FROM a AS 1abc', 'Dockerfile:1: invalid name for build stage: "1abc", name can\'t start with a number or contain symbols'],
    ['FROM --platform linux a', 'Dockerfile:1: missing a value on flag: --platform'],
    ['RUN make\nFROM a', 'Dockerfile:1: no build stage in current context: RUN must come after a FROM (only ARG may precede the first FROM)'],
    ['ARG A', 'Dockerfile: dockerfile contains no stages to build'],
    ['FROM a\nWORKDIR', 'Dockerfile:2: WORKDIR requires exactly one argument'],
    ['FROM a\nUSER', 'Dockerfile:2: USER requires exactly one argument'],
    ['FROM a\nSTOPSIGNAL', 'Dockerfile:2: STOPSIGNAL requires exactly one argument'],
    ['FROM a\nMAINTAINER', 'Dockerfile:2: MAINTAINER requires exactly one argument'],
    ['FROM a\nEXPOSE', 'Dockerfile:2: EXPOSE requires at least one argument'],
    ['FROM a\nVOLUME', 'Dockerfile:2: VOLUME requires at least one argument'],
    ['FROM a\nVOLUME ["/a", " "]', 'Dockerfile:2: VOLUME specified can not be an empty string'],
    ['FROM a\nSHELL /bin/bash -c', 'Dockerfile:2: SHELL requires the arguments to be in JSON form'],
    ['FROM a\nSHELL []', 'Dockerfile:2: SHELL requires at least one argument'],
    ['FROM a\nRUN', 'Dockerfile:2: RUN requires at least one argument'],
    ['FROM a\nRUN --network=bridge ls', 'Dockerfile:2: invalid network mode "bridge"'],
    ['FROM a\nRUN --security=root ls', 'Dockerfile:2: security "root" is not valid'],
    ['FROM a\nRUN --mount=type=bind,from=$X ls', "Dockerfile:2: 'from' doesn't support variable expansion, define alias stage instead"],
    ['FROM a\nRUN --mount= ls', 'Dockerfile:2: failed to parse csv mounts: EOF'],
    ['FROM a\nHEALTHCHECK', 'Dockerfile:2: HEALTHCHECK requires at least one argument'],
    ['FROM a\nHEALTHCHECK NONE x', 'Dockerfile:2: HEALTHCHECK NONE takes no arguments'],
    ['FROM a\nHEALTHCHECK --interval=1s NONE', 'Dockerfile:2: HEALTHCHECK NONE takes no flags'],
    ['FROM a\nHEALTHCHECK CMD', 'Dockerfile:2: Missing command after HEALTHCHECK CMD'],
    ['FROM a\nHEALTHCHECK CONNECT TCP 7000', 'Dockerfile:2: Unknown type "CONNECT" in HEALTHCHECK (try CMD)'],
    ['FROM a\nHEALTHCHECK --interval=50ns CMD x', 'Dockerfile:2: Interval "interval" cannot be less than 1ms'],
    ['FROM a\nHEALTHCHECK --timeout=abc CMD x', 'Dockerfile:2: time: invalid duration "abc"'],
    ['FROM a\nHEALTHCHECK --timeout=5 CMD x', 'Dockerfile:2: time: missing unit in duration "5"'],
    ['FROM a\nHEALTHCHECK --timeout=5d CMD x', 'Dockerfile:2: time: unknown unit "d" in duration "5d"'],
    ['FROM a\nHEALTHCHECK --retries=-1 CMD x', 'Dockerfile:2: --retries cannot be negative (-1)'],
    ['FROM a\nHEALTHCHECK --retries=x CMD x', 'Dockerfile:2: --retries must be an integer, not "x"'],
    ['FROM a\nONBUILD', 'Dockerfile:2: ONBUILD requires at least one argument'],
    ['FROM a\nONBUILD ONBUILD RUN x', 'Dockerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed'],
    ['FROM a\nONBUILD FROM scratch', "Dockerfile:2: FROM isn't allowed as an ONBUILD trigger"],
    ['FROM a\nONBUILD MAINTAINER x', "Dockerfile:2: MAINTAINER isn't allowed as an ONBUILD trigger"],
    ['FROM a\nONBUILD RUNN x', 'Dockerfile:2: unknown ONBUILD trigger instruction: RUNN (did you mean RUN?)'],
    ['FROM a\nCMD --doit ["a"]', 'Dockerfile:2: unknown flag: --doit (CMD takes no flags)'],
    ['FROM a\nRUN x \\\n  y \\\n  --z\nRUNN', 'Dockerfile:5: unknown instruction: RUNN (did you mean RUN?)'],
    ['FROM a\n\\', 'Dockerfile:2: empty instruction (a line continuation with nothing after it)'],
  ];
  for (const [text, expected] of cases) assert.equal(error(text), expected, text);
});

test('errors carry the line range in details', () => {
  try {
    parseDockerfileInstructions('FROM a\nCOPY \\\n  onlyone', { fileName: 'ci/Dockerfile' });
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(isMinatoError(err));
    assert.equal(err.message, 'ci/Dockerfile:2: COPY requires at least two arguments, but only one was provided. Destination could not be determined');
    assert.equal(err.details?.['line'], 2);
    assert.equal(err.details?.['endLine'], 3);
  }
});

test('duplicate stage names are a warning, as in BuildKit', () => {
  const df = parseDockerfileInstructions('FROM a AS x\nFROM b AS X\n');
  assert.deepEqual(df.warnings, [{ message: 'Duplicate stage name "x", stage names should be unique', line: 2 }]);
});

test('escape directive reaches the instruction layer (COPY --from check uses it)', () => {
  const df = parseDockerfileInstructions('# escape=`\nFROM a\nCOPY --from=b\\c x y\n');
  const copy = df.stages[0]!.instructions[0]!;
  assert.ok(copy.kind === 'copy');
  assert.equal(copy.from, 'b\\c');
  assert.equal(df.escapeToken, '`');
});
