import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShellLexer, processWord, processWords, envLookup } from './shell-lex.ts';
import { isMinatoError } from '../../../util/errors.ts';

const env = new Map([
  ['PWD', '/home'],
  ['SHELL', 'bash'],
  ['KOREAN', '한국어'],
  ['NULL', ''],
]);

// [input, expected] — expected undefined means "an error naming the word".
const wordCases: [string, string | undefined][] = [
  ['hello', 'hello'],
  ["he'll'o", 'hello'],
  ["he'llo", undefined],
  ["he\\'llo", "he'llo"],
  ["he\\\\'llo", undefined],
  ['abc\\tdef', 'abctdef'],
  ['"abc\\tdef"', 'abc\\tdef'],
  ['"abc\\\\tdef"', 'abc\\tdef'],
  ["'abc\\tdef'", 'abc\\tdef'],
  ['hello\\', 'hello'],
  ['hello\\\\', 'hello\\'],
  ['"hello', undefined],
  ['"hello\\"', undefined],
  ['"hel\'lo"', "hel'lo"],
  ["'hello", undefined],
  ["'hello\\'", 'hello\\'],
  ['"\'\'"', "''"],
  ['$.', '$.'],
  ['he$1x', 'hex'],
  ['he$.x', 'he$.x'],
  ['he$pwd.', 'he.'],
  ['he$PWD', 'he/home'],
  ['he\\$PWD', 'he$PWD'],
  ['he\\\\$PWD', 'he\\/home'],
  ['"he\\$PWD"', 'he$PWD'],
  ['"he\\\\$PWD"', 'he\\/home'],
  ['\\${}', '${}'],
  ['he\\${}xx', 'he${}xx'],
  ['${}', undefined],
  ['he${}xx', undefined],
  ['he${hi}xx', 'hexx'],
  ['he${PWD}', 'he/home'],
  ['he${.}', undefined],
  ['he${XXX:-000}xx', 'he000xx'],
  ['he${PWD:-000}xx', 'he/homexx'],
  ['he${XXX:-$PWD}xx', 'he/homexx'],
  ['he${XXX:-${PWD:-yyy}}xx', 'he/homexx'],
  ['he${XXX:-${YYY:-yyy}}xx', 'heyyyxx'],
  ['he${XXX:YYY}', undefined],
  ['he${XXX?}', undefined],
  ['he${XXX:?}', undefined],
  ['he${PWD?}', 'he/home'],
  ['he${PWD:?}', 'he/home'],
  ['he${NULL?}', 'he'],
  ['he${NULL:?}', undefined],
  ['he${NULL-x}', 'he'],
  ['he${NULL:-x}', 'hex'],
  ['he${NULL+x}', 'hex'],
  ['he${NULL:+x}', 'he'],
  ['he${XXX:+${PWD}}xx', 'hexx'],
  ['he${PWD:+${XXX}}xx', 'hexx'],
  ['he${PWD:+${SHELL}}xx', 'hebashxx'],
  ["'he${XX}'", 'he${XX}'],
  ['"he${PWD}"', 'he/home'],
  ['"he\'$PWD\'"', "he'/home'"],
  ["'\\$PWD'", '\\$PWD'],
  ['he${PWD', undefined],
  ['he${PWD:=000}xx', undefined],
  ['he${PWD:+${PWD}:}xx', 'he/home:xx'],
  ['he${XXX:-\\$PWD:}xx', 'he$PWD:xx'],
  ['he${XXX:-\\${PWD}z}xx', 'he${PWDz}xx'],
  ['안\'녕\'하세요', '안녕하세요'],
  ['안녕\\\\\'하세요', undefined],
  ['$KOREAN', '한국어'],
  ['${{aaa}', undefined],
  ['${aaa}}', '}'],
  ['${aaa:-bbb}}', 'bbb}'],
  ['${aaa:-bbb ${foo}', undefined],
  ['${aaa:-bbb {foo}', 'bbb {foo'],
  ['${:}', undefined],
  ['${:-bbb}', undefined],
  // Positional and special parameters are never set.
  ['$1', ''],
  ['${9:-bbb}', 'bbb'],
  ['$999aaa', 'aaa'],
  ['${001:-bbb}aaa', 'bbbaaa'],
  ['$@@@', '@@'],
  ['${#:-bbb}', 'bbb'],
  ['$$', ''],
  ['${0:+bbb}', ''],
  // Pattern removal and replacement.
  ['${PWD#/}', 'home'],
  ['${PWD%me}', '/ho'],
  ['${PWD:#x}', undefined],
  ['${PWD/o/0}', '/h0me'],
  ['${PWD//[a-z]/x}', '/home'],
  // Unicode names and values.
  ['${KOREAN}x', '한국어x'],
];

