import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseCsv } from './csv.ts';
import { loadTokenFile, parseTokenFile } from './token-file.ts';

test('CSV: quoted fields with commas, doubled quotes, CRLF, blank lines and multi-line quotes', () => {
  const text = 'a,"b,c","say ""hi"""\r\n\r\n\nx,y,"two\nlines"\nlast,row';
  assert.deepEqual(parseCsv(text), [
    { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
    { line: 4, fields: ['x', 'y', 'two\nlines'] },
    { line: 6, fields: ['last', 'row'] },
  ]);
  assert.deepEqual(parseCsv('a,,\n'), [{ line: 1, fields: ['a', '', ''] }]);
  assert.throws(() => parseCsv('a,"unterminated\n', 'f'), /f:1: unterminated quoted field/);
  assert.throws(() => parseCsv('a,b"c\n', 'f'), /f:1: bare " in a non-quoted field/);
  assert.throws(() => parseCsv('a,"b"c\n', 'f'), /f:1: extraneous character after a closing quote/);
});

test('token file: users, uids and groups, as Kubernetes reads --token-auth-file', () => {
  const tokens = parseTokenFile(
    [
      'secret-alice,alice,1001,"developers,qa"',
      'secret-bob,bob,1002',
      'secret-ops,ops,,system:masters',
      ',nobody,1003', // an empty token never matches
      'extra-columns,carol,1004,"a",ignored,more',
    ].join('\n'),
  );
  assert.equal(tokens.size, 4);
  assert.deepEqual(tokens.lookup('secret-alice'), { name: 'alice', uid: '1001', groups: ['developers', 'qa'] });
  assert.deepEqual(tokens.lookup('secret-bob'), { name: 'bob', uid: '1002', groups: [] });
  assert.deepEqual(tokens.lookup('secret-ops'), { name: 'ops', groups: ['system:masters'] });
  assert.deepEqual(tokens.lookup('extra-columns'), { name: 'carol', uid: '1004', groups: ['a'] });
  assert.equal(tokens.lookup(''), undefined);
  assert.equal(tokens.lookup('secret-alic'), undefined);
  assert.equal(tokens.lookup('unknown'), undefined);
});

test('token file: a record with fewer than three columns is an error with its line', () => {
  assert.throws(() => parseTokenFile('ok,a,1\n\ntoken,user\n', 'tokens.csv'), /tokens\.csv:3: need at least 3 columns \(token, user name, user uid\), found 2/);
});

test('loadTokenFile reads the file and names it when it cannot', async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minato-tokens-'));
  try {
    const file = path.join(dir, 'tokens.csv');
    await fsp.writeFile(file, 'abc,alice,1\n');
    assert.equal((await loadTokenFile(file)).lookup('abc')?.name, 'alice');
    await assert.rejects(loadTokenFile(path.join(dir, 'missing.csv')), /cannot read --token-auth-file .*missing\.csv/);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});
