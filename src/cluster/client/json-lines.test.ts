import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsonLineDecoder } from './json-lines.ts';

describe('JsonLineDecoder', () => {
  test('lines split across chunks anywhere come out whole, in order', () => {
    const lines = [{ type: 'ADDED', object: { n: 1 } }, { type: 'MODIFIED', object: { n: 2, text: 'héllo ☃' } }, { type: 'DELETED', object: { n: 3 } }];
    const body = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    for (let size = 1; size <= body.length; size += 7) {
      const decoder = new JsonLineDecoder();
      const out: unknown[] = [];
      for (let at = 0; at < body.length; at += size) out.push(...decoder.push(body.slice(at, at + size)));
      out.push(...decoder.end());
      assert.deepEqual(out, lines, `chunks of ${size}`);
    }
  });

  test('several lines in one chunk; blank lines skipped; a last line without newline at end()', () => {
    const decoder = new JsonLineDecoder();
    assert.deepEqual(decoder.push('{"a":1}\n\n{"b":2}\r\n{"c"'), [{ a: 1 }, { b: 2 }]);
    assert.deepEqual(decoder.push(':3}'), []);
    assert.deepEqual(decoder.end(), [{ c: 3 }]);
    assert.deepEqual(decoder.end(), []);
  });

  test('a line that is not JSON is an error that shows it', () => {
    const decoder = new JsonLineDecoder();
    assert.throws(() => decoder.push('<html>oops</html>\n'), /a watch event that is not JSON: <html>oops<\/html>/);
  });
});