test('processWord: quoting, escapes and every supported ${} form', () => {
  const lex = new ShellLexer();
  for (const [input, expected] of wordCases) {
    if (expected === undefined) {
      assert.throws(
        () => lex.processWord(input, env),
        (err: unknown) => isMinatoError(err, 'InvalidArgument') && err.message.startsWith(`failed to process ${JSON.stringify(input)}`),
        input,
      );
    } else {
      assert.equal(lex.processWord(input, env), expected, input);
    }
  }
});

test('${VAR:?message} and ${VAR?message} report the variable and message', () => {
  assert.throws(() => processWord('${VAR:?message here$ARG}', ['VAR=', 'ARG=x']), /failed to process "\$\{VAR:\?message here\$ARG\}": VAR: message herex/);
  assert.throws(() => processWord('${VAR?message}', ['ARG=x']), /VAR: message/);
  assert.equal(processWord('${VAR?message}', ['VAR=']), '');
  assert.throws(() => processWord('${VAR:?}', []), /VAR: is not allowed to be unset/);
  assert.throws(() => processWord('${VAR:?}', { VAR: '' }), /VAR: is not allowed to be empty/);
  assert.throws(() => processWord('${X:=y}', {}), /unsupported modifier \(:=\) in substitution/);
  assert.throws(() => processWord('${X:3}', {}), /unsupported modifier \(:3\) in substitution/);
  assert.throws(() => processWord('${X', {}), /syntax error: missing '}'/);
  assert.throws(() => processWord('${X/a', { X: 'a' }), /syntax error: missing '\/' in \$\{\}/);
});

test('pattern modifiers follow BuildKit (shortest/longest, escapes, replace)', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['${FOO#()[]{\\}^$.\\*\\?|\\\\}', { FOO: '()[]{}^$.*?|\\x' }, 'x'],
    ['${FOO%%\\**}', { FOO: 'xx**' }, 'xx'],
    ['${FOO#*x*y}', { FOO: 'xxyy' }, 'y'],
    ['${FOO#*}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO#$BAR}', { FOO: 'xxyy', BAR: 'x' }, 'xyy'],
    ['${FOO##*x}', { FOO: 'xxyy' }, 'yy'],
    ['${FOO#?\\?}', { FOO: '???y' }, '?y'],
    ['${ABC:-.}${FOO%x}${ABC:-.}', { FOO: 'xxyy' }, '.xxyy.'],
    ['${FOO%%\\**\\*}', { FOO: 'a***yy*' }, 'a'],
    ['${FOO%y*}', { FOO: 'xxyy' }, 'xxy'],
    ['${FOO%%y*}', { FOO: 'xxyy' }, 'xx'],
    ['${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}', { FOO: '/foo*/*/*.txt', NEEDLE: '\\*/' }, '/foo.*/*.txt - /foo..*.txt'],
    ['${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}', { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' }, '/tmp/bar.txt - /bar.txt'],
    ['${FOO/$N/$R} - ${FOO//$N/$R}', { FOO: '/a/foo/b/c.txt', N: '/?/', R: '/' }, '/foo/b/c.txt - /foo/c.txt'],
    ['${FOO//\\//\\/}', { FOO: '/tmp/foo.txt' }, '\\/tmp\\/foo.txt'],
    ['${FOO/$BAR/ww}', { FOO: 'xxyy', BAR: '' }, 'wwxxyy'],
    ['${FOO///}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO///}', {}, ''],
    ['${FOO//*/z}', { FOO: 'ab' }, 'z'],
    ['${FOO//?/-}', { FOO: '한국' }, '--'],
    ['something-${V}.${OS}-${ARCH}${VARIANT:+-${VARIANT}}.tar.gz', { V: 'v1', OS: 'linux', ARCH: 'arm', VARIANT: 'v7' }, 'something-v1.linux-arm-v7.tar.gz'],
    ['something-${V}.${OS}-${ARCH}${VARIANT:+-${VARIANT}}.tar.gz', { V: 'v1', OS: 'linux', ARCH: 'arm64', VARIANT: '' }, 'something-v1.linux-arm64.tar.gz'],
  ];
  for (const [input, vars, expected] of cases) assert.equal(processWord(input, vars), expected, input);
  for (const bad of ['${FOO//ww}', '${FOO//}', '${FOO:#}', '${FOO:%%}', '${FOO=aaa}', '${FOO#\\x}']) {
    assert.throws(() => processWord(bad, { FOO: 'xxyy' }), /failed to process/, bad);
  }
});

