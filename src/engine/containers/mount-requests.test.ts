import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBind, parseTmpfs, planMounts } from './mount-requests.ts';

test('-v forms: host path bind, named volume, anonymous volume, modes', () => {
  assert.deepEqual(parseBind('/srv/data:/data:ro'), { type: 'bind', source: '/srv/data', target: '/data', readonly: true, propagation: 'rprivate' });
  assert.deepEqual(parseBind('cache:/var/cache'), { type: 'volume', name: 'cache', target: '/var/cache', readonly: false, noCopy: false });
  assert.deepEqual(parseBind('/scratch'), { type: 'volume', target: '/scratch', readonly: false, noCopy: false });
  assert.deepEqual(parseBind('/a:/b:rw,rshared'), { type: 'bind', source: '/a', target: '/b', readonly: false, propagation: 'rshared' });
});

test('-v mistakes are refused with the specification in the message', () => {
  assert.throws(() => parseBind('/a:relative'), /mount path must be absolute.*"\/a:relative"/);
  assert.throws(() => parseBind('/a:/b:bogus'), /invalid mode: bogus/);
  assert.throws(() => parseBind('a:b:c:d'), /invalid volume specification: 'a:b:c:d'/);
  assert.throws(() => parseBind('/a:/'), /destination can't be '\/'/);
});

test('--tmpfs takes Docker\'s defaults unless overridden', () => {
  assert.deepEqual(parseTmpfs('/run', ''), { type: 'tmpfs', target: '/run', options: ['noexec', 'nosuid', 'nodev', 'size=65536k'] });
  assert.deepEqual(parseTmpfs('/run', 'exec,size=1m'), { type: 'tmpfs', target: '/run', options: ['nosuid', 'nodev', 'exec', 'size=1m'] });
});

test('the same target twice is refused', () => {
  assert.throws(() => planMounts({ Binds: ['/a:/x'], Tmpfs: { '/x': '' } }), /Duplicate mount point: \/x/);
});
