import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDockerfile } from './parser.ts';
import { dumpDockerfile } from './printer.ts';
import { isMinatoError } from '../../../util/errors.ts';

// BuildKit's own parser test files (Dockerfile + expected debug dump): a copy in testdata/ (see its
// README for source and licence), plus the team's shared copy when present, plus MINATO_PARSER_TESTDATA.
const testdataDirs = [
  fileURLToPath(new URL('./testdata/buildkit-parser', import.meta.url)),
  fileURLToPath(new URL('../../../../../shared/testdata/dockerfile-parser', import.meta.url)),
  process.env['MINATO_PARSER_TESTDATA'],
].filter((d): d is string => d !== undefined && existsSync(d));

test('BuildKit parser test files: every case dumps exactly as BuildKit', () => {
  let count = 0;
  for (const dir of testdataDirs) {
    for (const name of readdirSync(dir).filter((d) => existsSync(`${dir}/${d}/Dockerfile`))) {
      const dockerfile = readFileSync(`${dir}/${name}/Dockerfile`, 'utf8');
      const expected = readFileSync(`${dir}/${name}/result`, 'utf8');
      assert.equal(dumpDockerfile(parseDockerfile(dockerfile)), expected, `${dir}/${name}`);
      count++;
    }
  }
  assert.ok(count >= 22, `only ${count} cases found`);
});

const dump = (text: string) => dumpDockerfile(parseDockerfile(text));

function parseError(text: string): string {
  try {
    parseDockerfile(text);
  } catch (err) {
    assert.ok(isMinatoError(err, 'InvalidArgument'), `not an InvalidArgument MinatoError: ${String(err)}`);
    return err.message;
  }
  assert.fail('expected a parse error');
}

test('dump forms: flags, JSON, ENV/LABEL/ARG words, ONBUILD, HEALTHCHECK, unknown instructions', () => {
  const cases: [string, string][] = [
    ['FROM a AS b', '(from "a" "AS" "b")'],
    ['FROM --platform=$BUILDPLATFORM golang:1 AS build', '(from ["--platform=$BUILDPLATFORM"] "golang:1" "AS" "build")'],
    ['COPY --from=build --chown=1:1 /out /app', '(copy ["--from=build" "--chown=1:1"] "/out" "/app")'],
    ['RUN --mount="type=bind,source=a b" ls', '(run ["--mount=type=bind,source=a b"] "ls")'],
    ['RUN --mount=type=cache,target=/x\\ y true', '(run ["--mount=type=cache,target=/x y"] "true")'],
    ['COPY -- --weird /dst', '(copy "--weird" "/dst")'],
    ['COPY --link -- a b', '(copy ["--link"] "a" "b")'],
    ['CMD --x', '(cmd ["--x"])'],
    ['RUN -x', '(run "-x")'],
    ['ENV A=1 B="2 3" C=4\\ 5', '(env "A" "1" "=" "B" "\\"2 3\\"" "=" "C" "4\\\\ 5" "=")'],
    ['ENV A  b  c', '(env "A" "b  c" "")'],
    ['LABEL "com.example.x"="y z"', '(label "\\"com.example.x\\"" "\\"y z\\"" "=")'],
    ['ARG A B=2 C="3 4"', '(arg "A" "B=2" "C=\\"3 4\\"")'],
    ['ARG', '(arg)'],
    ['ONBUILD RUN echo hi', '(onbuild (run "echo hi"))'],
    ['ONBUILD COPY --from=x a b', '(onbuild (copy ["--from=x"] "a" "b"))'],
    ['ONBUILD', '(onbuild)'],
    ['HEALTHCHECK NONE', '(healthcheck "NONE")'],
    ['HEALTHCHECK --retries=2 CMD ["a", "b"]', '(healthcheck ["--retries=2"] "CMD" "a" "b")'],
    ['RUNN foo', '(runn "")'],
    ['run lower case', '(run "lower case")'],
    ['EXPOSE 80/tcp\t443', '(expose "80/tcp" "443")'],
    ['VOLUME ["/a", "/b c"]', '(volume "/a" "/b c")'],
    ['SHELL ["/bin/bash", "-c"]', '(shell "/bin/bash" "-c")'],
    ['USER  a b ', '(user "a b")'],
    ['WORKDIR /a\tb', '(workdir "/a\\tb")'],
    ['STOPSIGNAL SIGKILL', '(stopsignal "SIGKILL")'],
    ['MAINTAINER Jo <jo@example.com>', '(maintainer "Jo <jo@example.com>")'],
    ['CMD ["a", "\\u00e9\\u00a0\\u0007"]', '(cmd "a" "é\\u00a0\\a")'],
    // Go decodes a lone surrogate as U+FFFD, which strconv.Quote prints as is.
    ['CMD ["\\ud83d\\ude00", "\\ud800"]', '(cmd "😀" "\ufffd")'],
    ['CMD [1e999]', '(cmd "[1e999]")'],
    ['CMD ["a"] trailing', '(cmd "[\\"a\\"] trailing")'],
    ['CMD ["a",]', '(cmd "[\\"a\\",]")'],
    ['ADD [ "a b" ] ', '(add "a b")'],
    ['ADD [ "a b"', '(add "[" "\\"a" "b\\"")'],
  ];
  for (const [input, expected] of cases) assert.equal(dump(input), `${expected}\n`, input);
});