test('processWords splits on unquoted whitespace, including whitespace from variables', () => {
  const vars = ['hi=hi', 'space=abc  def', 'leading=  ab c', 'trailing=ab c   '];
  const cases: [string, string[] | undefined][] = [
    ['hello', ['hello']],
    ['hello${hi}bye', ['hellohibye']],
    ['hello${space}bye', ['helloabc', 'defbye']],
    ['hello"${space}"bye', ['helloabc  defbye']],
    ['hello "${space}"bye', ['hello', 'abc  defbye']],
    ['hello${leading}def', ['hello', 'ab', 'cdef']],
    ['hello"${leading}" def', ['hello  ab c', 'def']],
    ['hello${trailing}d', ['helloab', 'c', 'd']],
    ['hel"lo${trailing}"', ['helloab c   ']],
    ['hello" there  "', ['hello there  ']],
    ['hello there     ', ['hello', 'there']],
    ['hello\\ there', ['hello there']],
    ['hello" there', undefined],
    ['hello\\" there', ['hello"', 'there']],
    ['hello"\\\\there"', ['hello\\there']],
    ["hello'\\\\there'", ['hello\\\\there']],
    ["hello'$there'", ['hello$there']],
    ['a "" b', ['a', 'b']],
    // Minato keeps the text before a ${...} with a modifier (BuildKit's shared buffer drops it).
    ['abc${X:-def} g', ['abcdef', 'g']],
    ['8080 ${PORTS:-80 443}', ['8080', '80', '443']],
  ];
  for (const [input, expected] of cases) {
    if (expected === undefined) assert.throws(() => processWords(input, vars), /failed to process/, input);
    else assert.deepEqual(processWords(input, vars), expected, input);
  }
});

test('raw modes and skipping unset variables (used for heredoc detection)', () => {
  const lex = new ShellLexer({ rawQuotes: true, skipUnsetEnv: true });
  assert.deepEqual(lex.processWords('hello${hi}bye "a b" $UNSET ${UNSET:-x}', ['hi=hi']), ['hellohibye', '"a b"', '$UNSET', '${UNSET:-x}']);
  assert.equal(new ShellLexer({ rawEscapes: true }).processWord('a\\ b', []), 'a\\ b');
  assert.equal(new ShellLexer({ skipProcessQuotes: true }).processWord('"$A" \'$A\'', { A: 'x' }), '"x" \'x\'');
  assert.deepEqual(new ShellLexer().processWords('cat <<  EOF > out', []), ['cat', '<<  EOF', '>', 'out']);
});

test('backtick escape token', () => {
  const lex = new ShellLexer({ escapeToken: '`' });
  assert.equal(lex.processWord('C:\\dir`$HOME', { HOME: 'x' }), 'C:\\dir$HOME');
  assert.equal(lex.processWord('"a`"b"', {}), 'a"b');
  assert.throws(() => new ShellLexer({ escapeToken: 'x' }), /invalid escape token/);
});

test('matched and unmatched variables are reported', () => {
  const r = new ShellLexer().process('${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc} $FOO', { FOO: 'xxx', BAR: '' });
  assert.equal(r.result, 'xxx bbb ccc xxx');
  assert.deepEqual([...r.matched].sort(), ['BAR', 'FOO']);
  assert.deepEqual([...r.unmatched], ['BAZ']);
});

test('environment shapes: map, object, KEY=VALUE list (last wins, bare key is set and empty)', () => {
  assert.equal(envLookup(['A=1', 'A=2', 'B'])('A'), '2');
  assert.equal(envLookup(['A=1', 'B'])('B'), '');
  assert.equal(envLookup(['A=x=y'])('A'), 'x=y');
  assert.equal(envLookup({ A: '1' })('toString'), undefined);
  assert.equal(envLookup(new Map([['A', '1']]))('A'), '1');
});
