import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseLogLine, readContainerLog } from './container-log.ts';

test('parses a conmon log line: full lines get their newline back, timestamps become UTC with 9 digits', () => {
  const entry = parseLogLine(Buffer.from('2026-11-21T23:40:44.672932963+00:00 stdout F hello world'))!;
  assert.equal(entry.stream, 'stdout');
  assert.equal(entry.content.toString(), 'hello world\n');
  assert.equal(entry.timestamp, '2026-11-21T23:40:44.672932963Z');
  assert.equal(Math.floor(entry.seconds), Date.parse('2026-11-21T23:40:44Z') / 1000);
  const partial = parseLogLine(Buffer.from('2026-11-21T23:40:44.5+01:00 stderr P no newline'))!;
  assert.equal(partial.stream, 'stderr');
  assert.equal(partial.content.toString(), 'no newline');
  assert.equal(partial.timestamp, '2026-11-21T22:40:44.500000000Z');
  assert.equal(parseLogLine(Buffer.from('not a log line')), undefined);
});

test('tail, since and until select entries; follow picks up appended lines until stopped', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'minato-test-log-'));
  try {
    const file = path.join(dir, 'ctr.log');
    const line = (second: number, text: string) => `2026-01-01T00:00:0${second}.000000000+00:00 stdout F ${text}\n`;
    writeFileSync(file, line(1, 'one') + line(2, 'two') + line(3, 'three'));
    const collect = async (options: Parameters<typeof readContainerLog>[1]) => {
      const out: string[] = [];
      for await (const entry of readContainerLog(file, options)) out.push(entry.content.toString().trim());
      return out;
    };
    assert.deepEqual(await collect({ tail: 2 }), ['two', 'three']);
    assert.deepEqual(await collect({ tail: 0 }), []);
    const t2 = Date.parse('2026-01-01T00:00:02Z') / 1000;
    assert.deepEqual(await collect({ since: t2 }), ['two', 'three']);
    assert.deepEqual(await collect({ until: t2 }), ['one', 'two']);

    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const following = collect({ follow: true, stopped, tail: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(file, line(4, 'four'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(file, line(5, 'five'));
    stop();
    assert.deepEqual(await following, ['three', 'four', 'five']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