test('escape directive: backtick continues lines and leaves backslashes alone', () => {
  const text = '# escape=`\nFROM windows\nRUN dir C:\\ `\n  && echo done\nCOPY a\\b c:\\d\n';
  const r = parseDockerfile(text);
  assert.equal(r.escapeToken, '`');
  assert.deepEqual(r.directives, [{ name: 'escape', value: '`', line: 1 }]);
  assert.equal(dumpDockerfile(r), '(from "windows")\n(run "dir C:\\\\   && echo done")\n(copy "a\\\\b" "c:\\\\d")\n');
});

test('parser directives: only in the leading block, case-insensitive, each once', () => {
  const r = parseDockerfile('# syntax=docker/dockerfile:1\n# CHECK=skip=all\n#Escape = `\nFROM a\n');
  assert.deepEqual(
    r.directives.map((d) => [d.name, d.value, d.line]),
    [
      ['syntax', 'docker/dockerfile:1', 1],
      ['check', 'skip=all', 2],
      ['escape', '`', 3],
    ],
  );
  // A blank line, an ordinary comment or an unknown directive ends the block.
  for (const prefix of ['\n', '# hello\n', '# foo=bar\n', '#!/bin/sh\n']) {
    assert.equal(parseDockerfile(`${prefix}# escape=\`\nFROM a\n`).escapeToken, '\\', JSON.stringify(prefix));
  }
  // Leading blanks before the directive are allowed.
  assert.equal(parseDockerfile('   # escape=`\nFROM a\n').escapeToken, '`');
  assert.equal(parseError('# escape=`\n# escape=\\\nFROM a\n'), 'Dockerfile:2: only one escape parser directive can be used');
  assert.equal(parseError('# escape=x\nFROM a\n'), "Dockerfile:1: invalid escape token 'x' does not match ` or \\");
  // A directive-looking comment after an instruction is just a comment.
  assert.deepEqual(parseDockerfile('FROM a\n# escape=`\n').directives, []);
});

test('line continuations: comments and empty lines inside, escaped escapes, EOF, CRLF', () => {
  const cases: [string, string][] = [
    ['RUN a \\\n# comment\n  # indented comment\n b', '(run "a  b")'],
    ['RUN a \\\n\n   \n b', '(run "a  b")'],
    ['RUN a \\', '(run "a")'],
    ['RUN a\\\\\nRUN b', '(run "a\\\\\\\\")\n(run "b")'],
    ['RUN a \\  \t\n b', '(run "a  b")'],
    ['RUN a\\\nb', '(run "ab")'],
    ['\\\nRUN x', '(run "x")'],
    ['RUN a \\\r\n  b\r\nRUN c\r\n', '(run "a   b")\n(run "c")'],
    ['RUN a # not a comment', '(run "a # not a comment")'],
    ['  # indented comment\n\tRUN a', '(run "a")'],
  ];
  for (const [input, expected] of cases) assert.equal(dump(input), `${expected}\n`, JSON.stringify(input));
  const r = parseDockerfile('FROM a\nRUN a \\\n\n b\n');
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!.message, /Empty continuation line found in: RUN a  b/);
});

test('line numbers: continuations and heredocs extend an instruction', () => {
  const text = '# comment\n\nFROM a\nRUN one \\\n  two \\\n  three\n\nCOPY <<EOF /x\nbody\nEOF\nRUN last';
  const r = parseDockerfile(text);
  assert.deepEqual(
    r.nodes.map((n) => [n.name, n.startLine, n.endLine]),
    [
      ['from', 3, 3],
      ['run', 4, 6],
      ['copy', 8, 10],
      ['run', 11, 11],
    ],
  );
  // As in BuildKit, blank lines do not separate a comment from the instruction below it.
  assert.deepEqual(r.nodes[0]!.comments, ['comment']);
  assert.deepEqual(r.nodes[1]!.comments, []);
  assert.deepEqual(parseDockerfile('# doc for a\nFROM a\n').nodes[0]!.comments, ['doc for a']);
});

