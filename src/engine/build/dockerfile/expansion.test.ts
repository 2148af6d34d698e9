import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfileInstructions } from './instructions.ts';
import { expandInstruction, expandsVariables } from './expansion.ts';
import { resolveRunCommand } from './run-command.ts';
import { csvFields, parseRunDevice, parseRunMount, ramInBytes } from './run-mount.ts';
import type { StageInstruction } from './instruction-types.ts';

const env = new Map([
  ['APP', '/app'],
  ['USER_NAME', 'svc'],
  ['PORTS', '80 443'],
  ['EMPTY', ''],
]);

function expandOne(body: string, escape = '\\'): StageInstruction {
  const prefix = escape === '`' ? '# escape=`\n' : '';
  const inst = parseDockerfileInstructions(`${prefix}FROM a\n${body}`).stages[0]!.instructions[0]!;
  return expandInstruction(inst, env, { escapeToken: escape });
}

test('expanded instructions: values, quotes removed, word splitting only for EXPOSE', () => {
  assert.deepEqual((expandOne('ENV DIR=$APP/data MSG="hello world" ${USER_NAME}_HOME=~') as { pairs: unknown }).pairs, [
    { key: 'DIR', value: '/app/data', legacy: false },
    { key: 'MSG', value: 'hello world', legacy: false },
    { key: 'svc_HOME', value: '~', legacy: false },
  ]);
  assert.deepEqual((expandOne('ENV OLD "a b" $APP') as { pairs: unknown }).pairs, [{ key: 'OLD', value: 'a b /app', legacy: true }]);
  // All pairs of one ENV see the environment from before it (Docker's documented `ENV abc=bye def=$abc`).
  assert.deepEqual((expandOne('ENV APP=/new OLD_APP=$APP') as { pairs: { value: string }[] }).pairs.map((p) => p.value), ['/new', '/app']);
  assert.deepEqual((expandOne('LABEL "org.title"="$APP server"') as { pairs: unknown }).pairs, [{ key: 'org.title', value: '/app server', legacy: false }]);
  const copy = expandOne('COPY --chown=${USER_NAME}:${USER_NAME} --chmod=${MODE:-0755} --from=build ["$APP/a b", "${APP}/c/"]');
  assert.ok(copy.kind === 'copy');
  assert.deepEqual([copy.sources, copy.dest, copy.chown, copy.chmod, copy.from], [['/app/a b'], '/app/c/', 'svc:svc', '0755', 'build']);
  // Shell form splits at blanks before quotes are looked at, so a quoted path with a space breaks (as in Docker).
  assert.throws(() => expandOne('COPY "$APP/a b" /dst/'), /unexpected end of statement while looking for matching double-quote/);
  const add = expandOne('ADD --checksum=$EMPTY https://x/$USER_NAME.tgz /');
  assert.ok(add.kind === 'add');
  assert.deepEqual([add.sources, add.checksum], [['https://x/svc.tgz'], undefined]);
  assert.equal((expandOne('WORKDIR $APP/src') as { path: unknown }).path, '/app/src');
  assert.equal((expandOne('USER ${USER_NAME}:0') as { user: unknown }).user, 'svc:0');
  assert.equal((expandOne('STOPSIGNAL ${SIG:-SIGQUIT}') as { signal: unknown }).signal, 'SIGQUIT');
  // VOLUME's shell form splits at every blank (an escape does not protect it): use JSON for spaces.
  assert.deepEqual((expandOne('VOLUME $APP/data /x\\ y') as { paths: unknown }).paths, ['/app/data', '/x', 'y']);
  assert.deepEqual((expandOne('VOLUME ["/x y"]') as { paths: unknown }).paths, ['/x y']);
  assert.deepEqual((expandOne('VOLUME ["$APP"]') as { paths: unknown }).paths, ['/app']);
  assert.deepEqual((expandOne('EXPOSE $PORTS 8080/udp') as { ports: unknown }).ports, ['80', '443', '8080/udp']);
});

test('instructions BuildKit never expands are returned unchanged', () => {
  for (const body of ['CMD echo $APP', 'ENTRYPOINT ["$APP"]', 'SHELL ["$APP"]', 'HEALTHCHECK CMD $APP', 'ONBUILD RUN $APP', 'MAINTAINER $APP', 'RUN echo $APP', 'ARG X=$APP']) {
    const inst = parseDockerfileInstructions(`FROM a\n${body}`).stages[0]!.instructions[0]!;
    const out = expandInstruction(inst, env);
    if (out.kind === 'run') {
      const { mounts, ...rest } = out;
      assert.deepEqual(mounts, []);
      assert.deepEqual(rest, inst, body);
    } else {
      assert.deepEqual(out, inst, body);
    }
  }
  assert.equal(expandsVariables('cmd'), false);
  assert.equal(expandsVariables('env'), true);
});

