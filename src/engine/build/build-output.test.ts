import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuildOutput } from './build-output.ts';

test('steps are numbered; output lines carry the step and the elapsed time; partial lines wait', () => {
  let text = '';
  const output = new BuildOutput((chunk) => (text += chunk));
  const first = output.step('[1/2] FROM docker.io/library/busybox:latest');
  first.done();
  const second = output.step('[2/2] RUN echo hi');
  second.log('hel');
  second.log('lo\nwor');
  second.done();
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], '#1 [1/2] FROM docker.io/library/busybox:latest');
  assert.match(lines[1]!, /^#1 DONE \d+\.\ds$/);
  assert.equal(lines[2], '#2 [2/2] RUN echo hi');
  assert.match(lines[3]!, /^#2 \d+\.\d{3} hello$/);
  assert.match(lines[4]!, /^#2 \d+\.\d{3} wor$/);
  assert.match(lines[5]!, /^#2 DONE /);
  const third = output.step('[x] COPY a /a');
  third.cached();
  assert.equal(text.trimEnd().split('\n').at(-1), '#3 CACHED');
});
