import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyImportChanges } from './import-changes.ts';

test('JSON-form CMD and ENTRYPOINT are taken as they are; shell form runs under /bin/sh -c', () => {
  const config = applyImportChanges({}, ['CMD ["httpd", "-f", "-p 80"]', 'ENTRYPOINT /bin/echo hello world']);
  assert.deepEqual(config.Cmd, ['httpd', '-f', '-p 80']);
  assert.deepEqual(config.Entrypoint, ['/bin/sh', '-c', '/bin/echo hello world']);
});

test('ENV replaces an existing variable and accepts both forms', () => {
  const config = applyImportChanges({ Env: ['PATH=/bin', 'A=1'] }, ['ENV A=2 B="two words"', 'ENV C three words']);
  assert.deepEqual(config.Env, ['PATH=/bin', 'A=2', 'B=two words', 'C=three words']);
});

test('EXPOSE defaults to tcp, VOLUME, WORKDIR, USER, LABEL, STOPSIGNAL', () => {
  const config = applyImportChanges({}, ['EXPOSE 80 53/udp', 'VOLUME ["/data"]', 'WORKDIR /srv', 'USER nobody', 'LABEL a=b', 'STOPSIGNAL SIGINT']);
  assert.deepEqual(config.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.deepEqual(config.Volumes, { '/data': {} });
  assert.equal(config.WorkingDir, '/srv');
  assert.equal(config.User, 'nobody');
  assert.deepEqual(config.Labels, { a: 'b' });
  assert.equal(config.StopSignal, 'SIGINT');
});

test('instructions that cannot change an imported image are refused, naming the change', () => {
  assert.throws(() => applyImportChanges({}, ['RUN echo hi']), /--change "RUN echo hi": RUN is not a valid change command/);
  assert.throws(() => applyImportChanges({}, ['EXPOSE eighty']), /invalid port "eighty"/);
});
