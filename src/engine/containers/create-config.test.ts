import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandOf, mergeEnv, mergeImageConfig, securityOptions, validateHostConfig } from './create-config.ts';

const image = { Entrypoint: ['/entry'], Cmd: ['default-arg'], Env: ['PATH=/bin', 'A=1'], WorkingDir: '/app', User: 'www' };

test('Docker combines entrypoint and command: image defaults fill what the user left out', () => {
  assert.deepEqual(commandOf(mergeImageConfig({ Image: 'x' }, image)), { path: '/entry', args: ['default-arg'] });
  assert.deepEqual(commandOf(mergeImageConfig({ Image: 'x', Cmd: ['mine'] }, image)), { path: '/entry', args: ['mine'] });
  // --entrypoint replaces the image's entrypoint and drops its CMD
  assert.deepEqual(commandOf(mergeImageConfig({ Image: 'x', Entrypoint: ['/other'] }, image)), { path: '/other', args: [] });
  // --entrypoint "" with a command runs just the command
  assert.deepEqual(commandOf(mergeImageConfig({ Image: 'x', Entrypoint: [''], Cmd: ['ls'] }, image)), { path: 'ls', args: [] });
  assert.throws(() => commandOf(mergeImageConfig({ Image: 'x', Entrypoint: [''] }, image)), /no command specified/);
});

test('env, workdir and user: the container\'s values win, the image\'s fill in', () => {
  const merged = mergeImageConfig({ Image: 'x', Env: ['A=2', 'B=3'] }, image);
  assert.deepEqual(merged.Env, ['PATH=/bin', 'A=2', 'B=3']);
  assert.equal(merged.WorkingDir, '/app');
  assert.equal(merged.User, 'www');
  assert.equal(mergeImageConfig({ Image: 'x', User: 'root', WorkingDir: '/w' }, image).User, 'root');
  assert.deepEqual(mergeImageConfig({ Image: 'x' }, {}).Env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
  assert.throws(() => mergeEnv([], ['=oops']), /invalid environment variable/);
});

test('host settings Docker refuses are refused with Docker\'s words', () => {
  const config = { Image: 'x' };
  assert.throws(() => validateHostConfig({ Memory: 1024 }, config), /Minimum memory limit allowed is 6MB/);
  assert.throws(() => validateHostConfig({ RestartPolicy: { Name: 'sometimes' as never } }, config), /invalid restart policy: unknown policy 'sometimes'/);
  assert.throws(() => validateHostConfig({ RestartPolicy: { Name: 'always', MaximumRetryCount: 3 } }, config), /only be used with 'on-failure'/);
  assert.throws(() => validateHostConfig({ AutoRemove: true, RestartPolicy: { Name: 'always' } }, config), /AutoRemove/);
  assert.throws(() => validateHostConfig({ NanoCpus: 1000e9 }, config), /Range of CPUs is from 0.01 to/);
  assert.throws(() => validateHostConfig({}, { Image: 'x', StopSignal: 'SIGNOPE' }), /Invalid signal: SIGNOPE/);
  assert.throws(() => validateHostConfig({ CapAdd: ['NOT_A_CAP'] }, config), /--cap-add/);
  assert.throws(() => validateHostConfig({ SecurityOpt: ['bogus'] }, config), /invalid --security-opt: "bogus"/);
  assert.doesNotThrow(() => validateHostConfig({ Memory: 64 * 1024 * 1024, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } }, config));
});

test('no-new-privileges and seccomp are on by default and can be turned off', () => {
  assert.deepEqual(securityOptions({}), { noNewPrivileges: true, seccomp: 'default' });
  assert.deepEqual(securityOptions({ SecurityOpt: ['no-new-privileges=false', 'seccomp=unconfined'] }), { noNewPrivileges: false, seccomp: 'unconfined' });
  assert.deepEqual(securityOptions({ Privileged: true }), { noNewPrivileges: false, seccomp: 'unconfined' });
});
