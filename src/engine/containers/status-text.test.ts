import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusText } from './status-text.ts';
import { initialState } from './types.ts';

test('status text as docker ps prints it', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  assert.equal(statusText(initialState(), now), 'Created');
  assert.equal(statusText({ ...initialState(), Status: 'running', Running: true, StartedAt: '2026-01-01T11:55:00Z' }, now), 'Up 5 minutes');
  assert.equal(statusText({ ...initialState(), Status: 'running', StartedAt: '2026-01-01T11:59:59.500Z' }, now), 'Up Less than a second');
  assert.equal(statusText({ ...initialState(), Status: 'exited', ExitCode: 137, FinishedAt: '2026-01-01T10:00:00Z' }, now), 'Exited (137) 2 hours ago');
  assert.equal(statusText({ ...initialState(), Status: 'paused', StartedAt: '2026-01-01T11:59:00Z' }, now), 'Up About a minute (Paused)');
});
