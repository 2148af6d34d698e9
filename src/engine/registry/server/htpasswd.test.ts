import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { HtpasswdAuth, parseBasicAuth, parseHtpasswd } from './htpasswd.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('htpasswd files', () => {
  it('keeps bcrypt entries and reports the others', () => {
    const alice = bcrypt.hashSync('secret', 4).replace(/^\$2b\$/, '$2y$');
    const parsed = parseHtpasswd(
      ['# comment', '', `alice:${alice}`, 'bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=', 'carol:$apr1$abc$def', 'garbage', `alice:${bcrypt.hashSync('other', 4)}`, ' '].join('\n'),
    );
    assert.deepEqual([...parsed.users.keys()], ['alice']);
    assert.equal(parsed.users.get('alice'), alice);
    assert.deepEqual(
      parsed.skipped.map((s) => [s.line, s.user]),
      [
        [4, 'bob'],
        [5, 'carol'],
        [6, ''],
      ],
    );
  });

  it('accepts CRLF line ends', () => {
    const hash = bcrypt.hashSync('x', 4);
    assert.equal(parseHtpasswd(`u:${hash}\r\nv:${hash}\r\n`).users.size, 2);
  });
});

describe('Basic credentials', () => {
  it('splits at the first colon', () => {
    assert.deepEqual(parseBasicAuth(basic('user', 'pa:ss')), { user: 'user', password: 'pa:ss' });
    assert.deepEqual(parseBasicAuth(`basic ${Buffer.from('u:').toString('base64')}`), { user: 'u', password: '' });
  });

  it('ignores other schemes and malformed values', () => {
    assert.equal(parseBasicAuth(undefined), undefined);
    assert.equal(parseBasicAuth('Bearer abc'), undefined);
    assert.equal(parseBasicAuth(`Basic ${Buffer.from('nocolon').toString('base64')}`), undefined);
    assert.equal(parseBasicAuth('Basic !!!'), undefined);
  });
});

describe('HtpasswdAuth', () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minato-test-'));
    file = path.join(dir, 'htpasswd');
    await fsp.writeFile(file, `user:${bcrypt.hashSync('pass', 4).replace(/^\$2b\$/, '$2y$')}\n`);
  });
  after(() => fsp.rm(dir, { recursive: true, force: true }));

  it('checks passwords and notices a changed file', async () => {
    const auth = new HtpasswdAuth(file);
    await auth.load();
    assert.deepEqual(await auth.authenticate(basic('user', 'pass')), { ok: true, user: 'user' });
    assert.deepEqual(await auth.authenticate(basic('user', 'pass')), { ok: true, user: 'user' }); // from the cache
    assert.deepEqual(await auth.authenticate(basic('user', 'wrong')), { ok: false, user: 'user' });
    assert.deepEqual(await auth.authenticate(basic('nobody', 'pass')), { ok: false, user: 'nobody' });
    assert.deepEqual(await auth.authenticate(undefined), { ok: false });
    await fsp.writeFile(file, `other:${bcrypt.hashSync('word', 4)}\n`);
    assert.deepEqual(await auth.authenticate(basic('user', 'pass')), { ok: false, user: 'user' });
    assert.deepEqual(await auth.authenticate(basic('other', 'word')), { ok: true, user: 'other' });
  });

  it('refuses to start without the file', async () => {
    await assert.rejects(new HtpasswdAuth(path.join(dir, 'missing')).load(), /does not exist/);
  });
});