test('heredoc inline files: variables expanded only for unquoted delimiters, quotes kept', () => {
  const copy = expandOne('COPY <<EOF <<"RAW" /etc/\nhome="$APP" \\$literal\nEOF\nkeep $APP\nRAW');
  assert.ok(copy.kind === 'copy');
  assert.deepEqual(copy.inlineFiles.map((f) => f.data), ['home="/app" $literal\n', 'keep $APP\n']);
});

test('backtick escape token in expansion', () => {
  const wd = expandOne('WORKDIR C:\\app`$APP', '`');
  assert.equal((wd as { path: unknown }).path, 'C:\\app$APP');
});

test('expansion errors name the line', () => {
  const inst = parseDockerfileInstructions('FROM a\n\nWORKDIR ${NOPE:?must be set}').stages[0]!.instructions[0]!;
  assert.throws(() => expandInstruction(inst, env), { message: 'Dockerfile:3: failed to process "${NOPE:?must be set}": NOPE: must be set' });
});

test('RUN mounts are parsed after expanding each value', () => {
  const run = expandOne('RUN --mount=type=cache,target=$APP/.cache,id=${USER_NAME},sharing=locked,uid=1000 --mount=type=secret,id=tok,required --mount=type=bind,source=.,rw ls');
  assert.ok(run.kind === 'run');
  assert.deepEqual(run.mounts, [
    { type: 'cache', target: '/app/.cache', id: 'svc', sharing: 'locked', uid: 1000, readOnly: false, required: false },
    { type: 'secret', id: 'tok', required: true, readOnly: true },
    { type: 'bind', source: '.', readOnly: false, required: false },
  ]);
  const bad: [string, RegExp][] = [
    ['type=volume', /unsupported mount type "volume"/],
    ['type=bind,size=1m', /unexpected key 'size' for mount type 'bind'/],
    ['type=tmpfs,target=/t,size=64m', /^$/],
    ['type=bind,uid=1', /uid not allowed for "bind" type mounts/],
    ['type=secret', /invalid secret mount. one of source, target required/],
    ['type=bind,sharing=shared', /invalid cache sharing set for bind mount/],
    ['type=cache,taget=/x', /unexpected key 'taget' in 'taget=\/x' \(did you mean target\?\)/],
    ['type=cache,mode=9', /invalid value 9 for mode/],
    ['target=/x,ro=maybe', /invalid value for ro: maybe/],
    ['foo', /invalid field 'foo' must be a key=value pair/],
  ];
  for (const [spec, re] of bad) {
    if (re.source === '^$') {
      assert.equal(parseRunMount(spec, (w) => w).sizeLimit, 64 * 1024 * 1024);
      continue;
    }
    assert.throws(() => parseRunMount(spec, (w) => w), re, spec);
  }
});

test('CSV fields, sizes and devices', () => {
  assert.deepEqual(csvFields('a,"b,c",d'), ['a', 'b,c', 'd']);
  assert.deepEqual(csvFields('"a""b",'), ['a"b', '']);
  assert.throws(() => csvFields('a"b'), /bare "/);
  assert.throws(() => csvFields('"ab'), /extraneous or missing "/);
  assert.equal(ramInBytes('1.5GiB'), 1.5 * 1024 ** 3);
  assert.equal(ramInBytes('100'), 100);
  assert.throws(() => ramInBytes('1x'), /invalid size/);
  assert.deepEqual(parseRunDevice('vendor.com/gpu=all,required'), { name: 'vendor.com/gpu=all', required: true });
  assert.deepEqual(parseRunDevice('name=nvidia.com/gpu=0,required=false'), { name: 'nvidia.com/gpu=0', required: false });
});

test('resolveRunCommand: heredoc scripts, shebang files, shell heredocs, exec form', () => {
  const run = (body: string) => {
    const inst = parseDockerfileInstructions(`FROM a\n${body}`).stages[0]!.instructions[0]!;
    assert.ok(inst.kind === 'run');
    return resolveRunCommand(inst);
  };
  assert.deepEqual(run('RUN echo hi'), { form: 'shell', script: 'echo hi', files: [] });
  assert.deepEqual(run('RUN ["echo", "hi"]'), { form: 'exec', args: ['echo', 'hi'] });
  assert.deepEqual(run('RUN <<-EOF\n\tset -e\n\techo $HOME\nEOF'), { form: 'shell', script: 'set -e\necho $HOME\n', files: [] });
  assert.deepEqual(run('RUN <<PY\n#!/usr/bin/env python3\nprint(1)\nPY'), {
    form: 'shell',
    script: '/dev/pipes/PY',
    files: [{ path: '/dev/pipes/PY', data: '#!/usr/bin/env python3\nprint(1)\n', mode: 0o755 }],
  });
  assert.deepEqual(run('RUN cat <<A > /a && cat <<-B > /b\nx\nA\n\ty\nB'), { form: 'shell', script: 'cat <<A > /a && cat <<-B > /b\nx\nA\n\ty\nB', files: [] });
});
