// Property tests: whatever text arrives, the Dockerfile front end either succeeds or throws a
// MinatoError (never a TypeError, RangeError or a hang), so a hostile or broken Dockerfile can only
// ever produce a clean 400 naming the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isMinatoError } from '../../../util/errors.ts';
import { parseDockerfile } from './parser.ts';
import { dumpDockerfile } from './printer.ts';
import { parseInstruction, toDockerfile } from './instructions.ts';
import { expandInstruction } from './expansion.ts';
import { platformArgs, resolveGlobalArgs, resolveStageArgs, resolveStageBase } from './build-args.ts';
import { resolveRunCommand } from './run-command.ts';
import { ShellLexer } from './shell-lex.ts';
import { DockerIgnore, parseDockerignore } from './dockerignore.ts';
import { onlyMinatoErrors, perCaseMs } from '../../../../test/helpers/only-minato-errors.ts';


const instructionWord = fc.constantFrom(
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER',
  'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'from', 'run', 'copy', 'RUNN', 'FR0M', '',
);

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(' ', '  ', '\t', '\\', '`', '"', "'", '$', '${', '}', '{', '=', ':', '-', '--', '#', '[', ']', ',', '<<', '<', '/', '*', '?', '!') },
  { weight: 4, arbitrary: fc.constantFrom('--from=a', '--mount=type=cache,target=/x', '--mount=type=secret,id=s', '--chown=1:1', '--link', '--platform=$BUILDPLATFORM', '--network=none', '--interval=5s', '--retries=3', '--', '-x') },
  { weight: 4, arbitrary: fc.constantFrom('<<EOF', '<<-EOF', "<<'EOF'", '<<"EOF"', '3<<EOF', 'EOF', '\tEOF', '<<  E O', 'E O') },
  { weight: 4, arbitrary: fc.constantFrom('["a", "b c"]', '[]', '[""]', '["a",', '[1]', '[["x"]]', '["\\u0000"]', '{"a":1}', '[1e999]', 'null', '"\\"') },
  { weight: 3, arbitrary: fc.constantFrom('AS', 'as', 'base', 'NONE', 'CMD', 'scratch', 'alpine:3', 'a=b', 'A="x y"', "B='z'", '$A', '${A:-d}', '${A:?err}', '${A#*}', '${A//x/y}', '${A:=x}') },
  { weight: 3, arbitrary: fc.constantFrom('# escape=`', '# escape=\\', '# syntax=x', '# check=skip=all', '# escape=x', '#', '\n', '\r\n', '\r', '\n\n', '\uFEFF') },
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 4, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) },
);

const line = fc.tuple(instructionWord, fc.array(fragment, { maxLength: 12 })).map(([word, parts]) => `${word} ${parts.join('')}`);
const dockerfileText = fc
  .tuple(fc.boolean(), fc.array(fc.oneof({ weight: 5, arbitrary: line }, { weight: 1, arbitrary: fragment }), { maxLength: 25 }))
  .map(([withFrom, lines]) => (withFrom ? 'FROM a\n' : '') + lines.join('\n'));

const env = fc.dictionary(fc.constantFrom('A', 'B', 'HOME', 'X', 'PATH', 'TARGETARCH'), fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('', ' ', 'a b', '$A', '\\')));

test('property: any text parses, groups and expands, or fails with a MinatoError', () => {
  fc.assert(
    fc.property(dockerfileText, env, (text, vars) => {
      onlyMinatoErrors(() => {
        const parsed = parseDockerfile(text);
        const lineCount = text.split('\n').length;
        for (const node of parsed.nodes) {
          assert.ok(node.startLine >= 1 && node.startLine <= node.endLine && node.endLine <= lineCount, `lines ${node.startLine}-${node.endLine}`);
        }
        dumpDockerfile(parsed);
        const envMap = new Map(Object.entries(vars));
        // Each instruction on its own, so that one bad line does not hide the others from the test.
        for (const node of parsed.nodes) {
          onlyMinatoErrors(() => {
            const inst = parseInstruction(node, { escapeToken: parsed.escapeToken });
            if (inst.kind === 'from') {
              resolveStageBase({ index: 0, baseImage: inst.image, ...(inst.platform === undefined ? {} : { platform: inst.platform }), from: inst, instructions: [] }, envMap);
            } else if (inst.kind === 'arg') {
              resolveStageArgs(inst, { buildArgs: envMap, globalArgs: envMap, env: envMap }, { escapeToken: parsed.escapeToken });
            } else {
              const expanded = expandInstruction(inst, envMap, { escapeToken: parsed.escapeToken });
              if (expanded.kind === 'run') resolveRunCommand(expanded);
            }
          });
        }
        const df = toDockerfile(parsed);
        const globals = resolveGlobalArgs(df.metaArgs, envMap, platformArgs({ buildPlatform: { os: 'linux', architecture: 'amd64' } }), { escapeToken: df.escapeToken });
        for (const stage of df.stages) {
          resolveStageBase(stage, globals, { escapeToken: df.escapeToken });
          let stageEnv = new Map(envMap);
          for (const inst of stage.instructions) {
            if (inst.kind === 'arg') {
              stageEnv = resolveStageArgs(inst, { buildArgs: envMap, globalArgs: globals, env: stageEnv }, { escapeToken: df.escapeToken }).env;
              continue;
            }
            const expanded = expandInstruction(inst, stageEnv, { escapeToken: df.escapeToken });
            if (expanded.kind === 'run') resolveRunCommand(expanded);
          }
        }
      });
    }),
    { numRuns: Number(process.env["MINATO_PROPERTY_RUNS"] ?? 1500) },
  );
});

