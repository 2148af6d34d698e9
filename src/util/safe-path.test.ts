import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mkdirInRoot, readFileInRoot, resolveInRoot } from './safe-path.ts';

function withRoot(fn: (root: string, outside: string) => Promise<void>) {
  return async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'minato-test-safepath-'));
    const root = path.join(base, 'root');
    const outside = path.join(base, 'outside');
    mkdirSync(path.join(root, 'etc'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret'), 'host secret');
    try {
      await fn(root, outside);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  };
}

test('absolute and climbing symlinks stay inside the root', withRoot(async (root, outside) => {
  symlinkSync(outside, path.join(root, 'abs'));
  symlinkSync('../../../../outside', path.join(root, 'etc', 'climb'));
  assert.equal(await resolveInRoot(root, '/abs/secret'), path.join(root, outside, 'secret'));
  assert.equal(await resolveInRoot(root, '/etc/climb/secret'), path.join(root, 'outside', 'secret'));
  assert.equal(await resolveInRoot(root, '/../../etc'), path.join(root, 'etc'));
  assert.equal(await readFileInRoot(root, '/abs/secret'), undefined);
}));

test('links inside the root are followed like the container would', withRoot(async (root) => {
  writeFileSync(path.join(root, 'etc', 'passwd.real'), 'root:x:0:0::/root:/bin/sh\n');
  symlinkSync('/etc/passwd.real', path.join(root, 'etc', 'passwd'));
  assert.equal(await readFileInRoot(root, '/etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
}));

test('mkdirInRoot creates through an escaping link only inside the root', withRoot(async (root, outside) => {
  symlinkSync(outside, path.join(root, 'work'));
  const made = await mkdirInRoot(root, '/work/app');
  assert.equal(made, path.join(root, outside, 'app'));
  assert.ok(existsSync(made));
  assert.ok(!existsSync(path.join(outside, 'app')));
}));

test('symlink loops are reported, not followed forever', withRoot(async (root) => {
  symlinkSync('/b', path.join(root, 'a'));
  symlinkSync('/a', path.join(root, 'b'));
  await assert.rejects(resolveInRoot(root, '/a/x'), /too many levels of symbolic links/);
}));
