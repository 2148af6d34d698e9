import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUser } from './user.ts';

const passwd = ['root:x:0:0:root:/root:/bin/sh', 'www:x:33:33:www:/var/www:/bin/false', 'alice:x:1000:1000::/home/alice:/bin/sh'].join('\n');
const group = ['root:x:0:', 'www:x:33:', 'alice:x:1000:', 'wheel:x:10:alice,bob', 'audio:x:29:alice'].join('\n');

test('an empty user is root with root\'s home', () => {
  assert.deepEqual(resolveUser('', passwd, group), { uid: 0, gid: 0, additionalGids: [], home: '/root' });
});

test('a name takes uid, primary gid, home and supplementary groups from the files', () => {
  assert.deepEqual(resolveUser('alice', passwd, group), { uid: 1000, gid: 1000, additionalGids: [10, 29], home: '/home/alice' });
});

test('numbers need not exist; a group overrides the primary one', () => {
  assert.deepEqual(resolveUser('4242', passwd, group), { uid: 4242, gid: 0, additionalGids: [], home: '/' });
  assert.deepEqual(resolveUser('4242:77', passwd, group), { uid: 4242, gid: 77, additionalGids: [], home: '/' });
  assert.deepEqual(resolveUser('www:wheel', passwd, group), { uid: 33, gid: 10, additionalGids: [], home: '/var/www' });
  assert.deepEqual(resolveUser('33', passwd, group).home, '/var/www');
});

test('unknown names are refused with Docker\'s wording', () => {
  assert.throws(() => resolveUser('nobody', passwd, group), /unable to find user nobody: no matching entries in passwd file/);
  assert.throws(() => resolveUser('alice:staff', passwd, group), /unable to find group staff: no matching entries in group file/);
  assert.throws(() => resolveUser('nobody', undefined, undefined), /unable to find user nobody/);
});