test('property: the shell lexer returns or throws a MinatoError for any word and options', () => {
  const word = fc.array(fragment, { maxLength: 16 }).map((parts) => parts.join(''));
  const options = fc.record({
    escapeToken: fc.constantFrom('\\', '`'),
    rawQuotes: fc.boolean(),
    rawEscapes: fc.boolean(),
    skipProcessQuotes: fc.boolean(),
    skipUnsetEnv: fc.boolean(),
  });
  fc.assert(
    fc.property(word, env, options, (w, vars, opts) => {
      onlyMinatoErrors(() => {
        const lex = new ShellLexer(opts);
        const result = lex.process(w, vars);
        assert.equal(typeof result.result, 'string');
        lex.processWords(w, Object.entries(vars).map(([k, v]) => `${k}=${v}`));
      });
    }),
    { numRuns: Number(process.env["MINATO_PROPERTY_RUNS"] ?? 1500) },
  );
});

test('property: .dockerignore patterns never crash and incremental matching agrees', () => {
  const segment = fc.oneof(fc.constantFrom('a', 'b', '*', '**', '?', '[a-c]', '[^a]', '[', ']', '\\', '\\*', '.', '..', '!', 'é', ' ', '#'), fc.string({ maxLength: 3 }));
  const pattern = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
  const path = fc.array(fc.constantFrom('a', 'b', 'ab', '.a', 'c.txt', 'é', '*', '[a]'), { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
  fc.assert(
    fc.property(fc.array(fc.oneof(pattern, pattern.map((p) => `!${p}`)), { maxLength: 6 }), fc.array(path, { maxLength: 6 }), (patterns, paths) => {
      onlyMinatoErrors(() => {
        const ig = parseDockerignore(patterns.join('\n'));
        for (const p of paths) {
          const excluded = ig.isExcluded(p);
          assert.equal(ig.match(p).excluded, excluded);
          if (ig.canSkipDirectory(p)) assert.equal(excluded, true);
        }
      });
    }),
    { numRuns: Number(process.env["MINATO_PROPERTY_RUNS"] ?? 1500) },
  );
});

test('adversarial inputs stay fast (no regular-expression blow-ups)', () => {
  const long = 200_000;
  const cases: (() => unknown)[] = [
    () => parseDockerfile(`FROM a\nRUN x${'\r'.repeat(long)}y\n`),
    () => parseDockerfile(`#a=b${' '.repeat(long)}c\nFROM a\n`),
    () => parseDockerfile(`FROM a\nRUN <<${' '.repeat(long)}x<y\n`),
    () => parseDockerfile(`FROM a\nRUN ${'\\\n'.repeat(long / 10)}x\n`),
    () => parseDockerfile(`FROM a\nENV ${'a=b '.repeat(long / 10)}\n`),
    () => parseDockerfile(`FROM a\nCMD [${'"x",'.repeat(long / 10)}"y"]\n`),
    () => parseDockerfile(`FROM a\nRUN ${'<<E '.repeat(2000)}\n${'E\n'.repeat(2000)}`),
    () => new ShellLexer().processWord('${A#*a*a*a*a*a*a*a*a*b}', { A: 'a'.repeat(5000) }),
    () => new ShellLexer().processWord('${A//*a*a*a*a*b/x}', { A: 'a'.repeat(300) }),
    () => new DockerIgnore(['*a*a*a*a*a*a*a*a*a*b']).isExcluded('a'.repeat(5000)),
    () => new DockerIgnore([`${'**/'.repeat(30)}x`]).isExcluded(`${'a/'.repeat(300)}y`),
  ];
  for (const [i, fn] of cases.entries()) {
    const started = performance.now();
    try {
      fn();
    } catch (err) {
      assert.ok(isMinatoError(err), `case ${i}: ${String(err)}`);
    }
    const took = performance.now() - started;
    assert.ok(took < perCaseMs, `case ${i} took ${Math.round(took)}ms`);
  }
});