test('heredocs: names, quoting, chomp, several per line, bodies kept verbatim', () => {
  const text = [
    'FROM a',
    'RUN <<EOF',
    'echo $HOME \\',
    '# not a comment',
    'EOF',
    "COPY <<'ONE' <<\"TWO\" /dst/",
    '$ONE',
    'ONE',
    '$TWO',
    'TWO',
    'RUN <<-EOT sh',
    '\tindented',
    '\t\tEOT',
    'RUN python3 <<PY > out 2<<ERR',
    'print(1)',
    'PY',
    'err',
    'ERR',
    'RUN ["<<EOF"]',
    'RUN echo "<<NOT" \'<<NOT2\'',
    'ONBUILD RUN <<X',
    'x',
    'X',
    'RUN <<E\r',
    'crlf\r',
    'E\r',
  ].join('\n');
  const r = parseDockerfile(text);
  const docs = r.nodes.map((n) => n.heredocs.map((h) => ({ ...h })));
  assert.deepEqual(docs[1], [{ name: 'EOF', fileDescriptor: 0, expand: true, chomp: false, content: 'echo $HOME \\\n# not a comment\n' }]);
  assert.deepEqual(docs[2], [
    { name: 'ONE', fileDescriptor: 0, expand: false, chomp: false, content: '$ONE\n' },
    { name: 'TWO', fileDescriptor: 0, expand: false, chomp: false, content: '$TWO\n' },
  ]);
  assert.deepEqual(docs[3], [{ name: 'EOT', fileDescriptor: 0, expand: true, chomp: true, content: '\tindented\n' }]);
  assert.deepEqual(
    docs[4]!.map((h) => [h.name, h.fileDescriptor, h.content]),
    [
      ['PY', 0, 'print(1)\n'],
      ['ERR', 2, 'err\n'],
    ],
  );
  assert.deepEqual(docs[5], []);
  assert.deepEqual(docs[6], []);
  assert.deepEqual(docs[7]!.map((h) => h.content), ['x\n']);
  assert.deepEqual(docs[8]!.map((h) => h.content), ['crlf\r\n']);
  assert.equal(r.nodes.length, 9);
});

test('heredoc delimiters: partial quoting disables expansion, escapes do not', () => {
  const names = (line: string) => parseDockerfile(`${line}\nbody\n${'END'}\n`).nodes[0]!.heredocs.map((h) => [h.name, h.expand]);
  assert.deepEqual(names('RUN <<E"N"D'), [['END', false]]);
  assert.deepEqual(names('RUN << END'), [['END', true]]);
  assert.deepEqual(names('RUN <<-"END"'), [['END', false]]);
  // Not heredocs: inside quotes, JSON form, other instructions.
  assert.deepEqual(parseDockerfile('RUN "<<END"').nodes[0]!.heredocs, []);
  assert.deepEqual(parseDockerfile('USER <<END').nodes[0]!.heredocs, []);
});

test('parse errors name the line', () => {
  assert.equal(parseError('FROM a\n\nENV PATH\n'), 'Dockerfile:3: ENV must have two arguments');
  assert.equal(parseError('FROM a\nLABEL a=b c\n'), 'Dockerfile:2: Syntax error - can\'t find = in "c". Must be of the form: name=value');
  assert.equal(parseError('FROM a\nCMD [ "echo", [ "nested" ] ]\n'), 'Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only');
  assert.equal(parseError('FROM a\nRUN \\\n  ["a", 1]\n'), 'Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only');
  assert.equal(parseError('FROM a\nRUN <<EOF\nno end\n'), 'Dockerfile:2: unterminated heredoc: expected a line "EOF" to end it');
  assert.equal(parseError(''), 'Dockerfile: file with no instructions');
  assert.equal(parseError('# only\n\n  # comments\n'), 'Dockerfile: file with no instructions');
  const err: unknown = (() => {
    try {
      parseDockerfile('FROM a\nENV X', { fileName: 'build/Dockerfile.prod' });
      return undefined;
    } catch (e) {
      return e;
    }
  })();
  assert.ok(isMinatoError(err));
  assert.equal(err.message, 'build/Dockerfile.prod:2: ENV must have two arguments');
  assert.deepEqual(err.details, { file: 'build/Dockerfile.prod', line: 2, endLine: 2, reason: 'ENV must have two arguments' });
});

test('a UTF-8 byte-order mark is ignored', () => {
  assert.equal(dump('\uFEFF# escape=`\nFROM a `\n  b'), '(from "a" "b")\n');
});
