import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainStartFailure } from './runtime-errors.ts';

// The left-hand messages are crun 1.8's, as it printed them on this machine.
test('crun\'s messages become the words the docker CLI maps to 127 and 126', () => {
  const notFound = explainStartFailure('executable file `nosuch` not found in $PATH: No such file or directory', 'nosuch');
  assert.equal(notFound.exitCode, 127);
  assert.match(notFound.message, /exec: "nosuch": executable file not found in \$PATH/);
  const missingPath = explainStartFailure('executable file `/nosuch` not found in $PATH: No such file or directory', '/nosuch');
  assert.equal(missingPath.exitCode, 127);
  assert.match(missingPath.message, /no such file or directory/);
  const notExecutable = explainStartFailure('open executable: Permission denied', '/etc/passwd');
  assert.equal(notExecutable.exitCode, 126);
  assert.match(notExecutable.message, /exec: "\/etc\/passwd": permission denied/);
  assert.equal(explainStartFailure('open executable: Operation not permitted', '/bin').exitCode, 126);
  const other = explainStartFailure('mount `/x` to `/y`: Not a directory', 'sh');
  assert.equal(other.exitCode, 128);
  assert.match(other.message, /OCI runtime create failed: mount/);
});
