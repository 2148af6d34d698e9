import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, goString } from './template.ts';

const container = { Id: 'abc', State: { ExitCode: 3, Running: false }, Config: { Env: ['A=1', 'B=2'], Labels: { 'com.example': 'x' } }, Mounts: [{ Source: '/a' }, { Source: '/b' }] };

test('field paths, json and index as docker inspect -f users write them', () => {
  assert.equal(compileTemplate('{{.State.ExitCode}}')(container), '3');
  assert.equal(compileTemplate('{{json .Config.Env}}')(container), '["A=1","B=2"]');
  assert.equal(compileTemplate('{{index .Config.Labels "com.example"}}')(container), 'x');
  assert.equal(compileTemplate('{{.Id}}\\t{{.State.Running}}')(container), 'abc\tfalse');
  assert.equal(compileTemplate('{{.Missing}}')(container), '<no value>');
});

test('range, if/else, join and pipelines', () => {
  assert.equal(compileTemplate('{{range .Mounts}}{{.Source}} {{end}}')(container), '/a /b ');
  assert.equal(compileTemplate('{{if .State.Running}}up{{else}}down{{end}}')(container), 'down');
  assert.equal(compileTemplate('{{join .Config.Env ","}}')(container), 'A=1,B=2');
  assert.equal(compileTemplate('{{.Id | upper}}')(container), 'ABC');
  assert.equal(compileTemplate('{{- .Id -}} ')(container), 'abc');
});

test('values print as Go prints them, and unknown functions are errors', () => {
  assert.equal(goString(['a', 1]), '[a 1]');
  assert.equal(goString({ b: 1, a: 'x' }), 'map[a:x b:1]');
  assert.throws(() => compileTemplate('{{bogus .Id}}')(container), /function "bogus" not defined/);
  assert.throws(() => compileTemplate('{{if .Id}}x'), /missing \{\{end\}\}/);
});
